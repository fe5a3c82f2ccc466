package ledger

import (
	"context"
	"fmt"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/money"
)

// MonthBalance is an account's balance at the end of one month.
type MonthBalance struct {
	Month   civil.Month
	Closing money.Amount
}

// BalanceHistory returns the account's balance at the end of each of the
// months from..through (oldest first), counting every entry booked up to
// each month's end. A month without entries carries the balance before it.
// When until is not zero, nothing booked after until counts, and the last
// month is until's at the latest: a former holder's history ends on the
// day the title ended, never showing the buyer's entries.
func (s *Service) BalanceHistory(ctx context.Context, coopID, accountID int64, from, through civil.Month, until civil.Date) ([]MonthBalance, error) {
	if !until.IsZero() && civil.MonthOf(until).Before(through) {
		through = civil.MonthOf(until)
	}
	if through.Before(from) {
		return nil, nil
	}
	start, end := from.Day(1), through.Next().Day(1)
	if !until.IsZero() && until.Before(end) {
		end = until.AddDays(1)
	}
	var opening money.Amount
	if err := s.DB.Read().QueryRowContext(ctx, `SELECT COALESCE(SUM(amount), 0) FROM ledger_entries
		WHERE coop_id = $1 AND account_id = $2 AND booked_on < $3`, coopID, accountID, start).Scan(&opening); err != nil {
		return nil, fmt.Errorf("ledger: balance history: %w", err)
	}
	rows, err := s.DB.Read().QueryContext(ctx, `SELECT `+s.DB.Dialect().DateText("booked_on")+`, amount FROM ledger_entries
		WHERE coop_id = $1 AND account_id = $2 AND booked_on >= $3 AND booked_on < $4
		ORDER BY booked_on`, coopID, accountID, start, end)
	if err != nil {
		return nil, fmt.Errorf("ledger: balance history: %w", err)
	}
	defer rows.Close()
	var out []MonthBalance
	for m := from; !through.Before(m); m = m.Next() {
		out = append(out, MonthBalance{Month: m})
	}
	moves := make([]money.Amount, len(out))
	for rows.Next() {
		var day civil.Date
		var amount money.Amount
		if err := rows.Scan(&day, &amount); err != nil {
			return nil, fmt.Errorf("ledger: balance history: %w", err)
		}
		m := civil.MonthOf(day)
		moves[(m.Year-from.Year)*12+int(m.Month)-int(from.Month)] += amount
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ledger: balance history: %w", err)
	}
	balance := opening
	for i := range out {
		balance += moves[i]
		out[i].Closing = balance
	}
	return out, nil
}
