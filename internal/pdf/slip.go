package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"image/png"
	"io"
	"strings"

	"github.com/go-pdf/fpdf"

	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/nrb"
)

// ============================================================================
// POLSKIE TEKSTY BLANKIETU WPŁATY (Polish text of the payment slip).
//
// Kept here rather than in text_pl.go, which belongs to the other documents;
// the same rule holds: every word a reader sees on the slip is one of these
// constants, or one of the number words in amount_words.go.
// ============================================================================

// Payment slip: title, parts and boxes (labels as on the bank form, lower
// case).
const (
	plSlipTitle = "Polecenie przelewu / wpłata gotówkowa"
	plSlipLead  = "Zapłać przelewem w bankowości internetowej lub w aplikacji banku albo wpłać gotówkę " +
		"na poczcie lub w banku. Podaj dokładnie ten numer rachunku i ten tytuł – po nich rozpoznajemy wpłatę."
	plSlipPartBank  = "Odcinek dla banku (poczty)"
	plSlipPartPayer = "Odcinek dla zleceniodawcy – pokwitowanie"

	plSlipRecipient     = "nazwa odbiorcy"
	plSlipRecipientMore = "nazwa odbiorcy cd."
	plSlipAccount       = "nr rachunku odbiorcy"
	plSlipCurrency      = "waluta"
	plSlipPLN           = "PLN"
	plSlipAmount        = "kwota"
	plSlipAmountWords   = "kwota słownie"
	plSlipPayer         = "nazwa zleceniodawcy"
	plSlipPayerMore     = "nazwa zleceniodawcy cd."
	plSlipTitleField    = "tytułem"
	plSlipSignature     = "data, pieczęć i podpis(y) zleceniodawcy"
	plSlipFee           = "opłata"
	plSlipStamp         = "stempel, data i podpis przyjmującego wpłatę"

	plSlipQRHead     = "Zapłać kodem QR"
	plSlipQRHint     = "Zeskanuj kod w aplikacji banku: dane przelewu wpiszą się same. Sprawdź je przed zatwierdzeniem."
	plSlipQRNoAmount = "Kod nie zawiera kwoty – wpisz kwotę samodzielnie."
)

// SlipData holds what a payment slip shows. Only RecipientName and Account
// are required; any other empty field leaves its box to be filled in by
// hand.
type SlipData struct {
	RecipientName    string // e.g. the cooperative's name
	RecipientAddress string // printed as „nazwa odbiorcy cd.”
	// Account is the recipient's NRB, usually the premises' virtual
	// account, in any form nrb.Parse accepts; it is checked and printed
	// grouped ("61 1090 1014 0000 0712 1981 2874").
	Account string
	// Amount is the amount to pay as money.Amount.FormatNumber gives it
	// ("512,34", "1 234,56"); any form money.Parse accepts will do. It must
	// be positive. Empty leaves the amount, and the amount in words, for
	// the payer to write.
	Amount       string
	Title        string
	PayerName    string
	PayerAddress string // printed as „nazwa zleceniodawcy cd.”
	// QRPNG is the payment QR code (payqr.PNG), printed beside the bank's
	// part of the slip; optional.
	QRPNG []byte
	// QRAmountOmitted tells the slip that the QR code carries no amount
	// (payqr.Encode reported it: above 9 999,99 zł), so that it asks the
	// payer to type the amount. It is implied when Amount is empty.
	QRAmountOmitted bool
}

// slipValues are the cleaned values of a slip, as printed.
type slipValues struct {
	recipient, recipientMore string
	account                  string // grouped
	amount, words            string // empty for handwriting
	payer, payerMore, title  string
}

// Slip geometry, in millimetres.
const (
	slipFormW     = 120.0 // the form, left
	slipGap       = 6.0   // between the form and the right column
	slipRowH      = 9.0   // one box
	slipWordsH    = 11.0  // the amount in words: up to two lines
	slipSignH     = 13.0  // the signature and fee boxes
	slipQRSize    = 40.0  // the printed QR code; the recommendation asks for 18 at least
	slipCaptionH  = 6.0   // a part's caption
	slipLabelSize = 6.5   // points
)

// PaymentSlip writes a one-page A4 payment slip in the form of the Polish
// bank form „polecenie przelewu / wpłata gotówkowa”: the part for the bank
// or post office and, below a cut line, the identical part the payer keeps
// as a receipt. Each shows the recipient, the recipient's account, the
// currency and amount, the amount in words („pięćset dwanaście złotych
// 34/100”), the payer, the title and boxes for the signature and the fee.
// When s.QRPNG is given, the payment QR code is printed beside the bank's
// part, with a note to type the amount when the code carries none.
func (r *Renderer) PaymentSlip(w io.Writer, c Coop, s SlipData) error {
	if err := r.ready(); err != nil {
		return err
	}
	v, err := r.slipValues(s)
	if err != nil {
		return err
	}
	if len(s.QRPNG) > 0 {
		if _, err := png.DecodeConfig(bytes.NewReader(s.QRPNG)); err != nil {
			return fmt.Errorf("pdf: QR code is not a PNG image: %w", err)
		}
	}

	d := r.newDoc(c, plSlipTitle, r.pick(famSans+":", famSans+":B", famMono+":B"))
	f := d.f
	f.SetAutoPageBreak(false, marginBottom) // one page, laid out by hand
	f.AddPage()
	d.font(famSans, "B", 15)
	f.CellFormat(contentW, 8, plSlipTitle, "", 1, "L", false, 0, "")
	f.SetTextColor(greyText, greyText, greyText)
	d.font(famSans, "", 9)
	f.MultiCell(contentW, lineH(9), plSlipLead, "", "L", false)
	f.SetTextColor(0, 0, 0)

	top := f.GetY() + 4
	bottom := d.slipPart(top, plSlipPartBank, v)
	if len(s.QRPNG) > 0 {
		noAmount := s.QRAmountOmitted || v.amount == ""
		d.slipQR(top+slipCaptionH, s.QRPNG, noAmount)
	}
	cut := bottom + 7
	d.cutLine(cut)
	top = cut + 5
	bottom = d.slipPart(top, plSlipPartPayer, v)
	d.slipStamp(top + slipCaptionH)

	if bottom > pageH-marginBottom {
		return errors.New("pdf: payment slip does not fit on one page")
	}
	if n := f.PageCount(); n != 1 {
		return fmt.Errorf("pdf: payment slip takes %d pages", n)
	}
	return d.output(w)
}

// slipValues checks and cleans the values of a slip.
func (r *Renderer) slipValues(s SlipData) (slipValues, error) {
	v := slipValues{
		recipient:     r.clean(s.RecipientName),
		recipientMore: r.clean(s.RecipientAddress),
		payer:         r.clean(s.PayerName),
		payerMore:     r.clean(s.PayerAddress),
		title:         r.clean(s.Title),
	}
	if v.recipient == "" {
		return v, errors.New("pdf: payment slip without a recipient name")
	}
	account, err := nrb.Parse(s.Account)
	if err != nil {
		return v, fmt.Errorf("pdf: payment slip recipient account: %w", err)
	}
	v.account = account.Format()
	if strings.TrimSpace(s.Amount) != "" {
		a, err := money.Parse(s.Amount)
		if err != nil {
			return v, fmt.Errorf("pdf: payment slip amount %q: %w", s.Amount, err)
		}
		if a <= 0 {
			return v, fmt.Errorf("pdf: payment slip amount %q is not positive", s.Amount)
		}
		v.amount = a.FormatNumber()
		v.words = amountInWords(a)
	}
	return v, nil
}

// slipBox is one labelled box of the slip form.
type slipBox struct {
	label string
	value string
	w     float64 // share of the row; the shares are scaled to the form
	mono  bool    // the value is set in the monospaced face (the account)
}

// slipPart prints one part of the slip, its caption at y, and returns the
// y below it.
func (d *doc) slipPart(y float64, caption string, v slipValues) float64 {
	f := d.f
	d.font(famSans, "B", 9)
	f.SetXY(marginX, y)
	f.CellFormat(slipFormW, slipCaptionH-1, caption, "", 0, "L", false, 0, "")
	top := y + slipCaptionH
	y = top
	for _, row := range [][]slipBox{
		{{plSlipRecipient, v.recipient, 1, false}},
		{{plSlipRecipientMore, v.recipientMore, 1, false}},
		{{plSlipAccount, v.account, 1, true}},
		{{plSlipCurrency, plSlipPLN, 1, false}, {plSlipAmount, v.amount, 4, false}},
	} {
		d.slipRow(y, slipRowH, row...)
		y += slipRowH
	}
	d.slipWords(y, v.words)
	y += slipWordsH
	for _, row := range [][]slipBox{
		{{plSlipPayer, v.payer, 1, false}},
		{{plSlipPayerMore, v.payerMore, 1, false}},
		{{plSlipTitleField, v.title, 1, false}},
	} {
		d.slipRow(y, slipRowH, row...)
		y += slipRowH
	}
	d.slipRow(y, slipSignH, slipBox{plSlipSignature, "", 3, false}, slipBox{plSlipFee, "", 1, false})
	y += slipSignH
	f.SetDrawColor(0, 0, 0)
	f.SetLineWidth(0.5)
	f.Rect(marginX, top, slipFormW, y-top, "D")
	return y
}

// slipRow prints a row of boxes h millimetres high across the form at y.
func (d *doc) slipRow(y, h float64, boxes ...slipBox) {
	var total float64
	for _, b := range boxes {
		total += b.w
	}
	x := marginX
	for _, b := range boxes {
		w := b.w / total * slipFormW
		d.slipFrame(x, y, w, h, b.label)
		if b.value != "" {
			family, style, size := famSans, "B", sizeValue
			if b.mono {
				family = famMono
			}
			inner := w - 3
			d.font(family, style, d.fit(family, style, b.value, size, 7, inner))
			d.f.SetXY(x+1.5, y+3)
			d.f.CellFormat(inner, h-3.2, ellipsize(d.f, b.value, inner), "", 0, "LM", false, 0, "")
		}
		x += w
	}
}

// slipFrame draws a box with its label in its top left corner.
func (d *doc) slipFrame(x, y, w, h float64, label string) {
	f := d.f
	f.SetDrawColor(greyLine, greyLine, greyLine)
	f.SetLineWidth(0.25)
	f.Rect(x, y, w, h, "D")
	f.SetTextColor(greyText, greyText, greyText)
	d.font(famSans, "", d.fit(famSans, "", label, slipLabelSize, 5, w-2.4))
	f.SetXY(x+1.2, y+0.4)
	f.CellFormat(w-2.4, 2.8, ellipsize(f, label, w-2.4), "", 0, "L", false, 0, "")
	f.SetTextColor(0, 0, 0)
}

// slipWords prints the amount in words at y, on one line or, when it is
// long, two.
func (d *doc) slipWords(y float64, words string) {
	f := d.f
	d.slipFrame(marginX, y, slipFormW, slipWordsH, plSlipAmountWords)
	if words == "" {
		return
	}
	inner := slipFormW - 3
	size := d.fit(famSans, "B", words, 10, 8, inner)
	d.font(famSans, "B", size)
	lines := []string{words}
	if f.GetStringWidth(words) > inner {
		for size = 9; size > 6; size -= 0.5 {
			d.font(famSans, "B", size)
			if lines = splitWords(f, words, inner); len(lines) <= 2 {
				break
			}
		}
		if len(lines) > 2 {
			lines = []string{lines[0], ellipsize(f, strings.Join(lines[1:], " "), inner)}
		}
	}
	lh := min(lineH(size), (slipWordsH-3)/float64(len(lines)))
	top := y + 3 + (slipWordsH-3-lh*float64(len(lines)))/2
	for i, line := range lines {
		f.SetXY(marginX+1.5, top+float64(i)*lh)
		f.CellFormat(inner, lh, line, "", 0, "LM", false, 0, "")
	}
}

// splitWords breaks text into lines no wider than width in the current
// font, between words.
func splitWords(f *fpdf.Fpdf, text string, width float64) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		next := word
		if line != "" {
			next = line + " " + word
		}
		if line != "" && f.GetStringWidth(next) > width {
			lines = append(lines, line)
			next = word
		}
		line = next
	}
	return append(lines, line)
}

// slipQR prints the QR code in the right column from y, with how to use it.
func (d *doc) slipQR(y float64, img []byte, noAmount bool) {
	f := d.f
	x := marginX + slipFormW + slipGap
	w := contentW - slipFormW - slipGap
	d.font(famSans, "B", 10)
	f.SetXY(x, y)
	f.CellFormat(w, 5, plSlipQRHead, "", 0, "L", false, 0, "")
	opt := fpdf.ImageOptions{ImageType: "PNG"}
	f.RegisterImageOptionsReader("payment-qr", opt, bytes.NewReader(img))
	size := min(slipQRSize, w)
	f.ImageOptions("payment-qr", x, y+6, size, size, false, opt, 0, "")
	f.SetXY(x, y+7+size)
	f.SetLeftMargin(x)
	if noAmount {
		d.font(famSans, "B", 9)
		f.MultiCell(w, lineH(9), plSlipQRNoAmount, "", "L", false)
		f.Ln(1)
	}
	f.SetTextColor(greyText, greyText, greyText)
	d.font(famSans, "", 8)
	f.MultiCell(w, lineH(8), plSlipQRHint, "", "L", false)
	f.SetTextColor(0, 0, 0)
	f.SetLeftMargin(marginX)
}

// slipStamp prints the box for the stamp of whoever takes a cash payment,
// in the right column of the payer's part, from y.
func (d *doc) slipStamp(y float64) {
	x := marginX + slipFormW + slipGap
	w := contentW - slipFormW - slipGap
	d.slipFrame(x, y, w, 45, plSlipStamp)
}
