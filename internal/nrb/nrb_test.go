package nrb

import (
	"errors"
	"math/big"
	"strings"
	"testing"
)

// published is the widely published example account (Wikipedia's IBAN
// article, Poland).
const published = "61109010140000071219812874"

// knownValid are valid numbers whose check digits were verified
// independently with arbitrary-precision arithmetic.
var knownValid = []string{
	published,
	"27114020040000300201355387",
	"83101010230000261395100000",
	"10105000997603123456789123",
}

// bigRemainder is an oracle for the IBAN check using math/big.
func bigRemainder(digits string) int64 {
	n, ok := new(big.Int).SetString(digits[2:]+"2521"+digits[:2], 10)
	if !ok {
		panic("bad test digits " + digits)
	}
	return new(big.Int).Mod(n, big.NewInt(97)).Int64()
}

func TestKnownValid(t *testing.T) {
	for _, s := range knownValid {
		if bigRemainder(s) != 1 {
			t.Fatalf("test data %s is not valid", s)
		}
		n, err := Parse(s)
		if err != nil || string(n) != s {
			t.Errorf("Parse(%q) = %q, %v", s, n, err)
		}
		if !n.IsValid() {
			t.Errorf("%q.IsValid() = false", s)
		}
		built, err := New(s[2:10], s[10:])
		if err != nil || built != n {
			t.Errorf("New(%q, %q) = %q, %v; want %q", s[2:10], s[10:], built, err, s)
		}
	}
}

func TestParseForms(t *testing.T) {
	inputs := []string{
		"61109010140000071219812874",
		"61 1090 1014 0000 0712 1981 2874",
		"PL61 1090 1014 0000 0712 1981 2874",
		"PL61109010140000071219812874",
		"pl61109010140000071219812874",
		"Pl61 1090 1014 0000 0712 1981 2874",
		"pL 61 1090 1014 0000 0712 1981 2874",
		"  61 1090 1014 0000 0712 1981 2874\n",
		"61\u00a01090\u00a01014\u00a00000\u00a00712\u00a01981\u00a02874",
		"61\u202f1090\u202f1014\u202f0000\u202f0712\u202f1981\u202f2874",
		"61-1090-1014-0000-0712-1981-2874",
		"61 1090-1014 0000-0712 1981-2874",
		"6110 9010 1400 0007 1219 8128 74",
		"\tPL61 1090 1014 0000 0712 1981 2874\t",
	}
	for _, s := range inputs {
		n, err := Parse(s)
		if err != nil || n != published {
			t.Errorf("Parse(%q) = %q, %v; want %q", s, n, err, published)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{"", ErrLength},
		{"   ", ErrLength},
		{"PL", ErrLength},
		{"6110901014000007121981287", ErrLength},   // 25 digits
		{"611090101400000712198128740", ErrLength}, // 27 digits
		{"PL6110901014000007121981287", ErrLength},
		{"1090101400000712198128", ErrLength},
		{"61 1090 1014 0000 0712 1981 287A", ErrCharacter},
		{"61.1090.1014.0000.0712.1981.2874", ErrCharacter},
		{"61_1090_1014_0000_0712_1981_2874", ErrCharacter},
		{"DE89370400440532013000", ErrCharacter},
		{"PLPL61109010140000071219812874", ErrCharacter},
		{"61109010140000071219812874PL", ErrCharacter},
		{"P L61109010140000071219812874", nil}, // separators are stripped first
		{"+61109010140000071219812874", ErrCharacter},
		{"٦١109010140000071219812874", ErrCharacter},
		{"61109010140000071219812874\xff", ErrCharacter},
		{"61\t1090 1014 0000 0712 1981 2874", ErrCharacter},
		{"62109010140000071219812874", ErrChecksum},
		{"00000000000000000000000000", ErrChecksum},
		{"11111111111111111111111111", ErrChecksum},
	}
	for _, tt := range tests {
		n, err := Parse(tt.in)
		if !errors.Is(err, tt.want) {
			t.Errorf("Parse(%q) = %q, %v; want error %v", tt.in, n, err, tt.want)
		}
		if err != nil && n != "" {
			t.Errorf("Parse(%q) returned %q with error", tt.in, n)
		}
	}
}

func TestErrorsAreDistinct(t *testing.T) {
	all := []error{ErrLength, ErrCharacter, ErrChecksum}
	for i, a := range all {
		for j, b := range all {
			if i != j && errors.Is(a, b) {
				t.Errorf("%v matches %v", a, b)
			}
		}
	}
}

func TestRejectsUnissuedCheckDigits(t *testing.T) {
	// Check digits 00 and 97 (also 01/98 and 02/99) are congruent modulo
	// 97, so both pass the remainder test; only 02..98 are ever issued.
	tested := 0
	for _, n := range generated(t, 2000) {
		var alias string
		switch n[:2] {
		case "97":
			alias = "00"
		case "98":
			alias = "01"
		case "02":
			alias = "99"
		default:
			continue
		}
		tested++
		aliased := alias + string(n[2:])
		if bigRemainder(aliased) != 1 {
			t.Fatalf("%s does not pass the remainder test", aliased)
		}
		if _, err := Parse(aliased); !errors.Is(err, ErrChecksum) {
			t.Errorf("Parse(%s) error = %v, want ErrChecksum", aliased, err)
		}
	}
	if tested == 0 {
		t.Fatal("no numbers with check digits 97, 98 or 02 generated")
	}
	for _, check := range []string{"00", "01", "99"} {
		for _, bban := range []string{"109010140000071219812874", "000000000000000000000000"} {
			if _, err := Parse(check + bban); !errors.Is(err, ErrChecksum) {
				t.Errorf("Parse(%s%s) error = %v, want ErrChecksum", check, bban, err)
			}
		}
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		sortCode, account string
		want              Number
		err               error
	}{
		{"10901014", "0000071219812874", published, nil},
		{"00000000", "0000000000000000", "", nil},
		{"99999999", "9999999999999999", "", nil},
		{"1090101", "0000071219812874", "", ErrLength},
		{"109010140", "0000071219812874", "", ErrLength},
		{"10901014", "000007121981287", "", ErrLength},
		{"10901014", "00000712198128740", "", ErrLength},
		{"", "", "", ErrLength},
		{"1090 101", "0000071219812874", "", ErrCharacter},
		{"10901014", "0000-71219812874", "", ErrCharacter},
		{"1090101A", "0000071219812874", "", ErrCharacter},
	}
	for _, tt := range tests {
		n, err := New(tt.sortCode, tt.account)
		if !errors.Is(err, tt.err) {
			t.Errorf("New(%q, %q) error = %v, want %v", tt.sortCode, tt.account, err, tt.err)
			continue
		}
		if err != nil {
			if n != "" {
				t.Errorf("New(%q, %q) = %q with error", tt.sortCode, tt.account, n)
			}
			continue
		}
		if tt.want != "" && n != tt.want {
			t.Errorf("New(%q, %q) = %q, want %q", tt.sortCode, tt.account, n, tt.want)
		}
		if string(n[2:]) != tt.sortCode+tt.account || bigRemainder(string(n)) != 1 || !n.IsValid() {
			t.Errorf("New(%q, %q) = %q is not valid", tt.sortCode, tt.account, n)
		}
	}
}

// generated returns many valid numbers built with New from a deterministic
// pseudo-random sequence.
func generated(t *testing.T, count int) []Number {
	t.Helper()
	var out []Number
	x := uint64(0x2545f4914f6cdd1d)
	next := func(length int) string {
		var b strings.Builder
		for b.Len() < length {
			x = x*6364136223846793005 + 1442695040888963407
			b.WriteByte(byte('0' + (x>>33)%10))
		}
		return b.String()
	}
	for i := 0; i < count; i++ {
		n, err := New(next(8), next(16))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

func TestNewMatchesOracle(t *testing.T) {
	for _, n := range generated(t, 2000) {
		if bigRemainder(string(n)) != 1 {
			t.Fatalf("New produced %q, which fails the big.Int check", n)
		}
		if parsed, err := Parse(string(n)); err != nil || parsed != n {
			t.Fatalf("Parse(%q) = %q, %v", n, parsed, err)
		}
	}
}

func TestSingleDigitMutationsDetected(t *testing.T) {
	numbers := append(generated(t, 50), Number(published))
	for _, n := range numbers {
		for i := 0; i < Length; i++ {
			for c := byte('0'); c <= '9'; c++ {
				if c == n[i] {
					continue
				}
				mutated := string(n[:i]) + string(c) + string(n[i+1:])
				if _, err := Parse(mutated); !errors.Is(err, ErrChecksum) {
					t.Fatalf("mutation %q of %q not detected: %v", mutated, n, err)
				}
			}
		}
	}
}

func TestAdjacentTranspositionsDetected(t *testing.T) {
	numbers := append(generated(t, 200), Number(published))
	for _, n := range numbers {
		for i := 0; i+1 < Length; i++ {
			if n[i] == n[i+1] {
				continue
			}
			swapped := string(n[:i]) + string(n[i+1]) + string(n[i]) + string(n[i+2:])
			if _, err := Parse(swapped); !errors.Is(err, ErrChecksum) {
				t.Fatalf("transposition %q of %q not detected: %v", swapped, n, err)
			}
		}
	}
}

func TestFormatting(t *testing.T) {
	n := Number(published)
	checks := []struct {
		name, got, want string
	}{
		{"Format", n.Format(), "61 1090 1014 0000 0712 1981 2874"},
		{"String", n.String(), "61 1090 1014 0000 0712 1981 2874"},
		{"IBAN", n.IBAN(), "PL61109010140000071219812874"},
		{"IBANFormat", n.IBANFormat(), "PL61 1090 1014 0000 0712 1981 2874"},
		{"SortCode", n.SortCode(), "10901014"},
		{"Account", n.Account(), "0000071219812874"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s() = %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestMalformedNumberMethods(t *testing.T) {
	for _, n := range []Number{"", "123", "PL61109010140000071219812874", "6110901014000007121981287x"} {
		if got := n.Format(); got != string(n) {
			t.Errorf("%q.Format() = %q", n, got)
		}
		if got := n.IBAN(); got != string(n) {
			t.Errorf("%q.IBAN() = %q", n, got)
		}
		if got := n.IBANFormat(); got != string(n) {
			t.Errorf("%q.IBANFormat() = %q", n, got)
		}
		if n.SortCode() != "" || n.Account() != "" {
			t.Errorf("%q has parts", n)
		}
		if n.IsValid() {
			t.Errorf("%q.IsValid() = true", n)
		}
	}
	if Number("62109010140000071219812874").IsValid() {
		t.Error("bad check digits reported valid")
	}
}

func TestRoundTrip(t *testing.T) {
	for _, n := range append(generated(t, 500), Number(published)) {
		checkRoundTrip(t, n)
	}
}

// checkRoundTrip verifies that every printed form of n parses back to n.
func checkRoundTrip(t *testing.T, n Number) {
	t.Helper()
	for _, s := range []string{string(n), n.Format(), n.String(), n.IBAN(), n.IBANFormat()} {
		back, err := Parse(s)
		if err != nil || back != n {
			t.Fatalf("Parse(%q) = %q, %v; want %q", s, back, err, n)
		}
	}
	if again, err := New(n.SortCode(), n.Account()); err != nil || again != n {
		t.Fatalf("New(%q, %q) = %q, %v; want %q", n.SortCode(), n.Account(), again, err, n)
	}
}

func FuzzParse(f *testing.F) {
	seeds := []string{
		published,
		"PL61 1090 1014 0000 0712 1981 2874",
		"pl61-1090-1014-0000-0712-1981-2874",
		"62109010140000071219812874",
		"00000000000000000000000000",
		"", "PL", "DE89370400440532013000", "61\u00a01090",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Parse(s)
		if err != nil {
			if !errors.Is(err, ErrLength) && !errors.Is(err, ErrCharacter) && !errors.Is(err, ErrChecksum) {
				t.Fatalf("Parse(%q) unexpected error %v", s, err)
			}
			return
		}
		if len(n) != Length || bigRemainder(string(n)) != 1 {
			t.Fatalf("Parse(%q) = %q, which is not valid", s, n)
		}
		checkRoundTrip(t, n)
	})
}
