package web

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// An id in a form is decimal digits: no base prefix, octal zero or
// trailing text changes or completes it.
func TestParseID(t *testing.T) {
	for v, want := range map[string]int64{"12": 12, " 7 ": 7, "012": 12, "0x10": 0, "0b11": 0, "12abc": 0, "12 34": 0,
		"1_000": 0, "0": 0, "-3": 0, "": 0, "9223372036854775808": 0} {
		if id, ok := parseID(v); ok != (want > 0) || (ok && id != want) {
			t.Errorf("parseID(%q) = %d, %v; want %d", v, id, ok, want)
		}
	}
}

// FuzzFormNumbers: an id or a meter quantity read from a form is the
// number its digits write, and a number written the way the pages write
// it reads back as itself.
func FuzzFormNumbers(f *testing.F) {
	for _, s := range []string{"12", " 7 ", "012", "0x10", "12abc", "42,315", "42.315", "42", ",5", "1,2,3", "+5", "١٢"} {
		f.Add(s, int64(42315))
	}
	f.Fuzz(func(t *testing.T, v string, n int64) {
		if id, ok := parseID(v); ok {
			digits := strings.TrimPrefix(strings.TrimSpace(v), "+")
			if id <= 0 || strings.TrimLeft(digits, "0") != strconv.FormatInt(id, 10) {
				t.Fatalf("parseID(%q) = %d", v, id)
			}
		}
		if id, ok := parseID(strconv.FormatInt(n, 10)); ok != (n > 0) || (ok && id != n) {
			t.Fatalf("parseID(%d) = %d, %v", n, id, ok)
		}
		if q, err := parseThousandths(v); err == nil {
			whole, frac, _ := strings.Cut(strings.ReplaceAll(strings.TrimSpace(v), ".", ","), ",")
			digits := strings.TrimLeft(whole+frac+strings.Repeat("0", 3-len(frac)), "0")
			if q < 0 || (q == 0) != (digits == "") || (q != 0 && strconv.FormatInt(q, 10) != digits) {
				t.Fatalf("parseThousandths(%q) = %d", v, q)
			}
		} else if err != errQuantity {
			t.Fatalf("parseThousandths(%q): %v", v, err)
		}
		if n >= 0 && n < 1e15 {
			if q, err := parseThousandths(fmt.Sprintf("%d,%03d", n/1000, n%1000)); err != nil || q != n {
				t.Fatalf("parseThousandths of %d = %d, %v", n, q, err)
			}
		}
	})
}
