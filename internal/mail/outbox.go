package mail

import (
	"context"
	"fmt"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// claimDue takes up to $4 due messages whose lease is free or expired,
// oldest due first (see store.Claim: on PostgreSQL concurrent claims skip
// each other's rows; SQLite's single writer serialises them).
var claimDue = store.Claim{Table: "outbox", Key: "id",
	Set: "lease_owner = $1, lease_until = $2",
	Pick: `status = 'pending' AND next_attempt_at <= $3
		AND (lease_until IS NULL OR lease_until <= $3)
		ORDER BY next_attempt_at, id LIMIT $4`}

// claim leases due messages to this worker until leaseUntil and returns
// their ids, oldest due first.
func (w *Worker) claim(ctx context.Context, leaseUntil time.Time) ([]int64, error) {
	ids, err := w.DB.ClaimIDs(ctx, claimDue, w.node, leaseUntil, w.now(), w.batch())
	if err != nil {
		return nil, fmt.Errorf("mail: claim outbox: %w", err)
	}
	return ids, nil
}

// markSent records a delivery, if the lease is still this worker's.
func (w *Worker) markSent(ctx context.Context, c leased) error {
	return w.update(ctx, c, `UPDATE outbox
		SET status = 'sent', sent_at = $4, attempts = attempts + 1, last_error = '',
		    lease_owner = NULL, lease_until = NULL
		WHERE id = $1 AND status = 'pending' AND lease_owner = $2 AND lease_until = $3`,
		w.now())
}

// markFailure records a failed attempt: the message is due again at next,
// or failed for good.
func (w *Worker) markFailure(ctx context.Context, c leased, attempts int, failed bool, next time.Time, lastErr string) error {
	status := "pending"
	if failed {
		status = "failed"
	}
	return w.update(ctx, c, `UPDATE outbox
		SET status = $4, attempts = $5, next_attempt_at = $6, last_error = $7,
		    lease_owner = NULL, lease_until = NULL
		WHERE id = $1 AND status = 'pending' AND lease_owner = $2 AND lease_until = $3`,
		status, attempts, next, lastErr)
}

// update runs a guarded update of one claimed row ($1 id, $2 owner, $3
// lease_until, then args); errLeaseLost when the guard matched nothing.
// Updates that come while another goroutine of this worker is writing
// wait and are written together in its next transaction (a group commit):
// with Parallel sends, one write transaction records several outcomes.
func (w *Worker) update(ctx context.Context, c leased, query string, args ...any) error {
	u := &rowUpdate{id: c.id, query: query, args: append([]any{c.id, w.node, c.leaseUntil}, args...), done: make(chan struct{})}
	w.writeMu.Lock()
	w.writes = append(w.writes, u)
	if w.writing {
		w.writeMu.Unlock()
		<-u.done
		return u.err
	}
	w.writing = true
	for len(w.writes) > 0 {
		group := w.writes
		w.writes = nil
		w.writeMu.Unlock()
		w.writeGroup(ctx, group)
		w.writeMu.Lock()
	}
	w.writing = false
	w.writeMu.Unlock()
	return u.err
}

// rowUpdate is one outcome waiting to be written.
type rowUpdate struct {
	id    int64
	query string
	args  []any
	err   error
	done  chan struct{}
}

// writeGroup writes updates in one transaction and tells each its result.
func (w *Worker) writeGroup(ctx context.Context, group []*rowUpdate) {
	matched := make([]bool, len(group))
	err := w.DB.InTx(ctx, func(tx *store.Tx) error {
		// An outcome lost to a crash of the database server in the
		// moment after its commit leaves the message pending under an
		// expiring lease: it is sent again, never lost. Not waiting for
		// the disk at each commit let the sends go on (issue 9 §9).
		if err := tx.LazyCommit(ctx); err != nil {
			return err
		}
		for i, u := range group {
			res, err := tx.ExecContext(ctx, u.query, u.args...)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			matched[i] = n > 0
		}
		return nil
	})
	for i, u := range group {
		switch {
		case err != nil:
			u.err = fmt.Errorf("mail: update outbox %d: %w", u.id, err)
		case !matched[i]:
			u.err = leaseLost(u.id)
		}
		close(u.done)
	}
}

// release hands back claimed messages that were not attempted, so that
// another worker need not wait for the lease to run out.
func (w *Worker) release(ctx context.Context, ids []int64, leaseUntil time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	err := w.DB.InTx(ctx, func(tx *store.Tx) error {
		for _, id := range ids {
			_, err := tx.ExecContext(ctx, `UPDATE outbox SET lease_owner = NULL, lease_until = NULL
				WHERE id = $1 AND lease_owner = $2 AND lease_until = $3`, id, w.node, leaseUntil)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("mail: release outbox leases: %w", err)
	}
	return nil
}

// Depth counts messages waiting to be sent (pending, due or not) and
// messages given up on (failed), over all cooperatives, for metrics.
func Depth(ctx context.Context, q store.Querier) (pending int, failed int, err error) {
	rows, err := q.QueryContext(ctx, `SELECT status, COUNT(*) FROM outbox
		WHERE status IN ('pending', 'failed') GROUP BY status`)
	if err != nil {
		return 0, 0, fmt.Errorf("mail: outbox depth: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var status string
		var n int
		if err := rows.Scan(&status, &n); err != nil {
			return 0, 0, fmt.Errorf("mail: outbox depth: %w", err)
		}
		if status == "pending" {
			pending = n
		} else {
			failed = n
		}
	}
	if err := rows.Err(); err != nil {
		return 0, 0, fmt.Errorf("mail: outbox depth: %w", err)
	}
	return pending, failed, nil
}
