// Package money represents amounts of Polish złoty as an integer number of
// grosze and converts them to and from the textual forms used in the portal.
//
// Floating point numbers are never used: every value is an exact int64 count
// of grosze (1 zł = 100 gr).
package money

import (
	"math"
	"strconv"
	"strings"
)

// Amount is an amount of money in PLN, expressed in grosze (1 zł = 100 gr).
// The zero value is 0,00 zł.
type Amount int64

// nbsp is U+00A0 NO-BREAK SPACE, used for thousands grouping and between the
// number and the currency so that a formatted amount never wraps.
const nbsp = "\u00a0"

// currencySuffix is appended by Format.
const currencySuffix = nbsp + "zł"

// Grosze returns the amount as an integer number of grosze.
func (a Amount) Grosze() int64 {
	return int64(a)
}

// Abs returns the absolute value of a. The absolute value of the smallest
// representable Amount does not fit in an Amount, so it saturates to the
// largest representable Amount (one grosz less).
func (a Amount) Abs() Amount {
	if a >= 0 {
		return a
	}
	if a == math.MinInt64 {
		return math.MaxInt64
	}
	return -a
}

// Format returns the amount in Polish notation with the currency, for example
// "1 234,56 zł", "0,05 zł" or "-1 234,56 zł". Thousands are separated with
// U+00A0 NO-BREAK SPACE, and U+00A0 also separates the number from "zł".
// Negative amounts start with an ASCII hyphen-minus.
func (a Amount) Format() string {
	return a.FormatNumber() + currencySuffix
}

// FormatNumber is like Format but without the currency, for example
// "1 234,56" (grouped with U+00A0 NO-BREAK SPACE).
func (a Amount) FormatNumber() string {
	return a.format(nbsp, ",")
}

// Plain returns the amount in a machine-friendly form with a decimal dot and
// no grouping, for example "-1234.56" or "0.05".
func (a Amount) Plain() string {
	return a.format("", ".")
}

// String returns the same text as Format.
func (a Amount) String() string {
	return a.Format()
}

// format renders the amount with the given thousands and decimal separators.
func (a Amount) format(groupSep, decimalSep string) string {
	negative, magnitude := a.magnitude()
	var b strings.Builder
	if negative {
		b.WriteByte('-')
	}
	b.WriteString(groupDigits(strconv.FormatUint(magnitude/100, 10), groupSep))
	b.WriteString(decimalSep)
	cents := magnitude % 100
	b.WriteByte(byte('0' + cents/10))
	b.WriteByte(byte('0' + cents%10))
	return b.String()
}

// magnitude splits a into its sign and absolute value. The absolute value is
// unsigned so that math.MinInt64 is handled without overflow.
func (a Amount) magnitude() (negative bool, magnitude uint64) {
	if a < 0 {
		// Unsigned negation wraps modulo 2^64, which yields the exact
		// absolute value even for math.MinInt64.
		return true, -uint64(a)
	}
	return false, uint64(a)
}

// groupDigits inserts sep between groups of three digits, counted from the
// right. An empty sep returns digits unchanged.
func groupDigits(digits string, sep string) string {
	if sep == "" || len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	for i := 0; i < len(digits); i++ {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteByte(digits[i])
	}
	return b.String()
}
