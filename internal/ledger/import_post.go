package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// ledgerPoster writes an import's rows to the ledger inside the import's
// transaction, in two steps: stage copies the rows into a TEMP table as
// the file is read, post then adds those whose external id is not yet
// posted to ledger_entries with one INSERT … SELECT and says how many it
// added. close releases what the poster holds and must be called once,
// whatever happened, before the transaction ends. The transaction must run
// on a connection of its own (store.DB.InConnTx).
//
// One set-based insert is much faster than inserting row by row: on SQLite
// each single-row INSERT into ledger_entries pays for a statement run (its
// cursors on three B-trees, a statement journal) besides the B-tree work,
// about three times the cost of the INSERT … SELECT per row, and a
// multi-row VALUES list with $n placeholders costs time growing with the
// square of their number (SQLite looks each $n up by name). See
// bench/README.md for the figures.
type ledgerPoster interface {
	stage(ctx context.Context, feed *rowFeed) (int, error)
	post(ctx context.Context) (int, error)
	close() error
}

// newLedgerPoster returns the poster for the transaction's engine.
func newLedgerPoster(ctx context.Context, tx *store.Tx, coopID int64, now time.Time) (ledgerPoster, error) {
	if tx.Dialect() == store.Postgres {
		return newPGPoster(ctx, tx, coopID, now)
	}
	return newLitePoster(ctx, tx, coopID, now)
}

// importPostSQL posts the staged rows in file order, skipping external ids
// already posted. ("WHERE true" keeps SQLite's parser from reading ON
// CONFLICT as a join constraint.)
const importPostSQL = `INSERT INTO ledger_entries
	(coop_id, account_id, kind, booked_on, due_on, period, component, amount, description, external_id, created_at)
	SELECT $1, account_id, kind, booked_on, due_on, period, component, amount, description, external_id, $2
	FROM ledger_import WHERE true ORDER BY line
	ON CONFLICT (coop_id, external_id) WHERE external_id IS NOT NULL DO NOTHING`

// importTarget is what both posters post to: the import's transaction,
// the cooperative and the time the entries are created at.
type importTarget struct {
	tx   *store.Tx
	coop int64
	now  time.Time
}

// post adds the staged rows to the ledger (importPostSQL) and says how
// many it added.
func (t importTarget) post(ctx context.Context) (int, error) {
	return execCount(ctx, t.tx, importPostSQL, t.coop, t.now)
}

// createImportTable creates the TEMP table ledger_import the rows are
// staged in. line is its line column's type (the rowid on SQLite, so that
// posting in file order needs no sort) and suffix ends the statement.
func createImportTable(ctx context.Context, tx *store.Tx, line, suffix string) error {
	_, err := tx.ExecContext(ctx, `CREATE TEMP TABLE ledger_import (
		line        `+line+`,
		account_id  BIGINT NOT NULL,
		kind        TEXT NOT NULL,
		booked_on   DATE NOT NULL,
		due_on      DATE,
		period      TEXT,
		component   TEXT,
		amount      BIGINT NOT NULL,
		description TEXT NOT NULL,
		external_id TEXT NOT NULL
	)`+suffix)
	if err != nil {
		return fmt.Errorf("ledger: import staging table: %w", err)
	}
	return nil
}

// litePageCache is the writer's page cache during an import on SQLite, in
// KiB: it holds the ledger's account index and the pages being appended,
// which SQLite's default of 2 MiB cannot, so that it does not write pages
// out and read them back again. It is set on the import's own connection,
// which is closed afterwards (see store.DB.InConnTx).
const litePageCache = 64 << 10

// litePoster stages rows with one prepared single-row INSERT into a TEMP
// table, its line the rowid, so that posting in file order needs no sort.
// A TEMP table lives in the connection's temporary file, not in the
// database file; it goes with the connection.
type litePoster struct {
	importTarget
	stmt *sql.Stmt
}

// newLitePoster sizes the page cache, creates the staging table and
// prepares the statement that stages one row.
func newLitePoster(ctx context.Context, tx *store.Tx, coopID int64, now time.Time) (*litePoster, error) {
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", litePageCache)); err != nil {
		return nil, fmt.Errorf("ledger: import: set page cache size: %w", err)
	}
	if err := createImportTable(ctx, tx, "INTEGER PRIMARY KEY", ""); err != nil {
		return nil, err
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO ledger_import
		(line, account_id, kind, booked_on, due_on, period, component, amount, description, external_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`)
	if err != nil {
		return nil, fmt.Errorf("ledger: import: %w", err)
	}
	return &litePoster{importTarget: importTarget{tx: tx, coop: coopID, now: now}, stmt: stmt}, nil
}

// stage inserts the feed's rows one by one with the prepared statement.
func (p *litePoster) stage(ctx context.Context, feed *rowFeed) (int, error) {
	// The rows go in with a context that cannot be cancelled and plain
	// driver values: the driver watches a cancellable context with a
	// goroutine of its own for every statement it runs, and database/sql
	// converts other values by reflection, together a fifth of the cost of
	// staging. Cancellation is checked once a batch instead.
	rowCtx := context.WithoutCancel(ctx)
	rows := 0
	for batch := feed.next(); batch != nil; batch = feed.next() {
		if err := ctx.Err(); err != nil {
			return rows, err
		}
		for i := range batch {
			r, account := &batch[i].row, batch[i].account
			var due, period, component any
			if !r.DueOn.IsZero() {
				due = r.DueOn.String()
			}
			if !r.Period.IsZero() {
				period = r.Period.String()
			}
			if r.Component != "" {
				component = r.Component
			}
			_, err := p.stmt.ExecContext(rowCtx, int64(r.Line), account, r.Kind, r.BookedOn.String(), due, period,
				component, int64(r.Amount), r.Description, r.ExternalID)
			if cerr := ctx.Err(); err != nil && cerr != nil {
				return rows, cerr // database/sql has rolled the transaction back
			}
			if err != nil {
				return rows, fmt.Errorf("ledger: import line %d: %w", r.Line, err)
			}
			rows++
		}
	}
	return rows, nil
}

// close releases the prepared statement.
func (p *litePoster) close() error { return p.stmt.Close() }

// pgPoster copies the rows with COPY into a TEMP table dropped at the end
// of the transaction, and posts them with one INSERT … SELECT.
type pgPoster struct {
	importTarget
}

// newPGPoster creates the staging table, dropped when the transaction ends.
func newPGPoster(ctx context.Context, tx *store.Tx, coopID int64, now time.Time) (*pgPoster, error) {
	if err := createImportTable(ctx, tx, "INTEGER NOT NULL", " ON COMMIT DROP"); err != nil {
		return nil, err
	}
	return &pgPoster{importTarget{tx: tx, coop: coopID, now: now}}, nil
}

// pgImportColumns are the staging table's columns in the order
// pgImportSource gives the values.
var pgImportColumns = []string{"line", "account_id", "kind", "booked_on", "due_on", "period", "component", "amount", "description", "external_id"}

// stage copies the feed's rows into the staging table with COPY.
func (p *pgPoster) stage(ctx context.Context, feed *rowFeed) (int, error) {
	n, err := p.tx.CopyFrom(ctx, "ledger_import", pgImportColumns, &pgImportSource{feed: feed})
	if err != nil {
		return int(n), fmt.Errorf("ledger: import: %w", err)
	}
	return int(n), nil
}

// close has nothing to release: the table goes with the transaction.
func (p *pgPoster) close() error { return nil }

// execCount runs a statement and returns how many rows it changed.
func execCount(ctx context.Context, tx *store.Tx, query string, args ...any) (int, error) {
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, fmt.Errorf("ledger: import: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("ledger: import: %w", err)
	}
	return int(n), nil
}

// pgImportSource hands the feed's rows to COPY, one batch at a time.
type pgImportSource struct {
	feed  *rowFeed
	batch []staged
	i     int
	vals  [10]any
}

// Next moves to the next row, taking the feed's next batch when one is
// used up.
func (s *pgImportSource) Next() bool {
	s.i++
	if s.i < len(s.batch) {
		return true
	}
	s.batch, s.i = s.feed.next(), 0
	return len(s.batch) > 0
}

// Values gives dates as time.Time: pgx encodes a civil.Date through its
// Valuer, as text it then parses again, which took half the client's time.
func (s *pgImportSource) Values() ([]any, error) {
	st := &s.batch[s.i]
	r := &st.row
	var due any
	if !r.DueOn.IsZero() {
		due = r.DueOn.In(time.UTC)
	}
	v := s.vals[:]
	v[0], v[1], v[2], v[3], v[4] = r.Line, st.account, r.Kind, r.BookedOn.In(time.UTC), due
	v[5], v[6], v[7], v[8], v[9] = nullMonth(r.Period), nullString(r.Component), int64(r.Amount), r.Description, r.ExternalID
	return v, nil
}

// Err is nil: the feed reports its own errors to the import.
func (s *pgImportSource) Err() error { return nil }
