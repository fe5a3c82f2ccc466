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
// upgrading: in one transaction that holds the head, it verifies the chain
// in the old form (a broken chain is refused, as a *BrokenError), then
// re-hashes every row in seq order and moves the head. It returns how many
// rows it re-hashed. An empty chain needs nothing; a chain already keyed
// gives ErrAlreadyKeyed.
func Rekey(ctx context.Context, db *store.DB, coopID int64) (int, error) {
	key := db.ChainKey()
	if err := CheckKey(key); err != nil {
		return 0, err
	}
	n := 0
	err := db.InTx(ctx, func(tx *store.Tx) error {
		n = 0
		headSeq, _, err := lockHead(ctx, tx, coopID)
		if err != nil {
			return fmt.Errorf("audit: lock chain of cooperative %d: %w", coopID, err)
		}
		if headSeq == 0 {
			return nil
		}
		if _, err := Verify(ctx, tx, key, coopID); err == nil {
			return ErrAlreadyKeyed
		}
		if _, err := Verify(ctx, tx, nil, coopID); err != nil {
			return err
		}
		prev := genesisHash
		for after := int64(0); after < headSeq; {
			batch, err := store.QueryAll(ctx, tx, scanEntry, `SELECT `+columns+` FROM audit_log
				WHERE coop_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT `+fmt.Sprint(rekeyBatch), coopID, after, headSeq)
			if err != nil {
				return fmt.Errorf("audit: rekey cooperative %d: %w", coopID, store.MapError(err))
			}
			if len(batch) == 0 {
				break
			}
			for _, e := range batch {
				e.PrevHash = prev
				e.Hash = hashOf(key, e)
				if _, err := tx.ExecContext(ctx, `UPDATE audit_log SET prev_hash = $2, hash = $3 WHERE id = $1`,
					e.ID, e.PrevHash, e.Hash); err != nil {
					return fmt.Errorf("audit: rekey cooperative %d: %w", coopID, store.MapError(err))
				}
				prev, after = e.Hash, e.Seq
				n++
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE audit_heads SET last_hash = $2 WHERE coop_id = $1`, coopID, prev)
		return store.MapError(err)
	})
	return n, err
}
