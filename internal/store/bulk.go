package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// CopySource feeds Tx.CopyFrom one row at a time (pgx's interface: Next,
// Values, Err).
type CopySource = pgx.CopyFromSource

// InConnTx is InTx for bulk loads: the transaction runs on a connection
// taken from the writer pool for it alone, so that Tx.CopyFrom can reach
// that connection below database/sql, and the connection is closed
// afterwards instead of going back to the pool, so that whatever the load
// left on it goes too: session settings it changed (SQLite's page cache
// size), TEMP tables and SQLite's temporary file, which keeps the size of
// the largest TEMP table the connection ever held. The pool opens a fresh
// connection when it next needs one. Otherwise InConnTx behaves as InTx:
// commit when fn returns nil, roll back otherwise, after-commit callbacks
// only after a commit.
func (db *DB) InConnTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	if tx := db.joined(ctx); tx != nil {
		return MapError(fn(tx))
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: connection: %w", MapError(err))
	}
	defer func() {
		// Returning driver.ErrBadConn from Raw makes database/sql close the
		// connection; Raw hands that error back, and ErrConnDone if the
		// connection was closed already.
		rerr := conn.Raw(func(any) error { return driver.ErrBadConn })
		if !errors.Is(rerr, driver.ErrBadConn) && !errors.Is(rerr, sql.ErrConnDone) {
			err = errors.Join(err, fmt.Errorf("store: close bulk connection: %w", rerr))
		}
	}()
	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", MapError(err))
	}
	return db.run(&Tx{Tx: sqlTx, dialect: db.dialect, conn: conn, db: db}, fn)
}

// CopyFrom streams the rows of src into table (its columns named in
// columns) with PostgreSQL's COPY, inside the transaction, and returns how
// many rows it copied. It needs a PostgreSQL transaction begun by
// InConnTx; SQLite has no COPY.
func (tx *Tx) CopyFrom(ctx context.Context, table string, columns []string, src CopySource) (int64, error) {
	if tx.dialect != Postgres || tx.conn == nil {
		return 0, errors.New("store: CopyFrom needs a PostgreSQL transaction begun by InConnTx")
	}
	var n int64
	err := tx.conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("store: PostgreSQL driver connection is %T, want *stdlib.Conn", dc)
		}
		var err error
		n, err = sc.Conn().CopyFrom(ctx, pgx.Identifier{table}, columns, src)
		return err
	})
	if err != nil {
		if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
			// Cancelled while rows were on the wire, pgx closes the
			// connection and reports the closed socket: say what
			// happened, cancellation.
			return n, fmt.Errorf("store: copy into %s: %w (%w)", table, cerr, MapError(err))
		}
		return n, fmt.Errorf("store: copy into %s: %w", table, MapError(err))
	}
	return n, nil
}
