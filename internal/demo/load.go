package demo

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
)

// loader is one engine's way of storing the demo cooperative inside a
// single transaction on the writer connection.
type loader interface {
	// dateVal and tsVal give the value to store for a DATE (zero: NULL)
	// and for a timestamp at midnight UTC of a day.
	dateVal(d civil.Date) any
	tsVal(d civil.Date) any
	queryInt(ctx context.Context, query string, args ...any) (sql.NullInt64, error)
	exec(ctx context.Context, query string, args ...any) error
	// insert stores rows (values in column order) with explicit ids.
	insert(ctx context.Context, table string, cols []string, rows [][]any) error
	// nextID returns the first id free for explicit use in table.
	nextID(ctx context.Context, table string) (int64, error)
	// started tells the id of the cooperative being stored.
	started(coopID int64)
	// ledger runs gen in its own goroutine, storing what it writes to the
	// sink while gen produces more.
	ledger(ctx context.Context, lc ledgerConfig, gen func(ctx context.Context, s ledgerSink) error) error
	// finish runs after every row is stored, before commit.
	finish(ctx context.Context, tables []string) error
}

// ledgerConfig is what the sinks need to turn sink calls into rows.
type ledgerConfig struct {
	coopID  int64
	firstID int64 // id of the first entry (engines that store explicit ids)
	cal     *calendar
	dueDay  int
}

// tables lists every table the generator fills, parents first.
var tables = []string{
	"cooperatives", "estates", "buildings", "premises", "persons", "titles", "title_holders",
	"memberships", "accounts", "fee_components", "fee_rates", "users", "consents", "ledger_entries",
}

// withDriverConn runs fn on the driver connection of db's writer, which
// must be a C: the loaders work below database/sql for speed.
func withDriverConn[C any](ctx context.Context, db *store.DB, fn func(c C) error) error {
	conn, err := db.WriteConn().Conn(ctx)
	if err != nil {
		return fmt.Errorf("demo: writer connection: %w", err)
	}
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(C)
		if !ok {
			return fmt.Errorf("demo: driver connection is %T, want %v", dc, reflect.TypeFor[C]())
		}
		return fn(c)
	})
	return errors.Join(err, conn.Close())
}
