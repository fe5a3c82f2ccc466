package audit

import (
	"context"
	"errors"
	"fmt"

	"github.com/ebok/ebok/internal/store"
)

// ErrAlreadyKeyed: Rekey found a chain already hashed with the key.
var ErrAlreadyKeyed = errors.New("audit: the chain is already keyed")

// rekeyBatch is how many rows Rekey reads at once.
const rekeyBatch = 1000

// Rekey turns a cooperative's chain from the plain SHA-256 of before into
// the keyed form (HMAC-SHA256 under the database's chain key), once, after
// upgrading: in one transaction that holds the head, it checks every row in
// seq order, each linked to the one before and hashed either in the old
// plain form or, from some row on (ebok ran with the key before Rekey),
// with the key; a row that is neither is refused as a *BrokenError and
// nothing changes. It re-hashes every row with the key and moves the head,
// and returns how many rows it re-hashed. An empty chain needs nothing; a
// chain already wholly keyed gives ErrAlreadyKeyed.
func Rekey(ctx context.Context, db *store.DB, coopID int64) (int, error) {
	key := db.ChainKey()
	if err := CheckKey(key); err != nil {
		return 0, err
	}
	n := 0
	err := db.InTx(ctx, func(tx *store.Tx) error {
		n = 0
		headSeq, headHash, err := lockHead(ctx, tx, coopID)
		if err != nil {
			return fmt.Errorf("audit: lock chain of cooperative %d: %w", coopID, err)
		}
		if headSeq == 0 {
			return nil
		}
		if _, err := Verify(ctx, tx, key, coopID); err == nil {
			return ErrAlreadyKeyed
		}
		r := &rekeyer{tx: tx, key: key, coopID: coopID, prevStored: genesisHash, prevNew: genesisHash, n: &n}
		for r.last < headSeq {
			if err := r.batch(ctx, headSeq); err != nil {
				return err
			}
		}
		if r.prevStored != headHash {
			return r.broken(r.last, 0, "the head's hash is not the last row's hash")
		}
		_, err = tx.ExecContext(ctx, `UPDATE audit_heads SET last_hash = $2 WHERE coop_id = $1`, coopID, r.prevNew)
		return store.MapError(err)
	})
	return n, err
}

// rekeyer is the state of Rekey as it walks a cooperative's chain.
type rekeyer struct {
	tx         *store.Tx
	key        []byte
	coopID     int64
	prevStored string // the stored hash of the last row checked
	prevNew    string // the new, keyed hash of the last row re-hashed
	keyed      bool   // whether a row hashed with the key was seen
	last       int64  // the seq of the last row re-hashed
	n          *int   // how many rows were re-hashed
}

// broken is the *BrokenError refusing the chain at the row seq (id).
func (r *rekeyer) broken(seq, id int64, reason string) error {
	return &BrokenError{CoopID: r.coopID, Seq: seq, ID: id, Reason: reason + " (not rekeyed)"}
}

// batch checks and re-hashes the next rekeyBatch rows after r.last, up to
// headSeq.
func (r *rekeyer) batch(ctx context.Context, headSeq int64) error {
	batch, err := store.QueryAll(ctx, r.tx, scanEntry, `SELECT `+columns+` FROM audit_log
		WHERE coop_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT `+fmt.Sprint(rekeyBatch), r.coopID, r.last, headSeq)
	if err != nil {
		return fmt.Errorf("audit: rekey cooperative %d: %w", r.coopID, store.MapError(err))
	}
	if len(batch) == 0 {
		return r.broken(r.last+1, 0, "rows are missing")
	}
	for _, e := range batch {
		if err := r.row(ctx, e); err != nil {
			return err
		}
	}
	return nil
}

// row checks that e follows the row before, hashed in the plain or the
// keyed form, and re-hashes it with the key.
func (r *rekeyer) row(ctx context.Context, e Entry) error {
	switch {
	case e.Seq != r.last+1:
		return r.broken(r.last+1, e.ID, "rows are missing or out of place")
	case e.PrevHash != r.prevStored:
		return r.broken(e.Seq, e.ID, "prev_hash is not the hash of the row before")
	case !r.keyed && hashOf(nil, e) == e.Hash:
	case hashOf(r.key, e) == e.Hash:
		r.keyed = true
	default:
		return r.broken(e.Seq, e.ID, "the hash does not match the row's content")
	}
	r.prevStored = e.Hash
	e.PrevHash = r.prevNew
	e.Hash = hashOf(r.key, e)
	if _, err := r.tx.ExecContext(ctx, `UPDATE audit_log SET prev_hash = $2, hash = $3 WHERE id = $1`,
		e.ID, e.PrevHash, e.Hash); err != nil {
		return fmt.Errorf("audit: rekey cooperative %d: %w", r.coopID, store.MapError(err))
	}
	r.prevNew, r.last = e.Hash, e.Seq
	*r.n++
	return nil
}
