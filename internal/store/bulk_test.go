package store_test

import (
	"context"
	"errors"
	"testing"

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
