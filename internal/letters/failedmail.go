package letters

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/store"
)

// FailedMail is an e-mail of the cooperative that ebok gave up sending: a
// letter's, an answer to a resident's message, a copy of an announcement,
// a link to confirm an application or to set a password. A letter's
// e-mail (LetterID not 0) moved the letter to the postal batch, so it is
// not sent again: the recipient gets the letter on paper.
type FailedMail struct {
	mail.Failure
	LetterID int64
}

// FailedMailPageSize is how many e-mails one page of FailedMail lists.
const FailedMailPageSize = mail.FailedPageSize

// ErrLetterOnPaper refuses to send again a letter's e-mail: the letter
// went to the postal batch when its e-mail failed, and a second delivery
// would reach the recipient twice.
var ErrLetterOnPaper = errors.New("letters: the letter went to the postal batch")

// FailedMail lists the page'th FailedMailPageSize e-mails of the
// cooperative that were given up on (from 1), the most recently queued
// first, and how many there are. The outbox is the whole cooperative's:
// staff of one estate see none of it.
func (s *Service) FailedMail(ctx context.Context, by audit.Actor, page int) ([]FailedMail, int, error) {
	if by.EstateID != 0 {
		return nil, 0, nil
	}
	fs, total, err := mail.FailedPage(ctx, s.DB.Read(), by.CoopID, page)
	if err != nil || len(fs) == 0 {
		return nil, total, err
	}
	args := make([]any, 0, len(fs)+1)
	args = append(args, by.CoopID)
	for _, f := range fs {
		args = append(args, f.MessageID)
	}
	type letterMail struct {
		messageID string
		letterID  int64
	}
	lms, err := store.QueryAll(ctx, s.DB.Read(), func(row store.Scanner) (letterMail, error) {
		var lm letterMail
		return lm, row.Scan(&lm.messageID, &lm.letterID)
	}, `SELECT message_id, letter_id FROM letter_recipients WHERE coop_id = $1 AND message_id IN (`+params(2, len(fs))+`)`, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("letters: failed e-mails: %w", err)
	}
	letterOf := make(map[string]int64, len(lms))
	for _, lm := range lms {
		letterOf[lm.messageID] = lm.letterID
	}
	out := make([]FailedMail, len(fs))
	for i, f := range fs {
		out[i] = FailedMail{Failure: f, LetterID: letterOf[f.MessageID]}
	}
	return out, total, nil
}

// FailedMailCount is how many e-mails of the cooperative were given up
// on (none for staff of one estate, as FailedMail).
func (s *Service) FailedMailCount(ctx context.Context, by audit.Actor) (int, error) {
	if by.EstateID != 0 {
		return 0, nil
	}
	return mail.FailedCount(ctx, s.DB.Read(), by.CoopID)
}

// RetryMail puts an e-mail of the cooperative that was given up on back in
// the outbox, to be sent at once with a new round of attempts (after the
// SMTP server was down longer than the retries last, or a mailbox that
// was full), audited. A letter's e-mail is refused with ErrLetterOnPaper;
// one that is not the cooperative's, or not given up on (any more), with
// fault.ErrNotFound.
func (s *Service) RetryMail(ctx context.Context, by audit.Actor, id int64) error {
	if by.EstateID != 0 {
		return fault.ErrNotFound
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		var letters int
		err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM letter_recipients r
			WHERE r.coop_id = o.coop_id AND r.message_id = o.message_id)
			FROM outbox o WHERE o.coop_id = $1 AND o.id = $2 AND o.status = 'failed'`, by.CoopID, id).Scan(&letters)
		if err != nil {
			return store.MapError(err)
		}
		if letters > 0 {
			return ErrLetterOnPaper
		}
		if err := s.Outbox.Requeue(ctx, tx, by.CoopID, id, s.Now()); err != nil {
			return err
		}
		// The address stays in the outbox row: the audit log, which
		// nothing may change, names the e-mail by its number only.
		return audit.Append(ctx, tx, by.Did(s.Now(), audit.MailRetried, "outbox:"+strconv.FormatInt(id, 10), nil))
	})
}
