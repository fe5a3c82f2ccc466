package demo

import (
	"context"
	"database/sql"

	"github.com/ebok/ebok/internal/civil"
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
	coopID    int64
	firstID   int64 // id of the first entry (engines that store explicit ids)
	cal       *calendar
	dueDay    int
	chargeDsc []string // description of each month's charge
}

// tables lists every table the generator fills, parents first.
var tables = []string{
	"cooperatives", "estates", "buildings", "premises", "persons", "titles", "title_holders",
	"memberships", "accounts", "fee_components", "fee_rates", "users", "ledger_entries",
}
