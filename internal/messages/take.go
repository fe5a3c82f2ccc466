package messages

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/register"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/uploads"
)

// Bounces learns of mail that could not be delivered: the Message-ID of
// the mail ebok sent and the reason the notification gives. It reports
// whether the Message-ID was one of its own (and so acted on). The letters
// package implements it; with a nil Bounces every notification goes to
// staff's triage list.
type Bounces interface {
	Bounced(ctx context.Context, coopID int64, messageID, reason string) (bool, error)
}

// Mail is one e-mail read from the cooperative's mailbox, parsed.
type Mail struct {
	// MessageID identifies the mail, with angle brackets; the key that
	// keeps it from being taken twice.
	MessageID string
	From      string // the sender's address, lower case
	Subject   string
	Text      string
	// References are the Message-IDs of In-Reply-To and References.
	References []string
	// Files are the attachments the message policy accepts; Skipped the
	// others, each with the policy's refusal.
	Files   []uploads.File
	Skipped []Skipped
	At      time.Time
	Raw     []byte
	// Bounce is set for mail returned by a mail server: a delivery status
	// notification or a server's own wording of one.
	Bounce *Bounce
	// Automatic is set for other mail no person wrote: an out-of-office
	// or other automatic reply, a feedback report. It never joins or opens
	// a thread.
	Automatic bool
	// SenderFailed is set when the cooperative's mail server found the
	// From address forged (its Authentication-Results: DMARC, or DKIM and
	// SPF, failed), and SenderWhy names the failed check. Such mail never
	// joins or opens a resident's thread: staff read it in triage.
	SenderFailed bool
	SenderWhy    string
}

// Skipped is an attachment of a mail that the message policy refused.
type Skipped struct {
	Name string
	Why  error // uploads.ErrType, ErrTooLarge, ErrEmpty or ErrTooMany
}

// Bounce is what returned mail says of the mail it returns.
type Bounce struct {
	// MessageIDs are the Message-IDs found in the returned mail's
	// headers, with angle brackets; one of them is the mail ebok sent.
	MessageIDs []string
	Reason     string
	// Delayed: the server is still trying (a warning, not a failure).
	Delayed bool
}

// Outcome is what became of a mail taken.
type Outcome string

// The outcomes.
const (
	TookThread   Outcome = "thread" // a message of a resident's thread
	TookTriage   Outcome = "triage" // staff's triage list
	TookBounce   Outcome = "bounce" // passed to Bounces
	TakenAlready Outcome = "taken"  // another node (or an earlier poll) took it
)

// Take files one mail from the mailbox, once: a failure notice for mail
// ebok sent goes to Bounces (one for mail Bounces does not know goes to
// triage; a delay warning is kept and does nothing); an automatic reply
// goes to triage; mail from a resident's correspondence
// e-mail joins the thread it answers (a staff reply's Message-ID in its
// References) or opens a thread of the estate administration of their
// premises, entered in the register (channel email); anything else goes to
// staff's triage list, never into a thread.
func (s *Service) Take(ctx context.Context, coopID int64, m Mail) (Outcome, error) {
	out := TakenAlready
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO mail_in (coop_id, message_id, from_addr, subject, received_at, kind, raw)
			VALUES ($1, $2, $3, $4, $5, 'triage', $6) ON CONFLICT (coop_id, message_id) DO NOTHING RETURNING id`,
			coopID, m.MessageID, m.From, m.Subject, s.now(), m.Raw).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		var thread int64
		out, thread, err = s.route(ctx, tx, coopID, m)
		if err != nil {
			return err
		}
		var t any
		if thread != 0 {
			t = thread
		}
		if out == TookTriage {
			if err := s.keepForTriage(ctx, tx, coopID, id, m); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE mail_in SET kind = $3, thread_id = $4,
			status = CASE WHEN $3 = 'triage' THEN 'open' ELSE 'done' END WHERE coop_id = $1 AND id = $2`,
			coopID, id, string(out), t)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("messages: take mail %s: %w", m.MessageID, err)
	}
	return out, nil
}

// route decides what a new mail becomes, and makes it so.
func (s *Service) route(ctx context.Context, tx *store.Tx, coopID int64, m Mail) (Outcome, int64, error) {
	if m.Bounce != nil {
		return s.bounced(ctx, tx, coopID, m.Bounce)
	}
	if m.Automatic || m.SenderFailed {
		return TookTriage, 0, nil
	}
	person, err := senderOf(ctx, tx, coopID, m.From)
	if err != nil || person == 0 {
		return TookTriage, 0, err
	}
	thread, err := answered(ctx, tx, coopID, person, m.References)
	if err == nil && thread == 0 {
		thread, err = s.letterThread(ctx, tx, coopID, person, m)
	}
	if err != nil {
		return "", 0, err
	}
	if thread == 0 {
		if thread, err = s.openByMail(ctx, tx, coopID, person, m); err != nil || thread == 0 {
			return TookTriage, 0, err
		}
	} else if err := s.mailIn(ctx, tx, coopID, person, thread, m); err != nil {
		return "", 0, err
	}
	return TookThread, thread, nil
}

// bounced passes a failure notice to Bounces, once for each Message-ID
// it names until one is known. A delay warning is kept as taken; a
// failure of no known mail goes to triage for staff to read.
func (s *Service) bounced(ctx context.Context, tx *store.Tx, coopID int64, b *Bounce) (Outcome, int64, error) {
	if b.Delayed {
		return TookBounce, 0, nil
	}
	if s.Bounces == nil {
		return TookTriage, 0, nil
	}
	for _, id := range b.MessageIDs {
		known, err := s.Bounces.Bounced(tx.Context(ctx), coopID, id, b.Reason)
		if err != nil || known {
			return TookBounce, 0, err
		}
	}
	return TookTriage, 0, nil
}

// senderOf finds the one person whose correspondence e-mail sent the mail
// (0 when none, or when several share it).
func senderOf(ctx context.Context, q store.Querier, coopID int64, from string) (int64, error) {
	if from == "" {
		return 0, nil
	}
	ids, err := store.QueryAll(ctx, q, store.ScanID, `SELECT id FROM persons WHERE coop_id = $1 AND LOWER(email) = $2 LIMIT 2`,
		coopID, strings.ToLower(from))
	if err != nil || len(ids) != 1 {
		return 0, err
	}
	return ids[0], nil
}

// answered finds the person's thread one of whose replies the mail
// references (0: none).
func answered(ctx context.Context, q store.Querier, coopID, person int64, refs []string) (int64, error) {
	for i := len(refs) - 1; i >= 0; i-- { // the newest reference is last
		if refs[i] == "" {
			continue
		}
		var thread int64
		err := q.QueryRowContext(ctx, `SELECT m.thread_id FROM messages m
			JOIN message_threads t ON t.coop_id = m.coop_id AND t.id = m.thread_id
			WHERE m.coop_id = $1 AND m.mail_id = $2 AND t.person_id = $3`, coopID, refs[i], person).Scan(&thread)
		if err == nil {
			return thread, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return 0, err
		}
	}
	return 0, nil
}

// mailIn adds a mail to a thread as a message in, entered in the register.
func (s *Service) mailIn(ctx context.Context, tx *store.Tx, coopID, person, thread int64, m Mail) error {
	files := m.Files
	if len(files) > Attachments.MaxFiles {
		for _, f := range files[Attachments.MaxFiles:] {
			m.Skipped = append(m.Skipped, Skipped{Name: f.Filename, Why: uploads.ErrTooMany})
		}
		files = files[:Attachments.MaxFiles]
	}
	body := m.Text
	if strings.TrimSpace(body) == "" {
		body = "(" + m.Subject + ")"
	}
	body += s.skippedNote(m.Skipped)
	_, _, err := s.receive(ctx, tx, coopID, incoming{by: audit.System(coopID), thread: thread, personID: person,
		channel: register.Email, subject: s.subjectOr(m.Subject), body: body, mailID: m.MessageID, files: files})
	return err
}

// openByMail opens a thread of the estate administration for a resident's
// mail that answers nothing, on the first premises they hold (0: they
// hold none, and the mail goes to triage).
func (s *Service) openByMail(ctx context.Context, tx *store.Tx, coopID, person int64, m Mail) (int64, error) {
	t := newThread{person: person, topic: "estate", department: "estate", subject: s.subjectOr(m.Subject)}
	thread, err := s.openThread(ctx, tx, coopID, t)
	if err != nil || thread == 0 {
		return 0, err
	}
	return thread, s.mailIn(ctx, tx, coopID, person, thread, m)
}

// newThread is a thread opened by mail.
type newThread struct {
	person, premises, letter int64 // premises 0: the first the person holds
	topic, department        string
	subject                  string
}

// openThread opens a thread for a person on one of their premises (0
// when they hold none today, and nothing is opened).
func (s *Service) openThread(ctx context.Context, tx *store.Tx, coopID int64, t newThread) (int64, error) {
	var premises, estate int64
	err := tx.QueryRowContext(ctx, `SELECT p.id, b.estate_id FROM title_holders h
		JOIN titles t ON t.coop_id = h.coop_id AND t.id = h.title_id
		JOIN premises p ON p.coop_id = t.coop_id AND p.id = t.premises_id
		JOIN buildings b ON b.coop_id = p.coop_id AND b.id = p.building_id
		WHERE h.coop_id = $1 AND h.person_id = $2 AND t.starts_on <= $3 AND (t.ends_on IS NULL OR t.ends_on >= $3)
		AND ($4 = 0 OR p.id = $4)
		ORDER BY p.id LIMIT 1`, coopID, t.person, s.today(), t.premises).Scan(&premises, &estate)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	var letter any
	if t.letter != 0 {
		letter = t.letter
	}
	var thread int64
	err = tx.QueryRowContext(ctx, `INSERT INTO message_threads
		(coop_id, person_id, premises_id, estate_id, topic, department, subject, status, created_at, updated_at, due_on, letter_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, 'new', $8, $8, $9, $10) RETURNING id`,
		coopID, t.person, premises, estate, t.topic, t.department, t.subject, s.now(), DueOn(s.today()), letter).Scan(&thread)
	return thread, err
}

// subjectOr is a mail's subject, or the catalogue's words for none.
func (s *Service) subjectOr(subject string) string {
	if strings.TrimSpace(subject) == "" {
		return s.words().T("messages.no_subject")
	}
	return subject
}

// skippedNote tells staff (and the resident, in their thread) which
// attachments were not accepted and why: the text for the end of the
// message, empty when none was refused.
func (s *Service) skippedNote(skipped []Skipped) string {
	var b strings.Builder
	for _, f := range skipped {
		key := "messages.mail.skipped.other"
		switch {
		case errors.Is(f.Why, uploads.ErrType):
			key = "messages.mail.skipped.type"
		case errors.Is(f.Why, uploads.ErrTooLarge):
			key = "messages.mail.skipped.size"
		case errors.Is(f.Why, uploads.ErrTooMany):
			key = "messages.mail.skipped.count"
		}
		name := f.Name
		if strings.TrimSpace(name) == "" {
			name = s.words().T("messages.mail.skipped.unnamed")
		}
		b.WriteString("\n\n" + s.words().T(key, name))
	}
	return b.String()
}

// keepForTriage keeps a triage mail's text and files for staff.
func (s *Service) keepForTriage(ctx context.Context, tx *store.Tx, coopID, id int64, m Mail) error {
	text := m.Text + s.skippedNote(m.Skipped)
	if m.SenderFailed {
		text = s.words().T("messages.mail.sender_failed", m.SenderWhy) + "\n\n" + text
	}
	if _, err := tx.ExecContext(ctx, `UPDATE mail_in SET text_body = $3 WHERE coop_id = $1 AND id = $2`,
		coopID, id, text); err != nil {
		return err
	}
	for _, f := range m.Files {
		if _, err := tx.ExecContext(ctx, `INSERT INTO mail_in_files (coop_id, mail_in_id, filename, content_type, size, sha256, data)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, coopID, id, f.Filename, f.ContentType, len(f.Data), f.SHA256, f.Data); err != nil {
			return err
		}
	}
	return nil
}
