package bankstmt

import (
	"strings"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/text"
)

// maxSwiftWhole is the largest number of whole złoty MT940 can carry: an
// amount has at most 15 characters including the decimal comma.
const maxSwiftWhole = 99_999_999_999_999

// entry is a parsed :61: statement line with the :86: that follows it.
type entry struct {
	line     int
	valueOn  civil.Date
	bookedOn civil.Date
	amount   money.Amount
	custRef  string   // reference for the account owner, before "//"
	bankRef  string   // the bank's reference, after "//"
	details  []string // supplementary details: the continuation lines
	typeCode string   // transaction type such as "NTRF" or "S051"
	// infoLines are the lines of each :86: field that followed it.
	infoLines [][]string
}

// balance is a parsed :60F:, :60M:, :62F: or :62M: field.
type balance struct {
	on       civil.Date
	currency string
	amount   money.Amount
}

// parseBalance parses a balance field: D/C mark, YYMMDD date, currency and
// amount, for example "C261120PLN1234,56".
func parseBalance(v string) (balance, error) {
	v = strings.TrimSpace(v)
	if len(v) < 11 {
		return balance{}, bad(KeyBalanceShort, q(v))
	}
	var sign money.Amount
	switch v[0] {
	case 'C':
		sign = 1
	case 'D':
		sign = -1
	default:
		return balance{}, bad(KeyBalanceMark, q(v))
	}
	on, err := parseYYMMDD(v[1:7])
	if err != nil {
		return balance{}, err
	}
	currency := v[7:10]
	amount, n, err := parseSwiftAmount(v[10:])
	if err != nil {
		return balance{}, err
	}
	if rest := strings.TrimSpace(v[10+n:]); rest != "" {
		return balance{}, bad(KeyBalanceExtra, q(rest))
	}
	return balance{on: on, currency: currency, amount: sign * amount}, nil
}

// parseEntry parses the first line of a :61: field:
//
//	YYMMDD [MMDD] (C|D|RC|RD) [funds code] amount [type code] [ref] [//bank ref]
//
// for example "2611201120CN450,00NTRFNONREF//MB2611200001". Reversal marks
// turn the sign: RC (reversal of a credit) is a debit, RD a credit.
func parseEntry(v string) (entry, error) {
	var e entry
	v = strings.TrimSpace(v)
	if len(v) < 6 {
		return e, bad(KeyEntryShort, q(v))
	}
	var err error
	if e.valueOn, err = parseYYMMDD(v[:6]); err != nil {
		return e, err
	}
	rest := v[6:]
	e.bookedOn = e.valueOn
	if len(rest) >= 4 && allDigits(rest[:4]) {
		if e.bookedOn, err = parseEntryDate(rest[:4], e.valueOn); err != nil {
			return e, err
		}
		rest = rest[4:]
	}
	sign, rest, err := cutMark(rest)
	if err != nil {
		return e, err
	}
	if len(rest) > 0 && rest[0] >= 'A' && rest[0] <= 'Z' {
		rest = rest[1:] // funds code: the third letter of the currency
	}
	amount, n, err := parseSwiftAmount(rest)
	if err != nil {
		return e, err
	}
	if amount == 0 {
		return e, bad(KeyAmountZero)
	}
	e.amount = sign * amount
	rest = rest[n:]
	if rest != "" && !isUpperLetter(rest[0]) && !strings.HasPrefix(rest, "//") {
		return e, bad(KeyAmountExtra, q(rest))
	}
	if !strings.HasPrefix(rest, "//") {
		e.typeCode = rest[:min(4, len(rest))]
	}
	custRef, bankRef, _ := strings.Cut(rest[len(e.typeCode):], "//")
	e.custRef, e.bankRef = strings.TrimSpace(custRef), strings.TrimSpace(bankRef)
	return e, nil
}

// cutMark removes the debit/credit mark from the start of s and returns the
// sign it gives the amount.
func cutMark(s string) (money.Amount, string, error) {
	switch {
	case strings.HasPrefix(s, "RC"):
		return -1, s[2:], nil
	case strings.HasPrefix(s, "RD"):
		return 1, s[2:], nil
	case strings.HasPrefix(s, "C"):
		return 1, s[1:], nil
	case strings.HasPrefix(s, "D"):
		return -1, s[1:], nil
	}
	return 0, s, bad(KeyMarkMissing, q(s))
}

// parseSwiftAmount reads an amount at the start of s in SWIFT form: digits,
// a decimal comma and at most two decimals, as in "1234,56", "0001234,5" or
// "1234,". A dot, a missing comma or a third decimal is refused, never
// guessed. It returns the amount and how many bytes it used.
func parseSwiftAmount(s string) (money.Amount, int, error) {
	i := 0
	var whole money.Amount
	for i < len(s) && isDigit(s[i]) {
		whole = whole*10 + money.Amount(s[i]-'0')
		if whole > maxSwiftWhole {
			return 0, 0, bad(KeyAmountLarge, q(s))
		}
		i++
	}
	if i == 0 {
		return 0, 0, bad(KeyAmountMissing, q(s))
	}
	if i >= len(s) || s[i] != ',' {
		return 0, 0, bad(KeyAmountNotSwift, q(amountText(s)))
	}
	i++
	var cents money.Amount
	for k := 0; k < 2; k++ {
		cents *= 10
		if i < len(s) && isDigit(s[i]) {
			cents += money.Amount(s[i] - '0')
			i++
		}
	}
	if i < len(s) && isDigit(s[i]) {
		return 0, 0, bad(KeyAmountNotSwift, q(amountText(s)))
	}
	return whole*100 + cents, i, nil
}

// amountText is the amount-like start of s (digits, commas, dots), for a
// message.
func amountText(s string) string {
	end := 0
	for end < len(s) && (isDigit(s[end]) || s[end] == ',' || s[end] == '.') {
		end++
	}
	if end == 0 {
		return s
	}
	return s[:end]
}

// parseYYMMDD parses a six-digit date. Years 80 to 99 are read as 1980 to
// 1999 and the rest as 2000 to 2079.
func parseYYMMDD(s string) (civil.Date, error) {
	if len(s) != 6 || !allDigits(s) {
		return civil.Date{}, bad(KeyDateFormat, q(s))
	}
	yy := atoi2(s[0:2])
	year := 2000 + yy
	if yy >= 80 {
		year = 1900 + yy
	}
	d, err := civil.NewDate(year, time.Month(atoi2(s[2:4])), atoi2(s[4:6]))
	if err != nil {
		return civil.Date{}, bad(KeyDateNone, q(s))
	}
	return d, nil
}

// parseEntryDate parses the MMDD entry (booking) date of a :61: line. It
// carries no year: the year is the one that puts the entry date closest to
// the value date, so a value date of 31 December with an entry date of 0102
// is booked on 2 January of the next year, and the reverse.
func parseEntryDate(s string, value civil.Date) (civil.Date, error) {
	month, day := time.Month(atoi2(s[0:2])), atoi2(s[2:4])
	var best civil.Date
	for _, year := range [...]int{value.Year, value.Year - 1, value.Year + 1} {
		d, err := civil.NewDate(year, month, day)
		if err != nil {
			continue
		}
		if best.IsZero() || abs(d.DaysSince(value)) < abs(best.DaysSince(value)) {
			best = d
		}
	}
	if best.IsZero() {
		return civil.Date{}, bad(KeyEntryDateNone, q(s))
	}
	return best, nil
}

// atoi2 converts two ASCII digits to a number.
func atoi2(s string) int {
	return int(s[0]-'0')*10 + int(s[1]-'0')
}

// abs returns the absolute value of n.
func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// isDigit reports whether c is an ASCII digit.
func isDigit(c byte) bool {
	return c >= '0' && c <= '9'
}

// isUpperLetter reports whether c is an ASCII capital letter.
func isUpperLetter(c byte) bool {
	return c >= 'A' && c <= 'Z'
}

// allDigits reports whether s is non-empty and made of ASCII digits only.
func allDigits(s string) bool {
	return s != "" && text.Digits(s)
}
