package documents

import (
	"bytes"
	"fmt"
	"io"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/pdf"
	"github.com/ebok/ebok/internal/register"
	"github.com/xuri/excelize/v2"
)

// Register is the correspondence register of a period, for printing or
// export.
type Register struct {
	Coop     *coop.Cooperative
	From, To civil.Date
	Entries  []register.Entry
	Zone     *time.Location
}

// registerColumns are the register's columns: catalogue key, PDF width, alignment.
var registerColumns = []struct {
	key   string
	width float64
	align string
}{
	{"register.col.number", 17, "L"}, {"register.col.date", 27, "L"}, {"register.col.direction", 16, "L"},
	{"register.col.channel", 18, "L"}, {"register.col.correspondent", 40, "L"}, {"register.col.subject", 52, "L"},
}

// rows are the register's lines as text.
func (g Register) rows(l *i18n.Localizer) [][]string {
	out := make([][]string, len(g.Entries))
	for i, e := range g.Entries {
		out[i] = []string{e.Label(), e.At.In(g.Zone).Format("02.01.2006 15:04"),
			l.T("register.direction." + string(e.Direction)), l.T("register.channel." + string(e.Channel)),
			e.Correspondent, e.Subject}
	}
	return out
}

// fileName is the export's file name for a period.
func (g Register) fileName(ext string) string {
	return fmt.Sprintf("dziennik-korespondencji-%s-%s.%s", g.From.In(time.UTC).Format("20060102"),
		g.To.In(time.UTC).Format("20060102"), ext)
}

// RegisterPDF is the correspondence register of a period as a PDF.
func (r *Renderer) RegisterPDF(l *i18n.Localizer, g Register) (File, error) {
	t := pdf.TableData{Title: l.T("register.pdf.title"), Subtitle: l.T("register.pdf.period", g.From.Format(), g.To.Format()),
		Rows: g.rows(l), Empty: l.T("register.none")}
	for _, c := range registerColumns {
		t.Columns = append(t.Columns, pdf.Column{Title: l.T(c.key), Width: c.width, Align: c.align})
	}
	return pdfFile(g.fileName("pdf"), func(w io.Writer) error { return r.pdf.Table(w, pdfCoop(g.Coop), t) })
}

// RegisterXLSX is the correspondence register of a period as a
// spreadsheet, one entry a row under a heading row.
func RegisterXLSX(l *i18n.Localizer, g Register) (File, error) {
	x := excelize.NewFile()
	defer x.Close()
	sheet := x.GetSheetName(0)
	put := func(row int, vals []string) error {
		for j, v := range vals {
			cell, _ := excelize.CoordinatesToCellName(j+1, row)
			if err := x.SetCellStr(sheet, cell, v); err != nil {
				return err
			}
		}
		return nil
	}
	head := make([]string, len(registerColumns))
	for i, c := range registerColumns {
		head[i] = l.T(c.key)
	}
	if err := put(1, head); err != nil {
		return File{}, err
	}
	for i, row := range g.rows(l) {
		if err := put(i+2, row); err != nil {
			return File{}, err
		}
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		return File{}, err
	}
	return File{Name: g.fileName("xlsx"), ContentType: ContentTypeXLSX, Data: buf.Bytes()}, nil
}
