package letters

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/store"
)

// letterColumns are what scanLetter reads, in its order.
const letterColumns = `id, coop_id, COALESCE(estate_id, 0), kind, subject, body, case_no, place, signed_receipt,
	effective_on, charge_source, rule_kind, rule_value, rule_amount, status, recipients,
	COALESCE(created_by, 0), COALESCE(approved_by, 0), created_at, sent_at`

// scanLetter reads one row of letterColumns.
func scanLetter(row interface{ Scan(...any) error }) (*Letter, error) {
	var l Letter
	var sent sql.NullTime
	err := row.Scan(&l.ID, &l.CoopID, &l.EstateID, &l.Kind, &l.Subject, &l.Body, &l.CaseNo, &l.Place,
		&l.SignedReceipt, &l.EffectiveOn, &l.ChargeSource, &l.Rule.Kind, &l.Rule.Value, &l.Rule.Amount, &l.Status,
		&l.Recipients, &l.CreatedBy, &l.ApprovedBy, &l.CreatedAt, &sent)
	l.SentAt = sent.Time
	return &l, err
}

// Get returns a letter the actor may see: one of their cooperative's, and
// for estate staff one of their estate's; otherwise fault.ErrNotFound.
func (s *Service) Get(ctx context.Context, by audit.Actor, id int64) (*Letter, error) {
	return s.get(ctx, s.DB.Read(), by, id)
}

// get is Get on a given connection or transaction.
func (s *Service) get(ctx context.Context, q store.Querier, by audit.Actor, id int64) (*Letter, error) {
	l, err := scanLetter(q.QueryRowContext(ctx, `SELECT `+letterColumns+` FROM letters
		WHERE coop_id = $1 AND id = $2 AND ($3 = 0 OR estate_id = $3)`, by.CoopID, id, by.EstateID))
	if err != nil {
		return nil, fmt.Errorf("letters: letter %d: %w", id, store.MapError(err))
	}
	return l, nil
}

// Send starts sending a draft. A letter to more than ApprovalThreshold
// recipients is not sent but waits for a second staff member's approval
// (Approve); the status it reached is returned. Sending fixes the
// recipients the rule selects now, each with its channel, for the letters
// worker to render and queue.
func (s *Service) Send(ctx context.Context, by audit.Actor, id int64) (Status, error) {
	l, err := s.Get(ctx, by, id)
	if err != nil {
		return "", err
	}
	if l.Status != Draft {
		return "", problem("letters.err.not_draft")
	}
	rcs, err := s.Resolve(ctx, l.scope(by), l.Rule)
	if err != nil {
		return "", err
	}
	if len(rcs) == 0 {
		return "", problem("letters.err.no_recipients")
	}
	if len(rcs) <= ApprovalThreshold {
		return Sending, s.start(ctx, by, l, rcs, Draft, audit.LetterSent)
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := setStatus(ctx, tx, l, Draft, Awaiting, `, submitted_at = $5, recipients = $6`, dbTime(s.Now()), len(rcs)); err != nil {
			return err
		}
		return audit.Append(ctx, tx, by.Did(s.Now(), audit.LetterSubmitted, letterSubject(l.ID),
			map[string]string{"recipients": strconv.Itoa(len(rcs))}))
	})
	if err != nil {
		return "", fmt.Errorf("letters: submit %d: %w", id, err)
	}
	return Awaiting, nil
}

// Approve approves a letter awaiting approval and starts sending it. The
// approver must be a staff member other than its author.
func (s *Service) Approve(ctx context.Context, by audit.Actor, id int64) error {
	l, err := s.Get(ctx, by, id)
	if err != nil {
		return err
	}
	switch {
	case l.Status != Awaiting:
		return problem("letters.err.not_awaiting")
	case by.UserID == 0 || by.UserID == l.CreatedBy:
		return problem("letters.err.same_approver")
	}
	rcs, err := s.Resolve(ctx, l.scope(by), l.Rule)
	if err != nil {
		return err
	}
	if len(rcs) == 0 {
		return problem("letters.err.no_recipients")
	}
	return s.start(ctx, by, l, rcs, Awaiting, audit.LetterApproved)
}

// start fixes a letter's recipients and marks it sending, auditing action.
func (s *Service) start(ctx context.Context, by audit.Actor, l *Letter, rcs []Recipient, from Status, action audit.Action) error {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		extra, args := `, recipients = $5`, []any{len(rcs)}
		if action == audit.LetterApproved {
			extra, args = `, recipients = $5, approved_by = $6, approved_at = $7`, []any{len(rcs), by.UserID, dbTime(s.Now())}
		}
		if err := setStatus(ctx, tx, l, from, Sending, extra, args...); err != nil {
			return err
		}
		if s.Wake != nil {
			tx.AfterCommit(s.Wake)
		}
		emails, err := insertRecipients(ctx, tx, l, rcs)
		if err != nil {
			return err
		}
		return audit.Append(ctx, tx, by.Did(s.Now(), action, letterSubject(l.ID), map[string]string{
			"recipients": strconv.Itoa(len(rcs)), "email": strconv.Itoa(emails), "post": strconv.Itoa(len(rcs) - emails)}))
	})
	if err != nil {
		return fmt.Errorf("letters: start %d: %w", l.ID, err)
	}
	return nil
}

// recipientChunk is how many recipients one INSERT of insertRecipients
// writes (4 parameters each).
const recipientChunk = 500

// insertRecipients writes a letter's recipients, pending, a chunk an
// INSERT rather than a statement each (10,000 round trips to PostgreSQL
// for a letter to 10,000 people). It returns how many get an e-mail.
func insertRecipients(ctx context.Context, tx *store.Tx, l *Letter, rcs []Recipient) (emails int, err error) {
	for start := 0; start < len(rcs); start += recipientChunk {
		chunk := rcs[start:min(start+recipientChunk, len(rcs))]
		values := make([]string, len(chunk))
		args := []any{l.CoopID, l.ID}
		for i, rc := range chunk {
			ch := rc.channel(l)
			if ch == "email" {
				emails++
			}
			values[i] = "($1, $2, " + params(len(args)+1, 4) + ", 'pending')"
			args = append(args, rc.PersonID, nullID(rc.PremisesID), ch, rc.Email)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO letter_recipients (coop_id, letter_id, person_id, premises_id, channel, email, status)
			VALUES `+strings.Join(values, ", "), args...)
		if err != nil {
			return 0, store.MapError(err)
		}
	}
	return emails, nil
}

// channel is how a recipient gets a letter: by e-mail when they consented
// to e-Korespondencja and have a correspondence e-mail that is one
// address and the letter needs no signed receipt; on paper otherwise. An
// address the outbox would refuse (two joined by a comma, as some
// accounting systems export them) would stop the whole letter's mailing.
func (rc Recipient) channel(l *Letter) string {
	if rc.Consent && mail.ValidAddress(rc.Email) && !l.SignedReceipt {
		return "email"
	}
	return "post"
}

// setStatus moves a letter from one status to another, or refuses with a
// Problem when another request moved it first. extra sets more columns
// from $5 on.
func setStatus(ctx context.Context, tx *store.Tx, l *Letter, from, to Status, extra string, args ...any) error {
	res, err := tx.ExecContext(ctx, `UPDATE letters SET status = $3`+extra+` WHERE coop_id = $1 AND id = $2 AND status = $4`,
		append([]any{l.CoopID, l.ID, string(to), string(from)}, args...)...)
	if err != nil {
		return store.MapError(err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return problem("letters.err.changed")
	}
	return nil
}

// scope is the actor as far as the letter's recipients go: whoever sends
// or approves it, a letter of an estate administration reaches only that
// estate.
func (l *Letter) scope(by audit.Actor) audit.Actor {
	by.EstateID = l.EstateID
	return by
}
