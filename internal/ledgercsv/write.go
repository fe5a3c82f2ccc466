package ledgercsv

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// Write writes rows in the documented format, in the form Parse reads back
// to the same rows (apart from Line): a UTF-8 byte order mark, so that a
// spreadsheet shows Polish letters right, a header of the canonical column
// names, ';' between fields and CRLF line ends. Accounts are written in
// groups of digits and amounts with a decimal comma and no grouping
// ("-1234,56"), both of which spreadsheets keep as they are; dates and
// periods in ISO form. Rows are written as they are, without checks, so a
// row Parse would refuse is refused when read back.
func Write(w io.Writer, rows []Row) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString("\uFEFF"); err != nil {
		return fmt.Errorf("ledgercsv: writing: %w", err)
	}
	cw := csv.NewWriter(bw)
	cw.Comma = ';'
	cw.UseCRLF = true
	rec := make([]string, numColumns)
	for c := range numColumns {
		rec[c] = c.name()
	}
	if err := cw.Write(rec); err != nil {
		return fmt.Errorf("ledgercsv: writing: %w", err)
	}
	for _, r := range rows {
		if err := cw.Write(r.record(rec)); err != nil {
			return fmt.Errorf("ledgercsv: writing line %d: %w", r.Line, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("ledgercsv: writing: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("ledgercsv: writing: %w", err)
	}
	return nil
}

// record fills rec, one string per column, with the row's values.
func (r Row) record(rec []string) []string {
	rec[colExternalID] = r.ExternalID
	rec[colAccount] = ""
	if r.Account != "" {
		rec[colAccount] = r.Account.Format()
	}
	rec[colPremises] = r.Premises
	rec[colBookedOn] = ""
	if !r.BookedOn.IsZero() {
		rec[colBookedOn] = r.BookedOn.String()
	}
	rec[colDueOn] = ""
	if !r.DueOn.IsZero() {
		rec[colDueOn] = r.DueOn.String()
	}
	rec[colPeriod] = ""
	if !r.Period.IsZero() {
		rec[colPeriod] = r.Period.String()
	}
	rec[colKind] = r.Kind
	rec[colComponent] = r.Component
	rec[colAmount] = strings.Replace(r.Amount.Plain(), ".", ",", 1)
	rec[colDescription] = r.Description
	return rec
}
