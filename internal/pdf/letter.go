package pdf

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ebok/ebok/internal/letters/markup"
	"github.com/go-pdf/fpdf"
)

// The window of a DL envelope, DIN 5008 form B, in millimetres: the
// address field starts 20 mm from the left edge and 45 mm from the top and
// is 85 × 45 mm; its first 17.7 mm are the remark zone (the return address
// and "Polecony"), the rest the address zone (at most 5 lines).
const (
	windowX       = 20.0
	windowY       = 45.0
	windowW       = 85.0
	windowH       = 45.0
	windowRemarkH = 17.7
	infoX         = 125.0 // place, date and numbers, right of the window
	letterBodyY   = 100.0 // where the subject starts on the first page
)

// plLetterPageF is a letter's page number, "strona 1 z 2".
const plLetterPageF = "strona %d z %s"

// LetterData is one letter to one recipient, its words already in the
// recipient's language and its fields filled.
type LetterData struct {
	// PlaceDate is "Warszawa, 21.11.2026".
	PlaceDate string
	// Info are the lines under it: the case number, the register number.
	Info []string
	// Address are the recipient's lines in the window (name, street,
	// postal code and city); Remark is printed above them, e.g. "Polecony".
	Address []string
	Remark  string
	Subject string
	Body    []markup.Block
	// Payment, when QRPNG is set, closes the letter: PayLines beside the
	// QR code and QRCaption under it.
	PayLines  []string
	QRPNG     []byte
	QRCaption string
}

// Letter renders one letter.
func (r *Renderer) Letter(w io.Writer, c Coop, l LetterData) error {
	return r.Letters(w, c, []LetterData{l}, false)
}

// Letters renders letters into one document, each starting on a new page
// with its own page numbers ("strona 1 z 2"); duplex adds a blank page
// after a letter with an odd number of pages, so that each starts on a new
// sheet when printed on both sides.
func (r *Renderer) Letters(w io.Writer, c Coop, ls []LetterData, duplex bool) error {
	if err := r.ready(); err != nil {
		return err
	}
	d := r.newDoc(c, "", r.pick(famSans+":", famSans+":B"))
	ld := &letterDoc{doc: d}
	d.f.SetFooterFunc(ld.footer)
	for i, l := range ls {
		ld.letter(l, i)
		pages := d.f.PageCount() - ld.first + 1
		d.f.RegisterAlias(ld.alias(), fmt.Sprint(pages))
		if duplex && pages%2 == 1 && i < len(ls)-1 {
			d.f.SetHeaderFuncMode(func() {}, false)
			d.f.AddPage() // the footer of the letter's last page runs here
			ld.blank = true
			d.f.SetHeaderFuncMode(d.header, false)
		}
	}
	return d.output(w)
}

// letterDoc is a document of letters, knowing which letter it prints.
type letterDoc struct {
	*doc
	n     int  // the letter's index
	first int  // its first page
	blank bool // the page is a blank back of a sheet
}

// alias is the placeholder for the current letter's page count.
func (ld *letterDoc) alias() string { return fmt.Sprintf("{nb%d}", ld.n) }

// footer prints the letter's own page number.
func (ld *letterDoc) footer() {
	if ld.blank {
		return
	}
	f := ld.f
	f.SetY(pageH - marginBottom + 6)
	ld.font(famSans, "", sizeFooter)
	f.SetTextColor(greyLight-40, greyLight-40, greyLight-40)
	f.CellFormat(contentW, 4, fmt.Sprintf(plLetterPageF, f.PageNo()-ld.first+1, ld.alias()), "", 0, "C", false, 0, "")
	f.SetTextColor(0, 0, 0)
}

// letter prints one letter from a new page.
func (ld *letterDoc) letter(l LetterData, i int) {
	f := ld.f
	f.AddPage() // the footer of the previous letter's last page runs here
	ld.n, ld.first, ld.blank = i, f.PageNo(), false
	ld.window(l)
	ld.font(famSans, "", sizeBody)
	y := windowY + 5
	for _, line := range append([]string{l.PlaceDate}, l.Info...) {
		f.SetXY(infoX, y)
		f.CellFormat(pageW-marginX-infoX, 5, ellipsize(f, ld.r.clean(line), pageW-marginX-infoX), "", 0, "R", false, 0, "")
		y += 5
	}
	f.SetY(letterBodyY)
	ld.block(sizeValue, 3, run{"B", ld.r.clean(l.Subject)})
	for _, b := range l.Body {
		ld.markupBlock(b)
	}
	if len(l.QRPNG) > 0 {
		ld.payment(l, i)
	}
}

// window prints the return address, the remark and the recipient's
// address in the envelope window.
func (ld *letterDoc) window(l LetterData) {
	f := ld.f
	f.SetTextColor(greyText, greyText, greyText)
	ld.font(famSans, "", 6.5)
	f.SetXY(windowX, windowY+2)
	f.CellFormat(windowW, 3, ellipsize(f, joinNonEmpty(", ", ld.coop.Name, ld.address()), windowW), "B", 0, "L", false, 0, "")
	f.SetTextColor(0, 0, 0)
	if l.Remark != "" {
		ld.font(famSans, "B", 9)
		f.SetXY(windowX, windowY+windowRemarkH-5)
		f.CellFormat(windowW, 4, ld.r.clean(l.Remark), "", 0, "L", false, 0, "")
	}
	ld.font(famSans, "", sizeValue)
	for i, line := range l.Address {
		if i == 5 {
			break
		}
		f.SetXY(windowX, windowY+windowRemarkH+2+float64(i)*5)
		f.CellFormat(windowW, 5, ellipsize(f, ld.r.clean(line), windowW), "", 0, "L", false, 0, "")
	}
}

// spans are markup spans as runs, cleaned for the fonts. clean trims a
// run's edges, so the space between a bold run and the words around it
// ("że **od 1 lutego** wymieniamy") is put back, once, at the start of
// the run after it.
func (ld *letterDoc) spans(ss []markup.Span) []run {
	out := make([]run, 0, len(ss))
	for i, s := range ss {
		text := ld.r.clean(s.Text)
		if text == "" {
			continue
		}
		if len(out) > 0 && (endsWithSpace(ss[i-1].Text) || startsWithSpace(s.Text)) {
			text = " " + text
		}
		style := ""
		if s.Bold {
			style = "B"
		}
		out = append(out, run{style, text})
	}
	return out
}

// startsWithSpace reports whether s begins with white space.
func startsWithSpace(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

// endsWithSpace reports whether s ends with white space.
func endsWithSpace(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsSpace(r)
}

// markupBlock prints a paragraph, a list or a table of the body.
func (ld *letterDoc) markupBlock(b markup.Block) {
	switch b.Kind {
	case markup.Para:
		for _, l := range b.Lines {
			ld.block(sizeBody, 2.5, ld.spans(l)...)
		}
	case markup.List:
		for _, l := range b.Lines {
			runs := ld.spans(l)
			ld.room(ld.paraHeight(contentW-6, sizeBody, runs...))
			ld.font(famSans, "", sizeBody)
			ld.f.SetX(marginX + 1)
			ld.f.CellFormat(4, lineH(sizeBody), "–", "", 0, "L", false, 0, "")
			ld.para(marginX+6, contentW-6, sizeBody, runs...)
			ld.f.Ln(1)
		}
		ld.f.Ln(1.5)
	case markup.Table:
		ld.table(b.Rows)
	}
}

// table prints table rows, one line per cell, columns of equal width.
func (ld *letterDoc) table(rows [][][]markup.Span) {
	f := ld.f
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	w := contentW / float64(cols)
	f.SetDrawColor(greyLine, greyLine, greyLine)
	f.SetLineWidth(0.2)
	for _, r := range rows {
		ld.room(6)
		f.SetX(marginX)
		for c := range cols {
			var text strings.Builder
			style := "B"
			if c < len(r) {
				for _, s := range r[c] {
					text.WriteString(s.Text)
					if !s.Bold {
						style = ""
					}
				}
			}
			ld.font(famSans, style, sizeBody)
			f.CellFormat(w, 6, " "+ellipsize(f, ld.r.clean(text.String()), w-2), "1", 0, "L", false, 0, "")
		}
		f.Ln(6)
	}
	f.Ln(3)
}

// payment prints the account to pay to beside the payment QR code.
func (ld *letterDoc) payment(l LetterData, i int) {
	const qr = 32.0
	f := ld.f
	ld.room(qr + 10)
	y := f.GetY() + 2
	f.SetDrawColor(greyLine, greyLine, greyLine)
	f.Line(marginX, y, pageW-marginX, y)
	name := fmt.Sprintf("payment-qr-%d", i)
	opt := fpdf.ImageOptions{ImageType: "PNG"}
	f.RegisterImageOptionsReader(name, opt, bytes.NewReader(l.QRPNG))
	f.ImageOptions(name, pageW-marginX-qr, y+3, qr, qr, false, opt, 0, "")
	f.SetXY(marginX, y+4)
	for _, line := range l.PayLines {
		ld.para(marginX, contentW-qr-6, sizeBody, run{"", ld.r.clean(line)})
	}
	f.SetTextColor(greyText, greyText, greyText)
	ld.font(famSans, "", 7.5)
	f.SetXY(pageW-marginX-qr-10, y+qr+3)
	f.CellFormat(qr+10, 4, ld.r.clean(l.QRCaption), "", 0, "C", false, 0, "")
	f.SetTextColor(0, 0, 0)
	f.SetY(y + qr + 8)
}
