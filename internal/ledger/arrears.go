package ledger

import (
	"context"
	"slices"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/money"
)

// Arrears answers "for what, and since when": the debts of an account
// still unpaid on a day once every payment is allocated (staff's
// allocations first, the oldest debts otherwise), with the interest each
// has accrued, and the interest on the whole account.
type Arrears struct {
	Accrued Accrued
	// Unpaid are the debts booked from the filter's day on that are still
	// owed, oldest due first.
	Unpaid []UnpaidDebt
	// Earlier is what debts booked before that day still owe, in one sum
	// (a former holder's time, which a resident sees only as an amount).
	Earlier money.Amount
}

// UnpaidDebt is a debt with what of it is still owed on the day asked.
type UnpaidDebt struct {
	EntryRef
	DueOn       civil.Date
	Amount      money.Amount
	Outstanding money.Amount
	DaysLate    int          // days after the due date; 0 while not late
	Interest    money.Amount // accrued on it up to the day asked
}

// Since is the due date of the oldest debt still unpaid (zero if none).
func (a Arrears) Since() civil.Date {
	if len(a.Unpaid) == 0 {
		return civil.Date{}
	}
	return a.Unpaid[0].DueOn
}

// Arrears computes what of an account is unpaid on asOf. Debts booked
// before from (zero: none) are summed into Earlier rather than listed.
func (s *Service) Arrears(ctx context.Context, coopID, accountID int64, asOf, from civil.Date) (Arrears, error) {
	accrued, b, rep, err := s.report(ctx, s.DB.Read(), coopID, accountID, asOf)
	a := Arrears{Accrued: accrued}
	if err != nil {
		return a, err
	}
	for _, l := range rep.Debts {
		if l.Outstanding <= 0 {
			continue
		}
		ref := b.refs[l.Debt.ID]
		if ref.BookedOn.Before(from) {
			a.Earlier += l.Outstanding
			continue
		}
		d := UnpaidDebt{EntryRef: ref, DueOn: l.Debt.DueOn, Amount: l.Debt.Amount, Outstanding: l.Outstanding, Interest: l.Interest}
		if asOf.After(l.Debt.DueOn) {
			d.DaysLate = asOf.DaysSince(l.Debt.DueOn)
		}
		a.Unpaid = append(a.Unpaid, d)
	}
	slices.SortStableFunc(a.Unpaid, func(x, y UnpaidDebt) int { return x.DueOn.Compare(y.DueOn) })
	return a, nil
}
