package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
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
	// db is the database the transaction belongs to, so that only its own
	// InTx joins it.
	db *DB
	// stmtMu guards seen (queries run once so far) and stmts (those
	// prepared for the rest of the transaction); see prepared.
	stmtMu sync.Mutex
	seen   map[string]bool
	stmts  map[string]*sql.Stmt
}

// Dialect tells which engine the transaction runs on.
func (tx *Tx) Dialect() Dialect { return tx.dialect }

// AfterCommit queues f to run after a successful commit. It never runs when
// the transaction rolls back.
func (tx *Tx) AfterCommit(f func()) { tx.afterCommit = append(tx.afterCommit, f) }

// Context returns ctx carrying tx, for calling another service inside this
// transaction: InTx and InConnTx of the same database, given that context,
// join tx instead of beginning a transaction of their own. The joined work
// commits or rolls back with tx, and its after-commit callbacks run when tx
// commits.
func (tx *Tx) Context(ctx context.Context) context.Context {
	return context.WithValue(ctx, txKey{}, tx)
}

// txKey is the context key of the transaction a call runs in.
type txKey struct{}

// joined returns the transaction of this database that ctx carries, if any.
func (db *DB) joined(ctx context.Context) *Tx {
	if tx, ok := ctx.Value(txKey{}).(*Tx); ok && tx.db == db {
		return tx
	}
	return nil
}

// InTx runs fn in a transaction on the writer. It commits when fn returns
// nil and rolls back otherwise (and on panic, which it re-raises). Errors from
// fn come back as they were, mapped through MapError. When ctx carries a
// transaction of this database (see Tx.Context), fn runs in it instead: a
// service called by another inside its transaction joins it, and an error
// from fn rolls the whole back once the outer fn returns it.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	if tx := db.joined(ctx); tx != nil {
		return MapError(fn(tx))
	}
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", MapError(err))
	}
	return db.run(&Tx{Tx: sqlTx, dialect: db.dialect, db: db}, fn)
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
	if db.ckpt != nil {
		db.ckpt.committed()
	}
	if f := db.feed.Load(); f != nil {
		f.changed(false)
	}
}
