package documents

import (
	"fmt"
	"io"
	"strings"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/pdf"
)

// Statement is a premises' ledger for a period, as the statement documents
// (PDF, CSV, XLSX) show it.
type Statement struct {
	Coop     *coop.Cooperative // printed in the PDF's header
	Holding  *coop.Holding
	From, To civil.Date
	// Ledger holds the period's entries with the opening and closing
	// balance (ledger.Service.Statement).
	Ledger *ledger.View
	MadeOn civil.Date // the day the PDF says it was made
}

// fileName names a statement file: rozliczenia-12-2026-10-01-2026-10-31.csv.
func (s Statement) fileName(ext string) string {
	return fmt.Sprintf("rozliczenia-%d-%s-%s.%s", s.Holding.ID, s.From, s.To, ext)
}

// period is the statement's period in words: "01.10.2026 – 31.10.2026".
func (s Statement) period() string { return s.From.Format() + " – " + s.To.Format() }

// statementText is an entry's description on a statement, with the charge
// a payment was allocated to.
func statementText(l *i18n.Localizer, e ledger.Entry) string {
	if e.Settles.IsZero() {
		return e.Description
	}
	return e.Description + " (" + l.T("ledger.settles", entryRefText(l, e.Settles)) + ")"
}

// StatementPDF is the statement as a PDF: the premises, the period and a
// table of the entries with the running balance.
func (r *Renderer) StatementPDF(l *i18n.Localizer, s Statement) (File, error) {
	v := s.Ledger
	data := pdf.StatementData{
		Premises: premisesLine(l, s.Holding), Account: s.Holding.NRB.Format(), Period: s.period(),
		Opening: v.Opening.Format(), Closing: v.Closing.Format(), MadeOn: s.MadeOn.Format(),
	}
	for _, e := range v.Entries {
		row := pdf.StatementRow{Date: e.BookedOn.Format(), Kind: l.T("ledger.kind." + e.Kind), Description: statementText(l, e), Balance: e.Balance.FormatNumber()}
		if e.Debit() != 0 {
			row.Debit = e.Debit().FormatNumber()
		}
		if e.Credit() != 0 {
			row.Credit = e.Credit().FormatNumber()
		}
		data.Rows = append(data.Rows, row)
	}
	return pdfFile(s.fileName("pdf"), func(w io.Writer) error { return r.pdf.Statement(w, pdfCoop(s.Coop), data) })
}

// tableHead is what a spreadsheet statement (CSV, XLSX) starts with: the
// premises, account and period, a blank row and the column headings.
func tableHead(l *i18n.Localizer, s Statement) [][]string {
	return [][]string{
		{l.T("statement.csv.premises"), csvText(fullAddress(s.Holding))},
		{l.T("premises.account"), s.Holding.NRB.Format()},
		{l.T("statement.csv.period"), s.period()},
		{},
		{l.T("ledger.col.date"), l.T("ledger.kind"), l.T("ledger.col.what"), l.T("statement.csv.due"), l.T("ledger.col.debit"), l.T("ledger.col.credit"), l.T("ledger.col.balance")},
	}
}

// tableLine is one line of a spreadsheet statement. A zero Due, Debit or
// Credit leaves its cell empty.
type tableLine struct {
	Date                   civil.Date
	Kind, What             string
	Due                    civil.Date
	Debit, Credit, Balance money.Amount
}

// tableLines are a spreadsheet statement's lines: the opening balance, the
// entries and the closing balance.
func tableLines(l *i18n.Localizer, s Statement) []tableLine {
	v := s.Ledger
	lines := []tableLine{{Date: s.From, What: l.T("statement.csv.opening"), Balance: v.Opening}}
	for _, e := range v.Entries {
		lines = append(lines, tableLine{Date: e.BookedOn, Kind: l.T("ledger.kind." + e.Kind), What: statementText(l, e),
			Due: e.DueOn, Debit: e.Debit(), Credit: e.Credit(), Balance: e.Balance})
	}
	return append(lines, tableLine{Date: s.To, What: l.T("statement.csv.closing"), Balance: v.Closing})
}

// spreadsheetAmount writes an amount as a number Polish spreadsheets read:
// a comma before the grosze and no grouping.
func spreadsheetAmount(a money.Amount) string { return strings.Replace(a.Plain(), ".", ",", 1) }

// csvRecord is a line as CSV fields.
func (t tableLine) csvRecord() []string {
	due, debit, credit := "", "", ""
	if !t.Due.IsZero() {
		due = t.Due.Format()
	}
	if t.Debit != 0 {
		debit = spreadsheetAmount(t.Debit)
	}
	if t.Credit != 0 {
		credit = spreadsheetAmount(t.Credit)
	}
	return []string{t.Date.Format(), csvText(t.Kind), csvText(t.What), due, debit, credit, spreadsheetAmount(t.Balance)}
}

// csvText keeps a text cell from being read as a formula: a spreadsheet
// opening the CSV would run a cell that starts with =, +, -, @, a tab or a
// carriage return, and descriptions come from outside (bank transfer
// titles, import files). Such a cell gets a leading apostrophe, which
// spreadsheets show as text. Amount cells are ebok's own numbers and stay
// as they are.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// StatementCSV is the statement as CSV: UTF-8 with a BOM, semicolons,
// amounts as numbers.
func StatementCSV(l *i18n.Localizer, s Statement) (File, error) {
	rows := tableHead(l, s)
	for _, t := range tableLines(l, s) {
		rows = append(rows, t.csvRecord())
	}
	return csvFile(s.fileName("csv"), rows)
}
