package ledgercsv

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/nrb"
)

// Limits on text values, in characters (not bytes), counted after white
// space is tidied.
const (
	MaxExternalID  = 100
	MaxPremises    = 100
	MaxComponent   = 64
	MaxDescription = 1000
)

// MaxAmount is the largest magnitude an entry may have: 1 000 000 000,00 zł.
// Nothing a premises owes comes near it, so a larger amount is a mistake in
// the export, and the limit keeps sums over a whole file far from overflow.
const MaxAmount money.Amount = 1_000_000_000_00

// The value checks below return the parsed value and, when the text is not
// acceptable, a Polish message for staff; an empty message means the value
// is good. None of them is called with an empty value.

// cleanText checks free text and normalises its white space: every run of
// spaces, tabs or line breaks becomes one space, and the ends are trimmed.
// Text that is not UTF-8, holds other control characters or is longer than
// max characters is refused.
func cleanText(s string, max int) (string, string) {
	if !utf8.ValidString(s) {
		return "", "Tekst nie jest zapisany w UTF-8 – czy plik nie został zapisany w kodowaniu Windows-1250? " +
			"Zapisz go jako „CSV UTF-8”"
	}
	if !isClean(s) {
		var b strings.Builder
		space := false
		for _, r := range s {
			switch {
			case unicode.IsSpace(r):
				space = true
				continue
			case unicode.IsControl(r):
				return "", fmt.Sprintf("Niedozwolony znak sterujący (U+%04X)", r)
			}
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
		s = b.String()
	}
	if n := utf8.RuneCountInString(s); n > max {
		return "", fmt.Sprintf("Za długi tekst: %d znaków, najwyżej %d", n, max)
	}
	return s, ""
}

// isClean reports whether s, valid UTF-8, is already as cleanText leaves
// it: no white space but single spaces between words, no control
// characters. It lets the common case go without a copy.
func isClean(s string) bool {
	afterSpace := true // so that a leading space is caught
	for _, r := range s {
		switch {
		case r == ' ':
			if afterSpace {
				return false
			}
			afterSpace = true
		case r < ' ' || r == 0x7f || (r >= 0x80 && (unicode.IsSpace(r) || unicode.IsControl(r))):
			return false
		default:
			afterSpace = false
		}
	}
	return s == "" || !afterSpace
}

// parseAccount checks a 26-digit NRB; spaces, hyphens and a leading "PL"
// are allowed.
func parseAccount(s string) (nrb.Number, string) {
	n, err := nrb.Parse(s)
	switch {
	case err == nil:
		return n, ""
	case errors.Is(err, nrb.ErrLength):
		return "", fmt.Sprintf("Nieprawidłowy rachunek %s: numer NRB ma 26 cyfr, a podano %d", quote(s), countDigits(s))
	case errors.Is(err, nrb.ErrChecksum):
		return "", fmt.Sprintf("Nieprawidłowy rachunek %s: cyfry kontrolne się nie zgadzają (literówka w numerze?)", quote(s))
	case strings.Contains(strings.ToUpper(s), "E+"):
		return "", fmt.Sprintf("Nieprawidłowy rachunek %s: arkusz zapisał numer jako liczbę; "+
			"sformatuj kolumnę jako tekst i wyeksportuj plik ponownie", quote(s))
	}
	return "", fmt.Sprintf("Nieprawidłowy rachunek %s: dozwolone są tylko cyfry i spacje", quote(s))
}

// countDigits returns the number of ASCII digits in s.
func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}

// parseDate checks a date written "2026-11-21" or "21.11.2026".
func parseDate(s string) (civil.Date, string) {
	d, err := civil.Parse(strings.TrimSpace(s))
	return d, civilProblem(s, err, civilMessages{
		invalid:    "Nieprawidłowa data %s: taki dzień nie istnieje",
		outOfRange: "Nieprawidłowa data %s: rok spoza zakresu %d–%d",
		form:       "Nieprawidłowa data %s: oczekiwano RRRR-MM-DD lub DD.MM.RRRR, np. 2026-11-21 lub 21.11.2026",
	})
}

// parsePeriod checks a month written "2026-11" or "11.2026".
func parsePeriod(s string) (civil.Month, string) {
	m, err := civil.ParseMonth(s)
	return m, civilProblem(s, err, civilMessages{
		invalid:    "Nieprawidłowy okres %s: nie ma takiego miesiąca",
		outOfRange: "Nieprawidłowy okres %s: rok spoza zakresu %d–%d",
		form:       "Nieprawidłowy okres %s: oczekiwano RRRR-MM, np. 2026-11",
	})
}

// civilMessages word the problems of a date or a period, each a format
// taking the quoted value; outOfRange also takes the first and last year
// allowed. A date and a period differ in grammatical gender, so each has
// its own.
type civilMessages struct {
	invalid    string // no such day or month
	outOfRange string // the year is outside civil.MinYear–civil.MaxYear
	form       string // not written in a form package civil reads
}

// civilProblem words the error package civil gave for s, or returns ""
// when there is none.
func civilProblem(s string, err error, m civilMessages) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, civil.ErrInvalid):
		return fmt.Sprintf(m.invalid, quote(s))
	case errors.Is(err, civil.ErrRange):
		return fmt.Sprintf(m.outOfRange, quote(s), civil.MinYear, civil.MaxYear)
	}
	return fmt.Sprintf(m.form, quote(s))
}

// parseKind checks the kind of entry, in Polish or English.
func parseKind(s string) (string, string) {
	if k, ok := lookupKind(s); ok {
		return k, ""
	}
	return "", fmt.Sprintf("Nieznany rodzaj wpisu %s: dozwolone są naliczenie, wpłata, korekta, odsetki, rozliczenie "+
		"(lub charge, payment, correction, interest, settlement)", quote(s))
}

// parseAmount checks an amount such as "1 234,56", "-12,30" or "1234.56".
// It does not look at the sign; checkSign does, knowing the kind.
func parseAmount(s string) (money.Amount, string) {
	a, err := money.Parse(s)
	switch {
	case err == nil && a.Abs() > MaxAmount:
		return 0, fmt.Sprintf("Kwota %s jest za duża: najwyżej %s", quote(s), MaxAmount.Format())
	case err == nil && a == 0:
		return 0, "Kwota nie może być zerowa"
	case err == nil:
		return a, ""
	case errors.Is(err, money.ErrRange):
		return 0, fmt.Sprintf("Kwota %s jest za duża: najwyżej %s", quote(s), MaxAmount.Format())
	case decimals(s) > 2:
		return 0, fmt.Sprintf("Nieprawidłowa kwota %s: najwyżej dwie cyfry po przecinku", quote(s))
	case errors.Is(err, money.ErrAmbiguous):
		return 0, fmt.Sprintf("Nieprawidłowa kwota %s: użyj jednego znaku dziesiętnego (przecinka lub kropki), "+
			"a tysiące oddziel spacją, np. 1 234,56", quote(s))
	}
	return 0, fmt.Sprintf("Nieprawidłowa kwota %s: oczekiwano liczby, np. 1 234,56 lub -12,30", quote(s))
}

// decimals returns the number of digits right after the last decimal
// separator in s, or 0 if there is none.
func decimals(s string) int {
	i := strings.LastIndexAny(s, ",.")
	if i < 0 {
		return 0
	}
	n := 0
	for _, c := range []byte(s[i+1:]) {
		if c < '0' || c > '9' {
			break
		}
		n++
	}
	return n
}

// checkSign enforces the sign convention: amounts are signed as stored, so
// a charge and interest add to what is owed and a payment reduces it.
// Corrections and settlements may go either way.
func checkSign(kind string, a money.Amount) string {
	switch {
	case kind == KindPayment && a > 0:
		return "Wpłata zmniejsza zadłużenie, więc jej kwota musi być ujemna, np. -250,00; " +
			"zwrot wpłaty zaksięguj jako korektę z opisem"
	case kind == KindCharge && a < 0:
		return "Naliczenie zwiększa należność, więc jego kwota musi być dodatnia; " +
			"obniżkę zaksięguj jako korektę z opisem"
	case kind == KindInterest && a < 0:
		return "Odsetki zwiększają należność, więc ich kwota musi być dodatnia; " +
			"umorzenie odsetek zaksięguj jako korektę z opisem"
	}
	return ""
}

// quote puts a value from the file in Polish quotation marks for a message,
// shortened if long and with anything unprintable replaced, so the message
// itself stays clean.
func quote(s string) string {
	const max = 40
	s = strings.TrimSpace(strings.ToValidUTF8(s, "\uFFFD"))
	var b strings.Builder
	b.WriteString("„")
	n := 0
	for _, r := range s {
		if n == max {
			b.WriteString("…")
			break
		}
		if unicode.IsControl(r) {
			r = '\uFFFD'
		}
		b.WriteRune(r)
		n++
	}
	b.WriteString("”")
	return b.String()
}
