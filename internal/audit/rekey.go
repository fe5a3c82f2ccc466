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
		broken := func(seq, id int64, reason string) error {
			return &BrokenError{CoopID: coopID, Seq: seq, ID: id, Reason: reason + " (not rekeyed)"}
		}
		prevStored, prevNew, keyed := genesisHash, genesisHash, false
		last := int64(0)
		for last < headSeq {
			batch, err := store.QueryAll(ctx, tx, scanEntry, `SELECT `+columns+` FROM audit_log
				WHERE coop_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT `+fmt.Sprint(rekeyBatch), coopID, last, headSeq)
			if err != nil {
				return fmt.Errorf("audit: rekey cooperative %d: %w", coopID, store.MapError(err))
			}
			if len(batch) == 0 {
				return broken(last+1, 0, "rows are missing")
			}
			for _, e := range batch {
				switch {
				case e.Seq != last+1:
					return broken(last+1, e.ID, "rows are missing or out of place")
				case e.PrevHash != prevStored:
					return broken(e.Seq, e.ID, "prev_hash is not the hash of the row before")
				case !keyed && hashOf(nil, e) == e.Hash:
				case hashOf(key, e) == e.Hash:
					keyed = true
				default:
					return broken(e.Seq, e.ID, "the hash does not match the row's content")
				}
				prevStored = e.Hash
				e.PrevHash = prevNew
				e.Hash = hashOf(key, e)
				if _, err := tx.ExecContext(ctx, `UPDATE audit_log SET prev_hash = $2, hash = $3 WHERE id = $1`,
					e.ID, e.PrevHash, e.Hash); err != nil {
					return fmt.Errorf("audit: rekey cooperative %d: %w", coopID, store.MapError(err))
				}
				prevNew, last = e.Hash, e.Seq
				n++
			}
		}
		if prevStored != headHash {
			return broken(last, 0, "the head's hash is not the last row's hash")
		}
		_, err = tx.ExecContext(ctx, `UPDATE audit_heads SET last_hash = $2 WHERE coop_id = $1`, coopID, prevNew)
		return store.MapError(err)
	})
	return n, err
}
