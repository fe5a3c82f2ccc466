package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/pdf"
	"github.com/xuri/excelize/v2"
)

// statementPeriod reads from/to (dd.mm.yyyy or yyyy-mm-dd); by default the
// year so far. It refuses an inverted or over-long period.
func (s *Server) statementPeriod(r *http.Request) (from, to civil.Date, ok bool) {
	today := s.today()
	from, to = civil.Date{Year: today.Year, Month: time.January, Day: 1}, today
	q := r.URL.Query()
	var err error
	if v := strings.TrimSpace(q.Get("from")); v != "" {
		if from, err = civil.Parse(v); err != nil {
			return from, to, false
		}
	}
	if v := strings.TrimSpace(q.Get("to")); v != "" {
		if to, err = civil.Parse(v); err != nil {
			return from, to, false
		}
	}
	return from, to, !to.Before(from) && to.DaysSince(from) <= 366*15
}

// statementText is an entry's description on a statement, with the charge
// a payment was allocated to.
func statementText(l *i18n.Localizer, e ledger.Entry) string {
	if e.Settles.IsZero() {
		return e.Description
	}
	return e.Description + " (" + l.T("ledger.settles", entryRefText(l, e.Settles)) + ")"
}

// statementFor reads the premises and period of a statement request and
// loads the entries; on a problem it has answered and returns false.
func (s *Server) statementFor(w http.ResponseWriter, r *http.Request) (*coop.Holding, civil.Date, civil.Date, *ledger.View, bool) {
	h, ok := s.holdingFor(w, r)
	if !ok {
		return nil, civil.Date{}, civil.Date{}, nil, false
	}
	from, to, ok := s.statementPeriod(r)
	if !ok {
		s.renderError(w, r, http.StatusBadRequest, "statement.error.period")
		return nil, from, to, nil, false
	}
	// A resident's statement starts no earlier than their holding: what
	// came before is a former holder's, and shows as the opening balance.
	if from.Before(h.VisibleFrom) {
		from = h.VisibleFrom
	}
	if to.Before(from) {
		to = from
	}
	v, err := s.Ledger.Statement(r.Context(), stateOf(r).coop.ID, h.AccountID, from, to, h.VisibleFrom)
	if err != nil {
		s.fail(w, r, err)
		return nil, from, to, nil, false
	}
	return h, from, to, v, true
}

// spreadsheetAmount writes an amount as a number Polish spreadsheets read:
// a comma before the grosze and no grouping.
func spreadsheetAmount(a money.Amount) string { return strings.Replace(a.Plain(), ".", ",", 1) }

// statementCSV sends the premises' ledger for a period as CSV (UTF-8 with
// a BOM, semicolons, amounts as numbers).
func (s *Server) statementCSV(w http.ResponseWriter, r *http.Request) {
	h, from, to, v, ok := s.statementFor(w, r)
	if !ok {
		return
	}
	st := stateOf(r)
	l := s.Catalogue.For(st.lang)
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	cw := csv.NewWriter(&buf)
	cw.Comma = ';'
	rows := [][]string{
		{l.T("statement.csv.premises"), h.Address() + ", " + h.PostalCode + " " + h.City},
		{l.T("premises.account"), h.NRB.Format()},
		{l.T("statement.csv.period"), from.Format() + " – " + to.Format()},
		{},
		{l.T("ledger.col.date"), l.T("ledger.kind"), l.T("ledger.col.what"), l.T("statement.csv.due"), l.T("ledger.col.debit"), l.T("ledger.col.credit"), l.T("ledger.col.balance")},
		{from.Format(), "", l.T("statement.csv.opening"), "", "", "", spreadsheetAmount(v.Opening)},
	}
	for _, e := range v.Entries {
		due, debit, credit := "", "", ""
		if !e.DueOn.IsZero() {
			due = e.DueOn.Format()
		}
		if e.Debit() != 0 {
			debit = spreadsheetAmount(e.Debit())
		}
		if e.Credit() != 0 {
			credit = spreadsheetAmount(e.Credit())
		}
		rows = append(rows, []string{e.BookedOn.Format(), l.T("ledger.kind." + e.Kind), statementText(l, e), due, debit, credit, spreadsheetAmount(e.Balance)})
	}
	rows = append(rows, []string{to.Format(), "", l.T("statement.csv.closing"), "", "", "", spreadsheetAmount(v.Closing)})
	if err := cw.WriteAll(rows); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", fmt.Sprintf("rozliczenia-%d-%s-%s.csv", h.ID, from, to)))
	s.write(w, r, &buf)
}

// statementPDF sends the premises' ledger for a period as a PDF.
func (s *Server) statementPDF(w http.ResponseWriter, r *http.Request) {
	h, from, to, v, ok := s.statementFor(w, r)
	if !ok {
		return
	}
	st := stateOf(r)
	l := s.Catalogue.For(st.lang)
	data := pdf.StatementData{
		Premises: l.T("premises.kind."+string(h.Kind)) + ": " + h.Address() + ", " + h.PostalCode + " " + h.City,
		Account:  h.NRB.Format(), Period: from.Format() + " – " + to.Format(),
		Opening: v.Opening.Format(), Closing: v.Closing.Format(), MadeOn: dateIn(s.Now(), s.Config.TimeZone),
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
	var buf bytes.Buffer
	if err := s.PDF.Statement(&buf, pdfCoop(st.coop), data); err != nil {
		s.fail(w, r, err)
		return
	}
	s.sendPDF(w, r, fmt.Sprintf("rozliczenia-%d-%s-%s.pdf", h.ID, from, to), &buf)
}

// statementXLSX sends the premises' ledger for a period as a spreadsheet
// whose amounts are numbers (two decimals), dates are dates.
func (s *Server) statementXLSX(w http.ResponseWriter, r *http.Request) {
	h, from, to, v, ok := s.statementFor(w, r)
	if !ok {
		return
	}
	st := stateOf(r)
	l := s.Catalogue.For(st.lang)
	x := excelize.NewFile()
	defer x.Close()
	sheet := x.GetSheetName(0)
	money2, err := x.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	if err != nil {
		s.fail(w, r, err)
		return
	}
	date, err := x.NewStyle(&excelize.Style{CustomNumFmt: strPtr("dd.mm.yyyy")})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	set := func(cell string, value any, style int) error {
		if err := x.SetCellValue(sheet, cell, value); err != nil {
			return err
		}
		if style != 0 {
			return x.SetCellStyle(sheet, cell, cell, style)
		}
		return nil
	}
	asFloat := func(a money.Amount) float64 { return float64(a) / 100 }
	rows := [][]any{
		{l.T("statement.csv.premises"), h.Address() + ", " + h.PostalCode + " " + h.City},
		{l.T("premises.account"), h.NRB.Format()},
		{l.T("statement.csv.period"), from.Format() + " – " + to.Format()},
		{},
		{l.T("ledger.col.date"), l.T("ledger.kind"), l.T("ledger.col.what"), l.T("statement.csv.due"), l.T("ledger.col.debit"), l.T("ledger.col.credit"), l.T("ledger.col.balance")},
	}
	for i, row := range rows {
		for j, val := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := set(cell, val, 0); err != nil {
				s.fail(w, r, err)
				return
			}
		}
	}
	line := len(rows) + 1
	write := func(d civil.Date, kind, what string, due civil.Date, debit, credit money.Amount, balance money.Amount) error {
		cells := []xcell{{"A", d.In(time.UTC), date}, {"B", kind, 0}, {"C", what, 0}}
		if !due.IsZero() {
			cells = append(cells, xcell{"D", due.In(time.UTC), date})
		}
		if debit != 0 {
			cells = append(cells, xcell{"E", asFloat(debit), money2})
		}
		if credit != 0 {
			cells = append(cells, xcell{"F", asFloat(credit), money2})
		}
		cells = append(cells, xcell{"G", asFloat(balance), money2})
		for _, c := range cells {
			if err := set(fmt.Sprintf("%s%d", c.col, line), c.value, c.style); err != nil {
				return err
			}
		}
		line++
		return nil
	}
	if err := write(from, "", l.T("statement.csv.opening"), civil.Date{}, 0, 0, v.Opening); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, e := range v.Entries {
		if err := write(e.BookedOn, l.T("ledger.kind."+e.Kind), statementText(l, e), e.DueOn, e.Debit(), e.Credit(), e.Balance); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if err := write(to, "", l.T("statement.csv.closing"), civil.Date{}, 0, 0, v.Closing); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := x.SetColWidth(sheet, "C", "C", 50); err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", fmt.Sprintf("rozliczenia-%d-%s-%s.xlsx", h.ID, from, to)))
	s.write(w, r, &buf)
}

func strPtr(s string) *string { return &s }

// xcell is one spreadsheet cell to write: column, value and style.
type xcell struct {
	col   string
	value any
	style int
}
