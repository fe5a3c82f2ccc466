package pdf

import (
	"errors"
	"io"
)

// Column is a column of a TableData: its heading, width in millimetres
// (the widths add up to at most the content width, 170 mm) and alignment
// ("L", "C" or "R").
type Column struct {
	Title string
	Width float64
	Align string
}

// TableData is a listing: a title, a line under it, and a table whose
// heading repeats on every page. The words come in the reader's language.
type TableData struct {
	Title, Subtitle string
	Columns         []Column
	Rows            [][]string
	// Empty is the line printed when there are no rows.
	Empty string
}

// Table renders a listing (such as the correspondence register) as a PDF.
func (r *Renderer) Table(w io.Writer, c Coop, t TableData) error {
	if err := r.ready(); err != nil {
		return err
	}
	if t.Title == "" || len(t.Columns) == 0 {
		return errors.New("pdf: a table needs a title and columns")
	}
	d := r.newDoc(c, t.Title, r.pick(famSans+":", famSans+":B"))
	f := d.f
	f.AddPage()
	d.heading(r.clean(t.Title))
	if t.Subtitle != "" {
		d.block(sizeBody, 2, run{"", r.clean(t.Subtitle)})
	}
	const size = 8.5
	lh := lineH(size)
	header := func() {
		d.font(famSans, "B", size)
		f.SetFillColor(greyFill, greyFill, greyFill)
		titles := make([]string, len(t.Columns))
		for i, col := range t.Columns {
			titles[i] = r.clean(col.Title)
		}
		d.tableRow(t.Columns, titles, lh, true)
		d.font(famSans, "", size)
	}
	header()
	if len(t.Rows) == 0 {
		f.CellFormat(contentW, 6, r.clean(t.Empty), "", 1, "L", false, 0, "")
	}
	for _, row := range t.Rows {
		cells := make([]string, len(t.Columns))
		for i := range t.Columns {
			if i < len(row) {
				cells[i] = r.clean(row[i])
			}
		}
		if f.GetY()+d.tableRowHeight(t.Columns, cells, lh) > pageH-marginBottom {
			f.AddPage()
			header()
		}
		d.tableRow(t.Columns, cells, lh, false)
	}
	return d.output(w)
}

// tableLines are a row's cells wrapped to their columns' widths, each at
// least one line: an address or a subject is printed whole, never cut.
func (d *doc) tableLines(cols []Column, cells []string) [][]string {
	out := make([][]string, len(cols))
	for i, col := range cols {
		lines := d.f.SplitText(cells[i], col.Width-1)
		if len(lines) == 0 {
			lines = []string{""}
		}
		out[i] = lines
	}
	return out
}

// tableRowHeight is the height of a row of cells set in the current font.
func (d *doc) tableRowHeight(cols []Column, cells []string, lh float64) float64 {
	n := 1
	for _, lines := range d.tableLines(cols, cells) {
		n = max(n, len(lines))
	}
	return float64(n) * lh
}

// tableRow prints a row of cells, each wrapped within its column, and
// moves below it; a heading row is shaded and ruled under.
func (d *doc) tableRow(cols []Column, cells []string, lh float64, heading bool) {
	f := d.f
	h := d.tableRowHeight(cols, cells, lh)
	x, y := marginX, f.GetY()
	for i, lines := range d.tableLines(cols, cells) {
		if heading {
			f.Rect(x, y, cols[i].Width, h, "F")
		}
		for j, line := range lines {
			f.SetXY(x, y+float64(j)*lh)
			f.CellFormat(cols[i].Width, lh, line, "", 0, cols[i].Align, false, 0, "")
		}
		x += cols[i].Width
	}
	if heading {
		f.Line(marginX, y+h, x, y+h)
	}
	f.SetXY(marginX, y+h)
}
