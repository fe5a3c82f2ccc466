package demo

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// cancelAt cancels a context at the n-th progress line of the ledger.
type cancelAt struct {
	n      *int
	cancel context.CancelFunc
}

func (h cancelAt) Enabled(context.Context, slog.Level) bool { return true }
func (h cancelAt) Handle(_ context.Context, r slog.Record) error {
	if strings.HasPrefix(r.Message, "demo: ledger") && r.Message == "demo: ledger" {
		if *h.n--; *h.n == 0 {
			h.cancel()
		}
	}
	return nil
}
func (h cancelAt) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h cancelAt) WithGroup(string) slog.Handler      { return h }

// TestFailedGenerateLeavesNothing cancels Generate halfway through the
// ledger, after SQLite has committed parts of it, and expects every row of
// the cooperative gone, the writer's settings restored and the slug free.
func TestFailedGenerateLeavesNothing(t *testing.T) {
	defer func(p, r int) { litePacksPerTx, liteTxPerRestart = p, r }(litePacksPerTx, liteTxPerRestart)
	litePacksPerTx, liteTxPerRestart = 1, 2 // commit every 4,000 rows
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		today := civil.Date{Year: 2026, Month: time.March, Day: 20}
		hash := func(s string) (string, error) { return s, nil }
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		n := 5
		_, err := Generate(ctx, db, Options{Seed: 3, Premises: 300, Today: today, HashPassword: hash, Logger: slog.New(cancelAt{&n, cancel})})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Generate cancelled halfway: %v", err)
		}
		for _, table := range tables {
			var rows int
			if err := db.Read().QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&rows); err != nil {
				t.Fatal(err)
			}
			if rows != 0 {
				t.Errorf("%s: %d rows left after a failed Generate", table, rows)
			}
		}
		if db.Dialect() == store.SQLite {
			var fk int
			if err := db.WriteConn().QueryRowContext(context.Background(), "PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
				t.Errorf("PRAGMA foreign_keys = %d (%v) after a failed Generate", fk, err)
			}
		}
		// Committed in many small transactions, the result is the same.
		res, err := Generate(context.Background(), db, Options{Seed: 3, Premises: 300, Today: today, HashPassword: hash})
		if err != nil {
			t.Fatalf("Generate after the failed one: %v", err)
		}
		var entries int64
		if err := db.Read().QueryRowContext(context.Background(), "SELECT COUNT(*) FROM ledger_entries WHERE coop_id = $1", res.CoopID).Scan(&entries); err != nil {
			t.Fatal(err)
		}
		if entries != res.Entries || entries < 300*200 {
			t.Errorf("%d entries stored, Generate reports %d", entries, res.Entries)
		}
	})
}
