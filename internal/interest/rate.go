package interest

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/ebok/ebok/internal/civil"
)

// Rate is an annual interest rate in basis points: 7,00% is 700.
type Rate int

// BasisPoints returns the rate in hundredths of a percent.
func (r Rate) BasisPoints() int { return int(r) }

// Format returns the rate in Polish notation, for example "12,25%".
func (r Rate) Format() string {
	sign := ""
	v := int(r)
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d,%02d%%", sign, v/100, v%100)
}

// String returns the same text as Format.
func (r Rate) String() string { return r.Format() }

// Status tells how well a table entry is backed by its sources.
type Status string

// The statuses a table entry can have. See rates.csv for their meaning.
const (
	// StatusOfficial: the text of the legal act was read.
	StatusOfficial Status = "official"
	// StatusSecondary: date and value confirmed by secondary sources; the
	// Monitor Polski announcement was not found.
	StatusSecondary Status = "secondary"
	// StatusUnverified: not confirmed by any source.
	StatusUnverified Status = "unverified"
)

// valid reports whether s is one of the known statuses.
func (s Status) valid() bool {
	return s == StatusOfficial || s == StatusSecondary || s == StatusUnverified
}

// Change is one entry of a rate table: Rate applies from From on, until the
// next change.
type Change struct {
	From   civil.Date
	Rate   Rate
	Status Status
	Source string
}

// Period is a run of days with one rate, as derived from a table. To is the
// last day of the period, or the zero Date for the last, open-ended period.
type Period struct {
	From   civil.Date
	To     civil.Date
	Rate   Rate
	Status Status
	Source string
}

// Contains reports whether d falls in p.
func (p Period) Contains(d civil.Date) bool {
	return !d.Before(p.From) && (p.To.IsZero() || !d.After(p.To))
}

// Table is a dated table of statutory interest rates for delay. It is
// immutable once built and safe for concurrent use.
type Table struct {
	changes []Change
}

// NewTable builds a table from changes, which must be non-empty, have valid
// dates in strictly increasing order, non-negative rates and known
// statuses. The slice is copied.
func NewTable(changes []Change) (*Table, error) {
	if len(changes) == 0 {
		return nil, fmt.Errorf("%w: no entries", ErrTable)
	}
	for i, c := range changes {
		switch {
		case !c.From.IsValid():
			return nil, fmt.Errorf("%w: entry %d: invalid date %v", ErrTable, i+1, c.From)
		case i > 0 && !c.From.After(changes[i-1].From):
			return nil, fmt.Errorf("%w: entry %d: %v not after %v", ErrTable, i+1, c.From, changes[i-1].From)
		case c.Rate < 0 || c.Rate > maxRate:
			return nil, fmt.Errorf("%w: entry %d: rate %d bp out of range", ErrTable, i+1, c.Rate)
		case !c.Status.valid():
			return nil, fmt.Errorf("%w: entry %d: unknown status %q", ErrTable, i+1, c.Status)
		}
	}
	return &Table{changes: append([]Change(nil), changes...)}, nil
}

// maxRate bounds rates accepted in a table (1000% a year); anything higher
// is a typo, and the bound keeps interest arithmetic far from overflow.
const maxRate = 100000

// Changes returns a copy of the table's entries.
func (t *Table) Changes() []Change {
	return append([]Change(nil), t.changes...)
}

// Periods returns the table as consecutive periods, oldest first. Each
// period ends the day before the next begins; the last is open-ended.
func (t *Table) Periods() []Period {
	out := make([]Period, len(t.changes))
	for i, c := range t.changes {
		out[i] = Period{From: c.From, Rate: c.Rate, Status: c.Status, Source: c.Source}
		if i+1 < len(t.changes) {
			out[i].To = t.changes[i+1].From.AddDays(-1)
		}
	}
	return out
}

// First returns the first day the table covers.
func (t *Table) First() civil.Date { return t.changes[0].From }

// RateOn returns the rate in force on d. Days before the first entry yield
// ErrNoRate; days after the last change get the last rate.
func (t *Table) RateOn(d civil.Date) (Rate, error) {
	i, err := t.index(d)
	if err != nil {
		return 0, err
	}
	return t.changes[i].Rate, nil
}

// index returns the position of the entry in force on d.
func (t *Table) index(d civil.Date) (int, error) {
	if !d.IsValid() {
		return 0, fmt.Errorf("%w: %v", ErrDate, d)
	}
	// The first entry starting after d; the one before it is in force.
	i := sort.Search(len(t.changes), func(i int) bool { return t.changes[i].From.After(d) })
	if i == 0 {
		return 0, fmt.Errorf("%w: %s (table starts %s)", ErrNoRate, d.Format(), t.changes[0].From.Format())
	}
	return i - 1, nil
}

// next returns the first day of the entry after i, and false if i is the
// last entry.
func (t *Table) next(i int) (civil.Date, bool) {
	if i+1 >= len(t.changes) {
		return civil.Date{}, false
	}
	return t.changes[i+1].From, true
}

// parseBasisPoints parses a non-negative decimal integer of at most six
// digits, with no sign or spaces.
func parseBasisPoints(s string) (Rate, bool) {
	if s == "" || len(s) > 6 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return Rate(n), err == nil
}
