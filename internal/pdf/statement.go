package pdf

import "io"

// Statement headings (Polish: the documents are Polish).
const (
	plStatementTitle   = "Zestawienie rozliczeń lokalu"
	plStatementAccount = "Indywidualny numer konta"
	plStatementPeriod  = "Okres"
	plStatementOpening = "Saldo początkowe"
	plStatementClosing = "Saldo końcowe"
	plStatementMade    = "Sporządzono"
	plStatementSign    = "Saldo dodatnie oznacza zaległość, ujemne – nadpłatę. Kwoty w złotych."
	plStatementNone    = "Brak księgowań w tym okresie."
)

// statementCols are the table's column headings and widths in millimetres.
var statementCols = []Column{
	{"Data", 22, "L"}, {"Rodzaj", 25, "L"}, {"Opis", 60, "L"},
	{"Obciążenie", 21, "R"}, {"Uznanie", 21, "R"}, {"Saldo", 21, "R"},
}

// StatementRow is one ledger entry, already formatted.
type StatementRow struct {
	Date, Kind, Description, Debit, Credit, Balance string
}

// StatementData is a premises' ledger for a period, already formatted
// (amounts as "1 234,56", dates as "21.11.2026").
type StatementData struct {
	Premises, Account, Period string
	Opening, Closing          string
	Rows                      []StatementRow
	MadeOn                    string
}

// Statement renders a ledger statement for a period: the premises, its
// account, the opening balance, every entry with the running balance, and
// the closing balance.
func (r *Renderer) Statement(w io.Writer, c Coop, s StatementData) error {
	d, err := r.newPremisesDoc(c, "statement", plStatementTitle, s.Premises, s.Period)
	if err != nil {
		return err
	}
	f := d.f
	d.fields(field{label: plStatementAccount, value: s.Account, w: contentW * 0.6}, field{label: plStatementPeriod, value: s.Period, w: contentW * 0.4})
	d.fields(field{label: plStatementOpening, value: s.Opening, w: contentW * 0.5}, field{label: plStatementClosing, value: s.Closing, w: contentW * 0.5})
	f.Ln(3)
	tableHeader := func() {
		d.font(famSans, "B", 9)
		f.SetFillColor(greyFill, greyFill, greyFill)
		for _, col := range statementCols {
			f.CellFormat(col.Width, 6, col.Title, "B", 0, col.Align, true, 0, "")
		}
		f.Ln(-1)
		d.font(famSans, "", 9)
	}
	tableHeader()
	if len(s.Rows) == 0 {
		f.CellFormat(contentW, 6, plStatementNone, "", 1, "L", false, 0, "")
	}
	for _, row := range s.Rows {
		if f.GetY()+5 > pageH-marginBottom {
			f.AddPage()
			tableHeader()
		}
		cells := []string{row.Date, row.Kind, r.clean(row.Description), row.Debit, row.Credit, row.Balance}
		for i, col := range statementCols {
			f.CellFormat(col.Width, 5, ellipsize(f, r.clean(cells[i]), col.Width-1), "", 0, col.Align, false, 0, "")
		}
		f.Ln(-1)
	}
	f.Ln(3)
	d.block(sizeBody, 2, run{text: plStatementSign})
	if s.MadeOn != "" {
		d.block(sizeBody, 0, run{text: plStatementMade + ": " + s.MadeOn})
	}
	return d.output(w)
}
