package ledgercsv

import (
	"strings"
	"unicode"

	"github.com/ebok/ebok/internal/text"
)

// column is one of the columns the format defines.
type column int

// The columns of the format, in the order Write puts them.
const (
	colExternalID column = iota
	colAccount
	colPremises
	colBookedOn
	colDueOn
	colPeriod
	colKind
	colComponent
	colAmount
	colDescription
	numColumns
)

// name returns the column's canonical (English) name, which Write uses.
func (c column) name() string {
	switch c {
	case colExternalID:
		return "external_id"
	case colAccount:
		return "account"
	case colPremises:
		return "premises"
	case colBookedOn:
		return "booked_on"
	case colDueOn:
		return "due_on"
	case colPeriod:
		return "period"
	case colKind:
		return "kind"
	case colComponent:
		return "component"
	case colAmount:
		return "amount"
	case colDescription:
		return "description"
	}
	return ""
}

// polish returns the column's main Polish name, shown to staff beside the
// canonical one.
func (c column) polish() string {
	switch c {
	case colExternalID:
		return "id_zewnetrzny"
	case colAccount:
		return "rachunek"
	case colPremises:
		return "lokal"
	case colBookedOn:
		return "data_ksiegowania"
	case colDueOn:
		return "termin_platnosci"
	case colPeriod:
		return "okres"
	case colKind:
		return "rodzaj"
	case colComponent:
		return "skladnik"
	case colAmount:
		return "kwota"
	case colDescription:
		return "opis"
	}
	return ""
}

// label names the column for a message: "amount (kwota)".
func (c column) label() string {
	return c.name() + " (" + c.polish() + ")"
}

// required reports whether every file must have the column. Of account and
// premises a file needs at least one, which is checked separately.
func (c column) required() bool {
	switch c {
	case colExternalID, colBookedOn, colKind, colAmount:
		return true
	}
	return false
}

// lookupColumn finds the column a header cell names. The name is compared
// after fold, so case, Polish diacritics, spaces and hyphens do not matter.
func lookupColumn(header string) (column, bool) {
	switch fold(header) {
	case "external_id", "externalid", "id_zewnetrzny", "identyfikator_zewnetrzny":
		return colExternalID, true
	case "account", "nrb", "rachunek", "numer_rachunku":
		return colAccount, true
	case "premises", "lokal", "numer_lokalu":
		return colPremises, true
	case "booked_on", "data_ksiegowania":
		return colBookedOn, true
	case "due_on", "termin_platnosci":
		return colDueOn, true
	case "period", "okres":
		return colPeriod, true
	case "kind", "rodzaj":
		return colKind, true
	case "component", "skladnik":
		return colComponent, true
	case "amount", "kwota":
		return colAmount, true
	case "description", "opis":
		return colDescription, true
	}
	return 0, false
}

// Kinds of ledger entry, as stored in ledger_entries.kind.
const (
	KindCharge     = "charge"
	KindPayment    = "payment"
	KindCorrection = "correction"
	KindInterest   = "interest"
	KindSettlement = "settlement"
)

// lookupKind maps a kind as written in the file, in English or Polish, to
// its stored name.
func lookupKind(s string) (string, bool) {
	switch fold(s) {
	case "charge", "naliczenie", "obciazenie":
		return KindCharge, true
	case "payment", "wplata":
		return KindPayment, true
	case "correction", "korekta":
		return KindCorrection, true
	case "interest", "odsetki":
		return KindInterest, true
	case "settlement", "rozliczenie":
		return KindSettlement, true
	}
	return "", false
}

// fold prepares a header name or a kind for comparison: trimmed, lower
// case, Polish letters without diacritics (text.FoldRune), spaces and
// hyphens as "_". Unlike text.Fold it leaves other white space inside the
// name as it is.
func fold(s string) string {
	return strings.Map(foldRune, strings.TrimSpace(s))
}

// foldRune is fold for one letter.
func foldRune(r rune) rune {
	if r == ' ' || r == '-' {
		return '_'
	}
	return unicode.ToLower(text.FoldRune(r))
}
