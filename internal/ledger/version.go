package ledger

import (
	"context"
	"fmt"
)

// Version is a number that changes whenever what an account's ledger shows
// does, for keeping what is computed from it (a rendered ledger page). The
// ledger shows its entries and staff's allocations of payments, and both
// are only ever added, never changed or deleted; so the number of the
// account's entries plus that of its allocations grows with every change,
// also when concurrent postings commit out of the order of their ids. Both
// counts are index-only.
func (s *Service) Version(ctx context.Context, accountID int64) (int64, error) {
	var n int64
	if err := s.DB.Read().QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM ledger_entries WHERE account_id = $1)
		+ (SELECT COUNT(*) FROM payment_targets WHERE account_id = $1)`, accountID).Scan(&n); err != nil {
		return 0, fmt.Errorf("ledger: version of account %d: %w", accountID, err)
	}
	return n, nil
}
