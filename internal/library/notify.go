package library

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/store"
)

// The e-mail to members about a new document (Draft.NotifyMembers) goes
// once the document is visible to members: published, in force, with a
// shown file (for a document carrying personal data, once its anonymised
// version is attached). It goes to the members whose membership is in
// force that day, who hold the e-Korespondencja consent and have an
// e-mail; for a members' or residents' document of one estate, only to
// those holding a premises there. It carries the document's category,
// number and title and a link to it in IKCS, never the file.

// mailText: the e-mails are Polish, as the cooperative's letters are.
var mailText = i18n.New().For(i18n.Polish)

// notifyBatch bounds the documents one NotifyDue call takes.
const notifyBatch = 20

// NotifyDue sends the e-mails about documents that asked for one and have
// become visible to members, in every cooperative, each document once
// (also with several app nodes: a document is taken by the statement that
// marks it sent). It returns how many e-mails it queued. Publish, AddFile
// and Update send them in their own transaction when the document is
// visible at once; `ebok serve` calls NotifyDue every few minutes for
// documents published at a later time.
func (s *Service) NotifyDue(ctx context.Context) (int, error) {
	if s.Outbox == nil {
		return 0, nil
	}
	now := s.now()
	due, err := store.QueryAll(ctx, s.DB.Read(), func(row store.Scanner) ([2]int64, error) {
		var d [2]int64
		return d, row.Scan(&d[0], &d[1])
	}, `SELECT coop_id, id FROM library_documents WHERE notify_members AND members_notified_at IS NULL
		AND publish_at <= $1 AND status = 'in_force' AND shown_file_id IS NOT NULL ORDER BY id LIMIT $2`,
		now, notifyBatch)
	if err != nil {
		return 0, fmt.Errorf("library: documents to announce: %w", err)
	}
	total := 0
	for _, d := range due {
		n, err := s.notify(ctx, d[0], d[1])
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}

// notify is notifyDue in a transaction of its own.
func (s *Service) notify(ctx context.Context, coopID, id int64) (int, error) {
	var n int
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		n, err = s.notifyDue(ctx, tx, coopID, id)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("library: announce document %d: %w", id, err)
	}
	return n, nil
}

// notifyDue takes document id of coopID in tx when its e-mail to members
// is due and nobody has taken it yet, queues the e-mails and records how
// many went, with an audit entry; otherwise it does nothing. It returns
// the number of e-mails queued.
func (s *Service) notifyDue(ctx context.Context, tx *store.Tx, coopID, id int64) (int, error) {
	now := s.now()
	res, err := tx.ExecContext(ctx, `UPDATE library_documents SET members_notified_at = $1
		WHERE coop_id = $2 AND id = $3 AND notify_members AND members_notified_at IS NULL
		AND publish_at <= $1 AND status = 'in_force' AND shown_file_id IS NOT NULL`, now, coopID, id)
	if err != nil {
		return 0, err
	}
	if taken, err := res.RowsAffected(); err != nil || taken != 1 {
		return 0, err // not due, or another node took it
	}
	d, err := document(ctx, tx, coopID, id)
	if err != nil {
		return 0, err
	}
	to, err := s.notifyRecipients(ctx, tx, d)
	if err != nil {
		return 0, err
	}
	to = slices.DeleteFunc(to, func(addr string) bool { return !mail.ValidAddress(addr) })
	for _, addr := range to {
		if _, err := s.Outbox.Queue(ctx, tx, coopID, s.newDocumentMail(addr, d)); err != nil {
			return 0, err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE library_documents SET members_notified = $1
		WHERE coop_id = $2 AND id = $3`, len(to), coopID, id); err != nil {
		return 0, err
	}
	return len(to), audit.Append(ctx, tx, audit.System(coopID).Did(now, audit.LibraryNotified, subject(id),
		map[string]string{"recipients": strconv.Itoa(len(to))}))
}

// notifyRecipients are the correspondence e-mails of the members who are
// told about d today (see the top of this file), each address once.
func (s *Service) notifyRecipients(ctx context.Context, tx *store.Tx, d Document) ([]string, error) {
	day := civil.Today(s.Loc, s.Now())
	args := []any{d.CoopID, day}
	estate := ""
	if d.EstateID != 0 && d.Visibility != Public {
		args = append(args, d.EstateID)
		estate = `AND EXISTS (SELECT 1 FROM title_holders h
			JOIN titles t ON t.coop_id = h.coop_id AND t.id = h.title_id
			JOIN premises pr ON pr.coop_id = t.coop_id AND pr.id = t.premises_id
			JOIN buildings b ON b.coop_id = pr.coop_id AND b.id = pr.building_id
			WHERE h.coop_id = p.coop_id AND h.person_id = p.id AND b.estate_id = $3
			AND t.starts_on <= $2 AND (t.ends_on IS NULL OR t.ends_on >= $2))`
	}
	return store.QueryAll(ctx, tx, func(row store.Scanner) (string, error) {
		var email string
		return email, row.Scan(&email)
	}, `SELECT DISTINCT lower(p.email) FROM persons p
		WHERE p.coop_id = $1 AND p.email <> ''
		AND EXISTS (SELECT 1 FROM memberships m WHERE m.coop_id = p.coop_id AND m.person_id = p.id
			AND m.joined_on <= $2 AND (m.left_on IS NULL OR m.left_on >= $2))
		AND (SELECT c.granted FROM consents c WHERE c.coop_id = p.coop_id AND c.person_id = p.id
			AND c.kind = 'ekorespondencja' ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1)
		`+estate+` ORDER BY 1`, args...)
}

// newDocumentMail tells one member about d, with a link to it in IKCS.
func (s *Service) newDocumentMail(to string, d Document) mail.Message {
	name := mailText.T("library.category." + string(d.Category))
	if d.Number != "" {
		name += " " + d.Number
	}
	link := strings.TrimRight(s.BaseURL, "/") + "/ikcs/library/" + strconv.FormatInt(d.ID, 10)
	return mail.Message{
		To:      to,
		Subject: mailText.T("library.mail.subject", d.Title),
		Text:    mailText.T("library.mail.body", name, d.Title, link),
	}
}
