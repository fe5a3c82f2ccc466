package pdf

import (
	"errors"
	"io"
)

// TableCol is a column of a plain table: its heading and width in
// millimetres (the widths should add up to 170, the page's text width).
type TableCol struct {
	Title string
	W     float64
}

// Table renders a titled list on A4: the heading, then rows under a
// header repeated on every page. Cells that do not fit are cut with "…".
func (r *Renderer) Table(w io.Writer, c Coop, title string, cols []TableCol, rows [][]string) error {
	if err := r.ready(); err != nil {
		return err
	}
	if len(cols) == 0 {
		return errors.New("pdf: a table needs columns")
	}
	d := r.newDoc(c, title, r.pick(famSans+":", famSans+":B"))
	f := d.f
	f.AddPage()
	d.heading(r.clean(title))
	header := func() {
		d.font(famSans, "B", 8.5)
		f.SetFillColor(greyFill, greyFill, greyFill)
		for _, col := range cols {
			f.CellFormat(col.W, 6, ellipsize(f, r.clean(col.Title), col.W-1), "B", 0, "L", true, 0, "")
		}
		f.Ln(-1)
		d.font(famSans, "", 8.5)
	}
	header()
	for _, row := range rows {
		if f.GetY()+5 > pageH-marginBottom {
			f.AddPage()
			header()
		}
		for i, col := range cols {
			cell := ""
			if i < len(row) {
				cell = r.clean(row[i])
			}
			f.CellFormat(col.W, 5, ellipsize(f, cell, col.W-1), "B", 0, "L", false, 0, "")
		}
		f.Ln(-1)
	}
	return d.output(w)
}
