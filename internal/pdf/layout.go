package pdf

import (
	"fmt"
	"strings"

	"github.com/go-pdf/fpdf"
)

// Page geometry, in millimetres (A4).
const (
	pageW        = 210.0
	pageH        = 297.0
	marginX      = 20.0
	marginTop    = 14.0
	marginBottom = 18.0
	contentW     = pageW - 2*marginX
	ptMM         = 25.4 / 72 // one point in millimetres
)

// Type sizes, in points.
const (
	sizeBody    = 10.0
	sizeValue   = 11.0
	sizeHeading = 11.0
	sizeFooter  = 8.0
)

// Grey levels.
const (
	greyText  = 80  // labels
	greyLine  = 120 // boxes and lines
	greyFill  = 235 // section bands
	greyLight = 150 // footer, cut line
)

// doc is one document being built. It is used by one goroutine only.
type doc struct {
	r     *Renderer
	f     *fpdf.Fpdf
	coop  Coop // cleaned
	title string
}

// newDoc starts an A4 document with the given faces registered and the
// cooperative's header and a page footer on every page.
func (r *Renderer) newDoc(c Coop, title string, faces []face) *doc {
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	f.AliasNbPages("") // before the fonts: it changes how they are subset
	for _, fc := range faces {
		// The font was parsed once, by NewRenderer; the document gets a
		// cheap copy of the parse (third_party/fpdf/parsedfont.go).
		f.AddParsedUTF8Font(fc.family, fc.style, fc.parsed)
	}
	d := &doc{r: r, f: f, title: r.clean(title), coop: Coop{
		Name:       r.clean(c.Name),
		Street:     r.clean(c.Street),
		PostalCode: r.clean(c.PostalCode),
		City:       r.clean(c.City),
		Phone:      r.clean(c.Phone),
		Email:      r.clean(c.Email),
		Website:    r.clean(c.Website),
	}}
	f.SetMargins(marginX, marginTop, marginX)
	f.SetAutoPageBreak(true, marginBottom)
	f.SetCellMargin(0)
	f.SetLang("pl")
	f.SetTitle(d.title, true)
	f.SetAuthor(d.coop.Name, true)
	f.SetCreator("ebok", true)
	f.SetHeaderFuncMode(d.header, false)
	f.SetFooterFunc(d.footer)
	return d
}

// newPremisesDoc starts a document about one premises over a period (a
// statement, a settlement): it checks the Renderer and that the premises
// and period are given, then prints title as the first page's heading and
// the premises below it. what names the document in the error.
func (r *Renderer) newPremisesDoc(c Coop, what, title, premises, period string) (*doc, error) {
	if err := r.ready(); err != nil {
		return nil, err
	}
	if premises == "" || period == "" {
		return nil, fmt.Errorf("pdf: a %s needs its premises and period", what)
	}
	d := r.newDoc(c, title, r.pick(famSans+":", famSans+":B"))
	d.f.AddPage()
	d.heading(title)
	d.fields(field{label: plPremises, value: premises, w: contentW})
	return d, nil
}

// address is the cooperative's postal address on one line.
func (d *doc) address() string {
	city := strings.TrimSpace(d.coop.PostalCode + " " + d.coop.City)
	return joinNonEmpty(", ", d.coop.Street, city)
}

// contact is the cooperative's phone, e-mail and website on one line.
func (d *doc) contact() string {
	var phone, email string
	if d.coop.Phone != "" {
		phone = plPhone + d.coop.Phone
	}
	if d.coop.Email != "" {
		email = plEmail + d.coop.Email
	}
	site := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(d.coop.Website, "https://"), "http://"), "/")
	return joinNonEmpty(plSep, phone, email, site)
}

func (d *doc) header() {
	f := d.f
	y := marginTop
	if d.coop.Name != "" {
		d.font(famSans, "B", d.fit(famSans, "B", d.coop.Name, 13, 9, contentW))
		f.SetXY(marginX, y)
		f.CellFormat(contentW, 6, ellipsize(f, d.coop.Name, contentW), "", 0, "L", false, 0, "")
		y += 6.5
	}
	for _, line := range []string{d.address(), d.contact()} {
		if line == "" {
			continue
		}
		f.SetTextColor(greyText-40, greyText-40, greyText-40)
		d.font(famSans, "", d.fit(famSans, "", line, sizeBody, 7, contentW))
		f.SetXY(marginX, y)
		f.CellFormat(contentW, 4.6, ellipsize(f, line, contentW), "", 0, "L", false, 0, "")
		y += 4.6
	}
	f.SetTextColor(0, 0, 0)
	y += 1.5
	f.SetDrawColor(0, 0, 0)
	f.SetLineWidth(0.4)
	f.Line(marginX, y, pageW-marginX, y)
	f.SetY(y + 5)
}

func (d *doc) footer() {
	f := d.f
	f.SetY(pageH - marginBottom + 6)
	d.font(famSans, "", sizeFooter)
	f.SetTextColor(greyLight-40, greyLight-40, greyLight-40)
	f.CellFormat(contentW, 4, fmt.Sprintf(plPageOfF, d.title, f.PageNo(), "{nb}"), "", 0, "C", false, 0, "")
	f.SetTextColor(0, 0, 0)
}

// font selects a family, style and size in points.
func (d *doc) font(family, style string, size float64) {
	d.f.SetFont(family, style, size)
}

// lineH is the line height in millimetres for a size in points.
func lineH(size float64) float64 { return size * ptMM * 1.32 }

// fit returns the largest size from size down to min (in half points) at
// which text fits in width; min when none does.
func (d *doc) fit(family, style, text string, size, min, width float64) float64 {
	for ; size > min; size -= 0.5 {
		d.font(family, style, size)
		if d.f.GetStringWidth(text) <= width {
			return size
		}
	}
	return min
}

// room starts a new page unless h millimetres are left above the footer.
func (d *doc) room(h float64) {
	if d.f.GetY()+h > pageH-marginBottom {
		d.f.AddPage()
	}
}

// heading prints a section heading on a grey band.
func (d *doc) heading(text string) {
	f := d.f
	d.room(7 + 22) // never leave a heading alone at the foot of a page
	f.SetFillColor(greyFill, greyFill, greyFill)
	d.font(famSans, "B", sizeHeading)
	f.SetX(marginX)
	f.CellFormat(contentW, 6.5, "  "+text, "", 1, "L", true, 0, "")
	f.Ln(2.5)
}

// run is a piece of a paragraph in one style.
type run struct {
	style string
	text  string
}

// paraHeight estimates the height of a paragraph of runs set in width w,
// erring on the tall side (every run measured in bold).
func (d *doc) paraHeight(w, size float64, runs ...run) float64 {
	var all strings.Builder
	for _, r := range runs {
		all.WriteString(r.text)
	}
	d.font(famSans, "B", size)
	n := len(d.f.SplitText(all.String(), w))
	return float64(max(n, 1)) * lineH(size)
}

// para prints runs as one wrapped paragraph from x, w wide, and moves below.
func (d *doc) para(x, w, size float64, runs ...run) {
	f := d.f
	lm, tm, rm, _ := f.GetMargins()
	f.SetLeftMargin(x)
	f.SetRightMargin(pageW - x - w)
	f.SetX(x)
	for _, r := range runs {
		d.font(famSans, r.style, size)
		f.Write(lineH(size), r.text)
	}
	f.Ln(lineH(size))
	f.SetMargins(lm, tm, rm)
	f.SetX(lm)
}

// block prints a paragraph across the content width, keeping it on one page.
func (d *doc) block(size, after float64, runs ...run) {
	d.room(d.paraHeight(contentW, size, runs...))
	d.para(marginX, contentW, size, runs...)
	d.f.Ln(after)
}

// checkbox draws a 4 mm box at x, y, with an X in it when checked.
func (d *doc) checkbox(x, y float64, checked bool) {
	f := d.f
	f.SetDrawColor(0, 0, 0)
	f.SetLineWidth(0.3)
	f.Rect(x, y, 4, 4, "D")
	if checked {
		d.font(famSans, "B", sizeBody)
		f.SetXY(x, y)
		f.CellFormat(4, 4, "X", "", 0, "C", false, 0, "")
	}
}

// checkItem prints a paragraph with a checkbox before its first line.
func (d *doc) checkItem(checked bool, runs ...run) {
	const indent = 7
	h := d.paraHeight(contentW-indent, sizeBody, runs...)
	d.room(h)
	y := d.f.GetY()
	d.checkbox(marginX, y+0.3, checked)
	d.f.SetY(y)
	d.para(marginX+indent, contentW-indent, sizeBody, runs...)
	d.f.Ln(2.5)
}

// field is one labelled box of a form row.
type field struct {
	label string
	value string
	w     float64 // share of the row; the row's shares are scaled to fit
}

// Field box geometry.
const (
	fieldLabelH = 4.8
	fieldBoxH   = 8.5
	fieldGap    = 4.0
	fieldAfter  = 3.0
	fieldRowH   = fieldLabelH + fieldBoxH + fieldAfter
)

// fields prints a row of labelled boxes across the content width; a box
// shows its value, or stays empty for handwriting.
func (d *doc) fields(row ...field) {
	d.fieldsIn(contentW, row...)
}

// fieldsIn prints a row of labelled boxes width millimetres wide, from the
// left margin.
func (d *doc) fieldsIn(width float64, row ...field) {
	f := d.f
	d.room(fieldRowH)
	var total float64
	for _, fl := range row {
		total += fl.w
	}
	scale := (width - fieldGap*float64(len(row)-1)) / total
	x, y := marginX, f.GetY()
	for _, fl := range row {
		w := fl.w * scale
		f.SetTextColor(greyText, greyText, greyText)
		d.font(famSans, "", d.fit(famSans, "", fl.label, sizeBody, 7, w))
		f.SetXY(x, y)
		f.CellFormat(w, fieldLabelH-0.8, fl.label, "", 0, "L", false, 0, "")
		f.SetTextColor(0, 0, 0)
		f.SetDrawColor(greyLine, greyLine, greyLine)
		f.SetLineWidth(0.3)
		f.Rect(x, y+fieldLabelH, w, fieldBoxH, "D")
		if fl.value != "" {
			d.font(famSans, "", d.fit(famSans, "", fl.value, sizeValue, 7, w-4))
			f.SetXY(x+2, y+fieldLabelH)
			f.CellFormat(w-4, fieldBoxH, ellipsize(f, fl.value, w-4), "", 0, "LM", false, 0, "")
		}
		x += w + fieldGap
	}
	f.SetDrawColor(0, 0, 0)
	f.SetXY(marginX, y+fieldRowH)
}

// signLine draws a line to sign or write on, with a caption under it.
func (d *doc) signLine(x, y, w float64, caption string) {
	f := d.f
	f.SetDrawColor(0, 0, 0)
	f.SetLineWidth(0.3)
	f.SetDashPattern([]float64{0.6, 0.8}, 0)
	f.Line(x, y, x+w, y)
	f.SetDashPattern(nil, 0)
	f.SetTextColor(greyText, greyText, greyText)
	d.font(famSans, "", d.fit(famSans, "", caption, sizeBody, 7, w))
	f.SetXY(x, y+0.8)
	f.CellFormat(w, 4, caption, "", 0, "C", false, 0, "")
	f.SetTextColor(0, 0, 0)
}

// ellipsize shortens text with „…” until it fits in width in the current
// font.
func ellipsize(f *fpdf.Fpdf, text string, width float64) string {
	if f.GetStringWidth(text) <= width {
		return text
	}
	rs := []rune(text)
	lo, hi := 0, len(rs) // the longest fitting prefix is at least lo, less than hi
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if f.GetStringWidth(string(rs[:mid])+"…") <= width {
			lo = mid
		} else {
			hi = mid
		}
	}
	return strings.TrimSpace(string(rs[:lo])) + "…"
}

// joinNonEmpty joins the parts that are not empty.
func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
