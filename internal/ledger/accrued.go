package ledger

import (
	"context"
	"errors"
	"fmt"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/interest"
	"github.com/ebok/ebok/internal/money"
)

// Accrued is the statutory interest for delay on an account: what has
// accrued on every late amount up to a day, and what of it is posted.
type Accrued struct {
	AsOf   civil.Date
	Total  money.Amount // accrued on all late amounts up to AsOf
	Posted money.Amount // interest entries already in the ledger
}

// Unposted is the interest accrued but not (yet) posted.
func (a Accrued) Unposted() money.Amount { return max(a.Total-a.Posted, 0) }

// ErrNoRates: the service has no interest rate table.
var ErrNoRates = errors.New("ledger: no interest rate table")

// Interest computes the interest accrued on an account up to asOf: charges
// (and other debits with a due date) are debts; payments and credit
// corrections settle the oldest first; interest runs on each late part
// from the day after its due date until it was paid.
func (s *Service) Interest(ctx context.Context, coopID, accountID int64, asOf civil.Date) (Accrued, error) {
	a := Accrued{AsOf: asOf}
	if s.Rates == nil {
		return a, ErrNoRates
	}
	rows, err := s.DB.Read().QueryContext(ctx, `SELECT id, kind, booked_on, due_on, amount FROM ledger_entries
		WHERE coop_id = $1 AND account_id = $2 AND booked_on <= $3 ORDER BY booked_on, id`, coopID, accountID, asOf)
	if err != nil {
		return a, fmt.Errorf("ledger: interest: %w", err)
	}
	defer rows.Close()
	var debts []interest.Debt
	var payments []interest.Payment
	for rows.Next() {
		var id int64
		var kind string
		var booked, due civil.Date
		var amount money.Amount
		if err := rows.Scan(&id, &kind, &booked, &due, &amount); err != nil {
			return a, fmt.Errorf("ledger: interest: %w", err)
		}
		switch {
		case kind == KindInterest:
			a.Posted += amount
		case amount > 0:
			if due.IsZero() {
				due = booked
			}
			debts = append(debts, interest.Debt{ID: fmt.Sprint(id), DueOn: due, Amount: amount})
		case amount < 0:
			payments = append(payments, interest.Payment{ID: fmt.Sprint(id), PaidOn: booked, Amount: -amount})
		}
	}
	if err := rows.Err(); err != nil {
		return a, fmt.Errorf("ledger: interest: %w", err)
	}
	rep, err := interest.Statement(debts, payments, asOf, s.Rates)
	if err != nil {
		return a, fmt.Errorf("ledger: interest: %w", err)
	}
	a.Total = rep.Interest
	return a, nil
}
