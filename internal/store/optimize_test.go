package store_test

import (
	"context"
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
}
