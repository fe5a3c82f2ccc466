package bankstmt

import (
	"errors"
	"fmt"
)

// Problem keys. Each is a key of the message catalogue once prefixed with
// "bankstmt." (internal/i18n holds the Polish and English texts); the English
// formats below make Problem.Msg and ParseError.Error readable in logs.
const (
	KeyTooLarge        = "too_large"
	KeyNoStatement     = "no_statement"
	KeyMT942           = "mt942"
	KeyOutside         = "outside"
	KeyTextOutside     = "text_outside"
	KeyBalanceTwice    = "balance_twice"
	KeyAccountBad      = "account_bad"
	KeyAfterClosing    = "after_closing"
	KeyInfoBefore61    = "info_before_61"
	KeyNo25            = "no_25"
	KeyNo60            = "no_60"
	KeyNo62            = "no_62"
	KeyCutShort        = "cut_short"
	KeyBalanceWrong    = "balance_wrong"
	KeyOverflow        = "overflow"
	KeyBalanceShort    = "balance_short"
	KeyBalanceMark     = "balance_mark"
	KeyBalanceExtra    = "balance_extra"
	KeyEntryShort      = "entry_short"
	KeyAmountZero      = "amount_zero"
	KeyAmountExtra     = "amount_extra"
	KeyMarkMissing     = "mark_missing"
	KeyAmountLarge     = "amount_large"
	KeyAmountMissing   = "amount_missing"
	KeyAmountNotSwift  = "amount_not_swift"
	KeyDateFormat      = "date_format"
	KeyDateNone        = "date_none"
	KeyEntryDateNone   = "entry_date_none"
	KeyCSVNoHeader     = "csv_no_header"
	KeyCSVQuote        = "csv_quote"
	KeyCSVAmount       = "csv_amount"
	KeyCSVDate         = "csv_date"
	KeyCSVNoDate       = "csv_no_date"
	KeyCurrency        = "currency"
	KeyCSVBoth         = "csv_both"
	KeyCSVNoAmount     = "csv_no_amount"
	KeyCAMTSyntax      = "camt_syntax"
	KeyCAMTOther       = "camt_other"
	KeyCAMTNoStatement = "camt_no_statement"
	KeyCAMTNoAccount   = "camt_no_account"
	KeyCAMTNoOpening   = "camt_no_opening"
	KeyCAMTNoClosing   = "camt_no_closing"
	KeyCAMTMark        = "camt_mark"
	KeyElixir          = "elixir"
	// Refusals of an importer that knows the cooperative's accounts.
	KeyUnknownAccount = "unknown_account"
	KeyNotPLN         = "not_pln"
)

// english holds the English format of every key; every verb is %s.
var english = map[string]string{
	KeyTooLarge:        "file is larger than %s MiB",
	KeyNoStatement:     "no MT940 statement found",
	KeyMT942:           "this is an MT942 interim report (intraday list of entries), not an MT940 statement",
	KeyOutside:         "field :%s: outside a statement (no :20: or :25: before it)",
	KeyTextOutside:     "text outside any MT940 field",
	KeyBalanceTwice:    "second :%s: balance in one statement",
	KeyAccountBad:      "account %s is not a valid Polish account number (NRB)",
	KeyAfterClosing:    "statement line after the closing balance",
	KeyInfoBefore61:    ":86: before any :61: statement line",
	KeyNo25:            "statement has no :25: account",
	KeyNo60:            "statement has no :60F: opening balance",
	KeyNo62:            "statement has no :62F: closing balance",
	KeyCutShort:        "the file ends at line %s without :62F: — was the download cut?",
	KeyBalanceWrong:    "closing balance %s is not the opening balance plus the entries (%s)",
	KeyOverflow:        "the amounts of the statement overflow",
	KeyBalanceShort:    "balance %s is too short",
	KeyBalanceMark:     "balance %s does not start with C or D",
	KeyBalanceExtra:    "unexpected %s after the balance amount",
	KeyEntryShort:      "statement line %s is too short",
	KeyAmountZero:      "amount is zero",
	KeyAmountExtra:     "unexpected %s after the amount",
	KeyMarkMissing:     "no debit/credit mark (C, D, RC or RD) at %s",
	KeyAmountLarge:     "amount %s is too large",
	KeyAmountMissing:   "missing amount at %s",
	KeyAmountNotSwift:  "amount %s is not in SWIFT form (digits and a decimal comma)",
	KeyDateFormat:      "date %s is not YYMMDD",
	KeyDateNone:        "date %s does not exist",
	KeyEntryDateNone:   "entry date %s does not exist",
	KeyCSVNoHeader:     `no header row naming a date column (such as "Data księgowania") and an amount column (such as "Kwota")`,
	KeyCSVQuote:        "CSV syntax: quoted field is never closed",
	KeyCSVAmount:       "bad amount %s",
	KeyCSVDate:         "bad date %s",
	KeyCSVNoDate:       "no date",
	KeyCurrency:        "currency %s is not supported, only PLN",
	KeyCSVBoth:         "both a credit and a debit amount",
	KeyCSVNoAmount:     "no amount",
	KeyCAMTSyntax:      "the XML is damaged: %s",
	KeyCAMTOther:       "this XML file is %s, not a camt.053 statement",
	KeyCAMTNoStatement: "no camt.053 statement (Stmt) in the file",
	KeyCAMTNoAccount:   "statement has no account (Acct)",
	KeyCAMTNoOpening:   "statement has no opening booked balance (OPBD)",
	KeyCAMTNoClosing:   "statement has no closing booked balance (CLBD)",
	KeyCAMTMark:        "credit/debit mark %s is neither CRDT nor DBIT",
	KeyElixir:          "this is an Elixir-O file of payment orders or operations, not a statement",
	KeyUnknownAccount:  "the statement is of account %s, which is not one of the cooperative's accounts; nothing was imported",
	KeyNotPLN:          "the statement of account %s is in %s, but the account takes residents' payments in PLN",
}

// Refusal returns a *ParseError with one problem, for an importer that
// refuses a file the parser read (a statement of an unknown account).
func Refusal(line int, key string, args ...string) *ParseError {
	var p problems
	p.add(line, key, args...)
	return &ParseError{Problems: p}
}

// Keys lists every problem key, for the catalogue test.
func Keys() []string {
	keys := make([]string, 0, len(english))
	for k := range english {
		keys = append(keys, k)
	}
	return keys
}

// issue is an error with a problem key and its arguments.
type issue struct {
	key  string
	args []string
}

func (e *issue) Error() string { return englishText(e.key, e.args) }

// bad returns an *issue error.
func bad(key string, args ...string) error { return &issue{key: key, args: args} }

// q quotes a piece of the file for a message.
func q(s string) string { return fmt.Sprintf("%q", s) }

// englishText formats key with args in English.
func englishText(key string, args []string) string {
	f, ok := english[key]
	if !ok {
		return key
	}
	a := make([]any, len(args))
	for i, s := range args {
		a[i] = s
	}
	return fmt.Sprintf(f, a...)
}

// problemOf turns err into a Problem at line n.
func problemOf(n int, err error) Problem {
	var is *issue
	if errors.As(err, &is) {
		return Problem{Line: n, Key: is.key, Args: is.args, Msg: is.Error()}
	}
	return Problem{Line: n, Key: "", Msg: err.Error()}
}
