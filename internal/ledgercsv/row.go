package ledgercsv

import (
	"fmt"
	"strings"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/nrb"
)

// Row is one ledger entry read from a file, checked and in the form it is
// stored in.
type Row struct {
	Line        int          // line of the file the entry starts on, from 1
	ExternalID  string       // the accounting system's id, unique in the cooperative
	Account     nrb.Number   // the premises' account; empty if the file names the premises instead
	Premises    string       // the premises as the cooperative numbers it; may be empty if Account is set
	BookedOn    civil.Date   // when the entry was booked
	DueOn       civil.Date   // when it is due; zero if not given
	Period      civil.Month  // the month it concerns; zero if not given
	Kind        string       // KindCharge, KindPayment, KindCorrection, KindInterest or KindSettlement
	Component   string       // the fee component, e.g. "eksploatacja"; empty if not given
	Amount      money.Amount // signed as stored: positive adds to what is owed
	Description string       // free text; the reason, for a correction
	// AccountColumn and PremisesColumn are the account and premises
	// columns' names as the file's header spells them ("rachunek",
	// "lokal"), for an importer's problems about them.
	AccountColumn, PremisesColumn string
}

// rowCheck turns one record into a Row, reporting every problem it finds.
type rowCheck struct {
	h    *header
	rec  []string
	line int
	sink *problems
	bad  bool
}

// checkRow checks one record of a file with header h. It reports ok false if
// the record has any problem; the Row is then incomplete but holds what could
// be read, notably the external id for the check for duplicates.
func checkRow(h *header, rec []string, line int, sink *problems) (row Row, ok bool) {
	c := &rowCheck{h: h, rec: rec, line: line, sink: sink}
	row.Line = line
	if len(rec) != len(h.names) {
		c.failRecord(fmt.Sprintf("Liczba pól w wierszu (%d) nie zgadza się z liczbą kolumn nagłówka (%d)", len(rec), len(h.names)))
		return row, false
	}
	for _, i := range h.unnamed {
		if strings.TrimSpace(rec[i]) != "" {
			c.failRecord(fmt.Sprintf("Wartość %s w kolumnie nr %d, która nie ma nazwy w nagłówku", quote(rec[i]), i+1))
		}
	}
	row.ExternalID = c.text(colExternalID, MaxExternalID)
	row.Account = checkField(c, colAccount, parseAccount)
	row.Premises = c.text(colPremises, MaxPremises)
	row.AccountColumn, row.PremisesColumn = h.name(colAccount), h.name(colPremises)
	if h.has(colAccount) || h.has(colPremises) {
		if c.raw(colAccount) == "" && c.raw(colPremises) == "" {
			col := colAccount
			if !h.has(col) {
				col = colPremises
			}
			c.fail(col, "Podaj rachunek (NRB) albo numer lokalu")
		}
	}
	row.BookedOn = checkField(c, colBookedOn, parseDate)
	row.DueOn = checkField(c, colDueOn, parseDate)
	row.Period = checkField(c, colPeriod, parsePeriod)
	row.Kind = checkField(c, colKind, parseKind)
	row.Component = c.text(colComponent, MaxComponent)
	row.Amount = c.amount(row.Kind)
	row.Description = c.text(colDescription, MaxDescription)
	if row.Kind == KindCorrection && c.raw(colDescription) == "" {
		msg := "Korekta wymaga opisu z jej powodem"
		if !h.has(colDescription) {
			msg += ", a plik nie ma kolumny " + colDescription.label()
		}
		c.fail(colDescription, msg)
	}
	return row, !c.bad
}

// fail reports a problem with column col.
func (c *rowCheck) fail(col column, msg string) {
	c.bad = true
	c.sink.add(Problem{Line: c.line, Column: c.h.name(col), Msg: msg})
}

// failRecord reports a problem with the record as a whole.
func (c *rowCheck) failRecord(msg string) {
	c.bad = true
	c.sink.add(Problem{Line: c.line, Msg: msg})
}

// raw returns column col's value with white space trimmed, or "" if the
// file lacks the column.
func (c *rowCheck) raw(col column) string {
	i := c.h.idx[col]
	if i < 0 {
		return ""
	}
	return strings.TrimSpace(c.rec[i])
}

// value returns column col's trimmed value, reporting a required column left
// empty. Columns the file lacks were reported with the header.
func (c *rowCheck) value(col column) string {
	s := c.raw(col)
	if s == "" && col.required() && c.h.has(col) {
		c.fail(col, "Brak wartości w wymaganej kolumnie")
	}
	return s
}

// checkField reads column col and, when it holds a value, turns it into
// a T with parse, reporting the problem parse finds. An empty column gives
// T's zero value (a required one was reported by value).
func checkField[T any](c *rowCheck, col column, parse func(string) (T, string)) T {
	var v T
	s := c.value(col)
	if s == "" {
		return v
	}
	v, msg := parse(s)
	if msg != "" {
		c.fail(col, msg)
	}
	return v
}

// text checks a free-text column.
func (c *rowCheck) text(col column, max int) string {
	return checkField(c, col, func(s string) (string, string) { return cleanText(s, max) })
}

// amount checks the amount column and, if the kind is known, its sign.
func (c *rowCheck) amount(kind string) money.Amount {
	return checkField(c, colAmount, func(s string) (money.Amount, string) {
		a, msg := parseAmount(s)
		if msg == "" {
			msg = checkSign(kind, a)
		}
		return a, msg
	})
}
