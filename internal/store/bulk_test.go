package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// TestInConnTx: a transaction on a connection of its own commits, rolls
// back and runs after-commit callbacks as InTx does; on PostgreSQL CopyFrom
// writes inside it (rolled back with it), on SQLite CopyFrom refuses.
func TestInConnTx(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		count := func() int {
			t.Helper()
			var n int
			if err := db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM cooperatives").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		boom := errors.New("boom")
		ran := false
		err := db.InConnTx(ctx, func(tx *store.Tx) error {
			tx.AfterCommit(func() { ran = true })
			if err := insertCoop(ctx, tx, "a"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) || ran || count() != 0 {
			t.Fatalf("rollback: %v, callback ran %v, %d rows", err, ran, count())
		}
		err = db.InConnTx(ctx, func(tx *store.Tx) error {
			tx.AfterCommit(func() { ran = true })
			return insertCoop(ctx, tx, "a")
		})
		if err != nil || !ran || count() != 1 {
			t.Fatalf("commit: %v, callback ran %v, %d rows", err, ran, count())
		}

		rows := pgx.CopyFromRows([][]any{{int64(1), "jeden"}, {int64(2), nil}})
		err = db.InConnTx(ctx, func(tx *store.Tx) error {
			if db.Dialect() == store.SQLite {
				if _, err := tx.CopyFrom(ctx, "cooperatives", []string{"n", "s"}, rows); err == nil {
					t.Error("CopyFrom on SQLite did not refuse")
				}
				return nil
			}
			if _, err := tx.ExecContext(ctx, "CREATE TEMP TABLE bulk_test (n BIGINT, s TEXT) ON COMMIT DROP"); err != nil {
				return err
			}
			n, err := tx.CopyFrom(ctx, "bulk_test", []string{"n", "s"}, rows)
			if err != nil || n != 2 {
				t.Fatalf("copy: %d rows, %v", n, err)
			}
			var sum, nulls int64
			if err := tx.QueryRowContext(ctx, "SELECT SUM(n), COUNT(*) - COUNT(s) FROM bulk_test").Scan(&sum, &nulls); err != nil || sum != 3 || nulls != 1 {
				t.Errorf("copied rows: sum %d, %d nulls, %v", sum, nulls, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// CopyFrom needs InConnTx.
		err = db.InTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.CopyFrom(ctx, "cooperatives", []string{"slug"}, pgx.CopyFromRows(nil)); err == nil {
				t.Error("CopyFrom outside InConnTx did not refuse")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// TestInConnTxClosesItsConnection: what a bulk load leaves on its
// connection (a TEMP table, a session setting) is gone afterwards,
// because the connection is closed rather than pooled.
func TestInConnTxClosesItsConnection(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var pid int64
		err := db.InConnTx(ctx, func(tx *store.Tx) error {
			if db.Dialect() == store.Postgres {
				if _, err := tx.ExecContext(ctx, "CREATE TEMP TABLE left_behind (n BIGINT)"); err != nil {
					return err
				}
				return tx.QueryRowContext(ctx, "SELECT pg_backend_pid()").Scan(&pid)
			}
			if _, err := tx.ExecContext(ctx, "CREATE TEMP TABLE left_behind (n BIGINT)"); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, "PRAGMA cache_size = -65536")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if db.Dialect() == store.Postgres {
			// The server ends the backend as soon as the client hangs up.
			deadline := time.Now().Add(5 * time.Second)
			for {
				var n int
				if err := db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM pg_stat_activity WHERE pid = $1", pid).Scan(&n); err != nil {
					t.Fatal(err)
				}
				if n == 0 {
					return
				}
				if time.Now().After(deadline) {
					t.Fatalf("backend %d still connected", pid)
				}
				time.Sleep(20 * time.Millisecond)
			}
		}
		// SQLite has a single writer connection: the next one is new.
		var tables, cache int64
		if err := db.WriteConn().QueryRowContext(ctx, "SELECT COUNT(*) FROM temp.sqlite_master").Scan(&tables); err != nil {
			t.Fatal(err)
		}
		if err := db.WriteConn().QueryRowContext(ctx, "PRAGMA cache_size").Scan(&cache); err != nil {
			t.Fatal(err)
		}
		if tables != 0 || cache == -65536 {
			t.Errorf("the writer connection kept %d TEMP tables and cache_size %d", tables, cache)
		}
	})
}
