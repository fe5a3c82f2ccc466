// Package storetest gives tests a fresh, migrated database on each engine:
// an SQLite file in a temporary folder, and a PostgreSQL schema of its own
// when EBOK_TEST_POSTGRES_URL is set.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// PostgresEnv names the variable holding the PostgreSQL URL for tests.
const PostgresEnv = "EBOK_TEST_POSTGRES_URL"

// ChainKey is the audit chain key of every test database (see
// store.Options.ChainKey); a test that needs another opens its own.
func ChainKey() []byte { return []byte("storetest audit chain key, 32+ bytes long") }

// Each runs fn as a subtest on SQLite and on PostgreSQL, each with a fresh
// migrated database. The PostgreSQL subtest skips, saying why, when
// EBOK_TEST_POSTGRES_URL is unset.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			fn(t, Open(t, d))
		})
	}
}

// Open returns a fresh migrated database of the given engine, closed (and on
// PostgreSQL dropped) when the test ends.
func Open(t testing.TB, d store.Dialect) *store.DB {
	t.Helper()
	dsn := DSN(t, d)
	db, err := store.Open(context.Background(), dsn, store.Options{ChainKey: ChainKey()})
	if err != nil {
		t.Fatalf("open %s: %v", d, err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate %s: %v", d, err)
	}
	return db
}

// DSN returns a connection string for a fresh, empty database of the given
// engine (not yet migrated), cleaned up when the test ends.
func DSN(t testing.TB, d store.Dialect) string {
	t.Helper()
	if d == store.SQLite {
		return filepath.Join(t.TempDir(), "ebok.db")
	}
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skipf("PostgreSQL tests skipped: set %s (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable); .ci/run sets it", PostgresEnv)
	}
	schema := "t_" + randomHex(t, 8)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open PostgreSQL: %v", err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			t.Errorf("open PostgreSQL for clean-up: %v", err)
			return
		}
		defer admin.Close()
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func randomHex(t testing.TB, n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("random: %v", err)
	}
	return hex.EncodeToString(b)
}

// InsertCoop adds a minimal cooperative with the given slug and returns its
// id, for tests that need a row to hang their data on.
func InsertCoop(t testing.TB, db *store.DB, slug string) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := db.InTx(ctx, func(tx *store.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO cooperatives
			(slug, name, short_name, street, postal_code, city, nip, regon, krs, bank_account, fee_due_day, phone, email, website, created_at)
			VALUES ($1, $2, $1, 'ul. Testowa 1', '00-001', 'Warszawa', '5250000000', '000000000', '0000000000',
			'61109010140000071219812874', 10, '', '', '', $3) RETURNING id`,
			slug, "Spółdzielnia Mieszkaniowa „"+slug+"”", time.Now().UTC()).Scan(&id)
	})
	if err != nil {
		t.Fatalf("insert cooperative %s: %v", slug, err)
	}
	return id
}

// Analyses is how many times ANALYZE was run by hand (not by autovacuum,
// which PostgreSQL counts apart) on table of the test's schema; PostgreSQL
// only.
func Analyses(t testing.TB, db *store.DB, table string) int {
	t.Helper()
	var n int
	err := db.Read().QueryRowContext(context.Background(), `SELECT analyze_count FROM pg_stat_user_tables
		WHERE schemaname = current_schema() AND relname = $1`, table).Scan(&n)
	if err != nil {
		t.Fatalf("analyses of %s: %v", table, err)
	}
	return n
}

// OpenAt opens another handle on the database at dsn (as a second node
// would), closed when the test ends; it does not migrate.
func OpenAt(t testing.TB, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn, store.Options{ChainKey: ChainKey()})
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// FollowLedger starts db's ledger change feed (PostgreSQL), as `ebok
// serve` does, waits until it is live and stops it when the test ends
// (before db closes, when db was opened earlier in the test).
func FollowLedger(t testing.TB, db *store.DB) *store.LedgerFeed {
	t.Helper()
	feed := db.FollowLedger()
	if feed == nil {
		t.Fatal("no ledger feed: not PostgreSQL")
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { feed.Run(ctx, slog.New(slog.NewTextHandler(io.Discard, nil))); close(done) }()
	t.Cleanup(func() { stop(); <-done })
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, live := feed.Generation(); live {
			return feed
		}
		if time.Now().After(deadline) {
			t.Fatal("the ledger feed did not become live within 10 s")
		}
	}
}

// Plan is how the engine would run query with args, one line a step:
// EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL.
func Plan(t testing.TB, db *store.DB, query string, args ...any) string {
	t.Helper()
	explain := "EXPLAIN "
	if db.Dialect() == store.SQLite {
		explain = "EXPLAIN QUERY PLAN "
	}
	rows, err := db.WriteConn().QueryContext(context.Background(), explain+query, args...)
	if err != nil {
		t.Fatalf("plan of %s: %v", query, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		// The plan's text is the last column on both engines.
		lines = append(lines, fmt.Sprint(vals[len(vals)-1]))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}
