package messages

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/ebok/ebok/internal/access"
	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/uploads"
)

// Applications files an application that came by e-mail (access.Service).
type Applications interface {
	SubmitMailed(ctx context.Context, by audit.Actor, f access.Form, sender string, sentAt time.Time, files []uploads.File) (int64, error)
}

// Triaged is a mail on staff's triage list: from an address that is no
// resident's correspondence e-mail, written by no person, or from a
// resident's address that the mail server found forged (its text says so).
type Triaged struct {
	ID              int64
	MessageID, From string
	Subject, Text   string
	At              time.Time
	Open            bool
	Files           []Attachment
	// OnFile is the person whose correspondence e-mail the sender is ("":
	// nobody's).
	OnFile string
}

// TriagePageSize is how many mails one page of the triage list holds.
const TriagePageSize = 100

// Triage lists the first page of the triage list (TriagePage).
func (s *Service) Triage(ctx context.Context, coopID int64) ([]Triaged, error) {
	out, _, err := s.TriagePage(ctx, coopID, 1)
	return out, err
}

// TriagePage lists the page'th TriagePageSize open mails of the triage
// list (from 1), newest first, and how many are open in all: a flood of
// mail from unknown senders pushes older mails to later pages, never off
// the list.
func (s *Service) TriagePage(ctx context.Context, coopID int64, page int) ([]Triaged, int, error) {
	const where = `FROM mail_in WHERE coop_id = $1 AND kind = 'triage' AND status = 'open'`
	var total int
	if err := s.DB.Read().QueryRowContext(ctx, `SELECT COUNT(*) `+where, coopID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("messages: triage: %w", err)
	}
	out, err := store.QueryAll(ctx, s.DB.Read(), func(row store.Scanner) (Triaged, error) {
		t := Triaged{Open: true}
		return t, row.Scan(&t.ID, &t.MessageID, &t.From, &t.Subject, &t.Text, &t.At)
	}, `SELECT id, message_id, from_addr, subject, text_body, received_at `+where+`
		ORDER BY received_at DESC, id DESC LIMIT $2 OFFSET $3`, coopID, TriagePageSize, (max(page, 1)-1)*TriagePageSize)
	if err != nil {
		return nil, 0, fmt.Errorf("messages: triage: %w", err)
	}
	return out, total, nil
}

// TriageMail is one mail of the triage list with its files.
func (s *Service) TriageMail(ctx context.Context, coopID, id int64) (Triaged, error) {
	q := s.DB.Read()
	var t Triaged
	var status string
	err := q.QueryRowContext(ctx, `SELECT id, message_id, from_addr, subject, text_body, received_at, status
		FROM mail_in WHERE coop_id = $1 AND id = $2 AND kind = 'triage'`, coopID, id).
		Scan(&t.ID, &t.MessageID, &t.From, &t.Subject, &t.Text, &t.At, &status)
	if err != nil {
		return t, fmt.Errorf("messages: triage mail %d: %w", id, store.MapError(err))
	}
	t.Open = status == "open"
	rows, err := q.QueryContext(ctx, `SELECT id, filename, content_type, size FROM mail_in_files
		WHERE coop_id = $1 AND mail_in_id = $2 ORDER BY id`, coopID, id)
	if err != nil {
		return t, err
	}
	defer rows.Close()
	for rows.Next() {
		a := Attachment{MessageID: id}
		if err := rows.Scan(&a.ID, &a.Filename, &a.ContentType, &a.Size); err != nil {
			return t, err
		}
		t.Files = append(t.Files, a)
	}
	if err := rows.Err(); err != nil {
		return t, err
	}
	// Nobody's address leaves OnFile empty.
	err = q.QueryRowContext(ctx, `SELECT first_name || ' ' || last_name FROM persons WHERE coop_id = $1 AND LOWER(email) = $2 LIMIT 1`,
		coopID, t.From).Scan(&t.OnFile)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return t, fmt.Errorf("messages: triage mail %d: sender on file: %w", id, err)
	}
	return t, nil
}

// TriageFile is a file of a mail of the triage list.
func (s *Service) TriageFile(ctx context.Context, coopID, mailID, fileID int64) (File, error) {
	var f File
	err := s.DB.Read().QueryRowContext(ctx, `SELECT filename, content_type, data FROM mail_in_files
		WHERE coop_id = $1 AND mail_in_id = $2 AND id = $3`, coopID, mailID, fileID).Scan(&f.Filename, &f.ContentType, &f.Data)
	return f, store.MapError(err)
}

// FileApplication turns, in one step, a mail of the triage list carrying
// a signed application form or declaration into an application of the
// verification queue, with the mail's files; the sender's address is the
// form's e-mail, which the checklist compares with the correspondence
// e-mail on file. The mail leaves the triage list.
func (s *Service) FileApplication(ctx context.Context, by audit.Actor, mailID int64, f access.Form) (int64, error) {
	var appID int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var from string
		var at time.Time
		if err := tx.QueryRowContext(ctx, `SELECT from_addr, received_at FROM mail_in
			WHERE coop_id = $1 AND id = $2 AND kind = 'triage' AND status = 'open'`, by.CoopID, mailID).Scan(&from, &at); err != nil {
			return store.MapError(err)
		}
		files, err := triageFiles(ctx, tx, by.CoopID, mailID)
		if err != nil {
			return err
		}
		if appID, err = s.Applications.SubmitMailed(tx.Context(ctx), by, f, from, at, files); err != nil {
			return err
		}
		return s.closeTriage(ctx, tx, by, mailID, map[string]string{"application": strconv.FormatInt(appID, 10)})
	})
	if err != nil {
		return 0, fmt.Errorf("messages: application from mail %d: %w", mailID, err)
	}
	return appID, nil
}

// Dismiss takes a mail off the triage list (dealt with outside ebok).
func (s *Service) Dismiss(ctx context.Context, by audit.Actor, mailID int64) error {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		return s.closeTriage(ctx, tx, by, mailID, map[string]string{"dismissed": "yes"})
	})
	if err != nil {
		return fmt.Errorf("messages: dismiss mail %d: %w", mailID, err)
	}
	return nil
}

// closeTriage marks an open triage mail done, and logs why.
func (s *Service) closeTriage(ctx context.Context, tx *store.Tx, by audit.Actor, mailID int64, details map[string]string) error {
	res, err := tx.ExecContext(ctx, `UPDATE mail_in SET status = 'done'
		WHERE coop_id = $1 AND id = $2 AND kind = 'triage' AND status = 'open'`, by.CoopID, mailID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("open triage mail %d: %w", mailID, store.ErrNotFound)
	}
	return audit.Append(ctx, tx, by.Did(s.now(), audit.MailTriaged, "mail_in:"+strconv.FormatInt(mailID, 10), details))
}

// triageFiles loads a triage mail's files for an application.
func triageFiles(ctx context.Context, q store.Querier, coopID, mailID int64) ([]uploads.File, error) {
	rows, err := q.QueryContext(ctx, `SELECT filename, content_type, sha256, data FROM mail_in_files
		WHERE coop_id = $1 AND mail_in_id = $2 ORDER BY id`, coopID, mailID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []uploads.File
	for rows.Next() {
		var f uploads.File
		if err := rows.Scan(&f.Filename, &f.ContentType, &f.SHA256, &f.Data); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
