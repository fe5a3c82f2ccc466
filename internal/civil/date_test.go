package civil

import (
	"errors"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Warsaw for the DST tests, independent of the host
)

// d is a test shorthand for a Date literal.
func d(y int, m time.Month, day int) Date {
	return Date{Year: y, Month: m, Day: day}
}

func warsaw(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		t.Fatalf("loading Europe/Warsaw: %v", err)
	}
	return loc
}

func TestNewDate(t *testing.T) {
	tests := []struct {
		y    int
		m    time.Month
		day  int
		want error
	}{
		{2026, time.November, 21, nil},
		{2026, time.January, 1, nil},
		{2026, time.December, 31, nil},
		{1900, time.January, 1, nil},
		{2199, time.December, 31, nil},
		{2024, time.February, 29, nil}, // divisible by 4
		{2000, time.February, 29, nil}, // divisible by 400
		{1900, time.February, 29, ErrInvalid},
		{2100, time.February, 29, ErrInvalid},
		{2026, time.February, 29, ErrInvalid},
		{2026, time.February, 28, nil},
		{2026, time.February, 30, ErrInvalid},
		{2026, time.April, 31, ErrInvalid},
		{2026, time.June, 31, ErrInvalid},
		{2026, time.September, 31, ErrInvalid},
		{2026, time.November, 31, ErrInvalid},
		{2026, time.November, 30, nil},
		{2026, time.January, 32, ErrInvalid},
		{2026, time.January, 0, ErrInvalid},
		{2026, time.January, -1, ErrInvalid},
		{2026, 0, 1, ErrInvalid},
		{2026, 13, 1, ErrInvalid},
		{1899, time.December, 31, ErrRange},
		{2200, time.January, 1, ErrRange},
		{0, 0, 0, ErrRange},
	}
	for _, tt := range tests {
		got, err := NewDate(tt.y, tt.m, tt.day)
		if !errors.Is(err, tt.want) {
			t.Errorf("NewDate(%d, %d, %d) error = %v, want %v", tt.y, tt.m, tt.day, err, tt.want)
			continue
		}
		if tt.want == nil && got != d(tt.y, tt.m, tt.day) {
			t.Errorf("NewDate(%d, %d, %d) = %v", tt.y, tt.m, tt.day, got)
		}
		if tt.want != nil && !got.IsZero() {
			t.Errorf("NewDate(%d, %d, %d) = %v with error", tt.y, tt.m, tt.day, got)
		}
		if got := d(tt.y, tt.m, tt.day).IsValid(); got != (tt.want == nil) {
			t.Errorf("%v.IsValid() = %v", d(tt.y, tt.m, tt.day), got)
		}
	}
}

func TestLeapYears(t *testing.T) {
	tests := []struct {
		year int
		leap bool
	}{
		{1900, false}, {2000, true}, {2024, true}, {2025, false}, {2026, false},
		{2028, true}, {2100, false}, {2196, true}, {2199, false}, {1904, true},
	}
	for _, tt := range tests {
		last := d(tt.year, time.February, 1).LastDayOfMonth()
		want := 28
		if tt.leap {
			want = 29
		}
		if last.Day != want {
			t.Errorf("last day of February %d = %d, want %d", tt.year, last.Day, want)
		}
	}
}

func TestDateOfAndToday(t *testing.T) {
	loc := warsaw(t)
	// 2026-11-21 23:30 UTC is already 2026-11-22 in Warsaw (UTC+1).
	instant := time.Date(2026, time.November, 21, 23, 30, 0, 0, time.UTC)
	if got := DateOf(instant); got != d(2026, time.November, 21) {
		t.Errorf("DateOf(UTC) = %v", got)
	}
	if got := DateOf(instant.In(loc)); got != d(2026, time.November, 22) {
		t.Errorf("DateOf(Warsaw) = %v", got)
	}
	if got := Today(loc, instant); got != d(2026, time.November, 22) {
		t.Errorf("Today(Warsaw) = %v", got)
	}
	if got := Today(time.UTC, instant); got != d(2026, time.November, 21) {
		t.Errorf("Today(UTC) = %v", got)
	}
	if got := Today(nil, instant.In(loc)); got != d(2026, time.November, 21) {
		t.Errorf("Today(nil) = %v, want UTC date", got)
	}
	if got := DateOf(time.Time{}); !got.IsZero() {
		t.Errorf("DateOf(zero time) = %v, want zero Date", got)
	}
}

func TestIn(t *testing.T) {
	loc := warsaw(t)
	got := d(2026, time.March, 29).In(loc)
	want := time.Date(2026, time.March, 29, 0, 0, 0, 0, loc)
	if !got.Equal(want) || got.Location() != loc {
		t.Errorf("In(Warsaw) = %v, want %v", got, want)
	}
	if got := d(2026, time.March, 29).In(nil); !got.Equal(time.Date(2026, 3, 29, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("In(nil) = %v", got)
	}
	if got := (Date{}).In(loc); !got.IsZero() {
		t.Errorf("zero Date In = %v, want zero time", got)
	}
	if got := DateOf(d(2026, time.October, 25).In(loc)); got != d(2026, time.October, 25) {
		t.Errorf("DateOf(In) = %v", got)
	}
}

func TestStringAndFormat(t *testing.T) {
	tests := []struct {
		in     Date
		iso    string
		polish string
	}{
		{d(2026, time.November, 21), "2026-11-21", "21.11.2026"},
		{d(2026, time.February, 1), "2026-02-01", "01.02.2026"},
		{d(1900, time.January, 1), "1900-01-01", "01.01.1900"},
		{d(2199, time.December, 31), "2199-12-31", "31.12.2199"},
		{Date{}, "0000-00-00", "00.00.0000"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.iso {
			t.Errorf("String() = %q, want %q", got, tt.iso)
		}
		if got := tt.in.Format(); got != tt.polish {
			t.Errorf("Format() = %q, want %q", got, tt.polish)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Date
		err  error
	}{
		{"2026-11-21", d(2026, time.November, 21), nil},
		{" 2026-11-21\n", d(2026, time.November, 21), nil},
		{"2024-02-29", d(2024, time.February, 29), nil},
		{"2000-02-29", d(2000, time.February, 29), nil},
		{"1900-01-01", d(1900, time.January, 1), nil},
		{"2199-12-31", d(2199, time.December, 31), nil},
		{"21.11.2026", d(2026, time.November, 21), nil},
		{"1.2.2026", d(2026, time.February, 1), nil},
		{"01.02.2026", d(2026, time.February, 1), nil},
		{"1.02.2026", d(2026, time.February, 1), nil},
		{"01.2.2026", d(2026, time.February, 1), nil},
		{" 29.02.2024 ", d(2024, time.February, 29), nil},

		{"2026-02-30", Date{}, ErrInvalid},
		{"2026-02-29", Date{}, ErrInvalid},
		{"1900-02-29", Date{}, ErrInvalid},
		{"2100-02-29", Date{}, ErrInvalid},
		{"2026-13-01", Date{}, ErrInvalid},
		{"2026-00-01", Date{}, ErrInvalid},
		{"2026-01-00", Date{}, ErrInvalid},
		{"2026-04-31", Date{}, ErrInvalid},
		{"30.02.2026", Date{}, ErrInvalid},
		{"0.1.2026", Date{}, ErrInvalid},
		{"1.13.2026", Date{}, ErrInvalid},

		{"1899-12-31", Date{}, ErrRange},
		{"2200-01-01", Date{}, ErrRange},
		{"0000-01-01", Date{}, ErrRange},
		{"31.12.1899", Date{}, ErrRange},
		{"1.1.2200", Date{}, ErrRange},

		{"", Date{}, ErrSyntax},
		{"   ", Date{}, ErrSyntax},
		{"junk", Date{}, ErrSyntax},
		{"2026-1-21", Date{}, ErrSyntax},
		{"2026-11-1", Date{}, ErrSyntax},
		{"26-11-21", Date{}, ErrSyntax},
		{"2026/11/21", Date{}, ErrSyntax},
		{"2026-11-21T10:00:00Z", Date{}, ErrSyntax},
		{"2026-11-21 ", d(2026, time.November, 21), nil},
		{"+026-11-21", Date{}, ErrSyntax},
		{"2026-+1-21", Date{}, ErrSyntax},
		{"2026-11-2x", Date{}, ErrSyntax},
		{"20261121", Date{}, ErrSyntax},
		{"21.11.26", Date{}, ErrSyntax},
		{"21.11.02026", Date{}, ErrSyntax},
		{"021.11.2026", Date{}, ErrSyntax},
		{"21.011.2026", Date{}, ErrSyntax},
		{"21..2026", Date{}, ErrSyntax},
		{".11.2026", Date{}, ErrSyntax},
		{"21.11.2026.", Date{}, ErrSyntax},
		{"21.11.2026 r.", Date{}, ErrSyntax},
		{"21,11,2026", Date{}, ErrSyntax},
		{"21-11-2026", Date{}, ErrSyntax},
		{"21 .11.2026", Date{}, ErrSyntax},
		{"٢١.١١.٢٠٢٦", Date{}, ErrSyntax},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if !errors.Is(err, tt.err) || got != tt.want {
			t.Errorf("Parse(%q) = %v, %v; want %v, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestParseISOAndPolishAreStrict(t *testing.T) {
	if _, err := ParseISO("21.11.2026"); !errors.Is(err, ErrSyntax) {
		t.Errorf("ParseISO(Polish) error = %v", err)
	}
	if _, err := ParsePolish("2026-11-21"); !errors.Is(err, ErrSyntax) {
		t.Errorf("ParsePolish(ISO) error = %v", err)
	}
	if got, err := ParseISO("2026-11-21"); err != nil || got != d(2026, time.November, 21) {
		t.Errorf("ParseISO = %v, %v", got, err)
	}
	if got, err := ParsePolish("21.11.2026"); err != nil || got != d(2026, time.November, 21) {
		t.Errorf("ParsePolish = %v, %v", got, err)
	}
}

func TestAddDays(t *testing.T) {
	tests := []struct {
		in   Date
		n    int
		want Date
	}{
		{d(2026, time.November, 21), 0, d(2026, time.November, 21)},
		{d(2026, time.November, 21), 1, d(2026, time.November, 22)},
		{d(2026, time.November, 30), 1, d(2026, time.December, 1)},
		{d(2026, time.December, 31), 1, d(2027, time.January, 1)},
		{d(2027, time.January, 1), -1, d(2026, time.December, 31)},
		{d(2024, time.February, 28), 1, d(2024, time.February, 29)},
		{d(2024, time.February, 29), 1, d(2024, time.March, 1)},
		{d(2026, time.February, 28), 1, d(2026, time.March, 1)},
		{d(2100, time.February, 28), 1, d(2100, time.March, 1)},
		{d(2000, time.February, 28), 1, d(2000, time.February, 29)},
		{d(2026, time.January, 1), 365, d(2027, time.January, 1)},
		{d(2024, time.January, 1), 365, d(2024, time.December, 31)},
		{d(2026, time.March, 28), 2, d(2026, time.March, 30)},     // across DST start
		{d(2026, time.October, 24), 2, d(2026, time.October, 26)}, // across DST end
		{d(1900, time.January, 1), 109572, d(2199, time.December, 31)},
		{d(2199, time.December, 31), -109572, d(1900, time.January, 1)},
		{d(1970, time.January, 1), -1, d(1969, time.December, 31)},
	}
	for _, tt := range tests {
		if got := tt.in.AddDays(tt.n); got != tt.want {
			t.Errorf("%v.AddDays(%d) = %v, want %v", tt.in, tt.n, got, tt.want)
		}
	}
}

// TestDayNumbersMatchTime checks every day of the supported range (and some
// margin) against the standard library in UTC.
func TestDayNumbersMatchTime(t *testing.T) {
	start := time.Date(1890, time.January, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2210, time.January, 1, 0, 0, 0, 0, time.UTC)
	first := DateOf(start)
	prev := first.AddDays(-1)
	for tm, i := start, 0; tm.Before(end); tm, i = tm.AddDate(0, 0, 1), i+1 {
		date := DateOf(tm)
		wantDays := int(tm.Unix() / 86400)
		if got := date.days(); got != wantDays {
			t.Fatalf("%v.days() = %d, want %d", date, got, wantDays)
		}
		if got := dateFromDays(wantDays); got != date {
			t.Fatalf("dateFromDays(%d) = %v, want %v", wantDays, got, date)
		}
		if got := first.AddDays(i); got != date {
			t.Fatalf("%v.AddDays(%d) = %v, want %v", first, i, got, date)
		}
		if got := date.DaysSince(first); got != i {
			t.Fatalf("%v.DaysSince(%v) = %d, want %d", date, first, got, i)
		}
		if got := date.Weekday(); got != tm.Weekday() {
			t.Fatalf("%v.Weekday() = %v, want %v", date, got, tm.Weekday())
		}
		if !prev.Before(date) || !date.After(prev) || date.Compare(prev) != 1 {
			t.Fatalf("%v not after %v", date, prev)
		}
		prev = date
	}
}

func TestDaysSince(t *testing.T) {
	tests := []struct {
		a, b Date
		want int
	}{
		{d(2026, time.November, 21), d(2026, time.November, 21), 0},
		{d(2026, time.November, 22), d(2026, time.November, 21), 1},
		{d(2026, time.November, 21), d(2026, time.November, 22), -1},
		{d(2027, time.January, 1), d(2026, time.January, 1), 365},
		{d(2025, time.January, 1), d(2024, time.January, 1), 366},
		{d(2001, time.January, 1), d(2000, time.January, 1), 366},
		{d(1901, time.January, 1), d(1900, time.January, 1), 365},
		{d(2101, time.January, 1), d(2100, time.January, 1), 365},
		{d(2026, time.March, 30), d(2026, time.March, 29), 1},     // 23-hour day in Warsaw
		{d(2026, time.October, 26), d(2026, time.October, 25), 1}, // 25-hour day in Warsaw
		{d(2026, time.April, 1), d(2026, time.March, 1), 31},
		{d(2026, time.November, 1), d(2026, time.October, 1), 31},
		{d(2199, time.December, 31), d(1900, time.January, 1), 109572},
		{d(1900, time.January, 1), d(2199, time.December, 31), -109572},
	}
	for _, tt := range tests {
		if got := tt.a.DaysSince(tt.b); got != tt.want {
			t.Errorf("%v.DaysSince(%v) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestDaysSinceIgnoresDST shows why DaysSince does not use time.Time: the
// wall-clock difference between local midnights is not a whole number of
// 24-hour days across a DST change.
func TestDaysSinceIgnoresDST(t *testing.T) {
	loc := warsaw(t)
	a, b := d(2026, time.March, 29), d(2026, time.March, 30)
	if hours := b.In(loc).Sub(a.In(loc)).Hours(); hours != 23 {
		t.Fatalf("expected a 23-hour day in Warsaw, got %v hours", hours)
	}
	if got := b.DaysSince(a); got != 1 {
		t.Errorf("DaysSince across DST = %d, want 1", got)
	}
	for start := d(2026, time.January, 1); start.Year == 2026; start = start.AddDays(1) {
		end := start.AddDays(200)
		hours := end.In(loc).Sub(start.In(loc)).Hours()
		if diff := hours - float64(end.DaysSince(start)*24); diff < -1 || diff > 1 {
			t.Fatalf("%v..%v: %v hours vs %d days", start, end, hours, end.DaysSince(start))
		}
		if end.DaysSince(start) != 200 {
			t.Fatalf("%v.DaysSince(%v) = %d", end, start, end.DaysSince(start))
		}
	}
}

func TestAddMonths(t *testing.T) {
	tests := []struct {
		in   Date
		n    int
		want Date
	}{
		{d(2026, time.November, 21), 0, d(2026, time.November, 21)},
		{d(2026, time.November, 21), 1, d(2026, time.December, 21)},
		{d(2026, time.December, 21), 1, d(2027, time.January, 21)},
		{d(2026, time.January, 21), -1, d(2025, time.December, 21)},
		{d(2024, time.January, 31), 1, d(2024, time.February, 29)},
		{d(2026, time.January, 31), 1, d(2026, time.February, 28)},
		{d(2100, time.January, 31), 1, d(2100, time.February, 28)},
		{d(2000, time.January, 31), 1, d(2000, time.February, 29)},
		{d(2026, time.March, 31), -1, d(2026, time.February, 28)},
		{d(2026, time.March, 31), 1, d(2026, time.April, 30)},
		{d(2026, time.May, 31), -1, d(2026, time.April, 30)},
		{d(2024, time.February, 29), 12, d(2025, time.February, 28)},
		{d(2024, time.February, 29), 48, d(2028, time.February, 29)},
		{d(2024, time.February, 29), -12, d(2023, time.February, 28)},
		{d(2026, time.August, 31), 6, d(2027, time.February, 28)},
		{d(2026, time.November, 30), 25, d(2028, time.December, 30)},
		{d(2026, time.November, 30), -25, d(2024, time.October, 30)},
		{d(2026, time.June, 15), -120, d(2016, time.June, 15)},
	}
	for _, tt := range tests {
		if got := tt.in.AddMonths(tt.n); got != tt.want {
			t.Errorf("%v.AddMonths(%d) = %v, want %v", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestCompare(t *testing.T) {
	a := d(2026, time.November, 21)
	tests := []struct {
		b    Date
		want int
	}{
		{d(2026, time.November, 21), 0},
		{d(2026, time.November, 22), -1},
		{d(2026, time.November, 20), 1},
		{d(2026, time.December, 1), -1},
		{d(2026, time.October, 31), 1},
		{d(2027, time.January, 1), -1},
		{d(2025, time.December, 31), 1},
	}
	for _, tt := range tests {
		if got := a.Compare(tt.b); got != tt.want {
			t.Errorf("%v.Compare(%v) = %d, want %d", a, tt.b, got, tt.want)
		}
		if got := a.Before(tt.b); got != (tt.want < 0) {
			t.Errorf("%v.Before(%v) = %v", a, tt.b, got)
		}
		if got := a.After(tt.b); got != (tt.want > 0) {
			t.Errorf("%v.After(%v) = %v", a, tt.b, got)
		}
		if got := a.Equal(tt.b); got != (tt.want == 0) {
			t.Errorf("%v.Equal(%v) = %v", a, tt.b, got)
		}
		if got := tt.b.Compare(a); got != -tt.want {
			t.Errorf("%v.Compare(%v) = %d, want %d", tt.b, a, got, -tt.want)
		}
	}
}

func TestIsZero(t *testing.T) {
	if !(Date{}).IsZero() {
		t.Error("zero Date not IsZero")
	}
	if d(2026, time.January, 1).IsZero() {
		t.Error("2026-01-01 IsZero")
	}
	if (Date{}).IsValid() {
		t.Error("zero Date IsValid")
	}
}

func TestLastDayOfMonth(t *testing.T) {
	tests := []struct {
		in   Date
		want Date
	}{
		{d(2026, time.January, 15), d(2026, time.January, 31)},
		{d(2026, time.February, 1), d(2026, time.February, 28)},
		{d(2024, time.February, 29), d(2024, time.February, 29)},
		{d(2026, time.April, 30), d(2026, time.April, 30)},
		{d(2026, time.December, 1), d(2026, time.December, 31)},
	}
	for _, tt := range tests {
		if got := tt.in.LastDayOfMonth(); got != tt.want {
			t.Errorf("%v.LastDayOfMonth() = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestNoPanicOnInvalidDates exercises methods on dates that are not real.
func TestNoPanicOnInvalidDates(t *testing.T) {
	odd := []Date{
		{}, {Year: 2026, Month: 13, Day: 40}, {Year: -5, Month: -3, Day: -7},
		{Year: 1 << 40, Month: 2, Day: 30}, {Year: -(1 << 40), Month: 1, Day: 1},
	}
	for _, x := range odd {
		_ = x.String()
		_ = x.Format()
		_ = x.AddDays(1000)
		_ = x.AddMonths(-1000)
		_ = x.DaysSince(d(2026, 1, 1))
		_ = x.LastDayOfMonth()
		_ = x.Weekday()
		_ = x.In(nil)
		_ = MonthOf(x).Day(5)
		_ = MonthOf(x).Next()
		if _, err := x.Value(); err == nil && !x.IsZero() {
			t.Errorf("%v.Value() accepted an invalid date", x)
		}
		if _, err := x.MarshalText(); err == nil && !x.IsZero() {
			t.Errorf("%v.MarshalText() accepted an invalid date", x)
		}
	}
}

func FuzzParse(f *testing.F) {
	seeds := []string{
		"2026-11-21", "21.11.2026", "1.2.2026", "2024-02-29", "2026-02-30",
		"1899-12-31", "2200-01-01", "", "junk", "29.2.2100", "1.1.1900", "31.12.2199",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Parse(s)
		if err != nil {
			if !errors.Is(err, ErrSyntax) && !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrRange) {
				t.Fatalf("Parse(%q) unexpected error %v", s, err)
			}
			if !got.IsZero() {
				t.Fatalf("Parse(%q) = %v with error", s, got)
			}
			return
		}
		if !got.IsValid() {
			t.Fatalf("Parse(%q) = %v, which is not valid", s, got)
		}
		checkTextRoundTrip(t, got)
	})
}

// checkTextRoundTrip verifies that every textual form of a valid date parses
// back to it.
func checkTextRoundTrip(t *testing.T, date Date) {
	t.Helper()
	parsers := []struct {
		name  string
		parse func(string) (Date, error)
		text  string
	}{
		{"ParseISO", ParseISO, date.String()},
		{"Parse", Parse, date.String()},
		{"ParsePolish", ParsePolish, date.Format()},
		{"Parse", Parse, date.Format()},
	}
	for _, p := range parsers {
		if back, err := p.parse(p.text); err != nil || back != date {
			t.Fatalf("%s(%q) = %v, %v; want %v", p.name, p.text, back, err, date)
		}
	}
	var scanned Date
	if err := scanned.Scan(date.String()); err != nil || scanned != date {
		t.Fatalf("Scan(%q) = %v, %v", date.String(), scanned, err)
	}
	text, err := date.MarshalText()
	if err != nil {
		t.Fatalf("MarshalText(%v): %v", date, err)
	}
	var unmarshaled Date
	if err := unmarshaled.UnmarshalText(text); err != nil || unmarshaled != date {
		t.Fatalf("UnmarshalText(%q) = %v, %v", text, unmarshaled, err)
	}
}
