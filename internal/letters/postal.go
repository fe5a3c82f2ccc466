package letters

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/documents"
	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/store"
)

// Batch is a postal batch: the letters to print and post together.
type Batch struct {
	ID         int64
	CreatedAt  time.Time
	PrintedAt  time.Time // zero until staff mark it printed
	Letters    int
	Registered int
}

// Batches lists the cooperative's postal batches, newest first. Estate
// staff see only the batches holding their estate's letters, each counted
// by those letters alone (the files they may open hold no others).
func (s *Service) Batches(ctx context.Context, by audit.Actor) ([]Batch, error) {
	bs, _, err := s.batches(ctx, by, -1, 0)
	return bs, err
}

// BatchPageSize is how many postal batches one page of the list shows.
const BatchPageSize = 20

// BatchPage lists the page'th BatchPageSize batches (from 1) of those
// Batches lists, and how many Batches lists in all.
func (s *Service) BatchPage(ctx context.Context, by audit.Actor, page int) ([]Batch, int, error) {
	return s.batches(ctx, by, BatchPageSize, (max(page, 1)-1)*BatchPageSize)
}

// batches lists limit batches (-1: all) from offset, and counts them all.
func (s *Service) batches(ctx context.Context, by audit.Actor, limit, offset int) ([]Batch, int, error) {
	const ofBatch = `FROM letter_recipients r JOIN letters l ON l.coop_id = r.coop_id AND l.id = r.letter_id
		WHERE r.coop_id = b.coop_id AND r.batch_id = b.id AND ($2 = 0 OR l.estate_id = $2)`
	const which = `FROM postal_batches b WHERE b.coop_id = $1 AND ($2 = 0 OR EXISTS (SELECT 1 ` + ofBatch + `))`
	var total int
	if err := s.DB.Read().QueryRowContext(ctx, `SELECT COUNT(*) `+which, by.CoopID, by.EstateID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("letters: batches: %w", err)
	}
	page := ""
	if limit >= 0 {
		page = fmt.Sprintf(" LIMIT %d OFFSET %d", limit, offset)
	}
	out, err := store.QueryAll(ctx, s.DB.Read(), scanBatch, `SELECT b.id, b.created_at, b.printed_at,
		(SELECT COUNT(*) `+ofBatch+`), (SELECT COUNT(*) `+ofBatch+` AND l.signed_receipt)
		`+which+` ORDER BY b.id DESC`+page, by.CoopID, by.EstateID)
	if err != nil {
		return nil, 0, fmt.Errorf("letters: batches: %w", err)
	}
	return out, total, nil
}

// scanBatch reads one row of a postal batch.
func scanBatch(row store.Scanner) (Batch, error) {
	var b Batch
	var printed sql.NullTime
	err := row.Scan(&b.ID, &b.CreatedAt, &printed, &b.Letters, &b.Registered)
	b.PrintedAt = printed.Time
	return b, err
}

// batchLetter is one letter of a batch as stored.
type batchLetter struct {
	x    documents.Letter
	kind Kind
	// attachments are the names of the letter's PDF attachments, which
	// the batch PDF does not hold: the office prints and encloses them.
	attachments []string
}

// batchLetters reads a batch's letters in the order they were queued.
func (s *Service) batchLetters(ctx context.Context, by audit.Actor, batchID int64) ([]batchLetter, error) {
	letterIDs := make([]int64, 0, 1)
	out, err := store.QueryAll(ctx, s.DB.Read(), func(row store.Scanner) (batchLetter, error) {
		var content string
		var bl batchLetter
		var letterID int64
		if err := row.Scan(&content, &bl.kind, &letterID); err != nil {
			return bl, err
		}
		letterIDs = append(letterIDs, letterID)
		return bl, json.Unmarshal([]byte(content), &bl.x)
	}, `SELECT r.content, l.kind, l.id FROM letter_recipients r
		JOIN letters l ON l.coop_id = r.coop_id AND l.id = r.letter_id
		WHERE r.coop_id = $1 AND r.batch_id = $2 AND r.status IN ('post', 'printed') AND ($3 = 0 OR l.estate_id = $3)
		ORDER BY r.id`, by.CoopID, batchID, by.EstateID)
	if err != nil {
		return nil, fmt.Errorf("letters: batch %d: %w", batchID, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("letters: batch %d: %w", batchID, fault.ErrNotFound)
	}
	c, err := s.Coops.Get(ctx, by.CoopID)
	if err != nil {
		return nil, err
	}
	names, err := s.batchAttachmentNames(ctx, by.CoopID, batchID)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].x.Coop = c
		out[i].attachments = names[letterIDs[i]]
	}
	return out, nil
}

// batchAttachmentNames are the file names of the attachments of the letters in
// a postal batch, by letter.
func (s *Service) batchAttachmentNames(ctx context.Context, coopID, batchID int64) (map[int64][]string, error) {
	type named struct {
		letter int64
		name   string
	}
	rows, err := store.QueryAll(ctx, s.DB.Read(), func(row store.Scanner) (named, error) {
		var n named
		return n, row.Scan(&n.letter, &n.name)
	}, `SELECT a.letter_id, a.filename FROM letter_attachments a
		WHERE a.coop_id = $1 AND a.letter_id IN (SELECT letter_id FROM letter_recipients WHERE coop_id = $1 AND batch_id = $2)
		ORDER BY a.letter_id, a.id`, coopID, batchID)
	if err != nil {
		return nil, fmt.Errorf("letters: attachments of batch %d: %w", batchID, err)
	}
	out := make(map[int64][]string)
	for _, n := range rows {
		out[n.letter] = append(out[n.letter], n.name)
	}
	return out, nil
}

// BatchPDF is a postal batch ready to print: every letter from a new
// sheet, its address in the envelope window.
func (s *Service) BatchPDF(ctx context.Context, by audit.Actor, batchID int64) (documents.File, error) {
	bls, err := s.batchLetters(ctx, by, batchID)
	if err != nil {
		return documents.File{}, err
	}
	xs := make([]documents.Letter, len(bls))
	for i, bl := range bls {
		xs[i] = bl.x
	}
	return s.Documents.LettersPDF(s.polish(), "paczka-"+strconv.FormatInt(batchID, 10)+".pdf", xs)
}

// DispatchList is a postal batch's dispatch list, as CSV or PDF.
func (s *Service) DispatchList(ctx context.Context, by audit.Actor, batchID int64, asPDF bool) (documents.File, error) {
	bls, err := s.batchLetters(ctx, by, batchID)
	if err != nil {
		return documents.File{}, err
	}
	d := documents.DispatchList{Coop: bls[0].x.Coop, BatchID: batchID}
	for _, bl := range bls {
		d.Rows = append(d.Rows, documents.DispatchRow{Recipient: bl.x.Address[0], Address: strings.Join(bl.x.Address[1:], ", "),
			RegisterNo: bl.x.RegisterNo, Kind: s.polish().T("letters.kind." + string(bl.kind)), Registered: bl.x.Registered,
			Attachments: strings.Join(bl.attachments, ", ")})
	}
	if asPDF {
		return s.Documents.DispatchPDF(s.polish(), d)
	}
	return documents.DispatchCSV(s.polish(), d)
}

// MarkPrinted records that staff printed a postal batch: its letters are
// printed, and later letters go to a new batch.
func (s *Service) MarkPrinted(ctx context.Context, by audit.Actor, batchID int64) error {
	if by.EstateID != 0 { // a batch holds the whole cooperative's letters
		return fmt.Errorf("letters: batch %d: %w", batchID, fault.ErrNotFound)
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE postal_batches SET printed_at = $3, printed_by = $4
			WHERE coop_id = $1 AND id = $2 AND printed_at IS NULL`, by.CoopID, batchID, dbTime(s.Now()), nullID(by.UserID))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return fault.ErrNotFound
		}
		res, err = tx.ExecContext(ctx, `UPDATE letter_recipients SET status = 'printed'
			WHERE coop_id = $1 AND batch_id = $2 AND status = 'post'`, by.CoopID, batchID)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		return audit.Append(ctx, tx, by.Did(s.Now(), audit.PostalBatchPrinted, "postal_batch:"+strconv.FormatInt(batchID, 10),
			map[string]string{"letters": strconv.FormatInt(n, 10)}))
	})
	if err != nil {
		return fmt.Errorf("letters: mark batch %d printed: %w", batchID, err)
	}
	return nil
}
