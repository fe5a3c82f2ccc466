package demo

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
)

// On SQLite the demo is written through the driver connection of the
// single writer, below database/sql: multi-row INSERT statements prepared
// once, argument slices filled by the generator goroutine while the writer
// executes the previous batch.
//
// The register goes in with the first part of the ledger in one
// transaction; the rest of the ledger is committed every ~250,000 rows and
// checkpointed from another connection while the writer goes on, which
// takes the copying of pages from the WAL into the database off the
// writer's core and keeps the WAL small (one 23-million-row transaction
// would leave a WAL as large as the database). If generation fails after
// the first commit, the rows of the new cooperative are deleted again.
//
// For the duration of the load the connection skips foreign-key and CHECK
// enforcement (PRAGMA foreign_keys=OFF, ignore_check_constraints=ON; the
// kind IN (…) checks alone halve the insert rate) and uses a 64 MiB page
// cache; the previous settings are restored afterwards and the connection
// is discarded if that fails. The generated rows satisfy every constraint:
// the same generator runs on PostgreSQL, which enforces all of them, in
// the tests, and the SQLite tests run PRAGMA foreign_key_check.

// liteConn is what the loader needs of the SQLite driver's connection.
type liteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
}

// liteLoader stores the demo through the writer's driver connection.
type liteLoader struct {
	c       liteConn
	db      *store.DB
	tx      driver.Tx
	commits int   // transactions committed so far
	coopID  int64 // set once the cooperative's id is known
}

// withSQLite runs fn with a loader on the writer's driver connection,
// switched to bulk-load settings for the duration.
func withSQLite(ctx context.Context, db *store.DB, fn func(loader) error) error {
	return withDriverConn(ctx, db, func(c liteConn) error {
		l := &liteLoader{c: c, db: db}
		restore, err := l.bulkSettings(ctx)
		if err != nil {
			return err
		}
		err = l.inTx(ctx, fn)
		if rerr := restore(); rerr != nil {
			// Never hand back a connection without foreign keys.
			return errors.Join(err, rerr, driver.ErrBadConn)
		}
		return err
	})
}

// bulkSettings switches the connection to bulk-load settings and returns
// a function restoring the previous ones.
func (l *liteLoader) bulkSettings(ctx context.Context) (func() error, error) {
	type setting struct {
		name string
		bulk int64
		old  int64
	}
	settings := []setting{
		{name: "foreign_keys", bulk: 0},
		{name: "ignore_check_constraints", bulk: 1},
		{name: "cache_size", bulk: -65536},
		{name: "wal_autocheckpoint", bulk: 0}, // the checkpointer does it
	}
	for i := range settings {
		v, err := l.queryInt(ctx, "PRAGMA "+settings[i].name)
		if err != nil {
			return nil, fmt.Errorf("demo: read PRAGMA %s: %w", settings[i].name, err)
		}
		settings[i].old = v.Int64
	}
	restore := func() error {
		var errs []error
		for _, s := range settings {
			if err := l.exec(context.Background(), "PRAGMA "+s.name+" = "+strconv.FormatInt(s.old, 10)); err != nil {
				errs = append(errs, fmt.Errorf("demo: restore PRAGMA %s: %w", s.name, err))
			}
		}
		return errors.Join(errs...)
	}
	for _, s := range settings {
		if err := l.exec(ctx, "PRAGMA "+s.name+" = "+strconv.FormatInt(s.bulk, 10)); err != nil {
			return nil, errors.Join(fmt.Errorf("demo: PRAGMA %s: %w", s.name, err), restore())
		}
	}
	return restore, nil
}

// inTx runs fn in a transaction and commits it, deleting what earlier
// commits stored when fn or the commit fails.
func (l *liteLoader) inTx(ctx context.Context, fn func(loader) error) error {
	var err error
	if l.tx, err = l.c.BeginTx(ctx, driver.TxOptions{}); err != nil {
		return fmt.Errorf("demo: begin: %w", store.MapError(err))
	}
	if err := fn(l); err != nil {
		if l.tx != nil {
			err = errors.Join(err, l.tx.Rollback())
		}
		if l.commits > 0 {
			err = errors.Join(err, l.cleanup())
		}
		return err
	}
	if err := l.tx.Commit(); err != nil {
		err = fmt.Errorf("demo: commit: %w", store.MapError(err))
		if l.commits > 0 {
			err = errors.Join(err, l.cleanup())
		}
		return err
	}
	// Leave the database checkpointed, as an ordinary commit would.
	return l.exec(ctx, "PRAGMA wal_checkpoint(PASSIVE)")
}

// commit commits the rows so far; begin starts the next transaction.
func (l *liteLoader) commit() error {
	err := l.tx.Commit()
	l.tx = nil
	if err != nil {
		return fmt.Errorf("demo: commit: %w", store.MapError(err))
	}
	l.commits++
	return nil
}

// begin starts the next transaction.
func (l *liteLoader) begin(ctx context.Context) error {
	var err error
	if l.tx, err = l.c.BeginTx(ctx, driver.TxOptions{}); err != nil {
		return fmt.Errorf("demo: begin: %w", store.MapError(err))
	}
	return nil
}

// cleanup deletes what was committed of a generation that failed.
func (l *liteLoader) cleanup() error {
	ctx := context.Background()
	tx, err := l.c.BeginTx(ctx, driver.TxOptions{})
	if err != nil {
		return fmt.Errorf("demo: clean up: %w", err)
	}
	for i := len(tables) - 1; i >= 0; i-- {
		col := "coop_id"
		if tables[i] == "cooperatives" {
			col = "id"
		}
		if err := l.exec(ctx, "DELETE FROM "+tables[i]+" WHERE "+col+" = $1", l.coopID); err != nil {
			return errors.Join(fmt.Errorf("demo: clean up %s: %w", tables[i], err), tx.Rollback())
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("demo: clean up: %w", err)
	}
	return nil
}

// dateVal returns d as the text of a DATE, NULL for the zero day.
func (l *liteLoader) dateVal(d civil.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// liteMidnight is how the driver (with _time_format=sqlite) writes a
// time.Time at midnight UTC after the date.
const liteMidnight = " 00:00:00+00:00"

// tsVal returns midnight UTC of d as the driver would write it.
func (l *liteLoader) tsVal(d civil.Date) any { return d.String() + liteMidnight }

// namedValues numbers args for the driver, widening the small integers
// it does not take.
func namedValues(args []any) []driver.NamedValue {
	nv := make([]driver.NamedValue, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case int:
			a = int64(v)
		case int32:
			a = int64(v)
		case int8:
			a = int64(v)
		case uint8:
			a = int64(v)
		}
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return nv
}

// exec executes a statement on the connection.
func (l *liteLoader) exec(ctx context.Context, query string, args ...any) error {
	_, err := l.c.ExecContext(ctx, query, namedValues(args))
	return store.MapError(err)
}

// queryInt returns the integer in the first column of the query's first
// row, NULL when there is no row.
func (l *liteLoader) queryInt(ctx context.Context, query string, args ...any) (sql.NullInt64, error) {
	rows, err := l.c.QueryContext(ctx, query, namedValues(args))
	if err != nil {
		return sql.NullInt64{}, err
	}
	defer rows.Close()
	dest := make([]driver.Value, len(rows.Columns()))
	if err := rows.Next(dest); err != nil {
		if err == io.EOF {
			return sql.NullInt64{}, nil
		}
		return sql.NullInt64{}, err
	}
	switch v := dest[0].(type) {
	case nil:
		return sql.NullInt64{}, nil
	case int64:
		return sql.NullInt64{Int64: v, Valid: true}, nil
	}
	return sql.NullInt64{}, fmt.Errorf("demo: %q returned %T, want an integer", query, dest[0])
}

// nextID returns the id after the table's largest.
func (l *liteLoader) nextID(ctx context.Context, table string) (int64, error) {
	v, err := l.queryInt(ctx, "SELECT COALESCE(MAX(id), 0) FROM "+table)
	return v.Int64 + 1, err
}

// finish does nothing: SQLite takes ids after the largest stored anyway.
func (l *liteLoader) finish(context.Context, []string) error { return nil }

// started remembers the cooperative's id, to delete its rows should a
// later part of the load fail.
func (l *liteLoader) started(coopID int64) { l.coopID = coopID }

// multiRow returns an INSERT of n rows into table.
func multiRow(table string, cols []string, n int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
	placeholders(&b, len(cols), n)
	return b.String()
}

// placeholders writes the placeholders of rows rows of cols values each:
// (?,?),(?,?)…
func placeholders(b *strings.Builder, cols, rows int) {
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(row)
	}
}

// insert stores rows in multi-row INSERTs of up to 20,000 values, each
// statement prepared once for as long as the number of rows repeats.
func (l *liteLoader) insert(ctx context.Context, table string, cols []string, rows [][]any) error {
	per := min(len(rows), 20000/len(cols))
	if per == 0 {
		return nil
	}
	var stmt driver.Stmt
	defer func() {
		if stmt != nil {
			stmt.Close()
		}
	}()
	args := make([]any, 0, per*len(cols))
	for len(rows) > 0 {
		n := min(per, len(rows))
		if stmt == nil || n != per {
			if stmt != nil {
				stmt.Close()
			}
			var err error
			if stmt, err = l.c.PrepareContext(ctx, multiRow(table, cols, n)); err != nil {
				return fmt.Errorf("demo: prepare insert into %s: %w", table, err)
			}
		}
		args = args[:0]
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		if _, err := stmt.(driver.StmtExecContext).ExecContext(ctx, namedValues(args)); err != nil {
			return fmt.Errorf("demo: insert into %s: %w", table, store.MapError(err))
		}
		rows = rows[n:]
	}
	return nil
}
