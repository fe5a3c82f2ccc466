package demo

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
)

// On PostgreSQL the demo is written in one pgx transaction on a connection
// taken from the pool: COPY for every table, the ledger streamed through a
// CopyFromSource fed by the generator goroutine. The tables are locked
// against other writers (readers go on) so that the explicit ids taken
// after the current maximum cannot collide, and the identity sequences are
// moved past them before commit.
//
// In a database without any cooperative yet (the usual place for a demo)
// the foreign keys of the filled tables are dropped for the load and added
// again before commit, which validates every row in one pass instead of
// one trigger query per row (half the time of the whole load). Elsewhere
// the rows are checked one by one and nobody else's reads wait.

// pgLoader stores the demo in a pgx transaction.
type pgLoader struct {
	tx pgx.Tx
	// readd holds the statements restoring the dropped foreign keys.
	readd []string
}

// withPostgres runs fn with a loader in a transaction on the writer's
// driver connection, committed when fn succeeds.
func withPostgres(ctx context.Context, db *store.DB, fn func(loader) error) error {
	return withDriverConn(ctx, db, func(sc *stdlib.Conn) error {
		tx, err := sc.Conn().Begin(ctx)
		if err != nil {
			return fmt.Errorf("demo: begin: %w", store.MapError(err))
		}
		l := &pgLoader{tx: tx}
		err = l.lock(ctx)
		if err != nil {
			err = fmt.Errorf("demo: lock tables: %w", err)
		} else {
			err = fn(l)
		}
		if err != nil {
			if rerr := tx.Rollback(context.Background()); rerr != nil {
				return errors.Join(err, rerr, driver.ErrBadConn)
			}
			return err
		}
		if err := tx.Commit(ctx); err != nil {
			return fmt.Errorf("demo: commit: %w", store.MapError(err))
		}
		return nil
	})
}

// pgDate returns d as a DATE value.
func pgDate(d civil.Date) pgtype.Date {
	return pgtype.Date{Time: time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC), Valid: true}
}

// dateVal returns d as a DATE value, NULL for the zero day.
func (l *pgLoader) dateVal(d civil.Date) any {
	if d.IsZero() {
		return nil
	}
	return pgDate(d)
}

// tsVal returns midnight UTC of d.
func (l *pgLoader) tsVal(d civil.Date) any { return d.In(time.UTC) }

// exec executes a statement in the transaction.
func (l *pgLoader) exec(ctx context.Context, query string, args ...any) error {
	_, err := l.tx.Exec(ctx, query, args...)
	return store.MapError(err)
}

// queryInt returns the integer the query returns, NULL when it returns
// no row.
func (l *pgLoader) queryInt(ctx context.Context, query string, args ...any) (sql.NullInt64, error) {
	var v sql.NullInt64
	err := l.tx.QueryRow(ctx, query, args...).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return sql.NullInt64{}, nil
	}
	return v, err
}

// lock keeps other writers out of the tables until commit; in a database
// without cooperatives it also drops the tables' foreign keys until finish.
func (l *pgLoader) lock(ctx context.Context) error {
	if err := l.exec(ctx, "LOCK TABLE "+strings.Join(tables, ", ")+" IN EXCLUSIVE MODE"); err != nil {
		return err
	}
	var fresh bool
	if err := l.tx.QueryRow(ctx, `SELECT NOT EXISTS (SELECT 1 FROM cooperatives)`).Scan(&fresh); err != nil || !fresh {
		return err
	}
	rows, err := l.tx.Query(ctx, `SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname),
			format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
		FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY($1::regclass[])
		ORDER BY conrelid::regclass::text, conname`, tables)
	if err != nil {
		return err
	}
	var drop []string
	for rows.Next() {
		var d, a string
		if err := rows.Scan(&d, &a); err != nil {
			rows.Close()
			return err
		}
		drop, l.readd = append(drop, d), append(l.readd, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, q := range drop {
		if err := l.exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// nextID returns the first id after both the table's rows and its
// identity sequence, which may have given out ids since deleted.
func (l *pgLoader) nextID(ctx context.Context, table string) (int64, error) {
	v, err := l.queryInt(ctx, fmt.Sprintf(`SELECT GREATEST(
		COALESCE((SELECT MAX(id) FROM %[1]s), 0),
		COALESCE(pg_sequence_last_value(pg_get_serial_sequence('%[1]s', 'id')::regclass), 0))`, table))
	return v.Int64 + 1, err
}

// started does nothing: a failed load is rolled back whole.
func (l *pgLoader) started(int64) {}

// finish restores dropped foreign keys (validating every row) and moves
// each identity sequence past the ids stored explicitly.
func (l *pgLoader) finish(ctx context.Context, tables []string) error {
	for _, q := range l.readd {
		if err := l.exec(ctx, q); err != nil {
			return fmt.Errorf("demo: restore foreign key (%s): %w", q, err)
		}
	}
	l.readd = nil
	for _, t := range tables {
		err := l.exec(ctx, fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%[1]s', 'id'), m) FROM (SELECT MAX(id) AS m FROM %[1]s) x WHERE m IS NOT NULL`, t))
		if err != nil {
			return fmt.Errorf("demo: reset sequence of %s: %w", t, err)
		}
	}
	return nil
}

// insert copies rows into table.
func (l *pgLoader) insert(ctx context.Context, table string, cols []string, rows [][]any) error {
	if _, err := l.tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("demo: copy into %s: %w", table, store.MapError(err))
	}
	return nil
}
