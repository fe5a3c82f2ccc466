package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// TestAnalyzeReplansPreparedStatements is the trap Analyze exists for: on
// PostgreSQL a statement prepared while its table was empty keeps its
// sequential scan after the table has grown, until the statistics change;
// Analyze changes them, and the same prepared statement then uses the
// index.
func TestAnalyzeReplansPreparedStatements(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, store.Postgres)
	conn, err := db.WriteConn().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	plan := func(table string) string {
		t.Helper()
		rows, err := conn.QueryContext(ctx, `EXPLAIN EXECUTE `+table+`_one`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var lines []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, s)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return strings.Join(lines, "\n")
	}
	// Another session's DDL (other test packages create and drop schemas
	// meanwhile) can overflow PostgreSQL's invalidation queue, which makes
	// every backend drop its plans: then the plan changes before Analyze
	// and the round shows nothing, so it is tried again in a new table.
	for round := range 3 {
		table := fmt.Sprintf("analyze_probe_%d", round)
		for _, s := range []string{
			// Autovacuum would analyse the grown table on its own a minute
			// or less later, and plan again before this test looks.
			`CREATE TABLE ` + table + ` (id BIGINT PRIMARY KEY, k TEXT NOT NULL) WITH (autovacuum_enabled = false)`,
			`ANALYZE ` + table, // as `ebok serve` does at start, on an empty table
			`PREPARE ` + table + `_one AS SELECT k FROM ` + table + ` WHERE id = 4321`,
		} {
			if _, err := conn.ExecContext(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		if p := plan(table); !strings.Contains(p, "Seq Scan") {
			t.Fatalf("plan on the empty table:\n%s\nwant a sequential scan (else this test shows nothing)", p)
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO `+table+` SELECT i, 'x' || i FROM generate_series(1, 20000) AS i`); err != nil {
			t.Fatal(err)
		}
		if p := plan(table); !strings.Contains(p, "Seq Scan") {
			t.Logf("round %d: plan after the table grew, before Analyze:\n%s\nwant the old sequential scan still; planned again from outside, trying anew", round, p)
			continue
		}
		if err := db.Analyze(ctx, table); err != nil {
			t.Fatal(err)
		}
		if p := plan(table); !strings.Contains(p, "Index Scan") {
			t.Errorf("plan after Analyze:\n%s\nwant an index scan", p)
		}
		return
	}
	t.Fatal("in three rounds the plan was made again before Analyze every time: want the old sequential scan still")
}

// TestAnalyzeRefusesOddNames: the table names go into the statement's
// text, so only plain names pass; on SQLite Analyze does nothing.
func TestAnalyzeRefusesOddNames(t *testing.T) {
	ctx := context.Background()
	pg := storetest.Open(t, store.Postgres)
	for _, name := range []string{"", "outbox; DROP TABLE outbox", "Outbox", "1outbox", `"outbox"`} {
		if err := pg.Analyze(ctx, name); err == nil {
			t.Errorf("Analyze(%q): no error", name)
		}
	}
	if err := pg.Analyze(ctx, "outbox", "letter_recipients"); err != nil {
		t.Errorf("Analyze(outbox, letter_recipients): %v", err)
	}
	lite := storetest.Open(t, store.SQLite)
	if err := lite.Analyze(ctx, "outbox"); err != nil {
		t.Errorf("SQLite: %v", err)
	}
}

// TestGrowthRefreshesAtDoublings: a Growth refreshes the statistics when
// its count reaches 500, then 1,000, then 2,000 (each time twice as many),
// and not one row before.
func TestGrowthRefreshesAtDoublings(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, store.Postgres)
	if _, err := db.WriteConn().ExecContext(ctx, `CREATE TABLE growth_probe (id BIGINT PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	g := &store.Growth{Tables: []string{"growth_probe"}}
	base := storetest.Analyses(t, db, "growth_probe")
	for i, step := range []struct{ rows, want int }{
		{0, 0}, {-5, 0},
		{499, 0}, {1, 1}, // 500 in all
		{499, 1}, {1, 2}, // 1,000
		{999, 2}, {1, 3}, // 2,000
	} {
		if err := g.Add(ctx, db, step.rows); err != nil {
			t.Fatal(err)
		}
		if got := storetest.Analyses(t, db, "growth_probe") - base; got != step.want {
			t.Fatalf("step %d (%d more rows): %d analyses, want %d", i, step.rows, got, step.want)
		}
	}
}
