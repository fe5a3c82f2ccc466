package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

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
// and its hash matches its content; then that the head names the last row
// and that no row lies beyond it. It returns how many rows passed and, on the
// first problem, a *BrokenError. Rows are streamed, not loaded at once.
//
// Verify may run beside appends: it checks the chain up to the head as it
// reads it first; rows appended later are left for the next run.
func Verify(ctx context.Context, q store.Querier, coopID int64) (checked int, err error) {
	headSeq, headHash, err := readHead(ctx, q, coopID)
	if err != nil {
		return 0, err
	}
	last, checked, err := walk(ctx, q, coopID, headSeq)
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
		return checked, nil
	case err != nil:
		return checked, fmt.Errorf("audit: verify cooperative %d: %w", coopID, store.MapError(err))
	}
	return checked, broken(seq, id, "the row lies beyond the chain head")
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
func walk(ctx context.Context, q store.Querier, coopID, upTo int64) (last Entry, checked int, err error) {
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
		if reason := check(e, err, last); reason != "" {
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
func check(e Entry, detailsErr error, prev Entry) string {
	switch {
	case e.Seq != prev.Seq+1:
		return fmt.Sprintf("expected seq %d, found seq %d: rows are missing or out of place", prev.Seq+1, e.Seq)
	case detailsErr != nil:
		return fmt.Sprintf("details are not valid: %v", detailsErr)
	case e.PrevHash != prev.Hash:
		return fmt.Sprintf("prev_hash %s is not the hash of seq %d", e.PrevHash, prev.Seq)
	case hashOf(e) != e.Hash:
		return "the hash does not match the row's content"
	}
	return ""
}

// VerifyAll verifies the chain of every cooperative and returns how many
// rows passed in each. It goes on past broken chains: the error then joins
// one *BrokenError per broken chain (find them with errors.As or by
// unwrapping). Other errors stop it.
func VerifyAll(ctx context.Context, q store.Querier) (map[int64]int, error) {
	ids, err := coopIDs(ctx, q)
	if err != nil {
		return nil, err
	}
	counts := make(map[int64]int, len(ids))
	var brokenErrs []error
	for _, id := range ids {
		n, err := Verify(ctx, q, id)
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
