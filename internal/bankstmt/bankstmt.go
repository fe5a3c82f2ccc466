package bankstmt

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/nrb"
)

// Names reported in Statement.Format.
const (
	// FormatMT940 marks a statement read by ParseMT940.
	FormatMT940 = "MT940"
	// FormatCSV marks a statement read by ParseCSV.
	FormatCSV = "CSV"
)

// maxInputSize bounds the bytes read from one statement file. Real daily and
// monthly statements of a cooperative are far smaller; the bound keeps a
// mistaken upload from exhausting memory.
const maxInputSize = 32 << 20

// Transaction is one booked entry of a statement: a credit (a payment into
// the cooperative's account) or a debit.
type Transaction struct {
	// Line is the number (from 1) of the first line of the entry in the
	// file: the :61: line of MT940 or the first line of the CSV record.
	Line int
	// BookedOn is the booking (entry) date.
	BookedOn civil.Date
	// ValueOn is the value date.
	ValueOn civil.Date
	// Amount is positive for a credit and negative for a debit. It is
	// never zero.
	Amount money.Amount
	// Reference is the bank's reference of the entry, empty when the bank
	// gave none or only a placeholder such as NONREF.
	Reference string
	// Title is the payment title (tytuł przelewu) as given by the payer.
	Title string
	// Counterparty is the name (and sometimes address) of the payer or,
	// for a debit, of the payee.
	Counterparty string
	// PayerName and PayerAddress split Counterparty, where the bank's
	// layout tells them apart; otherwise PayerName is all of it.
	PayerName    string
	PayerAddress string
	// PayerID is the payer's identifier of mBank's IPH / Collect service
	// ("ID IPH: XX000000000014"): the identifier part of the virtual
	// account the payer used. Empty for other banks.
	PayerID string
	// Credited lists the accounts found where banks name the account
	// that was credited: the :61: line and its details, "NA RACH.", ~60
	// to ~63, and last the statement's account. Accounts in the title or
	// the payer's own account are not among them.
	Credited []nrb.Number
	// CounterpartyAccount is the counterparty's account: 26 digits when
	// it is a valid NRB, otherwise the text the bank gave (for example a
	// foreign IBAN), or empty.
	CounterpartyAccount string
	// Accounts lists, without repetition and in order of appearance,
	// every valid NRB found in the entry and in its statement's account
	// field. The credited virtual account of a premises is among them,
	// wherever the bank put it.
	Accounts []nrb.Number
	// ExternalID identifies the entry stably across re-imports of the
	// same data, whatever its character set or line endings; see the
	// package documentation.
	ExternalID string
}

// Statement is one statement of one account, as read from a file.
type Statement struct {
	// Account is the statement's account (MT940 field :25:). A CSV
	// export may not name it, and then it is empty.
	Account nrb.Number
	// Line is the line where the statement starts (:20: or :25:), 1 for
	// CSV.
	Line int
	// Number is the statement number (MT940 field :28C:), empty for CSV.
	Number string
	// Opening is the opening balance (:60F: or :60M:).
	Opening money.Amount
	// Closing is the closing balance (:62F: or :62M:).
	Closing money.Amount
	// Transactions are the entries in file order.
	Transactions []Transaction
	// Currency is the currency of the balances (MT940), "PLN" for CSV.
	Currency string
	// Format is FormatMT940 or FormatCSV.
	Format string
	// Charset is the character set the file was decoded from: one of
	// the Charset constants.
	Charset string
}

// Problem is one thing wrong with an input file.
type Problem struct {
	// Line is the number (from 1) of the offending line, or 0 when the
	// problem concerns the file as a whole.
	Line int
	// Key names the problem in the message catalogue once prefixed with
	// "bankstmt." (one of the Key constants), and Args are its arguments,
	// so that staff read it in Polish.
	Key  string
	Args []string
	// Msg is a short English description of the problem.
	Msg string
}

// String returns the problem prefixed with its line, for example
// "line 12: bad amount "12,3x"".
func (p Problem) String() string {
	if p.Line == 0 {
		return "file: " + p.Msg
	}
	return fmt.Sprintf("line %d: %s", p.Line, p.Msg)
}

// ParseError reports every problem found in a file that could not be read.
// When a parser returns it, it returns no statements.
type ParseError struct {
	// Problems are sorted by line.
	Problems []Problem
}

// Error lists all problems on one line, separated by semicolons.
func (e *ParseError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	noun := "problems"
	if len(parts) == 1 {
		noun = "problem"
	}
	return fmt.Sprintf("bankstmt: %d %s: %s", len(parts), noun, strings.Join(parts, "; "))
}

// problems collects the problems of one parse.
type problems []Problem

// add records the problem key with args at line n.
func (p *problems) add(n int, key string, args ...string) {
	*p = append(*p, Problem{Line: n, Key: key, Args: args, Msg: englishText(key, args)})
}

// addErr records err, an *issue or another error, at line n.
func (p *problems) addErr(n int, err error) {
	*p = append(*p, problemOf(n, err))
}

// err returns the collected problems as a *ParseError sorted by line, or nil
// if there are none.
func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	sorted := append([]Problem(nil), p...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Line < sorted[j].Line })
	return &ParseError{Problems: sorted}
}

// readInput reads the whole file. A file over maxInputSize is refused with
// a *ParseError; a failing reader's error is returned wrapped.
func readInput(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxInputSize+1))
	if err != nil {
		return nil, fmt.Errorf("bankstmt: reading statement: %w", err)
	}
	if len(b) > maxInputSize {
		var p problems
		p.add(0, KeyTooLarge, fmt.Sprint(maxInputSize>>20))
		return nil, p.err()
	}
	return b, nil
}
