package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// TestOptimizeAnalysesNewTables: on SQLite, Optimize (run by `ebok serve`
// and after `ebok demo`) gives a table that was never analysed its
// statistics, so the planner has them from the first start; on a database
// analysed before it leaves the work out (see Optimize).
func TestOptimizeAnalysesNewTables(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, store.SQLite)
	w := db.WriteConn()
	for _, s := range []string{
		`CREATE TABLE opt_probe (id INTEGER PRIMARY KEY, k INTEGER NOT NULL)`,
		`CREATE INDEX opt_probe_k ON opt_probe (k)`,
		`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO opt_probe (k) SELECT i % 7 FROM n`,
	} {
		if _, err := w.ExecContext(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := w.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'opt_probe'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("Optimize left the new table without statistics")
	}
	// The counts, but no samples of values: with samples every cached
	// statement would be planned again each time other values are bound.
	if err := w.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_stat4`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("Optimize left %d samples in sqlite_stat4", n)
	}
}

// TestOptimizeSeesOneCooperativeWhole: in a database of one cooperative
// (every row the same coop_id), Optimize's statistics make the planner
// look 500 keys up in a unique index rather than read the cooperative's
// whole index. Sampled statistics (analysis_limit 400) counted about 400
// rows per cooperative and chose the cooperative's index. The readers
// plan with them too, also one that was open before (a connection reads
// the statistics when it opens). SQLite only:
// PostgreSQL's ANALYZE counts distinct values from a random sample of rows
// (on this small table its planner rightly prefers one sequential scan).
func TestOptimizeSeesOneCooperativeWhole(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	w := db.WriteConn()
	for _, s := range []string{
		`CREATE TABLE opt_keys (id BIGINT PRIMARY KEY, coop_id BIGINT NOT NULL, k TEXT NOT NULL UNIQUE, UNIQUE (coop_id, id))`,
		`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)
			INSERT INTO opt_keys (id, coop_id, k) SELECT i, 7, 'k' || i FROM n`,
	} {
		if _, err := w.ExecContext(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	// A reader busy before the analysis, as in `ebok serve --demo`.
	var n int
	if err := db.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM opt_keys WHERE coop_id = 7`).Scan(&n); err != nil || n != 50000 {
		t.Fatalf("%d rows, %v", n, err)
	}
	if err := db.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	args := []any{int64(7)}
	ps := make([]string, 500)
	for i := range ps {
		args = append(args, fmt.Sprintf("k%d", 100*i+1))
		ps[i] = fmt.Sprintf("$%d", i+2)
	}
	query := `SELECT id FROM opt_keys WHERE coop_id = $1 AND k IN (` + strings.Join(ps, ", ") + `)`
	if plan := storetest.Plan(t, db, query, args...); !strings.Contains(plan, "(k=?)") {
		t.Fatalf("the lookup of 500 keys does not use the unique index on k:\n%s", plan)
	}
	var id, parent, notused int
	var detail string
	if err := db.Read().QueryRowContext(ctx, `EXPLAIN QUERY PLAN `+query, args...).Scan(&id, &parent, &notused, &detail); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(detail, "(k=?)") {
		t.Fatalf("a reader looks the 500 keys up without the unique index on k: %s", detail)
	}
}
