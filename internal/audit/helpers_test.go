package audit

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// base is a start time with nanoseconds, in a zone other than UTC, so that
// tests see Append's normalisation at work.
var base = time.Date(2026, 3, 1, 10, 0, 0, 123456789, time.FixedZone("CET", 3600))

// sample is the i-th entry of a test chain: actions cycle, ids are
// sometimes none, details carry Polish text.
func sample(coopID int64, i int) Entry {
	actions := Actions()
	return Entry{
		CoopID:   coopID,
		At:       base.Add(time.Duration(i) * time.Minute),
		ActorID:  int64(i % 3),
		Actor:    "staff:anna",
		Action:   actions[i%len(actions)],
		Subject:  "application:" + strconv.Itoa(i),
		PersonID: int64(i % 4),
		IP:       "192.0.2.7",
		Details:  map[string]string{"i": strconv.Itoa(i), "note": "zażółć gęślą jaźń"},
	}
}

// appendAll appends the entries in one transaction.
func appendAll(t *testing.T, db *store.DB, entries ...Entry) {
	t.Helper()
	ctx := context.Background()
	err := db.InTx(ctx, func(tx *store.Tx) error {
		for _, e := range entries {
			if err := Append(ctx, tx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("append: %v", err)
	}
}

// appendSamples appends samples 1..n to a cooperative's chain.
func appendSamples(t *testing.T, db *store.DB, coopID int64, n int) {
	t.Helper()
	entries := make([]Entry, n)
	for i := range entries {
		entries[i] = sample(coopID, i+1)
	}
	appendAll(t, db, entries...)
}

// exec runs a statement in its own transaction (tests use it to tamper).
func exec(t *testing.T, db *store.DB, query string, args ...any) {
	t.Helper()
	ctx := context.Background()
	err := db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, query, args...)
		return err
	})
	if err != nil {
		t.Fatalf("exec %q: %v", query, err)
	}
}

// seqs lists the Seq of each entry.
func seqs(entries []Entry) []int64 {
	out := make([]int64, len(entries))
	for i, e := range entries {
		out[i] = e.Seq
	}
	return out
}

// rowIDs maps seq to row id for a cooperative's chain.
func rowIDs(t *testing.T, db *store.DB, coopID int64) map[int64]int64 {
	t.Helper()
	rows, err := db.Read().QueryContext(context.Background(),
		`SELECT seq, id FROM audit_log WHERE coop_id = $1`, coopID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	ids := map[int64]int64{}
	for rows.Next() {
		var seq, id int64
		if err := rows.Scan(&seq, &id); err != nil {
			t.Fatal(err)
		}
		ids[seq] = id
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return ids
}
