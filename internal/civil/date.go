// Package civil provides calendar dates and months without a time of day or
// a time zone, as used for due dates, billing periods and meter readings.
//
// Date arithmetic is done on day numbers counted from 1970-01-01, so it is
// exact and unaffected by daylight saving time.
package civil

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// The range of years accepted by the parsers and considered valid.
const (
	// MinYear is the earliest valid year.
	MinYear = 1900
	// MaxYear is the latest valid year.
	MaxYear = 2199
)

// Errors returned by the parsers and constructors. Parsers return them
// unwrapped; Scan may wrap them with context, so use errors.Is.
var (
	// ErrSyntax reports text that is not in a recognised date or month
	// format.
	ErrSyntax = errors.New("civil: invalid date syntax")

	// ErrInvalid reports a well-formed date or month that does not exist,
	// such as 2026-02-30 or month 13.
	ErrInvalid = errors.New("civil: no such date")

	// ErrRange reports a year outside MinYear..MaxYear.
	ErrRange = errors.New("civil: year out of range")

	// ErrScanType reports a database value of a type Date cannot scan.
	ErrScanType = errors.New("civil: unsupported database type")
)

// Date is a calendar date with no time of day and no time zone. The zero
// value represents "no date" and is reported by IsZero.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// daysPerMonth holds month lengths in a common year, indexed by time.Month.
var daysPerMonth = [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// NewDate returns the date y-m-d. It returns ErrRange if the year is outside
// MinYear..MaxYear and ErrInvalid if the month or day does not exist.
func NewDate(y int, m time.Month, d int) (Date, error) {
	if y < MinYear || y > MaxYear {
		return Date{}, ErrRange
	}
	if m < time.January || m > time.December || d < 1 || d > daysIn(y, m) {
		return Date{}, ErrInvalid
	}
	return Date{Year: y, Month: m, Day: d}, nil
}

// DateOf returns the date of t in t's location. The zero time.Time yields
// the zero Date.
func DateOf(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// Today returns the date of the instant now in loc. A nil loc means UTC.
// The clock is passed in explicitly so that callers and tests control it.
func Today(loc *time.Location, now time.Time) Date {
	if loc == nil {
		loc = time.UTC
	}
	return DateOf(now.In(loc))
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool {
	return d == Date{}
}

// IsValid reports whether d is an existing date with a year in
// MinYear..MaxYear.
func (d Date) IsValid() bool {
	_, err := NewDate(d.Year, d.Month, d.Day)
	return err == nil
}

// String returns the date in ISO 8601 form, for example "2026-11-21".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Format returns the date in Polish form, for example "21.11.2026".
func (d Date) Format() string {
	return fmt.Sprintf("%02d.%02d.%04d", d.Day, int(d.Month), d.Year)
}

// In returns midnight at the start of d in loc. A nil loc means UTC. The
// zero Date yields the zero time.Time.
func (d Date) In(loc *time.Location) time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns the date n days after d (before d if n is negative).
// The result is unspecified, but no panic occurs, if d is not a real date.
func (d Date) AddDays(n int) Date {
	return dateFromDays(d.days() + n)
}

// AddMonths returns the date n months after d (before d if n is negative).
// If the day does not exist in the target month it is clamped to the last
// day of that month, so 2024-01-31 plus one month is 2024-02-29.
func (d Date) AddMonths(n int) Date {
	m := MonthOf(d).AddMonths(n)
	return m.Day(d.Day)
}

// DaysSince returns the number of days from other to d: positive if d is
// after other, negative if before and zero if equal.
func (d Date) DaysSince(other Date) int {
	return d.days() - other.days()
}

// Compare returns -1 if d is before other, +1 if after and 0 if equal.
func (d Date) Compare(other Date) int {
	switch {
	case d.Year != other.Year:
		return compareInts(d.Year, other.Year)
	case d.Month != other.Month:
		return compareInts(int(d.Month), int(other.Month))
	}
	return compareInts(d.Day, other.Day)
}

// Before reports whether d is before other.
func (d Date) Before(other Date) bool {
	return d.Compare(other) < 0
}

// After reports whether d is after other.
func (d Date) After(other Date) bool {
	return d.Compare(other) > 0
}

// Equal reports whether d and other are the same date.
func (d Date) Equal(other Date) bool {
	return d == other
}

// LastDayOfMonth returns the last day of d's month.
func (d Date) LastDayOfMonth() Date {
	return MonthOf(d).LastDay()
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// 1970-01-01, day 0, was a Thursday.
	return time.Weekday(floorMod(d.days()+int(time.Thursday), 7))
}

// ParseISO parses an ISO 8601 date such as "2026-11-21". Surrounding
// whitespace is ignored.
func ParseISO(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, ErrSyntax
	}
	y, okY := parseDigits(s[0:4], 4, 4)
	m, okM := parseDigits(s[5:7], 2, 2)
	d, okD := parseDigits(s[8:10], 2, 2)
	if !okY || !okM || !okD {
		return Date{}, ErrSyntax
	}
	return NewDate(y, time.Month(m), d)
}

// ParsePolish parses a date in Polish form, day.month.year, such as
// "21.11.2026" or "1.2.2026". Day and month have one or two digits, the
// year exactly four. Surrounding whitespace is ignored.
func ParsePolish(s string) (Date, error) {
	parts := strings.Split(strings.TrimSpace(s), ".")
	if len(parts) != 3 {
		return Date{}, ErrSyntax
	}
	d, okD := parseDigits(parts[0], 1, 2)
	m, okM := parseDigits(parts[1], 1, 2)
	y, okY := parseDigits(parts[2], 4, 4)
	if !okY || !okM || !okD {
		return Date{}, ErrSyntax
	}
	return NewDate(y, time.Month(m), d)
}

// Parse parses a date in either ISO form ("2026-11-21") or Polish form
// ("21.11.2026").
func Parse(s string) (Date, error) {
	if strings.Contains(s, "-") {
		return ParseISO(s)
	}
	return ParsePolish(s)
}

// days returns the number of days from 1970-01-01 to d, using Howard
// Hinnant's days_from_civil algorithm for the proleptic Gregorian calendar.
func (d Date) days() int {
	y := d.Year
	m := int(d.Month)
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yearOfEra := y - era*400
	shifted := m + 9 // months counted from March
	if m > 2 {
		shifted = m - 3
	}
	dayOfYear := (153*shifted+2)/5 + d.Day - 1
	dayOfEra := yearOfEra*365 + yearOfEra/4 - yearOfEra/100 + dayOfYear
	return era*146097 + dayOfEra - 719468
}

// dateFromDays is the inverse of Date.days (Hinnant's civil_from_days).
func dateFromDays(n int) Date {
	n += 719468
	era := floorDiv(n, 146097)
	dayOfEra := n - era*146097
	yearOfEra := (dayOfEra - dayOfEra/1460 + dayOfEra/36524 - dayOfEra/146096) / 365
	dayOfYear := dayOfEra - (365*yearOfEra + yearOfEra/4 - yearOfEra/100)
	shifted := (5*dayOfYear + 2) / 153 // months counted from March
	day := dayOfYear - (153*shifted+2)/5 + 1
	month := shifted + 3
	if shifted >= 10 {
		month = shifted - 9
	}
	year := yearOfEra + era*400
	if month <= 2 {
		year++
	}
	return Date{Year: year, Month: time.Month(month), Day: day}
}

// isLeap reports whether y is a leap year in the Gregorian calendar.
func isLeap(y int) bool {
	return y%4 == 0 && (y%100 != 0 || y%400 == 0)
}

// daysIn returns the number of days in month m of year y, or 0 if m is not
// a month.
func daysIn(y int, m time.Month) int {
	if m < time.January || m > time.December {
		return 0
	}
	if m == time.February && isLeap(y) {
		return 29
	}
	return daysPerMonth[m]
}

// parseDigits parses s as a decimal number of minLen to maxLen ASCII digits.
// maxLen must be small enough for the result to fit in an int.
func parseDigits(s string, minLen, maxLen int) (int, bool) {
	if len(s) < minLen || len(s) > maxLen {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// floorDiv returns a/b rounded towards negative infinity. b must be positive.
func floorDiv(a, b int) int {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// floorMod returns a modulo b in the range [0, b). b must be positive.
func floorMod(a, b int) int {
	return a - floorDiv(a, b)*b
}

// compareInts returns -1, 0 or +1 as a is less than, equal to or greater
// than b.
func compareInts(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
