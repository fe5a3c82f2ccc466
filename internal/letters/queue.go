package letters

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/documents"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/register"
	"github.com/ebok/ebok/internal/store"
)

// claimed is a recipient a worker holds.
type claimed struct {
	id, coopID, letterID, personID, premisesID int64
	channel, email                             string
	// registerID is the recipient's register entry and content the letter
	// as entered there (JSON): set by the first step of queueing, so that
	// a batch taken over after a crash keeps its numbers and its words.
	registerID int64
	content    string
}

// batch is what queueing a batch of claimed recipients needs.
type batch struct {
	node       string
	leaseUntil time.Time
	cs         []claimed
	letters    map[int64]*Letter
	// attachments are each letter's own attachments, read once a batch.
	attachments map[int64][]mail.Attachment
}

// rendered is a batch of claimed recipients after steps 1 and 2 of
// queueing, waiting for step 3. Each step is guarded by the worker's lease:
//  1. one short transaction enters those not yet entered in the register
//     and stores each letter as entered (render);
//  2. their PDFs are rendered on every core outside any transaction, so
//     the mail worker and other nodes go on writing meanwhile (render);
//  3. one short transaction gives each its e-mail or its place in the
//     open postal batch (queueRendered).
//
// A crash between the steps leaves the recipients pending with their
// register entries; the worker that takes them over reuses the entries and
// the words. errLeaseLost from either means another worker took one of
// them over, and step 3 queued none.
type rendered struct {
	b  *batch
	fs []documents.File
}

// render is steps 1 and 2 for the claimed ids; nil when none of them is
// still the batch's.
func (s *Service) render(ctx context.Context, ids []int64, node string, leaseUntil time.Time, slots chan struct{}) (*rendered, error) {
	b := &batch{node: node, leaseUntil: leaseUntil}
	if err := s.loadBatch(ctx, b, ids); err != nil || len(b.cs) == 0 {
		return nil, err
	}
	xs, err := s.enterAll(ctx, b)
	if err != nil {
		return nil, err
	}
	fs, err := s.renderAll(xs, slots)
	if err != nil {
		return nil, err
	}
	return &rendered{b: b, fs: fs}, nil
}

// queueRendered is step 3: it returns how many recipients it queued.
func (s *Service) queueRendered(ctx context.Context, r *rendered) (int, error) {
	b, fs := r.b, r.fs
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := s.freshChannels(ctx, tx, b); err != nil {
			return err
		}
		var emails []int
		for i, c := range b.cs {
			if c.channel == "email" {
				emails = append(emails, i)
				continue
			}
			if err := s.queuePost(ctx, tx, b, c, fs[i]); err != nil {
				return err
			}
		}
		return s.queueEmails(ctx, tx, b, emails, fs)
	})
	if err != nil {
		return 0, err
	}
	return len(b.cs), nil
}

// held is the condition on letter_recipients that the rows are still the
// batch's: pending and under its lease, the owner and the time in the
// parameters numbered first and first+1.
func held(first int) string {
	return fmt.Sprintf("status = 'pending' AND lease_owner = $%d AND lease_until = $%d", first, first+1)
}

// inIDs is "IN ($first, …)" for n ids whose parameters start at first.
func inIDs(first, n int) string {
	return "IN (" + params(first, n) + ")"
}

// params is "$first, …" for n parameters.
func params(first, n int) string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = "$" + strconv.Itoa(first+i)
	}
	return strings.Join(ps, ", ")
}

// loadBatch reads the claimed recipients still held, their letters and
// the letters' attachments.
func (s *Service) loadBatch(ctx context.Context, b *batch, ids []int64) error {
	args := []any{b.node, b.leaseUntil}
	for _, id := range ids {
		args = append(args, id)
	}
	cs, err := store.QueryAll(ctx, s.DB.Read(), func(row store.Scanner) (claimed, error) {
		var c claimed
		err := row.Scan(&c.id, &c.coopID, &c.letterID, &c.personID, &c.premisesID, &c.channel, &c.email, &c.registerID, &c.content)
		return c, err
	}, `SELECT id, coop_id, letter_id, person_id, COALESCE(premises_id, 0), channel, email,
		COALESCE(register_id, 0), COALESCE(content, '') FROM letter_recipients
		WHERE `+held(1)+` AND id `+inIDs(3, len(ids))+` ORDER BY id`, args...)
	if err != nil {
		return err
	}
	b.cs, b.letters, b.attachments = cs, map[int64]*Letter{}, map[int64][]mail.Attachment{}
	for _, c := range cs {
		if b.letters[c.letterID] != nil {
			continue
		}
		l, err := s.get(ctx, s.DB.Read(), audit.System(c.coopID), c.letterID)
		if err != nil {
			return err
		}
		b.letters[c.letterID] = l
		if b.attachments[l.ID], err = s.attachmentsOf(ctx, l); err != nil {
			return err
		}
	}
	return nil
}

// attachmentsOf reads a letter's own attachments, sent with every e-mail.
func (s *Service) attachmentsOf(ctx context.Context, l *Letter) ([]mail.Attachment, error) {
	return store.QueryAll(ctx, s.DB.Read(), func(row store.Scanner) (mail.Attachment, error) {
		var a mail.Attachment
		err := row.Scan(&a.Filename, &a.ContentType, &a.Data)
		return a, err
	}, `SELECT filename, content_type, data FROM letter_attachments WHERE coop_id = $1 AND letter_id = $2 ORDER BY id`, l.CoopID, l.ID)
}

// enterAll is step 1: it composes each recipient's letter (or reads it back
// when an earlier attempt entered it) and, in one transaction, enters the
// new ones in the register and stores them as entered.
func (s *Service) enterAll(ctx context.Context, b *batch) ([]documents.Letter, error) {
	xs := make([]documents.Letter, len(b.cs))
	fresh := false
	coops, values, err := s.batchValues(ctx, b)
	if err != nil {
		return nil, err
	}
	for i, c := range b.cs {
		co := coops[c.coopID]
		if c.registerID == 0 {
			v := values[c.coopID][recipientKey{c.personID, c.premisesID}]
			xs[i], fresh = s.letterFor(co, b.letters[c.letterID], c.personID, v, ""), true
			continue
		}
		if err := json.Unmarshal([]byte(c.content), &xs[i]); err != nil {
			return nil, fmt.Errorf("letters: recipient %d as entered: %w", c.id, err)
		}
		xs[i].Coop = co
	}
	if !fresh {
		return xs, nil
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error { return s.enterFresh(ctx, tx, b, xs) })
	return xs, err
}

// batchValues reads the cooperatives of the batch's recipients (once a
// batch) and the merge fields of those not yet entered (a few queries a
// cooperative, not two a recipient).
func (s *Service) batchValues(ctx context.Context, b *batch) (map[int64]*coop.Cooperative, map[int64]map[recipientKey]Values, error) {
	coops := map[int64]*coop.Cooperative{}
	keys := map[int64][]recipientKey{}
	for _, c := range b.cs {
		if coops[c.coopID] == nil {
			co, err := s.Coops.Get(ctx, c.coopID)
			if err != nil {
				return nil, nil, err
			}
			coops[c.coopID] = co
		}
		if c.registerID == 0 {
			keys[c.coopID] = append(keys[c.coopID], recipientKey{c.personID, c.premisesID})
		}
	}
	withBalance := false
	for _, l := range b.letters {
		withBalance = withBalance || l.usesBalance()
	}
	values := map[int64]map[recipientKey]Values{}
	for coopID, ks := range keys {
		vs, err := s.valuesAll(ctx, s.DB.Read(), coops[coopID], ks, withBalance)
		if err != nil {
			return nil, nil, err
		}
		values[coopID] = vs
	}
	return coops, values, nil
}

// renderAll is step 2: it renders the letters on every core, each PDF in
// one of slots, which the worker's batches share.
func (s *Service) renderAll(xs []documents.Letter, slots chan struct{}) ([]documents.File, error) {
	fs := make([]documents.File, len(xs))
	errs := make([]error, len(xs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(xs)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(xs) {
					return
				}
				slots <- struct{}{}
				fs[i], errs[i] = s.Documents.LetterPDF(s.polish(), xs[i])
				<-slots
				// Let waiting goroutines (web requests, the mail worker)
				// run between two PDFs rather than after a time slice.
				runtime.Gosched()
			}
		})
	}
	wg.Wait()
	return fs, errors.Join(errs...)
}

// freshChannels reads again, in step 3's transaction, how each recipient
// is to get the letter: a consent withdrawn while the PDFs were rendered
// sends the letter by post, and its register entry says so.
func (s *Service) freshChannels(ctx context.Context, tx *store.Tx, b *batch) error {
	args := []any{b.node, b.leaseUntil}
	for _, c := range b.cs {
		args = append(args, c.id)
	}
	type row struct {
		id      int64
		channel string
	}
	rows, err := store.QueryAll(ctx, tx, func(sc store.Scanner) (row, error) {
		var r row
		err := sc.Scan(&r.id, &r.channel)
		return r, err
	}, `SELECT id, channel FROM letter_recipients WHERE `+held(1)+` AND id `+inIDs(3, len(b.cs))+` ORDER BY id`, args...)
	if err != nil {
		return err
	}
	if len(rows) != len(b.cs) {
		return errLeaseLost
	}
	for i, r := range rows { // both ordered by id
		if c := &b.cs[i]; r.channel != c.channel {
			c.channel = r.channel
			if _, err := tx.ExecContext(ctx, `UPDATE register_entries SET channel = $3 WHERE coop_id = $1 AND id = $2`,
				c.coopID, c.registerID, string(register.Post)); err != nil {
				return err
			}
		}
	}
	return nil
}

// queuePost is step 3 for a recipient on paper: its place in the open
// postal batch, its PDF kept in its row.
func (s *Service) queuePost(ctx context.Context, tx *store.Tx, b *batch, c claimed, f documents.File) error {
	batch, err := openBatch(ctx, tx, c.coopID, s.Now())
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE letter_recipients SET status = 'post', batch_id = $4, pdf = $5, queued_at = $6,
		lease_owner = NULL, lease_until = NULL WHERE id = $1 AND `+held(2)+` AND channel = 'post'`,
		c.id, b.node, b.leaseUntil, batch, f.Data, dbTime(s.Now()))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return errLeaseLost
	}
	return nil
}
