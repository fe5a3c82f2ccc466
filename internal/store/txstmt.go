package store

import (
	"context"
	"database/sql"
)

// maxTxStatements bounds the statements one transaction keeps prepared;
// past it a statement is run unprepared, as before.
const maxTxStatements = 64

// ExecContext runs query in the transaction. On SQLite a statement that a
// transaction runs more than once (an insert per row of a batch, an update
// per outcome) is parsed and planned once for the transaction instead of
// once a call: the prepared statement is kept until the transaction ends.
// PostgreSQL's driver caches statements itself.
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := tx.prepared(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return tx.Tx.ExecContext(ctx, query, args...)
}

// QueryRowContext runs a query returning at most one row in the
// transaction, prepared once a transaction on SQLite as ExecContext is. The
// row holds the statement until Scan, which every caller calls at once.
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := tx.prepared(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return tx.Tx.QueryRowContext(ctx, query, args...)
}

// prepared returns the transaction's prepared statement for query on
// SQLite, preparing it the second time the query runs (most run once), or
// nil: on PostgreSQL, past maxTxStatements, or when preparing failed (the
// caller then runs the query directly, which reports any error itself).
// QueryContext is left unprepared: its rows may stay open while the same
// query runs again, and the two would share one SQLite statement.
func (tx *Tx) prepared(ctx context.Context, query string) *sql.Stmt {
	if tx.dialect != SQLite {
		return nil
	}
	tx.stmtMu.Lock()
	defer tx.stmtMu.Unlock()
	if st := tx.stmts[query]; st != nil {
		return st
	}
	if tx.seen == nil {
		tx.seen, tx.stmts = map[string]bool{}, map[string]*sql.Stmt{}
	}
	if !tx.seen[query] || len(tx.stmts) >= maxTxStatements {
		tx.seen[query] = true
		return nil
	}
	st, err := tx.Tx.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	tx.stmts[query] = st // closed by database/sql when the transaction ends
	return st
}
