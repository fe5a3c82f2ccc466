// Package ledger keeps each premises' settlement account: charges,
// payments, corrections, interest and the balance they add up to.
package ledger

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/interest"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/store"
)

// Service reads and posts ledger entries.
type Service struct {
	DB *store.DB
	// Rates is the statutory interest table (interest.Default()).
	Rates *interest.Table
	// Now is the clock: when postings, imports and audit entries happen.
	Now func() time.Time
}

// now is the current time in UTC, as stored.
func (s *Service) now() time.Time { return s.Now().UTC() }

// Balance is what an account adds up to. A positive amount is owed to the
// cooperative (arrears); a negative one is an overpayment.
type Balance struct {
	AccountID  int64
	Amount     money.Amount
	LastBooked civil.Date // the newest entry's booking date; zero for none
	Entries    int
	// PostedAt is when the newest entry was posted: the balance is current
	// to that moment (zero for none).
	PostedAt time.Time
}

// Arrears reports whether the balance is owed to the cooperative.
func (b Balance) Arrears() bool { return b.Amount > 0 }

// Overpaid reports whether the resident has paid more than was charged.
func (b Balance) Overpaid() bool { return b.Amount < 0 }

// Balances returns the balance of each account asked for, all of the
// cooperative; accounts without entries have a zero balance.
func (s *Service) Balances(ctx context.Context, coopID int64, accountIDs []int64) (map[int64]Balance, error) {
	out := make(map[int64]Balance, len(accountIDs))
	if len(accountIDs) == 0 {
		return out, nil
	}
	args := []any{coopID}
	marks := make([]string, len(accountIDs))
	for i, id := range accountIDs {
		args = append(args, id)
		marks[i] = fmt.Sprintf("$%d", i+2)
		out[id] = Balance{AccountID: id}
	}
	rows, err := s.DB.Read().QueryContext(ctx, `SELECT account_id, COALESCE(SUM(amount), 0), MAX(booked_on), COUNT(*), MAX(created_at)
		FROM ledger_entries WHERE coop_id = $1 AND account_id IN (`+strings.Join(marks, ", ")+`)
		GROUP BY account_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("ledger: balances: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var b Balance
		var posted store.NullTime
		if err := rows.Scan(&b.AccountID, &b.Amount, &b.LastBooked, &b.Entries, &posted); err != nil {
			return nil, fmt.Errorf("ledger: balances: %w", err)
		}
		b.PostedAt = posted.Time
		out[b.AccountID] = b
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ledger: balances: %w", err)
	}
	return out, nil
}
