package meters

import (
	"testing"

	"github.com/ebok/ebok/internal/civil"
)

func day(s string) civil.Date {
	d, err := civil.ParseISO(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestWindow(t *testing.T) {
	tests := []struct {
		name     string
		w        Window
		day      string
		open     bool
		from, to string
	}{
		{"default, first day", DefaultWindow, "2026-11-20", true, "2026-11-20", "2026-11-30"},
		{"default, day before", DefaultWindow, "2026-11-19", false, "2026-11-20", "2026-11-30"},
		{"default, 30-day month end", DefaultWindow, "2026-11-30", true, "2026-11-20", "2026-11-30"},
		{"default, 31-day month end", DefaultWindow, "2026-12-31", true, "2026-12-20", "2026-12-31"},
		{"default, February", DefaultWindow, "2026-02-28", true, "2026-02-20", "2026-02-28"},
		{"default, leap February", DefaultWindow, "2028-02-29", true, "2028-02-20", "2028-02-29"},
		{"default, first of month", DefaultWindow, "2027-01-01", false, "2027-01-20", "2027-01-31"},
		{"early, after it", Window{1, 5}, "2026-12-28", false, "2027-01-01", "2027-01-05"},
		{"early, last day", Window{1, 5}, "2026-12-05", true, "2026-12-01", "2026-12-05"},
		{"days past a short month", Window{29, 31}, "2026-02-28", true, "2026-02-28", "2026-02-28"},
		{"days past a short month, before", Window{29, 31}, "2026-02-27", false, "2026-02-28", "2026-02-28"},
		{"day 31 in a 30-day month", Window{31, 31}, "2026-11-30", true, "2026-11-30", "2026-11-30"},
		{"over the turn, early days", Window{25, 5}, "2027-01-03", true, "2026-12-25", "2027-01-05"},
		{"over the turn, late days", Window{25, 5}, "2026-12-31", true, "2026-12-25", "2027-01-05"},
		{"over the turn, between", Window{25, 5}, "2027-01-10", false, "2027-01-25", "2027-02-05"},
		{"over the turn into February", Window{30, 2}, "2026-02-02", true, "2026-01-30", "2026-02-02"},
		{"over the turn out of February", Window{30, 2}, "2026-03-01", true, "2026-02-28", "2026-03-02"},
		{"shrunk by February", Window{28, 30}, "2026-02-28", true, "2026-02-28", "2026-02-28"},
		{"shrunk by February, after", Window{28, 30}, "2026-03-01", false, "2026-03-28", "2026-03-30"},
		{"one day", Window{10, 10}, "2026-11-11", false, "2026-12-10", "2026-12-10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := day(tt.day)
			if got := tt.w.Open(d); got != tt.open {
				t.Errorf("Open(%s) = %v, want %v", d, got, tt.open)
			}
			from, to := tt.w.Span(d)
			if from != day(tt.from) || to != day(tt.to) {
				t.Errorf("Span(%s) = %s..%s, want %s..%s", d, from, to, tt.from, tt.to)
			}
		})
	}
}

// TestWindowEveryDay walks four years day by day: the window found is
// never over before the day, is open exactly when it holds the day, and
// the default window is open on every month's last day.
func TestWindowEveryDay(t *testing.T) {
	windows := []Window{DefaultWindow, {1, 5}, {25, 5}, {31, 1}, {29, 28}, {15, 15}}
	for d := day("2026-01-01"); d.Before(day("2030-01-01")); d = d.AddDays(1) {
		for _, w := range windows {
			from, to := w.Span(d)
			if to.Before(d) || to.Before(from) {
				t.Fatalf("%v on %s: span %s..%s", w, d, from, to)
			}
			if open := !d.Before(from); open != w.Open(d) {
				t.Fatalf("%v on %s: Open = %v, span %s..%s", w, d, w.Open(d), from, to)
			}
		}
		if d == d.LastDayOfMonth() && !DefaultWindow.Open(d) {
			t.Fatalf("default window closed on %s", d)
		}
	}
}
