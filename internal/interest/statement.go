package interest

import (
	"fmt"
	"math"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/money"
)

// Report is the state of a set of debts and payments on one day: what each
// debt still owes, when each part of it was paid, and the interest for
// delay accrued on every late part.
type Report struct {
	AsOf        civil.Date
	Debts       []DebtLine   // in the order the debts were given
	Allocations []Allocation // payments up to AsOf, as Allocate made them
	Outstanding money.Amount // principal still owed on AsOf
	Interest    money.Amount // interest accrued on all debts up to AsOf
	Credit      money.Amount // payments no debt needed (overpayment)
}

// DebtLine is one debt in a Report.
type DebtLine struct {
	Debt        Debt
	Paid        money.Amount // settled up to AsOf
	Outstanding money.Amount // still owed on AsOf
	Interest    money.Amount // sum of the portions' interest
	Portions    []Portion    // paid parts in payment order, then the unpaid rest
}

// Portion is a part of a debt that was settled on one day by one payment,
// or, when PaidOn is zero, the part still unpaid on the report's day.
// Interest runs on it from the day after the debt's due date to PaidOn
// (or the report's day) inclusive.
type Portion struct {
	Amount    money.Amount
	PaymentID string
	PaidOn    civil.Date
	Interest  money.Amount
	Slices    []Slice
}

// Paid reports whether the portion was settled by a payment.
func (p Portion) Paid() bool { return !p.PaidOn.IsZero() }

// OutstandingOn returns what the debt still owed at the end of day d,
// counting only payments up to the report's day: the full amount before
// the first payment, then less each paid portion from its payment date on.
func (l DebtLine) OutstandingOn(d civil.Date) money.Amount {
	owed := l.Debt.Amount
	for _, p := range l.Portions {
		if p.Paid() && !p.PaidOn.After(d) {
			owed -= p.Amount
		}
	}
	return owed
}

// Statement allocates payments made up to asOf to debts (see Allocate) and
// computes, per debt, the portions paid and unpaid and the statutory
// interest for delay on each: a paid portion accrues from the day after the
// debt's due date to its payment date inclusive, the unpaid rest up to asOf
// inclusive. Payments after asOf are left out. Every portion is rounded
// per slice as in Accrue, so a debt paid in parts may differ by up to half
// a grosz per slice from the same days computed before rounding.
//
// Debts and payments must have valid dates and non-negative amounts
// (ErrDate, ErrAmount); zero amounts are ignored. A late day before the
// table's first entry yields ErrNoRate.
func Statement(debts []Debt, payments []Payment, asOf civil.Date, t *Table) (Report, error) {
	if t == nil {
		return Report{}, fmt.Errorf("%w: no table", ErrTable)
	}
	if !asOf.IsValid() {
		return Report{}, fmt.Errorf("%w: as of %v", ErrDate, asOf)
	}
	if err := checkInputs(debts, payments); err != nil {
		return Report{}, err
	}
	upToDate := make([]Payment, 0, len(payments))
	for _, p := range payments {
		if !p.PaidOn.After(asOf) {
			upToDate = append(upToDate, p)
		}
	}
	allocs := allocate(debts, upToDate)
	r := Report{AsOf: asOf, Debts: make([]DebtLine, len(debts)), Allocations: make([]Allocation, 0, len(allocs))}
	for i, d := range debts {
		r.Debts[i] = DebtLine{Debt: d, Outstanding: max(d.Amount, 0)}
	}
	for _, a := range allocs {
		r.Allocations = append(r.Allocations, a.Allocation)
		if a.Credit {
			r.Credit += a.Amount
			continue
		}
		line := &r.Debts[a.debt]
		if err := line.addPortion(Portion{Amount: a.Amount, PaymentID: a.PaymentID, PaidOn: a.PaidOn}, a.PaidOn, t); err != nil {
			return Report{}, err
		}
		line.Paid += a.Amount
		line.Outstanding -= a.Amount
	}
	for i := range r.Debts {
		line := &r.Debts[i]
		if line.Outstanding > 0 {
			if err := line.addPortion(Portion{Amount: line.Outstanding}, asOf, t); err != nil {
				return Report{}, err
			}
		}
		r.Outstanding += line.Outstanding
		if r.Interest > math.MaxInt64-line.Interest {
			return Report{}, ErrOverflow
		}
		r.Interest += line.Interest
	}
	return r, nil
}

// addPortion accrues interest on p up to end and appends it to the line.
func (l *DebtLine) addPortion(p Portion, end civil.Date, t *Table) error {
	var err error
	p.Interest, p.Slices, err = Accrue(p.Amount, l.Debt.DueOn, civil.Date{}, end, t)
	if err != nil {
		return fmt.Errorf("debt %q: %w", l.Debt.ID, err)
	}
	if l.Interest > math.MaxInt64-p.Interest {
		return ErrOverflow
	}
	l.Interest += p.Interest
	l.Portions = append(l.Portions, p)
	return nil
}

// checkInputs rejects invalid dates and negative amounts.
func checkInputs(debts []Debt, payments []Payment) error {
	for _, d := range debts {
		if !d.DueOn.IsValid() {
			return fmt.Errorf("%w: debt %q due %v", ErrDate, d.ID, d.DueOn)
		}
		if d.Amount < 0 {
			return fmt.Errorf("%w: debt %q", ErrAmount, d.ID)
		}
	}
	for _, p := range payments {
		if !p.PaidOn.IsValid() {
			return fmt.Errorf("%w: payment %q on %v", ErrDate, p.ID, p.PaidOn)
		}
		if p.Amount < 0 {
			return fmt.Errorf("%w: payment %q", ErrAmount, p.ID)
		}
	}
	return nil
}
