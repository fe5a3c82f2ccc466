// Package ratelimit counts events per key in a sliding window, in the
// database, so that every node of an installation shares the counts.
//
// Take counts before the caller acts: it reserves a slot (or refuses) in
// one transaction that first locks the key's row in rate_locks, so that
// parallel requests for one key are counted one after the other and none
// is let through on a stale count. A caller whose attempt turns out not to
// count (a successful login) gives its slot back with Release.
package ratelimit

import (
	"context"
	"fmt"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// Limiter counts events in the database.
type Limiter struct {
	DB *store.DB
}

// Rule is a limit: at most Max events per key within Window.
type Rule struct {
	Scope  string // what is counted, e.g. "login.failure"
	Max    int
	Window time.Duration
}

// Take reserves one event for key under rule at now. It returns the
// reserved slot, or 0 and how long to wait when the window is full.
func (l *Limiter) Take(ctx context.Context, rule Rule, key string, now time.Time) (slot int64, wait time.Duration, err error) {
	now = now.UTC()
	err = l.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO rate_locks (scope, key, hits) VALUES ($1, $2, 1)
			ON CONFLICT (scope, key) DO UPDATE SET hits = rate_locks.hits + 1`, rule.Scope, key); err != nil {
			return err
		}
		since := now.Add(-rule.Window)
		if _, err := tx.ExecContext(ctx, `DELETE FROM rate_events WHERE scope = $1 AND key = $2 AND at <= $3`,
			rule.Scope, key, since); err != nil {
			return err
		}
		var n int
		var oldest store.NullTime
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), MIN(at) FROM rate_events WHERE scope = $1 AND key = $2 AND at > $3`,
			rule.Scope, key, since).Scan(&n, &oldest); err != nil {
			return err
		}
		if n >= rule.Max {
			wait = oldest.Time.Add(rule.Window).Sub(now)
			if wait <= 0 {
				wait = time.Second
			}
			return nil
		}
		return tx.QueryRowContext(ctx, `INSERT INTO rate_events (scope, key, at) VALUES ($1, $2, $3) RETURNING id`,
			rule.Scope, key, now).Scan(&slot)
	})
	if err != nil {
		return 0, 0, fmt.Errorf("ratelimit: %s: %w", rule.Scope, err)
	}
	return slot, wait, nil
}

// Release gives a slot back: the event it reserved did not count.
func (l *Limiter) Release(ctx context.Context, slot int64) error {
	if slot == 0 {
		return nil
	}
	return l.DB.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM rate_events WHERE id = $1`, slot)
		return err
	})
}

// Purge deletes events older than before (no window is that long).
func (l *Limiter) Purge(ctx context.Context, before time.Time) error {
	return l.DB.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM rate_events WHERE at < $1`, before.UTC())
		return err
	})
}
