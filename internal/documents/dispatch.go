package documents

import (
	"fmt"
	"io"
	"strconv"

	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/pdf"
)

// DispatchList is the list handed to the post office with a postal batch.
type DispatchList struct {
	Coop    *coop.Cooperative
	BatchID int64
	Rows    []DispatchRow
}

// DispatchRow is one letter of a postal batch.
type DispatchRow struct {
	Recipient  string
	Address    string
	RegisterNo string
	Kind       string // the letter's kind, in words
	Registered bool   // a registered letter, for a signed receipt
	// Attachments names the files to print and enclose with the letter
	// ("" when it has none): the batch PDF holds the letters only.
	Attachments string
}

// records are the list's header and rows as text.
func (d DispatchList) records(l *i18n.Localizer) [][]string {
	out := [][]string{{l.T("letters.dispatch.no"), l.T("letters.dispatch.recipient"), l.T("letters.dispatch.address"),
		l.T("letters.dispatch.register_no"), l.T("letters.dispatch.kind"), l.T("letters.dispatch.registered"),
		l.T("letters.dispatch.attachments")}}
	for i, r := range d.Rows {
		reg := ""
		if r.Registered {
			reg = l.T("letters.dispatch.registered_yes")
		}
		out = append(out, []string{strconv.Itoa(i + 1), r.Recipient, r.Address, r.RegisterNo, r.Kind, reg, r.Attachments})
	}
	return out
}

// DispatchCSV is the dispatch list as CSV: UTF-8 with a BOM, semicolons.
func DispatchCSV(l *i18n.Localizer, d DispatchList) (File, error) {
	return csvFile(fmt.Sprintf("wykaz-nadawczy-%d.csv", d.BatchID), textCells(d.records(l)))
}

// DispatchPDF is the dispatch list as a PDF to print.
func (r *Renderer) DispatchPDF(l *i18n.Localizer, d DispatchList) (File, error) {
	recs := d.records(l)
	widths := []float64{8, 34, 44, 20, 22, 18, 24}
	t := pdf.TableData{Title: l.T("letters.dispatch.title", d.BatchID), Rows: recs[1:]}
	for i, w := range widths {
		t.Columns = append(t.Columns, pdf.Column{Title: recs[0][i], Width: w, Align: "L"})
	}
	return pdfFile(fmt.Sprintf("wykaz-nadawczy-%d.pdf", d.BatchID), func(w io.Writer) error {
		return r.pdf.Table(w, pdfCoop(d.Coop), t)
	})
}
