package meters

import (
	"errors"
	"testing"
)

func TestParseValue(t *testing.T) {
	tests := []struct {
		in   string
		want Value
		err  error
	}{
		{"123,456", 123456, nil},
		{"123.456", 123456, nil},
		{" 123,4 ", 123400, nil},
		{"123,45", 123450, nil},
		{"0,05", 50, nil},
		{"00123", 123000, nil},
		{"0", 0, nil},
		{"999999999,999", 999999999999, nil},
		{"0000000000001,5", 1500, nil},
		{"", 0, ErrValueSyntax},
		{",5", 0, ErrValueSyntax},
		{"12,", 0, ErrValueSyntax},
		{"-1", 0, ErrValueSyntax},
		{"+1", 0, ErrValueSyntax},
		{"1,2,3", 0, ErrValueSyntax},
		{"1.234,5", 0, ErrValueSyntax},
		{"1 234", 0, ErrValueSyntax},
		{"12 m3", 0, ErrValueSyntax},
		{"١٢", 0, ErrValueSyntax},
		{"12,3456", 0, ErrValuePrecision},
		{"1000000000", 0, ErrValueRange},
	}
	for _, tt := range tests {
		got, err := ParseValue(tt.in)
		if !errors.Is(err, tt.err) || got != tt.want {
			t.Errorf("ParseValue(%q) = %d, %v; want %d, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestValueFormat(t *testing.T) {
	for v, want := range map[Value]string{0: "0,000", 50: "0,050", 123456: "123,456", 1000: "1,000", -1500: "-1,500"} {
		if got := v.Format(); got != want {
			t.Errorf("Value(%d).Format() = %q, want %q", int64(v), got, want)
		}
	}
}

// FuzzParseValue: ParseValue never panics, accepts only values it can
// show again, and reads back what Format shows.
func FuzzParseValue(f *testing.F) {
	for _, s := range []string{"123,456", "0.5", "00000", "999999999,999", "1,2345", ",", "1.2.3", " 7 ", "\u00a012,5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseValue(s)
		if err != nil {
			if !errors.Is(err, ErrValueSyntax) && !errors.Is(err, ErrValuePrecision) && !errors.Is(err, ErrValueRange) {
				t.Fatalf("ParseValue(%q): unexpected error %v", s, err)
			}
			if v != 0 {
				t.Fatalf("ParseValue(%q) = %d with an error", s, v)
			}
			return
		}
		if v < 0 || v > 999_999_999_999 {
			t.Fatalf("ParseValue(%q) = %d, out of range", s, v)
		}
		back, err := ParseValue(v.Format())
		if err != nil || back != v {
			t.Fatalf("ParseValue(%q) = %d, shown %q, read back %d, %v", s, v, v.Format(), back, err)
		}
	})
}
