package messages

import (
	"context"

	"github.com/ebok/ebok/internal/documents"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/store"
)

// mailReply e-mails a reply, as a PDF, to a resident who consented to
// e-Korespondencja and has a correspondence e-mail, in the reply's
// transaction; the outgoing Message-ID is kept on the reply, so that the
// resident's answer by e-mail joins the thread. It reports "yes" or "no"
// for the audit log.
func (s *Service) mailReply(ctx context.Context, tx *store.Tx, t Thread, msgID int64, r Reply) (string, error) {
	if s.Outbox == nil || s.Consents == nil || s.Documents == nil || s.Coops == nil {
		return "no", nil
	}
	consent, err := s.Consents.CurrentConsent(ctx, t.CoopID, t.PersonID)
	if err != nil || !consent.Granted {
		return "no", err
	}
	var email string
	if err := tx.QueryRowContext(ctx, `SELECT email FROM persons WHERE coop_id = $1 AND id = $2`,
		t.CoopID, t.PersonID).Scan(&email); err != nil || !mail.ValidAddress(email) {
		return "no", err
	}
	c, err := s.Coops.Get(ctx, t.CoopID)
	if err != nil {
		return "", err
	}
	l := s.words()
	file, err := s.Documents.ReplyPDF(l, documents.Reply{Coop: c, Resident: t.Resident, Address: t.Address,
		Subject: t.Subject, Register: t.Register, ThreadID: t.ID, At: s.now(), Zone: s.Loc, Author: r.Author, Body: r.Body})
	if err != nil {
		return "", err
	}
	outID, err := s.Outbox.Queue(ctx, tx, t.CoopID, mail.Message{To: email,
		Subject: l.T("reply.mail.subject", t.Subject), Text: l.T("reply.mail.text", t.Subject, r.Body),
		Attachments: []mail.Attachment{{Filename: file.Name, ContentType: file.ContentType, Data: file.Data}}})
	if err != nil {
		return "", err
	}
	_, err = tx.ExecContext(ctx, `UPDATE messages SET channel = 'ebok',
		mail_id = (SELECT message_id FROM outbox WHERE id = $3) WHERE coop_id = $1 AND id = $2`, t.CoopID, msgID, outID)
	return "yes", err
}

// words is the Polish catalogue replies are worded in.
func (s *Service) words() *i18n.Localizer {
	if s.Catalogue == nil {
		return i18n.New().For(i18n.Polish)
	}
	return s.Catalogue.For(i18n.Polish)
}
