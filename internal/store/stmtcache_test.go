package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

func TestStatementCache(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "c.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.cache == nil {
		t.Fatal("SQLite reads are not cached")
	}
	for i := range 100 {
		var n int
		if err := db.Read().QueryRowContext(ctx, "SELECT $1 + 1", i).Scan(&n); err != nil || n != i+1 {
			t.Fatalf("cached query %d: %d %v", i, n, err)
		}
	}
	if len(db.cache.stmts) != 1 {
		t.Errorf("%d statements cached for one query", len(db.cache.stmts))
	}
	// Past the bound, queries still run, uncached.
	for i := range maxCachedStatements + 20 {
		var n int
		if err := db.Read().QueryRowContext(ctx, fmt.Sprintf("SELECT %d", i)).Scan(&n); err != nil || n != i {
			t.Fatalf("query %d: %d %v", i, n, err)
		}
	}
	if len(db.cache.stmts) > maxCachedStatements {
		t.Errorf("cache grew to %d", len(db.cache.stmts))
	}
	// A query that cannot be prepared reports its error as before.
	if _, err := db.Read().QueryContext(ctx, "SELECT * FROM no_such_table"); err == nil {
		t.Error("a bad query succeeded")
	}
}
