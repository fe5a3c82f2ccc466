package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ebok/ebok/internal/store"
)

// ErrNoKey: the database was opened without an audit chain key (see
// store.Options.ChainKey) of at least MinKeyLen bytes, so nothing can be
// appended.
var ErrNoKey = errors.New("audit: no chain key: open the database with store.Options.ChainKey")

// Append adds e to the end of its cooperative's chain inside the caller's
// transaction, so that the row commits or rolls back with the change it
// records. It holds the chain's head locked until tx ends: appends to one
// cooperative queue behind each other, on any number of nodes. It refuses
// entries that fail the checks described at ErrInvalidEntry and
// ErrSecretDetail.
func Append(ctx context.Context, tx *store.Tx, e Entry) error {
	e = normalise(e)
	key := tx.ChainKey()
	if len(key) < MinKeyLen {
		return ErrNoKey
	}
	if err := validate(e); err != nil {
		return err
	}
	details, err := detailsJSON(e.Details)
	if err != nil {
		return err
	}
	last, prev, err := lockHead(ctx, tx, e.CoopID)
	if err != nil {
		return fmt.Errorf("audit: lock chain of cooperative %d: %w", e.CoopID, err)
	}
	e.Seq, e.PrevHash = last+1, prev
	e.Hash = hashOf(key, e)
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log
		(coop_id, seq, at, actor_id, actor, action, subject, person_id, ip, details, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		e.CoopID, e.Seq, e.At, nullID(e.ActorID), e.Actor, string(e.Action), e.Subject,
		nullID(e.PersonID), e.IP, details, e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("audit: append %s to cooperative %d: %w", e.Action, e.CoopID, store.MapError(err))
	}
	_, err = tx.ExecContext(ctx, `UPDATE audit_heads SET last_seq = $2, last_hash = $3 WHERE coop_id = $1`,
		e.CoopID, e.Seq, e.Hash)
	if err != nil {
		return fmt.Errorf("audit: move chain head of cooperative %d: %w", e.CoopID, store.MapError(err))
	}
	return nil
}

// lockHead returns the chain's last seq and hash, creating the head on the
// cooperative's first entry, and holds it locked until tx ends.
func lockHead(ctx context.Context, tx *store.Tx, coopID int64) (seq int64, hash string, err error) {
	q := selectHeadSQL(tx.Dialect())
	err = tx.QueryRowContext(ctx, q, coopID).Scan(&seq, &hash)
	if !errors.Is(err, sql.ErrNoRows) {
		return seq, hash, store.MapError(err)
	}
	// Two first entries may race here: DO NOTHING lets the second wait for
	// the first's row instead of failing, and then lock it.
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_heads (coop_id, last_seq, last_hash)
		VALUES ($1, 0, $2) ON CONFLICT (coop_id) DO NOTHING`, coopID, genesisHash)
	if err != nil {
		return 0, "", store.MapError(err)
	}
	err = tx.QueryRowContext(ctx, q, coopID).Scan(&seq, &hash)
	return seq, hash, store.MapError(err)
}

// selectHeadSQL reads a chain head for update. PostgreSQL locks the row, so
// appends from concurrent transactions wait for each other; SQLite has a
// single writer, whose transaction already serialises them.
func selectHeadSQL(d store.Dialect) string {
	const q = `SELECT last_seq, last_hash FROM audit_heads WHERE coop_id = $1`
	if d == store.Postgres {
		return q + ` FOR UPDATE`
	}
	return q
}

// nullID stores the "none" id 0 as NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
