package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

var claimTest = store.Claim{Table: "claim_test", Key: "id", Set: "owner = $1",
	Pick: "owner IS NULL ORDER BY id LIMIT $2"}

// A claim leases at most its limit, the first rows by its order, on both
// engines; on PostgreSQL even when the planner joins the choosing subquery
// in a nested loop (forced here by switching hashing, merging, sorting and
// materialising off), a plan under which "id IN (subquery … SKIP LOCKED)"
// leased all 500 rows.
func TestClaimLeasesAtMostItsLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := db.WriteConn()
		if _, err := w.ExecContext(ctx, `CREATE TABLE claim_test (id INTEGER PRIMARY KEY, owner TEXT)`); err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= 500; i++ {
			if _, err := w.ExecContext(ctx, `INSERT INTO claim_test (id) VALUES ($1)`, i); err != nil {
				t.Fatal(err)
			}
		}
		ids, err := db.ClaimIDs(ctx, claimTest, "a", 20)
		if err != nil {
			t.Fatal(err)
		}
		if want := seq(1, 20); !slices.Equal(ids, want) {
			t.Fatalf("first claim leased %v, want %v", ids, want)
		}
		if db.Dialect() != store.Postgres {
			return
		}
		err = db.InTx(ctx, func(tx *store.Tx) error {
			for _, off := range []string{"enable_hashagg", "enable_hashjoin", "enable_mergejoin", "enable_material", "enable_sort"} {
				if _, err := tx.ExecContext(ctx, "SET LOCAL "+off+" = off"); err != nil {
					return err
				}
			}
			ids, err = store.QueryAll(ctx, tx, store.ScanID, claimTest.SQL(store.Postgres), "b", 20)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(ids)
		if want := seq(21, 40); !slices.Equal(ids, want) {
			t.Fatalf("claim under a nested-loop plan leased %d rows (%v…), want %v", len(ids), ids[:min(len(ids), 3)], want)
		}
	})
}

// seq is from, from+1, …, to.
func seq(from, to int64) []int64 {
	var out []int64
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}
