package money

import (
	"errors"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ebok/ebok/internal/text"
)

// Errors returned by Parse and ParsePlain. They are returned unwrapped, so
// callers may compare with == or errors.Is.
var (
	// ErrSyntax reports input that is not an amount: empty input, letters,
	// a lone sign, bad digit grouping or too many decimal digits.
	ErrSyntax = errors.New("money: invalid amount syntax")

	// ErrAmbiguous reports input whose separators could mean either a
	// decimal point or thousands grouping, such as "1.234", "1,234",
	// "1.234,56" or "1,234.56".
	ErrAmbiguous = errors.New("money: ambiguous decimal separator")

	// ErrRange reports an amount that does not fit in an Amount.
	ErrRange = errors.New("money: amount out of range")
)

// minusSign is U+2212 MINUS SIGN, accepted as a leading sign by Parse.
const minusSign = "\u2212"

// currencyNames are the currency suffixes accepted by Parse. They are matched
// case-insensitively.
var currencyNames = [...]string{"zł", "zl", "pln"}

// Parse parses an amount as typed by a person into a Polish form.
//
// Accepted input, surrounded by optional whitespace:
//   - an optional leading sign: "+", "-" or U+2212 MINUS SIGN;
//   - the whole złoty, either as plain digits ("1234") or grouped by three
//     with single spaces, U+00A0 or U+202F ("1 234");
//   - an optional decimal comma followed by one or two digits ("1234,5"
//     means 1234,50 zł);
//   - instead of the comma, a single dot followed by one or two digits
//     ("12.50"), as long as there is no comma;
//   - an optional currency suffix "zł", "zl" or "PLN" in any letter case,
//     with or without a space before it.
//
// A separator followed by exactly three digits ("1.234", "1,234"), mixed
// separators ("1.234,56", "1,234.56") and more than one separator are
// rejected with ErrAmbiguous. Other malformed input is rejected with
// ErrSyntax, and amounts that do not fit in an Amount with ErrRange.
func Parse(s string) (Amount, error) {
	s = trimCurrency(strings.TrimSpace(s))
	negative, body := splitSign(s)
	if body == "" {
		return 0, ErrSyntax
	}
	if !onlyAmountCharacters(body) {
		return 0, ErrSyntax
	}
	whole, fraction, err := splitDecimal(body)
	if err != nil {
		return 0, err
	}
	wholeDigits, err := ungroup(whole)
	if err != nil {
		return 0, err
	}
	return build(negative, wholeDigits, fraction)
}

// ParsePlain parses the machine format used by imports: an optional "-",
// one or more digits, and optionally "." or "," followed by one or two
// digits. Nothing else is accepted, not even surrounding whitespace.
func ParsePlain(s string) (Amount, error) {
	negative := false
	if strings.HasPrefix(s, "-") {
		negative = true
		s = s[1:]
	}
	whole, fraction := s, ""
	if i := strings.IndexAny(s, ".,"); i >= 0 {
		whole, fraction = s[:i], s[i+1:]
		if len(fraction) < 1 || len(fraction) > 2 {
			return 0, ErrSyntax
		}
	}
	if whole == "" || !text.Digits(whole) || !text.Digits(fraction) {
		return 0, ErrSyntax
	}
	return build(negative, whole, fraction)
}

// trimCurrency removes one trailing currency name and any whitespace before
// it.
func trimCurrency(s string) string {
	for _, name := range currencyNames {
		if hasSuffixFold(s, name) {
			return strings.TrimRightFunc(s[:len(s)-len(name)], unicode.IsSpace)
		}
	}
	return s
}

// hasSuffixFold reports whether s ends with suffix, ignoring letter case.
func hasSuffixFold(s, suffix string) bool {
	if len(s) < len(suffix) {
		return false
	}
	return strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

// splitSign removes one leading sign from s and reports whether it was a
// minus.
func splitSign(s string) (negative bool, rest string) {
	switch {
	case strings.HasPrefix(s, "-"):
		return true, s[1:]
	case strings.HasPrefix(s, minusSign):
		return true, s[len(minusSign):]
	case strings.HasPrefix(s, "+"):
		return false, s[1:]
	}
	return false, s
}

// onlyAmountCharacters reports whether s consists only of digits, decimal
// separators and group separators.
func onlyAmountCharacters(s string) bool {
	for _, r := range s {
		if !isDigit(r) && r != ',' && r != '.' && !isGroupSeparator(r) {
			return false
		}
	}
	return true
}

// splitDecimal splits s at its decimal separator, if any, and checks the
// fractional part.
func splitDecimal(s string) (whole, fraction string, err error) {
	commas := strings.Count(s, ",")
	dots := strings.Count(s, ".")
	if commas > 0 && dots > 0 {
		return "", "", ErrAmbiguous
	}
	if commas+dots == 0 {
		return s, "", nil
	}
	if commas+dots > 1 {
		return "", "", ErrAmbiguous
	}
	i := strings.IndexAny(s, ",.")
	whole, fraction = s[:i], s[i+1:]
	if !text.Digits(fraction) {
		return "", "", ErrSyntax
	}
	switch len(fraction) {
	case 1, 2:
		return whole, fraction, nil
	case 3:
		return "", "", ErrAmbiguous
	}
	return "", "", ErrSyntax
}

// ungroup removes thousands separators from the whole part, checking that
// the first group has one to three digits and every other group exactly
// three.
func ungroup(s string) (string, error) {
	if s == "" {
		return "", ErrSyntax
	}
	groups := splitGroups(s)
	if len(groups) == 1 {
		return s, nil
	}
	if len(groups[0]) < 1 || len(groups[0]) > 3 {
		return "", ErrSyntax
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return "", ErrSyntax
		}
	}
	return strings.Join(groups, ""), nil
}

// splitGroups splits s at every group separator. Adjacent separators yield
// empty groups.
func splitGroups(s string) []string {
	var groups []string
	start := 0
	for i, r := range s {
		if isGroupSeparator(r) {
			groups = append(groups, s[start:i])
			start = i + utf8.RuneLen(r)
		}
	}
	return append(groups, s[start:])
}

// build combines the whole and fractional digits into an Amount, reporting
// ErrRange on overflow. The fraction has at most two digits.
func build(negative bool, whole, fraction string) (Amount, error) {
	limit := uint64(math.MaxInt64)
	if negative {
		limit++ // the magnitude of math.MinInt64
	}
	digits := whole + (fraction + "00")[:2]
	var magnitude uint64
	for i := 0; i < len(digits); i++ {
		d := uint64(digits[i] - '0')
		if magnitude > (limit-d)/10 {
			return 0, ErrRange
		}
		magnitude = magnitude*10 + d
	}
	if negative {
		// Unsigned negation wraps, and the conversion yields the exact
		// negative value, including math.MinInt64.
		return Amount(-magnitude), nil
	}
	return Amount(magnitude), nil
}

// isDigit reports whether r is an ASCII digit.
func isDigit(r rune) bool {
	return r >= '0' && r <= '9'
}

// isGroupSeparator reports whether r may separate groups of thousands:
// a space, U+00A0 NO-BREAK SPACE or U+202F NARROW NO-BREAK SPACE.
func isGroupSeparator(r rune) bool {
	return r == ' ' || r == '\u00a0' || r == '\u202f'
}
