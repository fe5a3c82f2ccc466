// Package store owns the database connection: the two dialects ebok runs on
// (embedded SQLite and PostgreSQL), migrations, transactions with
// after-commit callbacks and the sentinel errors every domain package uses.
// Domain packages keep their own SQL; they write $1-style placeholders,
// which both engines accept.
package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialect names the database engine behind a DB.
type Dialect string

// The supported engines.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DateText is the DATE column col as a query should read it in bulk. On
// SQLite that is the stored ISO text (CAST … AS TEXT), which civil.Date
// scans directly: read as the column itself, the driver parses every value
// into a time.Time first, with up to two time.Parse calls each (a fifth of
// the CPU of reading an account's ten years). On PostgreSQL the column
// comes as a date already and stays as it is.
func (d Dialect) DateText(col string) string {
	if d == SQLite {
		return "CAST(" + col + " AS TEXT)"
	}
	return col
}

// Querier is what both *sql.DB and *sql.Tx offer; read-only code takes it so
// that it runs inside or outside a transaction alike.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// DB is ebok's database. On SQLite it keeps one writer connection beside a
// pool of readers (WAL lets them run while the writer works); on PostgreSQL
// both sides share one pool.
type DB struct {
	dialect Dialect
	write   *sql.DB
	read    *sql.DB
	// schema is the PostgreSQL search_path when one was given; migrations
	// lock per schema so that test schemas do not wait for each other.
	schema string
	// cache holds prepared read statements (SQLite only).
	cache *stmtCache
	// readIdle is how many idle read connections the SQLite pool keeps.
	readIdle int
	// dsn is the PostgreSQL URL, for the connection that listens for
	// changes (see FollowLedger), and feed that listener once started.
	dsn  string
	feed atomic.Pointer[LedgerFeed]
	// chainKey keys the audit log's hash chain (see Options.ChainKey).
	chainKey []byte
	// ckpt copies SQLite's log into the file off the writer (checkpoint.go).
	ckpt *checkpointer
}

// Options tune Open.
type Options struct {
	// MaxReadConns bounds the read pool (0 = a default from the CPU count).
	MaxReadConns int
	// ChainKey is the secret, kept outside the database, that keys the
	// audit log's hash chain (package audit reads it with Tx.ChainKey).
	ChainKey []byte
}

// Open connects to the database named by dsn: a postgres:// or
// postgresql:// URL selects PostgreSQL; anything else is a path to an SQLite
// file (an optional "sqlite:" or "file:" prefix is removed). The database is
// pinged before Open returns.
func Open(ctx context.Context, dsn string, opts Options) (*DB, error) {
	open := openSQLite
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		open = openPostgres
	}
	db, err := open(ctx, dsn, opts)
	if err != nil {
		return nil, err
	}
	db.chainKey = bytes.Clone(opts.ChainKey)
	return db, nil
}

// ChainKey returns the audit chain's key given to Open (nil when none).
func (db *DB) ChainKey() []byte { return db.chainKey }

// ChainKey returns the audit chain's key of the transaction's database.
func (tx *Tx) ChainKey() []byte { return tx.db.chainKey }

// openPostgres opens a PostgreSQL pool that serves both reads and writes.
func openPostgres(ctx context.Context, dsn string, opts Options) (*DB, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		// url.Parse's error quotes the URL, password and all.
		return nil, errors.New("store: the PostgreSQL URL is not a valid URL; percent-encode any / # ? % @ : or space in the password")
	}
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open PostgreSQL: %w", err)
	}
	sizePool(pool, opts.MaxReadConns, 4)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: connect to PostgreSQL at %s: %w", redacted(u), err)
	}
	return &DB{dialect: Postgres, write: pool, read: pool, schema: u.Query().Get("search_path"), dsn: dsn}, nil
}

// redacted is u fit for an error message: its password, in the user part
// or in a password query parameter (which pgx accepts), as xxxxx.
func redacted(u *url.URL) string {
	if q := u.Query(); q.Has("password") {
		c := *u
		q.Set("password", "xxxxx")
		c.RawQuery = q.Encode()
		u = &c
	}
	return u.Redacted()
}

// sqlitePragmas are set on every SQLite connection.
const sqlitePragmas = "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_time_format=sqlite"

// createPrivate makes a new database file, and its folder, readable by
// ebok's own user alone (0600 and 0700): the file holds personal data and
// password hashes. SQLite gives its -wal and -shm files the database
// file's permissions. An existing file keeps the permissions it has.
func createPrivate(path string) error {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("store: create database folder: %w", err)
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("store: create database file: %w", err)
	}
	return f.Close()
}

// openSQLite opens an SQLite file: one writer connection, set to WAL, and a
// pool of read-only connections.
func openSQLite(ctx context.Context, dsn string, opts Options) (*DB, error) {
	path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	if path == "" {
		return nil, errors.New("store: empty SQLite path")
	}
	if err := createPrivate(path); err != nil {
		return nil, err
	}
	base := "file:" + path + "?" + sqlitePragmas
	write, err := sql.Open("sqlite", base+fmt.Sprintf("&_txlock=immediate&_pragma=wal_autocheckpoint(%d)", writerCheckpointPages))
	if err != nil {
		return nil, fmt.Errorf("store: open SQLite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	// The writer sets the file's layout before readers open it. page_size
	// takes only on a new file and before WAL: 16 KiB pages make bulk loads
	// of the ledger markedly faster. Both settings persist in the file.
	for _, pragma := range []string{"PRAGMA page_size = 16384", "PRAGMA journal_mode = WAL"} {
		if err := execWhileBusy(ctx, write, pragma); err != nil {
			write.Close()
			return nil, fmt.Errorf("store: open SQLite file %s: %w", path, err)
		}
	}
	read, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open SQLite readers: %w", err)
	}
	readIdle := sizePool(read, opts.MaxReadConns, 2)
	if err := read.PingContext(ctx); err != nil {
		write.Close()
		read.Close()
		return nil, fmt.Errorf("store: open SQLite readers: %w", err)
	}
	ckpt, err := startCheckpointer(base)
	if err != nil {
		write.Close()
		read.Close()
		return nil, err
	}
	return &DB{dialect: SQLite, write: write, read: read, cache: newStmtCache(read), readIdle: readIdle, ckpt: ckpt}, nil
}

// sizePool lets pool keep n connections open, all of them idle when unused
// so that none is opened anew under load; n ≤ 0 means perCPU per CPU. It
// returns the n it set.
func sizePool(pool *sql.DB, n, perCPU int) int {
	if n <= 0 {
		n = perCPU * runtime.NumCPU()
	}
	pool.SetMaxOpenConns(n)
	pool.SetMaxIdleConns(n)
	return n
}

// execWhileBusy runs a statement at open, trying again for a few seconds
// while another process holds the file: switching a new file to WAL takes
// an exclusive lock, and SQLite reports "database is locked" for it at
// once, without waiting out busy_timeout, when several nodes start
// together.
func execWhileBusy(ctx context.Context, db *sql.DB, stmt string) error {
	deadline := time.Now().Add(10 * time.Second)
	for wait := 5 * time.Millisecond; ; wait = min(2*wait, 200*time.Millisecond) {
		_, err := db.ExecContext(ctx, stmt)
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

// isBusy reports an SQLite "database is locked" or "busy" error.
func isBusy(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "database is locked") || strings.Contains(msg, "SQLITE_BUSY")
}

// Dialect tells which engine this is. Branch on it rarely and explicitly.
func (db *DB) Dialect() Dialect { return db.dialect }

// Read is the pool for queries outside a transaction. On SQLite it is
// read-only: writes go through Tx.
func (db *DB) Read() Querier {
	if db.cache != nil {
		return db.cache
	}
	return db.read
}

// Ping checks that the database answers (used by /healthz).
func (db *DB) Ping(ctx context.Context) error {
	if err := db.read.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	var one int
	if err := db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// Close closes both pools.
func (db *DB) Close() error {
	var err error
	if db.cache != nil {
		err = db.cache.close()
	}
	if db.ckpt != nil {
		err = errors.Join(err, db.ckpt.close())
	}
	err = errors.Join(err, db.write.Close())
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// WriteConn hands out the writer pool for bulk loaders (the demo generator,
// imports) that need a prepared statement inside their own transaction.
func (db *DB) WriteConn() *sql.DB { return db.write }

// Analyze refreshes the planner's statistics of the named tables on
// PostgreSQL, for a caller that has just grown them from next to nothing
// (a mass letter's recipients and e-mails). Each connection keeps its
// prepared statements with the plan made at their first use; a plan made
// while a table was empty (a sequential scan looked free) stays until the
// table's statistics change, which autovacuum does only a minute or more
// later, so a join of two such tables grew with the square of their rows.
// ANALYZE sets new statistics and makes every connection plan again. On
// SQLite statements are prepared per transaction and the planner prefers
// indexes without statistics: there it does nothing.
func (db *DB) Analyze(ctx context.Context, tables ...string) error {
	if db.dialect != Postgres || len(tables) == 0 {
		return nil
	}
	for _, t := range tables {
		if !isIdentifier(t) {
			return fmt.Errorf("store: analyze: bad table name %q", t)
		}
	}
	if _, err := db.write.ExecContext(ctx, "ANALYZE "+strings.Join(tables, ", ")); err != nil {
		return fmt.Errorf("store: analyze %s: %w", strings.Join(tables, ", "), err)
	}
	return nil
}

// isIdentifier says whether s is a plain lower-case SQL name.
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r >= 'a' && r <= 'z' || r == '_' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// Optimize refreshes the query planner's statistics. Without them SQLite
// may pick a poor index (at 100,000 premises a staff search took seconds).
//
// On SQLite, PRAGMA optimize analyses only the tables whose statistics are
// missing or out of date (0x10000: all tables, not only those this
// connection used; 0x02: run ANALYZE where needed), so a start on a
// database analysed before costs milliseconds. The analysis reads every
// index in full (about 2 s for the 100,000-premises demo, once): a sampled
// one (analysis_limit) saw a few hundred rows of one cooperative and
// reported about 400 rows per cooperative, where one-cooperative databases
// have all of them, and the planner then read a whole cooperative's
// accounts to find 500 NRBs (29 ms a query instead of 0.7 ms).
//
// SQLite keeps the per-index counts (sqlite_stat1) but not the samples of
// values (sqlite_stat4, which this build of SQLite collects): with samples
// the planner estimates from the values bound to a statement, so a cached
// statement is parsed and planned again every time it is run with other
// values (sqlite3Reprepare was 9-14 % of the CPU of `ebok serve` serving
// residents' pages, bench/README.md). ANALYZE sqlite_schema makes the
// connection read the statistics again.
func (db *DB) Optimize(ctx context.Context) error {
	stmts := []string{"ANALYZE"}
	if db.dialect == SQLite {
		stmts = []string{"PRAGMA analysis_limit = 0", "PRAGMA optimize = 0x10002"}
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: optimize: %w", err)
	}
	defer conn.Close()
	for _, s := range stmts {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("store: optimize: %w", err)
		}
	}
	if db.dialect == SQLite {
		if err := dropSamples(ctx, conn); err != nil {
			return fmt.Errorf("store: optimize: %w", err)
		}
		// An SQLite connection reads the statistics when it opens and
		// keeps them: the readers open now (Open's ping made one, before
		// any migration or analysis) would plan with the old ones, or
		// none, for as long as they live. Closing the idle ones makes the
		// pool open fresh ones; Optimize runs at start, when none is busy.
		db.read.SetMaxIdleConns(0)
		db.read.SetMaxIdleConns(db.readIdle)
	}
	return nil
}

// dropSamples empties SQLite's sqlite_stat4 (see Optimize) and has the
// connection read the statistics again.
func dropSamples(ctx context.Context, conn *sql.Conn) error {
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema WHERE name = 'sqlite_stat4'`).Scan(&n); err != nil || n == 0 {
		return err
	}
	for _, s := range []string{"DELETE FROM sqlite_stat4", "ANALYZE sqlite_schema"} {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	return nil
}
