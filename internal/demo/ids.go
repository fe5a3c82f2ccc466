package demo

import (
	"fmt"
	"math/rand/v2"

	"github.com/ebok/ebok/internal/text"
)

// digits returns n random decimal digits; the first is non-zero when
// nonZeroFirst is set.
func digits(r *rand.Rand, n int, nonZeroFirst bool) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	if nonZeroFirst && n > 0 {
		b[0] = byte('1' + r.IntN(9))
	}
	return b
}

// weightedCheck returns the sum of the first len(w) digits of d times w,
// modulo m.
func weightedCheck(d []byte, w []int, m int) int {
	s := 0
	for i, wi := range w {
		s += int(d[i]-'0') * wi
	}
	return s % m
}

var (
	nipWeights   = []int{6, 5, 7, 2, 3, 4, 5, 6, 7}
	regonWeights = []int{8, 9, 2, 3, 4, 5, 6, 7}
	// sortCodeWeights give the eighth (check) digit of a Polish bank sort
	// code from the first seven.
	sortCodeWeights = []int{3, 9, 7, 1, 3, 9, 7}
)

// ValidNIP reports whether s is ten digits with a correct NIP check digit.
func ValidNIP(s string) bool {
	if len(s) != 10 || !text.Digits(s) {
		return false
	}
	c := weightedCheck([]byte(s), nipWeights, 11)
	return c != 10 && int(s[9]-'0') == c
}

// ValidREGON reports whether s is nine digits with a correct REGON check
// digit.
func ValidREGON(s string) bool {
	if len(s) != 9 || !text.Digits(s) {
		return false
	}
	return int(s[8]-'0') == weightedCheck([]byte(s), regonWeights, 11)%10
}

// randomNIP returns a tax identification number with a valid check digit
// (a remainder of 10 is not allowed, so such prefixes are drawn again).
func randomNIP(r *rand.Rand) string {
	for {
		d := digits(r, 10, true)
		c := weightedCheck(d, nipWeights, 11)
		if c == 10 {
			continue
		}
		d[9] = byte('0' + c)
		return string(d)
	}
}

// randomREGON returns a 9-digit statistical number with a valid check digit
// (a remainder of 10 counts as 0).
func randomREGON(r *rand.Rand) string {
	d := digits(r, 9, true)
	d[8] = byte('0' + weightedCheck(d, regonWeights, 11)%10)
	return string(d)
}

// randomKRS returns a 10-digit National Court Register number.
func randomKRS(r *rand.Rand) string {
	return "0000" + string(digits(r, 6, true))
}

// randomSortCode returns an 8-digit bank sort code whose last digit checks
// the first seven.
func randomSortCode(r *rand.Rand) string {
	d := digits(r, 8, true)
	d[7] = byte('0' + (10-weightedCheck(d, sortCodeWeights, 10))%10)
	return string(d)
}

// randomMobile returns a Polish-style mobile number.
func randomMobile(r *rand.Rand) string {
	first := []int{50, 51, 53, 57, 60, 66, 69, 72, 78, 79, 88}[r.IntN(11)]
	return fmt.Sprintf("+48 %d%d %03d %03d", first, r.IntN(10), r.IntN(1000), r.IntN(1000))
}

// landline returns a Polish-style landline number with a made-up area code.
func landline(r *rand.Rand, area int) string {
	return fmt.Sprintf("+48 %02d %03d %02d %02d", area, r.IntN(1000), r.IntN(100), r.IntN(100))
}
