package money

import (
	"errors"
	"math"
	"testing"
)

const (
	nb  = "\u00a0" // NO-BREAK SPACE
	nnb = "\u202f" // NARROW NO-BREAK SPACE
)

func TestFormat(t *testing.T) {
	tests := []struct {
		in     Amount
		format string
		number string
		plain  string
	}{
		{0, "0,00" + nb + "zł", "0,00", "0.00"},
		{5, "0,05" + nb + "zł", "0,05", "0.05"},
		{-5, "-0,05" + nb + "zł", "-0,05", "-0.05"},
		{10, "0,10" + nb + "zł", "0,10", "0.10"},
		{99, "0,99" + nb + "zł", "0,99", "0.99"},
		{100, "1,00" + nb + "zł", "1,00", "1.00"},
		{-100, "-1,00" + nb + "zł", "-1,00", "-1.00"},
		{99999, "999,99" + nb + "zł", "999,99", "999.99"},
		{100000, "1" + nb + "000,00" + nb + "zł", "1" + nb + "000,00", "1000.00"},
		{123456, "1" + nb + "234,56" + nb + "zł", "1" + nb + "234,56", "1234.56"},
		{-123456, "-1" + nb + "234,56" + nb + "zł", "-1" + nb + "234,56", "-1234.56"},
		{12345678, "123" + nb + "456,78" + nb + "zł", "123" + nb + "456,78", "123456.78"},
		{123456789, "1" + nb + "234" + nb + "567,89" + nb + "zł", "1" + nb + "234" + nb + "567,89", "1234567.89"},
		{-100000000, "-1" + nb + "000" + nb + "000,00" + nb + "zł", "-1" + nb + "000" + nb + "000,00", "-1000000.00"},
		{
			math.MaxInt64,
			"92" + nb + "233" + nb + "720" + nb + "368" + nb + "547" + nb + "758,07" + nb + "zł",
			"92" + nb + "233" + nb + "720" + nb + "368" + nb + "547" + nb + "758,07",
			"92233720368547758.07",
		},
		{
			math.MinInt64,
			"-92" + nb + "233" + nb + "720" + nb + "368" + nb + "547" + nb + "758,08" + nb + "zł",
			"-92" + nb + "233" + nb + "720" + nb + "368" + nb + "547" + nb + "758,08",
			"-92233720368547758.08",
		},
	}
	for _, tt := range tests {
		if got := tt.in.Format(); got != tt.format {
			t.Errorf("Amount(%d).Format() = %q, want %q", int64(tt.in), got, tt.format)
		}
		if got := tt.in.String(); got != tt.format {
			t.Errorf("Amount(%d).String() = %q, want %q", int64(tt.in), got, tt.format)
		}
		if got := tt.in.FormatNumber(); got != tt.number {
			t.Errorf("Amount(%d).FormatNumber() = %q, want %q", int64(tt.in), got, tt.number)
		}
		if got := tt.in.Plain(); got != tt.plain {
			t.Errorf("Amount(%d).Plain() = %q, want %q", int64(tt.in), got, tt.plain)
		}
	}
}

func TestGroszeAndAbs(t *testing.T) {
	tests := []struct {
		in  Amount
		abs Amount
	}{
		{0, 0},
		{1, 1},
		{-1, 1},
		{-123456, 123456},
		{math.MaxInt64, math.MaxInt64},
		{-math.MaxInt64, math.MaxInt64},
		{math.MinInt64, math.MaxInt64}, // saturates
	}
	for _, tt := range tests {
		if got := tt.in.Abs(); got != tt.abs {
			t.Errorf("Amount(%d).Abs() = %d, want %d", int64(tt.in), got, tt.abs)
		}
		if got := tt.in.Grosze(); got != int64(tt.in) {
			t.Errorf("Amount(%d).Grosze() = %d", int64(tt.in), got)
		}
	}
}

func TestParseValid(t *testing.T) {
	tests := []struct {
		in   string
		want Amount
	}{
		{"0", 0},
		{"1234", 123400},
		{"1234,56", 123456},
		{"1234,5", 123450},
		{"1234,05", 123405},
		{"0,05", 5},
		{"0,5", 50},
		{"007", 700},
		{"1 234,56", 123456},
		{"1" + nb + "234,56", 123456},
		{"1" + nnb + "234,56", 123456},
		{"1 234", 123400},
		{"12 345 678,90", 1234567890},
		{"1 234" + nb + "567", 123456700},
		{"123 456", 12345600},
		{"-1234,56", -123456},
		{"\u22121234,56", -123456},
		{"+1234,56", 123456},
		{"-0,05", -5},
		{"-0", 0},
		{"  1234,56  ", 123456},
		{" 1 234 ", 123400},
		{"\t1234,56\n", 123456},
		{nb + "1234,56" + nb, 123456},
		{"1234,56 zł", 123456},
		{"1234,56zł", 123456},
		{"1234,56 ZŁ", 123456},
		{"1234,56 Zł", 123456},
		{"1234,56 zl", 123456},
		{"1234,56 ZL", 123456},
		{"1234,56 PLN", 123456},
		{"1234,56pln", 123456},
		{"1234,56 Pln", 123456},
		{"1234,56" + nb + "zł", 123456},
		{"  -1 234,56 zł  ", -123456},
		{"12.50", 1250},
		{"12.5", 1250},
		{"0.01", 1},
		{"-12.50", -1250},
		{"1 234.56", 123456},
		{"12.50 PLN", 1250},
		{"92233720368547758,07", math.MaxInt64},
		{"-92233720368547758,08", math.MinInt64},
		{"92 233 720 368 547 758,07", math.MaxInt64},
		{"0000000000000000000000000000001", 100},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %d, %v; want %d, nil", tt.in, got, err, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		// Ambiguous separators.
		{"1.234", ErrAmbiguous},
		{"1,234", ErrAmbiguous},
		{"-1.234", ErrAmbiguous},
		{"1.234,56", ErrAmbiguous},
		{"1,234.56", ErrAmbiguous},
		{"1.234.567", ErrAmbiguous},
		{"1,234,567", ErrAmbiguous},
		{"1,2,3", ErrAmbiguous},
		{"1,,2", ErrAmbiguous},
		{"1..2", ErrAmbiguous},
		{"12,50.", ErrAmbiguous},
		{"1 234,567", ErrAmbiguous},
		{"1.234 zł", ErrAmbiguous},

		// Syntax.
		{"", ErrSyntax},
		{"   ", ErrSyntax},
		{"-", ErrSyntax},
		{"+", ErrSyntax},
		{"\u2212", ErrSyntax},
		{"- 5", ErrSyntax},
		{"--5", ErrSyntax},
		{"+-5", ErrSyntax},
		{"5-", ErrSyntax},
		{"zł", ErrSyntax},
		{"PLN", ErrSyntax},
		{"- zł", ErrSyntax},
		{"abc", ErrSyntax},
		{"12a", ErrSyntax},
		{"1e3", ErrSyntax},
		{"0x10", ErrSyntax},
		{"12,5a", ErrSyntax},
		{"1,2345", ErrSyntax},
		{"1.2345", ErrSyntax},
		{"12,", ErrSyntax},
		{"12.", ErrSyntax},
		{",50", ErrSyntax},
		{".50", ErrSyntax},
		{"-,50", ErrSyntax},
		{"12 34,56", ErrSyntax},
		{"1  234", ErrSyntax},
		{"1 23", ErrSyntax},
		{"1 2345", ErrSyntax},
		{"1234 567", ErrSyntax},
		{"1 234 ,56", ErrSyntax},
		{"1 234, 56", ErrSyntax},
		{"1\t234", ErrSyntax},
		{"1_234", ErrSyntax},
		{"1'234", ErrSyntax},
		{"1234 zł zł", ErrSyntax},
		{"EUR 12", ErrSyntax},
		{"12 EUR", ErrSyntax},
		{"12 €", ErrSyntax},
		{"\xff12", ErrSyntax},
		{"12\xff", ErrSyntax},
		{"١٢", ErrSyntax}, // Arabic-Indic digits

		// Range.
		{"92233720368547758,08", ErrRange},
		{"-92233720368547758,09", ErrRange},
		{"92233720368547759", ErrRange},
		{"100000000000000000000", ErrRange},
		{"99999999999999999999999999999999999,99", ErrRange},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if !errors.Is(err, tt.want) {
			t.Errorf("Parse(%q) = %d, %v; want error %v", tt.in, got, err, tt.want)
		}
		if err != nil && got != 0 {
			t.Errorf("Parse(%q) returned %d with error", tt.in, got)
		}
	}
}

func TestParseErrorsAreDistinct(t *testing.T) {
	all := []error{ErrSyntax, ErrAmbiguous, ErrRange}
	for i, a := range all {
		for j, b := range all {
			if i != j && errors.Is(a, b) {
				t.Errorf("%v matches %v", a, b)
			}
		}
	}
}

func TestParsePlain(t *testing.T) {
	valid := []struct {
		in   string
		want Amount
	}{
		{"0", 0},
		{"-0", 0},
		{"1234", 123400},
		{"1234.56", 123456},
		{"1234,56", 123456},
		{"1234.5", 123450},
		{"-1234.56", -123456},
		{"0.05", 5},
		{"-0.05", -5},
		{"92233720368547758.07", math.MaxInt64},
		{"-92233720368547758.08", math.MinInt64},
	}
	for _, tt := range valid {
		got, err := ParsePlain(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParsePlain(%q) = %d, %v; want %d, nil", tt.in, got, err, tt.want)
		}
	}

	invalid := []struct {
		in   string
		want error
	}{
		{"", ErrSyntax},
		{"-", ErrSyntax},
		{"+12", ErrSyntax},
		{" 12", ErrSyntax},
		{"12 ", ErrSyntax},
		{"1 234", ErrSyntax},
		{"1.234", ErrSyntax},
		{"12.", ErrSyntax},
		{".5", ErrSyntax},
		{"-.5", ErrSyntax},
		{"1.2.3", ErrSyntax},
		{"1,2.3", ErrSyntax},
		{"12 zł", ErrSyntax},
		{"--1", ErrSyntax},
		{"\u22121", ErrSyntax},
		{"1e2", ErrSyntax},
		{"92233720368547758.08", ErrRange},
		{"-92233720368547758.09", ErrRange},
		{"1000000000000000000000", ErrRange},
	}
	for _, tt := range invalid {
		got, err := ParsePlain(tt.in)
		if !errors.Is(err, tt.want) {
			t.Errorf("ParsePlain(%q) = %d, %v; want error %v", tt.in, got, err, tt.want)
		}
	}
}

// roundTripValues returns a spread of amounts, including extremes.
func roundTripValues() []Amount {
	values := []Amount{
		0, 1, -1, 5, -5, 9, 10, 99, 100, 101, 999, 1000, 99999, 100000,
		123456, -123456, 100000000, -100000000,
		math.MaxInt64, math.MinInt64, math.MaxInt64 - 1, math.MinInt64 + 1,
		math.MaxInt32, math.MinInt32,
	}
	for p := Amount(1); p > 0 && p <= math.MaxInt64/10; p *= 10 {
		values = append(values, p, -p, p-1, -(p - 1), p+1, -(p + 1), p*7+3, -(p*7 + 3))
	}
	// A deterministic pseudo-random sequence (64-bit LCG).
	x := uint64(0x9e3779b97f4a7c15)
	for i := 0; i < 2000; i++ {
		x = x*6364136223846793005 + 1442695040888963407
		values = append(values, Amount(x), Amount(x>>(x%60)), -Amount(x>>(x%60)))
	}
	return values
}

func TestRoundTrip(t *testing.T) {
	for _, a := range roundTripValues() {
		checkRoundTrip(t, a)
	}
}

// checkRoundTrip verifies that every textual form of a parses back to a.
func checkRoundTrip(t *testing.T, a Amount) {
	t.Helper()
	forms := []string{a.Format(), a.FormatNumber(), a.Plain(), a.String()}
	for _, s := range forms {
		got, err := Parse(s)
		if err != nil || got != a {
			t.Fatalf("Parse(%q) = %d, %v; want %d", s, got, err, int64(a))
		}
	}
	got, err := ParsePlain(a.Plain())
	if err != nil || got != a {
		t.Fatalf("ParsePlain(%q) = %d, %v; want %d", a.Plain(), got, err, int64(a))
	}
}

// isKnownError reports whether err is one of the package's sentinel errors.
func isKnownError(err error) bool {
	return errors.Is(err, ErrSyntax) || errors.Is(err, ErrAmbiguous) || errors.Is(err, ErrRange)
}

func FuzzParse(f *testing.F) {
	seeds := []string{
		"", "0", "1234,56", "1 234,56", "1" + nb + "234,56 zł", "-1 234,56 zł",
		"\u22125", "+5", "12.50", "1.234", "1,234.56", "1.234,56", "1,2345",
		"12 34,56", "1  234", "-", "92233720368547758,07", "-92233720368547758,08",
		"92233720368547758,08", "1234PLN", "1234 zl", "abc",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		if err != nil {
			if !isKnownError(err) {
				t.Fatalf("Parse(%q) returned unexpected error %v", s, err)
			}
			if a != 0 {
				t.Fatalf("Parse(%q) returned %d with error", s, a)
			}
			return
		}
		checkRoundTrip(t, a)
	})
}

func FuzzParsePlain(f *testing.F) {
	seeds := []string{"", "0", "-0", "1234.56", "-1234,5", "1.234", "12.", "+1", "-92233720368547758.08"}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParsePlain(s)
		if err != nil {
			if !errors.Is(err, ErrSyntax) && !errors.Is(err, ErrRange) {
				t.Fatalf("ParsePlain(%q) returned unexpected error %v", s, err)
			}
			return
		}
		checkRoundTrip(t, a)
		// Anything ParsePlain accepts, Parse accepts with the same meaning,
		// except a separator followed by three digits, which ParsePlain
		// never accepts anyway.
		b, err := Parse(s)
		if err != nil || b != a {
			t.Fatalf("Parse(%q) = %d, %v; ParsePlain gave %d", s, b, err, int64(a))
		}
	})
}
