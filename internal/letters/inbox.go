package letters

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/documents"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/store"
)

// Item is a letter in a resident's inbox (Korespondencja).
type Item struct {
	ID         int64 // the recipient's copy
	Kind       Kind
	Subject    string
	CaseNo     string
	RegisterNo string
	At         time.Time // when it was sent
	OpenedAt   time.Time // zero: unread
	Archived   bool
	// Attachments are the names of the files sent with the letter.
	Attachments []string
}

// Unread reports whether the resident has not opened the letter yet.
func (i Item) Unread() bool { return i.OpenedAt.IsZero() }

// Inbox lists the letters sent to a person, newest first: those archived
// or those not (archived false).
func (s *Service) Inbox(ctx context.Context, coopID, personID int64, archived bool) ([]Item, error) {
	out, err := store.QueryAll(ctx, s.DB.Read(), scanItem, `SELECT r.id, l.kind, l.subject, l.case_no, r.register_no, r.queued_at,
		r.opened_at, r.archived_at IS NOT NULL
		FROM letter_recipients r JOIN letters l ON l.coop_id = r.coop_id AND l.id = r.letter_id
		WHERE r.coop_id = $1 AND r.person_id = $2 AND r.status <> 'pending' AND (r.archived_at IS NOT NULL) = $3
		ORDER BY r.queued_at DESC, r.id DESC`, coopID, personID, archived)
	if err != nil {
		return nil, fmt.Errorf("letters: inbox of %d: %w", personID, err)
	}
	return out, s.attachmentNames(ctx, coopID, out)
}

// scanItem reads one row of a person's inbox, without attachment names.
func scanItem(row store.Scanner) (Item, error) {
	var it Item
	var opened sql.NullTime
	err := row.Scan(&it.ID, &it.Kind, &it.Subject, &it.CaseNo, &it.RegisterNo, &it.At, &opened, &it.Archived)
	it.OpenedAt = opened.Time
	return it, err
}

// attachmentNames fills the names of the items' attachments.
func (s *Service) attachmentNames(ctx context.Context, coopID int64, items []Item) error {
	for i := range items {
		rows, err := s.DB.Read().QueryContext(ctx, `SELECT a.filename FROM letter_attachments a
			JOIN letter_recipients r ON r.coop_id = a.coop_id AND r.letter_id = a.letter_id
			WHERE r.coop_id = $1 AND r.id = $2 ORDER BY a.id`, coopID, items[i].ID)
		if err != nil {
			return fmt.Errorf("letters: attachments of %d: %w", items[i].ID, err)
		}
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				rows.Close()
				return err
			}
			items[i].Attachments = append(items[i].Attachments, name)
		}
		rows.Close()
	}
	return nil
}

// UnreadCount is how many letters a person has not opened.
func (s *Service) UnreadCount(ctx context.Context, coopID, personID int64) (int, error) {
	var n int
	err := s.DB.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM letter_recipients
		WHERE coop_id = $1 AND person_id = $2 AND status <> 'pending' AND opened_at IS NULL`, coopID, personID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("letters: unread of %d: %w", personID, err)
	}
	return n, nil
}

// Open returns a person's letter and records, the first time, when they
// opened it; another person's letter is fault.ErrNotFound.
func (s *Service) Open(ctx context.Context, coopID, personID, id int64) (documents.File, error) {
	return s.read(ctx, coopID, personID, id, "opened_at")
}

// Download is Open for a download: it records the first download too.
func (s *Service) Download(ctx context.Context, coopID, personID, id int64) (documents.File, error) {
	return s.read(ctx, coopID, personID, id, "downloaded_at")
}

// read returns a person's letter, stamping a column (opened_at or
// downloaded_at, and opened_at with it) the first time.
func (s *Service) read(ctx context.Context, coopID, personID, id int64, column string) (documents.File, error) {
	var f documents.File
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if f.Data, err = pdfOf(ctx, tx, coopID, id, personID); err != nil {
			return err
		}
		now := dbTime(s.Now())
		set := `opened_at = COALESCE(opened_at, $3)`
		if column == "downloaded_at" {
			set += `, downloaded_at = COALESCE(downloaded_at, $3)`
		}
		_, err = tx.ExecContext(ctx, `UPDATE letter_recipients SET `+set+` WHERE coop_id = $1 AND id = $2`, coopID, id, now)
		return err
	})
	if err != nil {
		return f, fmt.Errorf("letters: letter %d of %d: %w", id, personID, err)
	}
	f.Name, f.ContentType = fmt.Sprintf("pismo-%d.pdf", id), documents.ContentTypePDF
	return f, nil
}

// pdfOf reads a person's letter as sent: its own PDF, or for a letter queued
// by e-mail the copy attached to the e-mail (see queueOne).
func pdfOf(ctx context.Context, tx *store.Tx, coopID, id, personID int64) ([]byte, error) {
	var pdf []byte
	var outboxID sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT pdf, outbox_id FROM letter_recipients WHERE coop_id = $1 AND id = $2
		AND person_id = $3 AND status <> 'pending' AND (pdf IS NOT NULL OR outbox_id IS NOT NULL)`,
		coopID, id, personID).Scan(&pdf, &outboxID); err != nil {
		return nil, store.MapError(err)
	}
	if pdf != nil {
		return pdf, nil
	}
	a, err := mail.FirstAttachment(ctx, tx, outboxID.Int64)
	return a.Data, err
}

// Archive moves a person's letter to the archive, or back (archived false).
func (s *Service) Archive(ctx context.Context, coopID, personID, id int64, archived bool) error {
	var at any
	if archived {
		at = dbTime(s.Now())
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE letter_recipients SET archived_at = $4
			WHERE coop_id = $1 AND id = $2 AND person_id = $3 AND status <> 'pending'`, coopID, id, personID, at)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return fmt.Errorf("letters: archive %d: %w", id, store.ErrNotFound)
		}
		return nil
	})
}

// Notice is a fee notice sent about a premises, with the day it counts
// as delivered (zero while unknown: on paper, until staff record it).
type Notice struct {
	Name        string
	Subject     string
	EffectiveOn civil.Date
	Channel     string
	RegisterNo  string
	DeliveredOn civil.Date
}

// FeeNotices lists the fee notices sent about a premises, newest first,
// with their delivery days: what proves the notice period was kept.
func (s *Service) FeeNotices(ctx context.Context, coopID, premisesID int64) ([]Notice, error) {
	out, err := store.QueryAll(ctx, s.DB.Read(), scanNotice, `SELECT
		CASE WHEN p.company_name <> '' THEN p.company_name ELSE p.first_name || ' ' || p.last_name END,
		l.subject, l.effective_on, r.channel, r.register_no, r.delivered_on
		FROM letter_recipients r JOIN letters l ON l.coop_id = r.coop_id AND l.id = r.letter_id
		JOIN persons p ON p.coop_id = r.coop_id AND p.id = r.person_id
		WHERE r.coop_id = $1 AND r.premises_id = $2 AND l.kind = 'fee_notice' AND r.status <> 'pending'
		ORDER BY r.id DESC`, coopID, premisesID)
	if err != nil {
		return nil, fmt.Errorf("letters: fee notices of %d: %w", premisesID, err)
	}
	return out, nil
}

// scanNotice reads one row of a fee notice sent.
func scanNotice(row store.Scanner) (Notice, error) {
	var n Notice
	err := row.Scan(&n.Name, &n.Subject, &n.EffectiveOn, &n.Channel, &n.RegisterNo, &n.DeliveredOn)
	return n, err
}

// Attachment returns the n-th (from 1) attachment of a person's letter,
// or fault.ErrNotFound.
func (s *Service) Attachment(ctx context.Context, coopID, personID, id int64, n int) (documents.File, error) {
	var f documents.File
	err := s.DB.Read().QueryRowContext(ctx, `SELECT a.filename, a.content_type, a.data FROM letter_attachments a
		JOIN letter_recipients r ON r.coop_id = a.coop_id AND r.letter_id = a.letter_id
		WHERE r.coop_id = $1 AND r.id = $2 AND r.person_id = $3 AND r.status <> 'pending'
		ORDER BY a.id LIMIT 1 OFFSET $4`, coopID, id, personID, max(n-1, 0)).Scan(&f.Name, &f.ContentType, &f.Data)
	if err != nil || n < 1 {
		return f, fmt.Errorf("letters: attachment %d of %d: %w", n, id, store.MapError(firstErr(err, sql.ErrNoRows)))
	}
	return f, nil
}

// firstErr is err, or fallback when err is nil.
func firstErr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}
