package ledger

import (
	"context"
	"fmt"
)

// Version is a number that changes whenever an account's ledger does, for
// keeping what is computed from it (a rendered ledger page). Entries are
// only ever added, never changed or deleted, so the number of an account's
// entries grows with every posting, also when concurrent postings commit
// out of the order of their ids. It is one index-only count.
func (s *Service) Version(ctx context.Context, accountID int64) (int64, error) {
	var n int64
	if err := s.DB.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM ledger_entries WHERE account_id = $1`, accountID).Scan(&n); err != nil {
		return 0, fmt.Errorf("ledger: version of account %d: %w", accountID, err)
	}
	return n, nil
}
