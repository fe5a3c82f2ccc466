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
	header := func() {
		d.font(famSans, "B", 8.5)
		f.SetFillColor(greyFill, greyFill, greyFill)
		for _, col := range t.Columns {
			f.CellFormat(col.Width, 6, ellipsize(f, r.clean(col.Title), col.Width-1), "B", 0, col.Align, true, 0, "")
		}
		f.Ln(-1)
		d.font(famSans, "", 8.5)
	}
	header()
	if len(t.Rows) == 0 {
		f.CellFormat(contentW, 6, r.clean(t.Empty), "", 1, "L", false, 0, "")
	}
	for _, row := range t.Rows {
		if f.GetY()+5 > pageH-marginBottom {
			f.AddPage()
			header()
		}
		for i, col := range t.Columns {
			cell := ""
			if i < len(row) {
				cell = r.clean(row[i])
			}
			f.CellFormat(col.Width, 5, ellipsize(f, cell, col.Width-1), "", 0, col.Align, false, 0, "")
		}
		f.Ln(-1)
	}
	return d.output(w)
}
