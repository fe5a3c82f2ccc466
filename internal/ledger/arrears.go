package ledger

import (
	"context"
	"slices"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/interest"
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
	// Periods break Accrued.Total down: every run of days at one rate on
	// one late amount, in the order of the debts, each rounded to the
	// grosz on its own (see package interest). They add up to
	// Accrued.Total.
	Periods []InterestPeriod
}

// InterestPeriod is the interest on one late amount for a run of days at
// one rate.
type InterestPeriod struct {
	// Debt is the late debt; Earlier marks one booked before the filter's
	// day (a former holder's time), which a resident sees without its
	// description.
	Debt     EntryRef
	Earlier  bool
	Amount   money.Amount // the late amount interest runs on
	From, To civil.Date   // both included
	Days     int
	Rate     interest.Rate
	Interest money.Amount
	// PaidOn is when this part of the debt was paid; zero while unpaid.
	PaidOn civil.Date
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
		ref := b.refs[l.Debt.ID]
		for _, p := range l.Portions {
			for _, sl := range p.Slices {
				a.Periods = append(a.Periods, InterestPeriod{Debt: ref, Earlier: ref.BookedOn.Before(from), Amount: sl.Amount,
					From: sl.From, To: sl.To, Days: sl.Days, Rate: sl.Rate, Interest: sl.Interest, PaidOn: p.PaidOn})
			}
		}
		if l.Outstanding <= 0 {
			continue
		}
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
