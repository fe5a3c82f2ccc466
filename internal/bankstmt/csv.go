package bankstmt

import (
	"io"
	"strings"

	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/nrb"
)

// csvSeparators are the field separators ParseCSV tries, in order. The
// first one under which a header row is found is used. Polish exports favour
// ";" because "," is the decimal separator.
var csvSeparators = [...]byte{';', ',', '\t'}

// ParseCSV reads a bank's CSV export of account operations (see the package
// documentation for the accepted layout and header names) as one statement.
// If anything in the file is wrong it returns no statements and a
// *ParseError listing every offending line.
func ParseCSV(r io.Reader) ([]Statement, error) {
	raw, err := readInput(r)
	if err != nil {
		return nil, err
	}
	text, charset := decodeText(raw)
	text = strings.Join(splitLines(text), "\n")
	for _, sep := range csvSeparators {
		if t, ok := readTable(text, sep); ok {
			return t.statements(charset)
		}
	}
	var p problems
	if line, ok := elixirLine(text); ok {
		p.add(line, KeyElixir)
	} else {
		p.add(0, KeyCSVNoHeader)
	}
	return nil, p.err()
}

// elixirLine reports whether text is an Elixir-O file (a bank's file of
// payment orders or operations, which some export beside statements): its
// first line with text is a record of a three-digit type and a date,
// "110,20261201,…", and the number of that line.
func elixirLine(text string) (int, bool) {
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		ok := len(line) > 13 && allDigits(line[:3]) && line[3] == ',' && allDigits(line[4:12]) && line[12] == ','
		return i + 1, ok
	}
	return 0, false
}

// csvRecord is one CSV record and the line it starts on.
type csvRecord struct {
	line  int
	cells []string
}

// csvTable is a CSV file split into the rows before the header (the
// preamble many banks print), the header and the rows after it.
type csvTable struct {
	preamble []csvRecord
	head     header
	rows     []csvRecord
	syntax   []Problem // a CSV syntax error, which ends the reading
}

// readTable reads text as CSV with separator sep and reports whether a
// header row was found.
func readTable(text string, sep byte) (*csvTable, bool) {
	records, syntax := splitCSV(text, sep)
	t := &csvTable{}
	if syntax != nil {
		t.syntax = []Problem{*syntax}
	}
	for i, rec := range records {
		if h, ok := parseHeader(rec.cells); ok {
			t.head, t.rows = h, records[i+1:]
			return t, true
		}
		t.preamble = append(t.preamble, rec)
	}
	return t, false
}

// splitCSV splits text, whose lines end in "\n", into records. A field that
// starts with '"' is quoted: it may hold the separator, line breaks and ""
// for a quote, and ends at the next lone '"'; text after that quote up to
// the separator is kept, so a sloppy `"Lokal" 5` reads as `Lokal 5` instead
// of swallowing the rows below. A quote inside an unquoted field is an
// ordinary character. Empty lines give no record. A quoted field still open
// at the end of the file is reported, since it would have swallowed rows.
func splitCSV(text string, sep byte) ([]csvRecord, *Problem) {
	var records []csvRecord
	line := 1
	rec := csvRecord{line: line}
	var cell strings.Builder
	inQuotes, atStart, quoteLine := false, true, 0
	endCell := func() {
		rec.cells = append(rec.cells, cell.String())
		cell.Reset()
		atStart = true
	}
	endRecord := func() {
		endCell()
		if len(rec.cells) > 1 || rec.cells[0] != "" {
			records = append(records, rec)
		}
		rec = csvRecord{line: line}
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case inQuotes && c == '"' && i+1 < len(text) && text[i+1] == '"':
			cell.WriteByte('"')
			i++
		case inQuotes && c == '"':
			inQuotes = false
		case inQuotes:
			if c == '\n' {
				line++
			}
			cell.WriteByte(c)
		case c == '"' && atStart:
			inQuotes, atStart, quoteLine = true, false, line
		case c == sep:
			endCell()
		case c == '\n':
			line++
			endRecord()
		default:
			cell.WriteByte(c)
			atStart = false
		}
	}
	if inQuotes {
		return records, &Problem{Line: quoteLine, Key: KeyCSVQuote, Msg: englishText(KeyCSVQuote, nil)}
	}
	endRecord()
	return records, nil
}

// statements converts the rows under the header into one statement.
func (t *csvTable) statements(charset string) ([]Statement, error) {
	p := problems(t.syntax)
	var rows []csvRow
	for _, rec := range t.rows {
		if t.skip(rec.cells) {
			continue
		}
		row, errs := t.row(rec)
		for _, err := range errs {
			p.addErr(rec.line, err)
		}
		if len(errs) == 0 {
			rows = append(rows, row)
		}
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	// The own-account column names the statement's account only when
	// every row agrees, which can change with the period exported, so
	// ExternalIDs use the preamble's account alone. The inferred account
	// is in every row's Accounts anyway, as a cell of the row.
	named := t.preambleAccount()
	st := Statement{Account: named, Format: FormatCSV, Charset: charset, Currency: "PLN", Line: 1}
	if st.Account == "" {
		st.Account = sharedOwnAccount(rows)
	}
	extra := make([]string, len(rows))
	for i, row := range rows {
		tx := row.tx
		if st.Account != "" {
			tx.Accounts = uniqueAccounts(append([]nrb.Number{st.Account}, tx.Accounts...))
			tx.Credited = uniqueAccounts(append(tx.Credited, st.Account))
		}
		st.Transactions = append(st.Transactions, tx)
		extra[i] = row.extra
	}
	st.Opening, st.Closing = csvBalances(rows)
	assignExternalIDs(named, st.Transactions, extra)
	return []Statement{st}, nil
}

// preambleAccount returns the first valid NRB in the rows before the
// header, where banks name the exported account.
func (t *csvTable) preambleAccount() nrb.Number {
	for _, rec := range t.preamble {
		for _, cell := range rec.cells {
			if found := FindAccounts(cell); len(found) > 0 {
				return found[0]
			}
		}
	}
	return ""
}

// sharedOwnAccount returns the own-account column's NRB if every row names
// the same one.
func sharedOwnAccount(rows []csvRow) nrb.Number {
	var own nrb.Number
	for i, row := range rows {
		if row.own == "" || (i > 0 && row.own != own) {
			return ""
		}
		own = row.own
	}
	return own
}

// skip reports whether a row after the header carries no operation: an
// empty row, a comment or summary row whose first non-empty cell starts with
// "#" (mBank's "#Saldo końcowe"), a row with no amount whose date cells hold
// no digit (nothing, or a line of text such as ING's "Dokument ma charakter
// informacyjny…" under the table), or a card blockade that is not booked:
// no amount but one in the blockade column (ING's "Kwota blokady").
func (t *csvTable) skip(cells []string) bool {
	for _, cell := range cells {
		if s := strings.TrimSpace(cell); s != "" {
			if strings.HasPrefix(s, "#") {
				return true
			}
			break
		}
	}
	for _, c := range [...]column{colAmount, colCredit, colDebit} {
		if t.cell(cells, c) != "" {
			return false
		}
	}
	if t.cell(cells, colBlocked) != "" {
		return true
	}
	for _, c := range [...]column{colBooked, colOperation, colValue} {
		if strings.ContainsAny(t.cell(cells, c), "0123456789") {
			return false
		}
	}
	return true
}

// cell returns the trimmed cell of column c, or "" if there is none.
func (t *csvTable) cell(cells []string, c column) string {
	i := t.head[c]
	if i < 0 || i >= len(cells) {
		return ""
	}
	return strings.TrimSpace(cells[i])
}

// csvBalances derives the opening and closing balances from the balance
// column, which holds the balance after each operation. Banks list
// operations oldest or newest first; the order is the one in which the
// balances add up. Without a usable balance column both are zero.
func csvBalances(rows []csvRow) (opening, closing money.Amount) {
	n := len(rows)
	if n == 0 {
		return 0, 0
	}
	for _, row := range rows {
		if !row.hasBalance {
			return 0, 0
		}
	}
	ascending, descending := true, true
	for i := 1; i < n; i++ {
		ascending = ascending && rows[i].balance == rows[i-1].balance+rows[i].tx.Amount
		descending = descending && rows[i-1].balance == rows[i].balance+rows[i-1].tx.Amount
	}
	switch {
	case ascending:
		return rows[0].balance - rows[0].tx.Amount, rows[n-1].balance
	case descending:
		return rows[n-1].balance - rows[n-1].tx.Amount, rows[0].balance
	}
	return 0, 0
}
