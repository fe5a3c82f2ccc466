package audit

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// BrokenError names the first place where a chain no longer matches what
// was appended.
type BrokenError struct {
	// CoopID is the cooperative whose chain is broken.
	CoopID int64
	// Seq is the first row that is altered, out of place or missing.
	Seq int64
	// ID is the database id of the row found at Seq's place (0 when none).
	ID int64
	// Reason says what did not match, for the operator.
	Reason string
}

// Error implements error.
func (e *BrokenError) Error() string {
	return fmt.Sprintf("audit: chain of cooperative %d broken at seq %d (row id %d): %s", e.CoopID, e.Seq, e.ID, e.Reason)
}

// Verify walks a cooperative's chain in seq order and checks every row: its
// seq follows the one before, its prev_hash is the hash of the row before
// and its hash is the keyed hash (HMAC-SHA256 under key, the secret kept
// outside the database) of its content; then that the head names the last
// row and that no row lies beyond it. It returns how many rows passed and,
// on the first problem, a *BrokenError. Rows are streamed, not loaded at
// once.
//
// Verify may run beside appends: it checks the chain up to the head as it
// reads it first; rows appended later are left for the next run.
//
// Without the key nobody can re-hash an edited chain, but anyone who can
// write the database can still delete its newest rows and move the head
// back: VerifyAnchored checks the chain against anchors kept elsewhere.
func Verify(ctx context.Context, q store.Querier, key []byte, coopID int64) (checked int, err error) {
	return VerifyAnchored(ctx, q, key, coopID, nil)
}

// VerifyAnchored is Verify, then checks the chain against anchors (heads
// written out earlier by Anchor, signature already checked by ReadAnchors;
// those of other cooperatives are ignored): each anchored row must still be
// there with the anchored hash. Rows deleted from the end are named by the
// first deleted seq (ID 0: no row is there); a rewritten chain by the first
// anchored row whose hash differs.
func VerifyAnchored(ctx context.Context, q store.Querier, key []byte, coopID int64, anchors []Anchor) (checked int, err error) {
	headSeq, headHash, err := readHead(ctx, q, coopID)
	if err != nil {
		return 0, err
	}
	last, checked, err := walk(ctx, q, key, coopID, headSeq)
	if err != nil {
		return checked, err
	}
	broken := func(seq, id int64, format string, args ...any) error {
		return &BrokenError{CoopID: coopID, Seq: seq, ID: id, Reason: fmt.Sprintf(format, args...)}
	}
	if last.Seq != headSeq {
		return checked, broken(last.Seq+1, 0, "the head is at seq %d but the chain ends at seq %d: rows are missing", headSeq, last.Seq)
	}
	if last.Hash != headHash {
		return checked, broken(last.Seq, last.ID, "the head's hash %s is not the last row's hash", headHash)
	}
	// One statement, so one snapshot: a row appended meanwhile moved the head
	// with it and does not show up here.
	var id, seq int64
	err = q.QueryRowContext(ctx, `SELECT id, seq FROM audit_log
		WHERE coop_id = $1 AND seq > COALESCE((SELECT last_seq FROM audit_heads WHERE coop_id = $1), 0)
		ORDER BY seq LIMIT 1`, coopID).Scan(&id, &seq)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return checked, fmt.Errorf("audit: verify cooperative %d: %w", coopID, store.MapError(err))
	default:
		return checked, broken(seq, id, "the row lies beyond the chain head")
	}
	return checked, checkAnchors(ctx, q, coopID, last, anchors)
}

// checkAnchors compares the cooperative's anchors, in seq order, with a
// chain found intact up to last.
func checkAnchors(ctx context.Context, q store.Querier, coopID int64, last Entry, anchors []Anchor) error {
	mine := make([]Anchor, 0, len(anchors))
	for _, a := range anchors {
		if a.CoopID == coopID {
			mine = append(mine, a)
		}
	}
	slices.SortFunc(mine, func(a, b Anchor) int { return cmp.Compare(a.Seq, b.Seq) })
	for _, a := range mine {
		if a.Seq > last.Seq {
			return &BrokenError{CoopID: coopID, Seq: last.Seq + 1, Reason: fmt.Sprintf(
				"the row is missing: the anchor of %s records the chain at seq %d, but it ends at seq %d: rows %d to %d were deleted",
				a.At.UTC().Format(time.RFC3339), a.Seq, last.Seq, last.Seq+1, a.Seq)}
		}
		if a.Seq == 0 {
			continue
		}
		var id int64
		var hash string
		err := q.QueryRowContext(ctx, `SELECT id, hash FROM audit_log WHERE coop_id = $1 AND seq = $2`, coopID, a.Seq).Scan(&id, &hash)
		if err != nil {
			return fmt.Errorf("audit: verify cooperative %d against its anchors: %w", coopID, store.MapError(err))
		}
		if hash != a.Hash {
			return &BrokenError{CoopID: coopID, Seq: a.Seq, ID: id, Reason: fmt.Sprintf(
				"the hash %s differs from the anchor of %s (%s): the chain was rewritten up to here",
				hash, a.At.UTC().Format(time.RFC3339), a.Hash)}
		}
	}
	return nil
}

// readHead returns a chain's head, or seq 0 and the genesis hash when the
// cooperative has no chain yet.
func readHead(ctx context.Context, q store.Querier, coopID int64) (int64, string, error) {
	var seq int64
	var hash string
	err := q.QueryRowContext(ctx, `SELECT last_seq, last_hash FROM audit_heads WHERE coop_id = $1`, coopID).Scan(&seq, &hash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, genesisHash, nil
	case err != nil:
		return 0, "", fmt.Errorf("audit: read chain head of cooperative %d: %w", coopID, store.MapError(err))
	}
	return seq, hash, nil
}

// walk checks the rows up to seq upTo and returns the last good one (zero
// Seq and the genesis hash when there are none) and how many passed.
func walk(ctx context.Context, q store.Querier, key []byte, coopID, upTo int64) (last Entry, checked int, err error) {
	last.Hash = genesisHash
	rows, err := q.QueryContext(ctx, `SELECT `+columns+` FROM audit_log
		WHERE coop_id = $1 AND seq <= $2 ORDER BY seq`, coopID, upTo)
	if err != nil {
		return last, 0, fmt.Errorf("audit: verify cooperative %d: %w", coopID, store.MapError(err))
	}
	defer rows.Close()
	for rows.Next() {
		e, details, err := scanRow(rows)
		if err != nil {
			return last, checked, fmt.Errorf("audit: verify cooperative %d: %w", coopID, err)
		}
		e.Details, err = parseDetails(details)
		if reason := check(key, e, err, last); reason != "" {
			return last, checked, &BrokenError{CoopID: coopID, Seq: last.Seq + 1, ID: e.ID, Reason: reason}
		}
		last = e
		checked++
	}
	if err := rows.Err(); err != nil {
		return last, checked, fmt.Errorf("audit: verify cooperative %d: %w", coopID, err)
	}
	return last, checked, nil
}

// check says what is wrong with row e following prev ("" when nothing);
// detailsErr is the error from decoding its details.
func check(key []byte, e Entry, detailsErr error, prev Entry) string {
	switch {
	case e.Seq != prev.Seq+1:
		return fmt.Sprintf("expected seq %d, found seq %d: rows are missing or out of place", prev.Seq+1, e.Seq)
	case detailsErr != nil:
		return fmt.Sprintf("details are not valid: %v", detailsErr)
	case e.PrevHash != prev.Hash:
		return fmt.Sprintf("prev_hash %s is not the hash of seq %d", e.PrevHash, prev.Seq)
	case hashOf(key, e) != e.Hash && prev.Seq == 0:
		return "the hash does not match the row's content (or the chain was written with another audit key, or before chains were keyed: see `ebok audit rekey`)"
	case hashOf(key, e) != e.Hash:
		return "the hash does not match the row's content"
	}
	return ""
}

// VerifyAll verifies the chain of every cooperative against the anchors
// (none: nil) and returns how many rows passed in each. It goes on past
// broken chains: the error then joins one *BrokenError per broken chain
// (find them with errors.As or by unwrapping). Other errors stop it, and so
// does an anchor of a cooperative that is not in the database (all its
// rows gone).
func VerifyAll(ctx context.Context, q store.Querier, key []byte, anchors []Anchor) (map[int64]int, error) {
	ids, err := coopIDs(ctx, q)
	if err != nil {
		return nil, err
	}
	for _, a := range anchors {
		if !slices.Contains(ids, a.CoopID) {
			return nil, fmt.Errorf("audit: anchor %s names cooperative %d (%s), which is not in the database", a.File, a.CoopID, a.Slug)
		}
	}
	counts := make(map[int64]int, len(ids))
	var brokenErrs []error
	for _, id := range ids {
		n, err := VerifyAnchored(ctx, q, key, id, anchors)
		counts[id] = n
		var b *BrokenError
		switch {
		case errors.As(err, &b):
			brokenErrs = append(brokenErrs, err)
		case err != nil:
			return counts, err
		}
	}
	return counts, errors.Join(brokenErrs...)
}

// coopIDs lists every cooperative, read in full before any chain is walked
// (a transaction cannot run a second query while rows are open).
func coopIDs(ctx context.Context, q store.Querier) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM cooperatives ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("audit: list cooperatives: %w", store.MapError(err))
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("audit: list cooperatives: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit: list cooperatives: %w", err)
	}
	return ids, nil
}
