package bankstmt

import (
	"strings"

	"github.com/ebok/ebok/internal/text"
)

// column is the meaning of a CSV column.
type column int

// The columns ParseCSV understands. See the package documentation for the
// header names that select each.
const (
	colNone column = iota
	colBooked
	colOperation
	colValue
	colAmount
	colCredit
	colDebit
	colCurrency
	colTitle
	colDescription
	colCounterparty
	colCounterpartyAccount
	colOwnAccount
	colReference
	colBalance
	colBlocked
	columnCount
)

// columnOf returns the column a header name (or a "Label:" inside a cell)
// selects, after normalizeHeader.
func columnOf(name string) column {
	switch name {
	case "data ksiegowania", "data ksiegowania operacji", "data zaksiegowania", "data ks", "data",
		"data rozliczenia", "booking date":
		return colBooked
	case "data operacji", "data transakcji", "data zlecenia", "data realizacji", "transaction date":
		return colOperation
	case "data waluty", "value date":
		return colValue
	case "kwota", "kwota operacji", "kwota transakcji", "kwota w walucie rachunku", "wartosc",
		"amount":
		return colAmount
	case "uznania", "uznanie", "wplywy", "wplyw", "kwota uznania", "ma", "credit":
		return colCredit
	case "obciazenia", "obciazenie", "wydatki", "wydatek", "kwota obciazenia", "winien", "wn",
		"debit":
		return colDebit
	case "waluta", "waluta rachunku", "waluta operacji", "currency":
		return colCurrency
	case "tytul", "tytul operacji", "tytul przelewu", "tytul platnosci", "tytulem", "title":
		return colTitle
	case "opis", "opis operacji", "opis transakcji", "szczegoly", "szczegoly operacji",
		"szczegoly transakcji", "description":
		return colDescription
	case "nadawca", "kontrahent", "nazwa kontrahenta", "dane kontrahenta", "nazwa nadawcy",
		"dane nadawcy", "nadawca/odbiorca", "odbiorca/nadawca", "nadawca odbiorca",
		"odbiorca/zleceniodawca", "zleceniodawca/odbiorca", "counterparty":
		return colCounterparty
	case "rachunek nadawcy", "numer rachunku", "numer konta", "nr rachunku", "nr konta",
		"rachunek kontrahenta", "numer rachunku nadawcy", "nr rachunku nadawcy", "konto nadawcy",
		"rachunek nadawcy/odbiorcy", "rachunek kontrahenta/nadawcy", "rachunek zrodlowy",
		"na konto/z konta", "z konta/na konto", "counterparty account":
		return colCounterpartyAccount
	case "rachunek odbiorcy", "konto", "numer rachunku odbiorcy", "nr rachunku odbiorcy",
		"konto odbiorcy", "rachunek", "rachunek wirtualny", "rachunek docelowy",
		"numer rachunku/karty", "account":
		return colOwnAccount
	case "referencje", "referencja", "numer referencyjny", "nr referencyjny", "numer transakcji",
		"nr transakcji", "id transakcji", "identyfikator transakcji", "reference":
		return colReference
	case "saldo po operacji", "saldo po transakcji", "saldo", "balance":
		return colBalance
	case "kwota blokady", "kwota blokady/zwolnienie blokady":
		return colBlocked
	}
	return colNone
}

// normalizeHeader reduces a header cell to the form columnOf compares:
// without a leading "#" (mBank), quotes, a trailing colon or dot, and a
// parenthesised note such as "(PLN)" or "(waluta rachunku)"; "_" as a
// space; folded by text.Fold (lower case, Polish letters as ASCII, white
// space collapsed); and spaces around "/" removed.
func normalizeHeader(s string) string {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "\uFEFF"))
	s = strings.Trim(s, "#\"' ")
	if i := strings.IndexAny(s, "(["); i > 0 {
		s = s[:i]
	}
	s = text.Fold(strings.ReplaceAll(s, "_", " "))
	s = strings.TrimSpace(strings.TrimRight(s, ":."))
	return strings.ReplaceAll(strings.ReplaceAll(s, " /", "/"), "/ ", "/")
}

// header maps column kinds to their cell indexes (-1 when absent).
type header [columnCount]int

// inAccountCurrency are the header names of the amount and currency in the
// account's currency, which win over the first amount or currency column
// when an export has both (Alior: "Kwota operacji", "Waluta operacji" of a
// card payment abroad, then "Kwota w walucie rachunku", "Waluta rachunku").
var inAccountCurrency = map[string]column{
	"kwota w walucie rachunku": colAmount,
	"waluta rachunku":          colCurrency,
}

// parseHeader returns the header a row forms, and whether the row is a
// header at all: it must name at least one date column and an amount
// (or a credit or debit) column. The first cell naming a kind wins, except
// that the amount and currency in the account's currency win over others.
func parseHeader(cells []string) (header, bool) {
	var h header
	for i := range h {
		h[i] = -1
	}
	for i, cell := range cells {
		if c := columnOf(normalizeHeader(cell)); c != colNone && h[c] < 0 {
			h[c] = i
		}
	}
	for i, cell := range cells {
		if c, ok := inAccountCurrency[normalizeHeader(cell)]; ok {
			h[c] = i
		}
	}
	hasDate := h[colBooked] >= 0 || h[colOperation] >= 0 || h[colValue] >= 0
	hasAmount := h[colAmount] >= 0 || h[colCredit] >= 0 || h[colDebit] >= 0
	return h, hasDate && hasAmount
}
