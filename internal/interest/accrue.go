package interest

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/money"
)

// daysPerYear is the day-count basis: actual/365. Polish courts and the
// usual calculators divide by 365 in every year, leap years included, so a
// full leap year earns 366/365 of the annual rate.
const daysPerYear = 365

// basisPointsPerUnit converts basis points to a fraction: 10 000 bp = 100%.
const basisPointsPerUnit = 10000

// Slice is the interest on one late amount for a run of days at one rate,
// for display ("naliczone do dziś"): From and To are both included, and
// Interest is Amount × Rate × Days / 365 rounded to the grosz.
type Slice struct {
	From     civil.Date
	To       civil.Date
	Days     int
	Rate     Rate
	Amount   money.Amount
	Interest money.Amount
}

// Accrue computes statutory interest for delay on amount, due on dueOn, for
// every day that is after dueOn and within from..to, both included. A zero
// from means "from the day after dueOn". The days are split into slices at
// every change of rate in t.
//
// Each slice is amount × rate × days / 365, rounded half up to the grosz
// once per slice; the total is the sum of the rounded slices, so what is
// shown always adds up to what is charged. Leap years are still counted
// over 365 days (actual/365).
//
// A zero amount, or a period with no day after dueOn, yields zero and no
// slices. A negative amount yields ErrAmount, invalid dates or from after to
// ErrDate, and a day before the table's first entry ErrNoRate.
func Accrue(amount money.Amount, dueOn civil.Date, from, to civil.Date, t *Table) (money.Amount, []Slice, error) {
	if t == nil {
		return 0, nil, fmt.Errorf("%w: no table", ErrTable)
	}
	if amount < 0 {
		return 0, nil, fmt.Errorf("%w: %s", ErrAmount, amount.Plain())
	}
	if !dueOn.IsValid() || !to.IsValid() || (!from.IsZero() && !from.IsValid()) {
		return 0, nil, fmt.Errorf("%w: due %v, from %v, to %v", ErrDate, dueOn, from, to)
	}
	if !from.IsZero() && from.After(to) {
		return 0, nil, fmt.Errorf("%w: from %s is after to %s", ErrDate, from.Format(), to.Format())
	}
	start := dueOn.AddDays(1)
	if from.After(start) {
		start = from
	}
	if amount == 0 || start.After(to) {
		return 0, nil, nil
	}
	return accrueDays(amount, start, to, t)
}

// accrueDays computes interest on amount for every day from start to end,
// both included; start must not be after end.
func accrueDays(amount money.Amount, start, end civil.Date, t *Table) (money.Amount, []Slice, error) {
	i, err := t.index(start)
	if err != nil {
		return 0, nil, err
	}
	var (
		total  money.Amount
		slices []Slice
	)
	for day := start; !day.After(end); {
		last, nextIndex := runEnd(t, i, end)
		s := Slice{From: day, To: last, Days: last.DaysSince(day) + 1, Rate: t.changes[i].Rate, Amount: amount}
		if s.Interest, err = sliceInterest(amount, s.Rate, s.Days); err != nil {
			return 0, nil, err
		}
		if total > math.MaxInt64-s.Interest {
			return 0, nil, ErrOverflow
		}
		total += s.Interest
		slices = append(slices, s)
		day, i = last.AddDays(1), nextIndex
	}
	return total, slices, nil
}

// runEnd returns the last day, at most end, on which the rate of entry i
// stays unchanged, skipping later entries that repeat the same rate, and
// the index of the entry in force the day after.
func runEnd(t *Table, i int, end civil.Date) (civil.Date, int) {
	rate := t.changes[i].Rate
	for {
		next, ok := t.next(i)
		if !ok || next.After(end) {
			return end, i
		}
		if t.changes[i+1].Rate != rate {
			return next.AddDays(-1), i + 1
		}
		i++
	}
}

// sliceInterest returns amount × rate × days / (10 000 × 365) rounded half
// up, computed in 128 bits so large amounts cannot overflow silently.
func sliceInterest(amount money.Amount, rate Rate, days int) (money.Amount, error) {
	if amount < 0 || rate < 0 || days < 0 {
		return 0, ErrAmount
	}
	const divisor = basisPointsPerUnit * daysPerYear
	hi, lo := bits.Mul64(uint64(amount), uint64(rate)*uint64(days))
	lo, carry := bits.Add64(lo, divisor/2, 0)
	hi += carry
	if hi >= divisor {
		return 0, ErrOverflow
	}
	q, _ := bits.Div64(hi, lo, divisor)
	if q > math.MaxInt64 {
		return 0, ErrOverflow
	}
	return money.Amount(q), nil
}
