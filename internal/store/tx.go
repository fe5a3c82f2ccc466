package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Tx is a database transaction that can queue work to run after it
// commits: mail is sent, caches dropped and jobs woken only once the data
// they announce is safely stored.
type Tx struct {
	*sql.Tx
	dialect     Dialect
	afterCommit []func()
	// conn is the connection the transaction runs on when InConnTx began
	// it (nil for InTx).
	conn *sql.Conn
}

// Dialect tells which engine the transaction runs on.
func (tx *Tx) Dialect() Dialect { return tx.dialect }

// AfterCommit queues f to run after a successful commit. It never runs when
// the transaction rolls back.
func (tx *Tx) AfterCommit(f func()) { tx.afterCommit = append(tx.afterCommit, f) }

// InTx runs fn in a transaction on the writer. It commits when fn returns
// nil and rolls back otherwise (and on panic, which it re-raises). Errors from
// fn come back as they were, mapped through MapError.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", MapError(err))
	}
	return db.run(&Tx{Tx: sqlTx, dialect: db.dialect}, fn)
}

// run runs fn in tx, begun by InTx or InConnTx: it commits when fn returns
// nil and rolls back otherwise (and on panic, which it re-raises), then
// tells the ledger feed and runs the after-commit callbacks.
func (db *DB) run(tx *Tx, fn func(tx *Tx) error) (err error) {
	committed := false
	defer func() {
		if committed {
			return
		}
		if rbErr := tx.Tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
			err = errors.Join(err, fmt.Errorf("store: rollback: %w", rbErr))
		}
	}()
	if err := fn(tx); err != nil {
		return MapError(err)
	}
	if err := tx.Tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", MapError(err))
	}
	committed = true
	db.committed()
	for _, f := range tx.afterCommit {
		f()
	}
	return nil
}

// committed tells the ledger feed, if any, that this node committed a
// write: a page it kept may show what that write changed, and the
// notification from the database comes only a moment later.
func (db *DB) committed() {
	if f := db.feed.Load(); f != nil {
		f.changed(false)
	}
}
