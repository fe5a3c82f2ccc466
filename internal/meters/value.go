package meters

import (
	"errors"
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/text"
)

// Value is a meter's count in thousandths of its unit (litres of water,
// megajoules of heat). It is never negative.
type Value int64

// maxWholeDigits bounds the whole part ParseValue accepts: no meter shows
// more than nine digits before the comma.
const maxWholeDigits = 9

// Errors of ParseValue, returned unwrapped.
var (
	// ErrValueSyntax: the text is not a number of the form 123 or 123,456.
	ErrValueSyntax = errors.New("meters: not a meter reading")
	// ErrValuePrecision: more than three digits after the comma.
	ErrValuePrecision = errors.New("meters: more than three decimal digits")
	// ErrValueRange: more than nine digits before the comma.
	ErrValueRange = errors.New("meters: reading too large")
)

// ParseValue reads a meter reading as a person types it: digits, then
// optionally a comma (or a dot) and one to three digits, with surrounding
// whitespace ignored. "123,456" and "123.456" are 123456 thousandths,
// "123,4" is 123400 and "00123" is 123000, as meters show leading zeros.
// A dot is never a thousands separator here: meters do not group digits.
func ParseValue(s string) (Value, error) {
	s = strings.TrimSpace(s)
	whole, fraction, hasSep := strings.Cut(s, ",")
	if !hasSep {
		whole, fraction, hasSep = strings.Cut(s, ".")
	}
	if whole == "" || !text.Digits(whole) || (hasSep && (fraction == "" || !text.Digits(fraction))) {
		return 0, ErrValueSyntax
	}
	if len(fraction) > 3 {
		return 0, ErrValuePrecision
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole) > maxWholeDigits {
		return 0, ErrValueRange
	}
	var v int64
	for _, part := range []string{whole, (fraction + "000")[:3]} {
		for i := 0; i < len(part); i++ {
			v = v*10 + int64(part[i]-'0')
		}
	}
	return Value(v), nil
}

// Format shows the value Polish-style with all three decimals, as a meter
// does: "123,456", "0,050".
func (v Value) Format() string {
	n := int64(v)
	sign := ""
	if n < 0 {
		// Only a use (a difference) can be negative; readings never are.
		sign, n = "-", -n
	}
	frac := strconv.FormatInt(n%1000+1000, 10)[1:]
	return sign + strconv.FormatInt(n/1000, 10) + "," + frac
}

// String is Format, for logs and %v.
func (v Value) String() string { return v.Format() }
