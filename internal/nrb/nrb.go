// Package nrb validates and formats Polish bank account numbers (NRB, numer
// rachunku bankowego) and their IBAN form.
//
// An NRB has 26 digits: 2 check digits, an 8-digit bank sort code and a
// 16-digit account number. The check digits are those of the IBAN with
// country code PL: moving "PL" and the check digits to the end, with P=25
// and L=21, gives a number whose remainder modulo 97 is 1.
package nrb

import (
	"errors"
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/text"
)

// Lengths of an NRB and its parts, in digits.
const (
	// Length is the number of digits in an NRB.
	Length = 26
	// SortCodeLength is the number of digits in a bank sort code.
	SortCodeLength = 8
	// AccountLength is the number of digits in the account part.
	AccountLength = 16
)

// countryDigits is "PL" in IBAN digit form (P=25, L=21).
const countryDigits = "2521"

// Errors returned by Parse and New. They are returned unwrapped, so callers
// may compare with == or errors.Is.
var (
	// ErrLength reports a number with the wrong count of digits.
	ErrLength = errors.New("nrb: wrong number of digits")

	// ErrCharacter reports a character other than a digit, a separator or
	// the leading "PL".
	ErrCharacter = errors.New("nrb: invalid character")

	// ErrChecksum reports a number whose check digits do not match.
	ErrChecksum = errors.New("nrb: check digits do not match")
)

// Number is a Polish bank account number in canonical form: exactly 26 ASCII
// digits, without the country code or separators. Values obtained from Parse
// or New are always valid.
type Number string

// Parse parses an account number as written by a person or printed by a
// bank. Spaces (ASCII, U+00A0 and U+202F) and hyphens are ignored, as is an
// optional leading "PL" in any letter case (the IBAN form). The remaining
// text must be 26 digits with correct check digits.
func Parse(s string) (Number, error) {
	digits := stripCountry(stripSeparators(s))
	if !text.Digits(digits) {
		return "", ErrCharacter
	}
	if len(digits) != Length {
		return "", ErrLength
	}
	if !checkDigitsValid(digits) {
		return "", ErrChecksum
	}
	return Number(digits), nil
}

// New builds a valid account number from an 8-digit sort code and a 16-digit
// account part, computing the check digits. It is used to generate virtual
// accounts. Both parts must be digits only, without separators.
func New(sortCode string, account string) (Number, error) {
	if !text.Digits(sortCode) || !text.Digits(account) {
		return "", ErrCharacter
	}
	if len(sortCode) != SortCodeLength || len(account) != AccountLength {
		return "", ErrLength
	}
	bban := sortCode + account
	check := 98 - mod97(mod97(0, bban), countryDigits+"00")
	return Number(twoDigits(check) + bban), nil
}

// IsValid reports whether n is in canonical form with correct check digits.
func (n Number) IsValid() bool {
	parsed, err := Parse(string(n))
	return err == nil && parsed == n
}

// Format returns the number grouped as banks print it, for example
// "61 1090 1014 0000 0712 1981 2874". A Number that is not 26 digits is
// returned unchanged.
func (n Number) Format() string {
	if !n.wellFormed() {
		return string(n)
	}
	return string(n[:2]) + " " + groupsOfFour(string(n[2:]))
}

// String returns the same text as Format.
func (n Number) String() string {
	return n.Format()
}

// IBAN returns the electronic IBAN form, for example
// "PL61109010140000071219812874". A Number that is not 26 digits is
// returned unchanged.
func (n Number) IBAN() string {
	if !n.wellFormed() {
		return string(n)
	}
	return "PL" + string(n)
}

// IBANFormat returns the printed IBAN form, for example
// "PL61 1090 1014 0000 0712 1981 2874". A Number that is not 26 digits is
// returned unchanged.
func (n Number) IBANFormat() string {
	if !n.wellFormed() {
		return string(n)
	}
	return "PL" + n.Format()
}

// SortCode returns the 8-digit bank sort code (numer rozliczeniowy), or an
// empty string if n is not 26 digits.
func (n Number) SortCode() string {
	if !n.wellFormed() {
		return ""
	}
	return string(n[2 : 2+SortCodeLength])
}

// Account returns the 16-digit account part, or an empty string if n is not
// 26 digits.
func (n Number) Account() string {
	if !n.wellFormed() {
		return ""
	}
	return string(n[2+SortCodeLength:])
}

// wellFormed reports whether n is 26 digits, regardless of check digits.
func (n Number) wellFormed() bool {
	return len(n) == Length && text.Digits(string(n))
}

// stripSeparators removes surrounding whitespace, spaces, no-break spaces
// and hyphens.
func stripSeparators(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		if r == ' ' || r == '\u00a0' || r == '\u202f' || r == '-' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// stripCountry removes a leading "PL" in any letter case.
func stripCountry(s string) string {
	if len(s) >= 2 && strings.EqualFold(s[:2], "PL") {
		return s[2:]
	}
	return s
}

// checkDigitsValid reports whether the 26 digits pass the IBAN check. Check
// digits 00, 01 and 99 are never issued (ISO 13616 uses 02 to 98) and are
// rejected even though they can satisfy the remainder test.
func checkDigitsValid(digits string) bool {
	check := digits[:2]
	if check == "00" || check == "01" || check == "99" {
		return false
	}
	r := mod97(0, digits[2:])
	r = mod97(r, countryDigits)
	r = mod97(r, check)
	return r == 1
}

// mod97 continues a remainder computation: it returns the remainder modulo
// 97 of the number whose decimal digits are those of r followed by digits.
func mod97(r int, digits string) int {
	for i := 0; i < len(digits); i++ {
		r = (r*10 + int(digits[i]-'0')) % 97
	}
	return r
}

// twoDigits formats n, which is in 0..99, with a leading zero.
func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// groupsOfFour separates s into groups of four characters with spaces.
func groupsOfFour(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+4, len(s))])
	}
	return b.String()
}
