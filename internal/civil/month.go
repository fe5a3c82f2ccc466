package civil

import (
	"fmt"
	"strings"
	"time"
)

// Month is a calendar month of a particular year, such as a billing period.
// The zero value represents "no month" and is reported by IsZero.
type Month struct {
	Year  int
	Month time.Month
}

// NewMonth returns month m of year y. It returns ErrRange if the year is
// outside MinYear..MaxYear and ErrInvalid if m is not a month.
func NewMonth(y int, m time.Month) (Month, error) {
	if y < MinYear || y > MaxYear {
		return Month{}, ErrRange
	}
	if m < time.January || m > time.December {
		return Month{}, ErrInvalid
	}
	return Month{Year: y, Month: m}, nil
}

// MonthOf returns the month containing d.
func MonthOf(d Date) Month {
	return Month{Year: d.Year, Month: d.Month}
}

// ParseMonth parses a month in ISO form ("2026-12") or Polish form
// ("12.2026" or "1.2026"). Surrounding whitespace is ignored.
func ParseMonth(s string) (Month, error) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "-") {
		return parseMonthISO(s)
	}
	return parseMonthPolish(s)
}

// parseMonthISO parses "YYYY-MM".
func parseMonthISO(s string) (Month, error) {
	if len(s) != 7 || s[4] != '-' {
		return Month{}, ErrSyntax
	}
	y, okY := parseDigits(s[0:4], 4, 4)
	m, okM := parseDigits(s[5:7], 2, 2)
	if !okY || !okM {
		return Month{}, ErrSyntax
	}
	return NewMonth(y, time.Month(m))
}

// parseMonthPolish parses "MM.YYYY" or "M.YYYY".
func parseMonthPolish(s string) (Month, error) {
	parts := strings.Split(s, ".")
	if len(parts) != 2 {
		return Month{}, ErrSyntax
	}
	m, okM := parseDigits(parts[0], 1, 2)
	y, okY := parseDigits(parts[1], 4, 4)
	if !okY || !okM {
		return Month{}, ErrSyntax
	}
	return NewMonth(y, time.Month(m))
}

// IsZero reports whether m is the zero Month.
func (m Month) IsZero() bool {
	return m == Month{}
}

// IsValid reports whether m is a real month with a year in
// MinYear..MaxYear.
func (m Month) IsValid() bool {
	_, err := NewMonth(m.Year, m.Month)
	return err == nil
}

// String returns the month in ISO form, for example "2026-12".
func (m Month) String() string {
	return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month))
}

// Format returns the month in Polish numeric form, for example "12.2026".
func (m Month) Format() string {
	return fmt.Sprintf("%02d.%04d", int(m.Month), m.Year)
}

// AddMonths returns the month n months after m (before m if n is negative).
func (m Month) AddMonths(n int) Month {
	index := m.Year*12 + int(m.Month) - 1 + n
	return Month{Year: floorDiv(index, 12), Month: time.Month(floorMod(index, 12) + 1)}
}

// Next returns the month after m.
func (m Month) Next() Month {
	return m.AddMonths(1)
}

// Prev returns the month before m.
func (m Month) Prev() Month {
	return m.AddMonths(-1)
}

// Day returns day d of month m, clamped to the month: values below 1 give
// the first day and values past the end give the last day.
func (m Month) Day(d int) Date {
	last := daysIn(m.Year, m.Month)
	if d > last {
		d = last
	}
	if d < 1 {
		d = 1
	}
	return Date{Year: m.Year, Month: m.Month, Day: d}
}

// FirstDay returns the first day of m.
func (m Month) FirstDay() Date {
	return Date{Year: m.Year, Month: m.Month, Day: 1}
}

// LastDay returns the last day of m.
func (m Month) LastDay() Date {
	return m.Day(daysIn(m.Year, m.Month))
}

// Contains reports whether d falls in m.
func (m Month) Contains(d Date) bool {
	return MonthOf(d) == m
}

// Compare returns -1 if m is before other, +1 if after and 0 if equal.
func (m Month) Compare(other Month) int {
	if m.Year != other.Year {
		return compareInts(m.Year, other.Year)
	}
	return compareInts(int(m.Month), int(other.Month))
}

// Before reports whether m is before other.
func (m Month) Before(other Month) bool {
	return m.Compare(other) < 0
}

// After reports whether m is after other.
func (m Month) After(other Month) bool {
	return m.Compare(other) > 0
}
