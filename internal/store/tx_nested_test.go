package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// countCoops counts the cooperatives committed so far.
func countCoops(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.Read().QueryRowContext(context.Background(), "SELECT COUNT(*) FROM cooperatives").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// An inner InTx given the outer transaction's context joins it: its rows
// commit with the outer ones, and its after-commit callbacks wait for the
// outer commit.
func TestNestedTxJoinsAndCommitsOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		innerRan := false
		err := db.InTx(ctx, func(tx *store.Tx) error {
			if err := insertCoop(ctx, tx, "outer"); err != nil {
				return err
			}
			err := db.InTx(tx.Context(ctx), func(inner *store.Tx) error {
				if inner != tx {
					t.Error("inner InTx began a transaction of its own")
				}
				inner.AfterCommit(func() { innerRan = true })
				return insertCoop(ctx, inner, "inner")
			})
			if innerRan {
				t.Error("inner after-commit callback ran before the outer commit")
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if !innerRan {
			t.Error("inner after-commit callback did not run after the outer commit")
		}
		if n := countCoops(t, db); n != 2 {
			t.Errorf("cooperatives = %d, want 2", n)
		}
	})
}

// An inner failure returned by the outer function rolls back both, and no
// callback runs.
func TestNestedTxFailureRollsBackAll(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		ran := false
		err := db.InTx(ctx, func(tx *store.Tx) error {
			if err := insertCoop(ctx, tx, "outer"); err != nil {
				return err
			}
			return db.InTx(tx.Context(ctx), func(inner *store.Tx) error {
				inner.AfterCommit(func() { ran = true })
				if err := insertCoop(ctx, inner, "inner"); err != nil {
					return err
				}
				return boom
			})
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v, want boom", err)
		}
		if ran {
			t.Error("callback ran after a rollback")
		}
		if n := countCoops(t, db); n != 0 {
			t.Errorf("cooperatives = %d after rollback, want 0", n)
		}
	})
}

// A context carrying another database's transaction is not joined.
func TestNestedTxOtherDatabaseNotJoined(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		other := storetest.Open(t, db.Dialect())
		ctx := context.Background()
		err := other.InTx(ctx, func(otx *store.Tx) error {
			return db.InTx(otx.Context(ctx), func(tx *store.Tx) error {
				if tx == otx {
					t.Error("joined another database's transaction")
				}
				return insertCoop(ctx, tx, "mine")
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		if n := countCoops(t, db); n != 1 {
			t.Errorf("cooperatives = %d, want 1", n)
		}
	})
}
