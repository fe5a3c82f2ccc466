package civil

import (
	"errors"
	"testing"
	"time"
)

func TestParseMonth(t *testing.T) {
	tests := []struct {
		in   string
		want Month
		err  error
	}{
		{"2026-12", Month{2026, time.December}, nil},
		{"2026-01", Month{2026, time.January}, nil},
		{" 2026-01 ", Month{2026, time.January}, nil},
		{"12.2026", Month{2026, time.December}, nil},
		{"1.2026", Month{2026, time.January}, nil},
		{"01.2026", Month{2026, time.January}, nil},
		{"1900-01", Month{1900, time.January}, nil},
		{"2199-12", Month{2199, time.December}, nil},
		{"2026-13", Month{}, ErrInvalid},
		{"2026-00", Month{}, ErrInvalid},
		{"13.2026", Month{}, ErrInvalid},
		{"1899-12", Month{}, ErrRange},
		{"2200-01", Month{}, ErrRange},
		{"", Month{}, ErrSyntax},
		{"2026-1", Month{}, ErrSyntax},
		{"2026-12-01", Month{}, ErrSyntax},
		{"2026/12", Month{}, ErrSyntax},
		{"202612", Month{}, ErrSyntax},
		{"12.26", Month{}, ErrSyntax},
		{"012.2026", Month{}, ErrSyntax},
		{"1.12.2026", Month{}, ErrSyntax},
		{"grudzień 2026", Month{}, ErrSyntax},
		{"2026-+1", Month{}, ErrSyntax},
	}
	for _, tt := range tests {
		got, err := ParseMonth(tt.in)
		if !errors.Is(err, tt.err) || got != tt.want {
			t.Errorf("ParseMonth(%q) = %v, %v; want %v, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestNewMonth(t *testing.T) {
	if m, err := NewMonth(2026, time.December); err != nil || m != (Month{2026, time.December}) {
		t.Errorf("NewMonth = %v, %v", m, err)
	}
	if _, err := NewMonth(2026, 13); !errors.Is(err, ErrInvalid) {
		t.Errorf("NewMonth(2026, 13) error = %v", err)
	}
	if _, err := NewMonth(2026, 0); !errors.Is(err, ErrInvalid) {
		t.Errorf("NewMonth(2026, 0) error = %v", err)
	}
	if _, err := NewMonth(1899, 1); !errors.Is(err, ErrRange) {
		t.Errorf("NewMonth(1899, 1) error = %v", err)
	}
}

func TestMonthStringAndFormat(t *testing.T) {
	tests := []struct {
		in     Month
		iso    string
		polish string
	}{
		{Month{2026, time.December}, "2026-12", "12.2026"},
		{Month{2026, time.January}, "2026-01", "01.2026"},
		{Month{}, "0000-00", "00.0000"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.iso {
			t.Errorf("String() = %q, want %q", got, tt.iso)
		}
		if got := tt.in.Format(); got != tt.polish {
			t.Errorf("Format() = %q, want %q", got, tt.polish)
		}
		if !tt.in.IsZero() {
			for _, s := range []string{tt.iso, tt.polish} {
				if back, err := ParseMonth(s); err != nil || back != tt.in {
					t.Errorf("ParseMonth(%q) = %v, %v", s, back, err)
				}
			}
		}
	}
}

func TestMonthNavigation(t *testing.T) {
	dec := Month{2026, time.December}
	jan := Month{2027, time.January}
	if got := dec.Next(); got != jan {
		t.Errorf("Next = %v", got)
	}
	if got := jan.Prev(); got != dec {
		t.Errorf("Prev = %v", got)
	}
	if got := (Month{2026, time.June}).Next(); got != (Month{2026, time.July}) {
		t.Errorf("June.Next = %v", got)
	}
	if got := (Month{2026, time.June}).Prev(); got != (Month{2026, time.May}) {
		t.Errorf("June.Prev = %v", got)
	}
	tests := []struct {
		n    int
		want Month
	}{
		{0, Month{2026, time.December}},
		{1, Month{2027, time.January}},
		{12, Month{2027, time.December}},
		{13, Month{2028, time.January}},
		{-11, Month{2026, time.January}},
		{-12, Month{2025, time.December}},
		{-13, Month{2025, time.November}},
		{-24, Month{2024, time.December}},
		{-25, Month{2024, time.November}},
	}
	for _, tt := range tests {
		if got := dec.AddMonths(tt.n); got != tt.want {
			t.Errorf("AddMonths(%d) = %v, want %v", tt.n, got, tt.want)
		}
	}
	// Walk 300 years forwards and back.
	m := Month{1900, time.January}
	for i := 0; i < 300*12; i++ {
		next := m.Next()
		if next.Prev() != m || !next.After(m) || !m.Before(next) || m.Compare(next) != -1 {
			t.Fatalf("navigation broken at %v", m)
		}
		m = next
	}
	if m != (Month{2200, time.January}) {
		t.Errorf("after 3600 months: %v", m)
	}
}

func TestMonthDays(t *testing.T) {
	tests := []struct {
		m     Month
		day   int
		want  Date
		first Date
		last  Date
	}{
		{Month{2026, time.February}, 15, d(2026, 2, 15), d(2026, 2, 1), d(2026, 2, 28)},
		{Month{2026, time.February}, 31, d(2026, 2, 28), d(2026, 2, 1), d(2026, 2, 28)},
		{Month{2024, time.February}, 31, d(2024, 2, 29), d(2024, 2, 1), d(2024, 2, 29)},
		{Month{2100, time.February}, 29, d(2100, 2, 28), d(2100, 2, 1), d(2100, 2, 28)},
		{Month{2000, time.February}, 30, d(2000, 2, 29), d(2000, 2, 1), d(2000, 2, 29)},
		{Month{1900, time.February}, 29, d(1900, 2, 28), d(1900, 2, 1), d(1900, 2, 28)},
		{Month{2026, time.April}, 31, d(2026, 4, 30), d(2026, 4, 1), d(2026, 4, 30)},
		{Month{2026, time.December}, 31, d(2026, 12, 31), d(2026, 12, 1), d(2026, 12, 31)},
		{Month{2026, time.December}, 0, d(2026, 12, 1), d(2026, 12, 1), d(2026, 12, 31)},
		{Month{2026, time.December}, -5, d(2026, 12, 1), d(2026, 12, 1), d(2026, 12, 31)},
	}
	for _, tt := range tests {
		if got := tt.m.Day(tt.day); got != tt.want {
			t.Errorf("%v.Day(%d) = %v, want %v", tt.m, tt.day, got, tt.want)
		}
		if got := tt.m.FirstDay(); got != tt.first {
			t.Errorf("%v.FirstDay() = %v, want %v", tt.m, got, tt.first)
		}
		if got := tt.m.LastDay(); got != tt.last {
			t.Errorf("%v.LastDay() = %v, want %v", tt.m, got, tt.last)
		}
		if !tt.m.Contains(tt.want) || tt.m.Contains(tt.last.AddDays(1)) {
			t.Errorf("%v.Contains wrong", tt.m)
		}
	}
}

func TestMonthOf(t *testing.T) {
	if got := MonthOf(d(2026, time.November, 21)); got != (Month{2026, time.November}) {
		t.Errorf("MonthOf = %v", got)
	}
	if !(Month{}).IsZero() || (Month{2026, 1}).IsZero() {
		t.Error("IsZero wrong")
	}
	if (Month{}).IsValid() || !(Month{2026, 1}).IsValid() || (Month{2026, 13}).IsValid() {
		t.Error("IsValid wrong")
	}
}
