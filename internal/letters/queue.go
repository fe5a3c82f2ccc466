package letters

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/documents"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/register"
	"github.com/ebok/ebok/internal/store"
)

// claimed is a recipient a worker holds.
type claimed struct {
	id, coopID, letterID, personID, premisesID int64
	channel, email                             string
}

// queueBatch queues the claimed recipients in one transaction guarded by
// the worker's lease: each is entered in the register, then all their PDFs
// are rendered at once (on every core), then each gets its e-mail or its
// place in the open postal batch. Either all of them are queued or none.
// It returns how many it queued; errLeaseLost means another worker took
// one of them over, and none was queued.
func (s *Service) queueBatch(ctx context.Context, ids []int64, node string, leaseUntil time.Time) (int, error) {
	cs := make([]claimed, 0, len(ids))
	for _, id := range ids {
		var c claimed
		err := s.DB.Read().QueryRowContext(ctx, `SELECT id, coop_id, letter_id, person_id, COALESCE(premises_id, 0), channel, email
			FROM letter_recipients WHERE id = $1 AND status = 'pending' AND lease_owner = $2 AND lease_until = $3`, id, node, leaseUntil).
			Scan(&c.id, &c.coopID, &c.letterID, &c.personID, &c.premisesID, &c.channel, &c.email)
		if err = store.MapError(err); isNotFound(err) {
			continue // taken over, or already queued
		} else if err != nil {
			return 0, err
		}
		cs = append(cs, c)
	}
	ls := map[int64]*Letter{}
	for _, c := range cs {
		if ls[c.letterID] != nil {
			continue
		}
		l, err := s.get(ctx, s.DB.Read(), audit.System(c.coopID), c.letterID)
		if err != nil {
			return 0, err
		}
		ls[c.letterID] = l
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		xs := make([]documents.Letter, len(cs))
		entries := make([]register.Entry, len(cs))
		for i, c := range cs {
			var err error
			if xs[i], entries[i], err = s.enter(ctx, tx, ls[c.letterID], c); err != nil {
				return err
			}
		}
		fs, err := s.renderAll(xs)
		if err != nil {
			return err
		}
		for i, c := range cs {
			if err := s.queueOne(ctx, tx, ls[c.letterID], c, xs[i], fs[i], entries[i], node, leaseUntil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(cs), nil
}

// renderAll renders the letters on every core.
func (s *Service) renderAll(xs []documents.Letter) ([]documents.File, error) {
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
				fs[i], errs[i] = s.Documents.LetterPDF(s.polish(), xs[i])
			}
		})
	}
	wg.Wait()
	return fs, errors.Join(errs...)
}

// queueOne queues one recipient's rendered letter: its e-mail, or its
// place in the open postal batch.
func (s *Service) queueOne(ctx context.Context, tx *store.Tx, l *Letter, c claimed, x documents.Letter, f documents.File,
	entry register.Entry, node string, leaseUntil time.Time) error {
	x.Coop = nil // stored without the cooperative, read again when printed
	content, err := json.Marshal(x)
	if err != nil {
		return err
	}
	set, args := `status = 'post', batch_id = $4, message_id = $9`, []any{}
	if c.channel == "email" {
		outboxID, msgID, err := s.mail(ctx, tx, l, c, f)
		if err != nil {
			return err
		}
		set, args = `status = 'queued', outbox_id = $4, message_id = $9`, []any{outboxID, msgID}
	} else {
		batch, err := openBatch(ctx, tx, c.coopID, s.Now())
		if err != nil {
			return err
		}
		args = []any{batch, nil}
	}
	res, err := tx.ExecContext(ctx, `UPDATE letter_recipients SET `+set+`, register_id = $5, register_no = $6,
		pdf = $7, content = $8, queued_at = $10, lease_owner = NULL, lease_until = NULL
		WHERE id = $1 AND status = 'pending' AND lease_owner = $2 AND lease_until = $3`,
		c.id, node, leaseUntil, args[0], entry.ID, entry.Label(), f.Data, string(content), args[1], dbTime(s.Now()))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return errLeaseLost
	}
	return nil
}

// enter enters a recipient's letter in the register and composes it with
// its register number.
func (s *Service) enter(ctx context.Context, tx *store.Tx, l *Letter, c claimed) (documents.Letter, register.Entry, error) {
	x, err := s.compose(ctx, tx, l, c.personID, c.premisesID, "")
	if err != nil {
		return x, register.Entry{}, err
	}
	ch := register.Post
	if c.channel == "email" {
		ch = register.Email
	}
	e, err := s.Register.Enter(tx.Context(ctx), register.Entry{CoopID: c.coopID, Direction: register.Out, Channel: ch,
		Correspondent: x.Address[0], Subject: x.Subject, CaseNo: l.CaseNo, Source: "letter_recipient", SourceID: c.id,
		PersonID: c.personID})
	if err != nil {
		return x, e, err
	}
	x.RegisterNo = e.Label()
	return x, e, nil
}

// mail queues a recipient's e-mail with the letter and the letter's
// attachments, returning the outbox id and the Message-ID.
func (s *Service) mail(ctx context.Context, tx *store.Tx, l *Letter, c claimed, f documents.File) (int64, string, error) {
	m := mail.Message{To: c.email, Subject: l.Subject, Text: s.polish().T("letters.mail.body", l.Subject),
		Attachments: []mail.Attachment{{Filename: f.Name, ContentType: f.ContentType, Data: f.Data}}}
	rows, err := tx.QueryContext(ctx, `SELECT filename, content_type, data FROM letter_attachments
		WHERE coop_id = $1 AND letter_id = $2 ORDER BY id`, l.CoopID, l.ID)
	if err != nil {
		return 0, "", err
	}
	for rows.Next() {
		var a mail.Attachment
		if err := rows.Scan(&a.Filename, &a.ContentType, &a.Data); err != nil {
			rows.Close()
			return 0, "", err
		}
		m.Attachments = append(m.Attachments, a)
	}
	rows.Close()
	id, err := s.Outbox.Queue(ctx, tx, c.coopID, m)
	if err != nil {
		return 0, "", fmt.Errorf("letters: queue e-mail: %w", err)
	}
	var msgID string
	err = tx.QueryRowContext(ctx, `SELECT message_id FROM outbox WHERE id = $1`, id).Scan(&msgID)
	return id, msgID, err
}
