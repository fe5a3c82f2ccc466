package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/store"
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
	month := dueMonth(today, dueDay)
	var charged int
	if err := s.DB.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM ledger_entries
		WHERE coop_id = $1 AND account_id = $2 AND kind = 'charge' AND period = $3`, coopID, accountID, month.String()).Scan(&charged); err != nil {
		return Due{}, fmt.Errorf("ledger: next due: %w", err)
	}
	return s.due(ctx, coopID, premisesID, month.Day(dueDay), b[accountID].Amount, charged > 0)
}

// BalanceDue is Balances and NextDue of one account in one pass over its
// entries (the overview shows both; each alone reads every entry of the
// account).
func (s *Service) BalanceDue(ctx context.Context, coopID, accountID, premisesID int64, dueDay int, today civil.Date) (Balance, Due, error) {
	month := dueMonth(today, dueDay)
	b := Balance{AccountID: accountID}
	var posted store.NullTime
	var charged int
	err := s.DB.Read().QueryRowContext(ctx, `SELECT COALESCE(SUM(amount), 0), MAX(booked_on), COUNT(*), MAX(created_at),
		COALESCE(SUM(CASE WHEN kind = 'charge' AND period = $3 THEN 1 ELSE 0 END), 0)
		FROM ledger_entries WHERE coop_id = $1 AND account_id = $2 GROUP BY account_id`, coopID, accountID, month.String()).
		Scan(&b.Amount, &b.LastBooked, &b.Entries, &posted, &charged)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return b, Due{}, fmt.Errorf("ledger: balance and due: %w", err)
	}
	b.PostedAt = posted.Time
	d, err := s.due(ctx, coopID, premisesID, month.Day(dueDay), b.Amount, charged > 0)
	return b, d, err
}

// dueMonth is the month whose fee is due next: this month's until its due
// day, the next one's after it.
func dueMonth(today civil.Date, dueDay int) civil.Month {
	month := civil.MonthOf(today)
	if today.Day > dueDay {
		month = month.Next()
	}
	return month
}

// due is what to pay by on: the balance, and the month's fee unless it is
// charged already.
func (s *Service) due(ctx context.Context, coopID, premisesID int64, on civil.Date, balance money.Amount, charged bool) (Due, error) {
	d := Due{On: on, Balance: balance}
	if !charged {
		fs, err := s.Fees(ctx, coopID, premisesID, d.On)
		if err != nil {
			return d, err
		}
		d.Fee = fs.Total
	}
	d.Amount = max(d.Balance+d.Fee, 0)
	return d, nil
}
