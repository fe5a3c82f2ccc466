package store

import "context"

// LazyCommit lets this transaction's commit return before the database
// has made it durable: on PostgreSQL it sets synchronous_commit off for the
// transaction alone, so the commit does not wait for the write-ahead log to
// reach the disk. The transaction is still atomic and seen by others at
// once; only a crash of the database server (not of ebok) within a
// fraction of a second of the commit may lose it. SQLite, in WAL mode with
// synchronous=NORMAL, never syncs at commit, so there it does nothing.
//
// Use it only where losing the write costs no more than doing the work
// again: the mail worker records "sent" with it, so such a crash may send
// a message twice and never loses one.
func (tx *Tx) LazyCommit(ctx context.Context) error {
	if tx.dialect != Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SET LOCAL synchronous_commit = off`)
	return err
}
