package audit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// AnchorEvery is how often DailyAnchors anchors each chain.
const AnchorEvery = 24 * time.Hour

// anchorLease is how long a node holds a chain it is anchoring; a run that
// failed (SMTP down, say) is tried again once it has passed.
const anchorLease = time.Hour

// claimAnchors leases the chains last anchored at or before $3 (or
// never) whose lease is free or expired at $4; on PostgreSQL the rows
// another node is claiming are skipped, so only one node anchors a chain.
var claimAnchors = store.Claim{Table: "audit_anchor_runs", Key: "coop_id",
	Set:  "lease_owner = $1, lease_until = $2",
	Pick: "(last_at IS NULL OR last_at <= $3) AND (lease_until IS NULL OR lease_until <= $4)"}

// DailyAnchors is `ebok serve`'s own anchoring: each chain once per
// AnchorEvery, by whichever node claims it first. The time of the last
// anchor is kept in the database (audit_anchor_runs); the anchors
// themselves go where the Anchorer puts them.
type DailyAnchors struct {
	Anchorer *Anchorer
	// Chains lists the cooperatives to anchor.
	Chains func(ctx context.Context) ([]Chain, error)
	// Node names this process in the lease (unique per process).
	Node string
}

// Run anchors each chain whose last anchor (by any node) is AnchorEvery
// old or older, or which was never anchored, and returns what it anchored.
// A chain that fails is left to be tried again after anchorLease, and its
// error joined to the others; the rest are anchored all the same.
func (d *DailyAnchors) Run(ctx context.Context) ([]Anchored, error) {
	r := d.Anchorer
	chains, err := d.Chains(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[int64]Chain{}
	err = r.DB.InTx(ctx, func(tx *store.Tx) error {
		for _, c := range chains {
			byID[c.CoopID] = c
			if _, err := tx.ExecContext(ctx, `INSERT INTO audit_anchor_runs (coop_id) VALUES ($1)
				ON CONFLICT (coop_id) DO NOTHING`, c.CoopID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("audit: anchor runs: %w", err)
	}
	now := dbTime(r.Now())
	leaseUntil := now.Add(anchorLease)
	ids, err := r.DB.ClaimIDs(ctx, claimAnchors, d.Node, leaseUntil, now.Add(-AnchorEvery), now)
	if err != nil {
		return nil, fmt.Errorf("audit: claim anchor runs: %w", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	anchors, err := r.Anchors()
	if err != nil {
		return nil, err
	}
	var done []Anchored
	var errs []error
	for _, id := range ids {
		c, ok := byID[id]
		if !ok {
			continue // listed no more; its lease simply expires
		}
		a, err := r.Anchor(ctx, c, anchors)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if err := d.finish(ctx, id, now, leaseUntil); err != nil {
			errs = append(errs, err)
		}
		done = append(done, a)
	}
	return done, errors.Join(errs...)
}

// finish records that this node anchored a chain at now and frees its
// lease.
func (d *DailyAnchors) finish(ctx context.Context, coopID int64, now, leaseUntil time.Time) error {
	return d.Anchorer.DB.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE audit_anchor_runs
			SET last_at = $2, lease_owner = NULL, lease_until = NULL
			WHERE coop_id = $1 AND lease_owner = $3 AND lease_until = $4`, coopID, now, d.Node, leaseUntil)
		if err != nil {
			return fmt.Errorf("audit: record anchor run: %w", err)
		}
		return nil
	})
}

// Next is when Run has work again at the earliest, by the database: for
// each chain, its last anchor plus AnchorEvery or the end of its lease,
// whichever is later; a chain never anchored and not leased is due at
// once (the zero time). Cooperatives added since the last Run are not
// seen: callers cap the wait.
func (d *DailyAnchors) Next(ctx context.Context) (time.Time, error) {
	type run struct{ last, lease store.NullTime }
	runs, err := store.QueryAll(ctx, d.Anchorer.DB.Read(), func(row store.Scanner) (run, error) {
		var r run
		err := row.Scan(&r.last, &r.lease)
		return r, err
	}, `SELECT last_at, lease_until FROM audit_anchor_runs`)
	if err != nil {
		return time.Time{}, fmt.Errorf("audit: anchor runs: %w", err)
	}
	var next time.Time
	for i, r := range runs {
		var due time.Time
		if r.last.Valid {
			due = r.last.Time.Add(AnchorEvery)
		}
		if r.lease.Valid && r.lease.Time.After(due) {
			due = r.lease.Time
		}
		if i == 0 || due.Before(next) {
			next = due
		}
	}
	return next, nil
}

// dbTime is t as stored: UTC (SQLite compares timestamps as text), to the
// microsecond (PostgreSQL's precision).
func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
