package ledger

import (
	"context"
	"fmt"
	"strconv"
)

// Version is a value that changes whenever what an account's ledger shows
// does, for keeping what is computed from it (a rendered ledger page).
//
// On PostgreSQL with a live change feed (store.DB.FollowLedger) it is the
// feed's generation, which every write to any ledger moves on, and costs
// no query. Otherwise it is counted: the ledger shows its entries and
// staff's allocations of payments, both only ever added, never changed or
// deleted, so the number of the account's entries plus that of its
// allocations grows with every change, also when concurrent postings
// commit out of the order of their ids. Both counts are index-only.
func (s *Service) Version(ctx context.Context, accountID int64) (string, error) {
	if g, live := s.DB.LedgerFeed().Generation(); live {
		return "g" + strconv.FormatUint(g, 10), nil
	}
	var n int64
	if err := s.DB.Read().QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM ledger_entries WHERE account_id = $1)
		+ (SELECT COUNT(*) FROM payment_targets WHERE account_id = $1)`, accountID).Scan(&n); err != nil {
		return "", fmt.Errorf("ledger: version of account %d: %w", accountID, err)
	}
	return "n" + strconv.FormatInt(n, 10), nil
}
