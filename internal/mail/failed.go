package mail

import (
	"context"
	"fmt"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// Failure is an e-mail of a cooperative that the worker gave up sending:
// the server refused it for good, or every attempt failed (an SMTP server
// down for longer than the retries last).
type Failure struct {
	ID        int64
	MessageID string // as sent, in angle brackets
	To        string
	Subject   string
	Reason    string // the last error, as the server or the connection gave it
	Attempts  int
	QueuedAt  time.Time
}

// FailedPageSize is how many failures one page lists.
const FailedPageSize = 50

// FailedPage lists the page'th FailedPageSize e-mails of the cooperative
// given up on (from 1), the most recently queued first, and how many there
// are in all.
func FailedPage(ctx context.Context, q store.Querier, coopID int64, page int) ([]Failure, int, error) {
	total, err := FailedCount(ctx, q, coopID)
	if err != nil {
		return nil, 0, err
	}
	out, err := store.QueryAll(ctx, q, func(row store.Scanner) (Failure, error) {
		var f Failure
		return f, row.Scan(&f.ID, &f.MessageID, &f.To, &f.Subject, &f.Reason, &f.Attempts, &f.QueuedAt)
	}, `SELECT id, message_id, to_addr, subject, last_error, attempts, created_at FROM outbox
		WHERE status = 'failed' AND coop_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
		coopID, FailedPageSize, (max(page, 1)-1)*FailedPageSize)
	if err != nil {
		return nil, 0, fmt.Errorf("mail: failed e-mails: %w", err)
	}
	return out, total, nil
}

// FailedCount is how many e-mails of the cooperative were given up on.
func FailedCount(ctx context.Context, q store.Querier, coopID int64) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE status = 'failed' AND coop_id = $1`, coopID).Scan(&n); err != nil {
		return 0, fmt.Errorf("mail: failed e-mails: %w", err)
	}
	return n, nil
}

// Requeue puts an e-mail of the cooperative that was given up on back in
// the queue, due at once, its attempts counted from zero again, and wakes
// the worker after commit. It returns store.ErrNotFound when the
// cooperative has no such failed e-mail (sent meanwhile, queued again by
// someone else, or not its own).
func (o *Outbox) Requeue(ctx context.Context, tx *store.Tx, coopID, id int64, now time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $3,
		lease_owner = NULL, lease_until = NULL
		WHERE coop_id = $1 AND id = $2 AND status = 'failed'`, coopID, id, dbTime(now))
	if err != nil {
		return fmt.Errorf("mail: requeue %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return store.ErrNotFound
	}
	if o.Wake != nil {
		tx.AfterCommit(o.Wake)
	}
	return nil
}
