package ledger

import (
	"context"
	"fmt"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/money"
)

// Due is what to pay by the next due date.
type Due struct {
	On      civil.Date
	Amount  money.Amount // never negative: an overpayment leaves 0 to pay
	Balance money.Amount
	// Fee is the month's fee still to be charged by On (0 when already
	// charged, and then part of Balance).
	Fee money.Amount
}

// NextDue tells how much to pay by the next due date: fees are due monthly
// in advance by the cooperative's due day, so the amount is today's balance
// plus the coming month's fee unless that is already charged.
func (s *Service) NextDue(ctx context.Context, coopID, accountID, premisesID int64, dueDay int, today civil.Date) (Due, error) {
	b, err := s.Balances(ctx, coopID, []int64{accountID})
	if err != nil {
		return Due{}, err
	}
	return s.NextDueOn(ctx, coopID, accountID, premisesID, dueDay, today, b[accountID].Amount)
}

// NextDueOn is NextDue for a caller that has just read the account's
// balance (Balances): the overview reads it once, not twice.
func (s *Service) NextDueOn(ctx context.Context, coopID, accountID, premisesID int64, dueDay int, today civil.Date, balance money.Amount) (Due, error) {
	month := civil.MonthOf(today)
	if today.Day > dueDay {
		month = month.Next()
	}
	d := Due{On: month.Day(dueDay), Balance: balance}
	var charged int
	if err := s.DB.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM ledger_entries
		WHERE coop_id = $1 AND account_id = $2 AND kind = 'charge' AND period = $3`, coopID, accountID, month.String()).Scan(&charged); err != nil {
		return d, fmt.Errorf("ledger: next due: %w", err)
	}
	if charged == 0 {
		fs, err := s.Fees(ctx, coopID, premisesID, d.On)
		if err != nil {
			return d, err
		}
		d.Fee = fs.Total
	}
	d.Amount = max(d.Balance+d.Fee, 0)
	return d, nil
}
