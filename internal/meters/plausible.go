package meters

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/ebok/ebok/internal/civil"
)

// JumpError is the ErrImplausible Submit returns: the use the reading
// would mean and the limit it exceeds (see the package documentation).
type JumpError struct {
	Use   Value
	Limit Value
	// Since is the day of the previous reading; Days the days since.
	Since civil.Date
	Days  int
}

// Error says what the reading would mean, for logs.
func (e *JumpError) Error() string {
	return fmt.Sprintf("meters: use of %s in %d days since %s exceeds %s", e.Use, e.Days, e.Since, e.Limit)
}

// Unwrap makes errors.Is(err, ErrImplausible) hold.
func (e *JumpError) Unwrap() error { return ErrImplausible }

// floorPerMonth is the use never questioned in each started 30 days.
func floorPerMonth(k Kind) Value {
	if k == Heat {
		return 10_000 // 10 GJ
	}
	return 30_000 // 30 m³
}

// sample is a reading's day and value.
type sample struct {
	on    civil.Date
	value Value
}

// jumpLimit is the most use from the previous reading prev until day that
// passes without confirmation. base is the oldest reading in the year
// before prev, nil for none; the use from base to prev sets the usual.
func jumpLimit(k Kind, base *sample, prev sample, day civil.Date) Value {
	days := max(day.DaysSince(prev.on), 0)
	months := max((days+29)/30, 1)
	limit := floorPerMonth(k) * Value(months)
	if base == nil {
		return limit
	}
	span, used := prev.on.DaysSince(base.on), prev.value-base.value
	if span <= 0 || used <= 0 {
		return limit
	}
	return max(limit, mulDiv(used, 3*days, span))
}

// mulDiv is a×b/c rounded down, saturating instead of overflowing. a and
// c are positive, b is not negative.
func mulDiv(a Value, b, c int) Value {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi >= uint64(c) {
		return math.MaxInt64
	}
	q, _ := bits.Div64(hi, lo, uint64(c))
	if q > math.MaxInt64 {
		return math.MaxInt64
	}
	return Value(q)
}
