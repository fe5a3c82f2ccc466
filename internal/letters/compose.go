package letters

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/uploads"
)

// Composed is what Compose made: the letter's id, its recipients' count
// and the warnings staff should read before sending it.
type Composed struct {
	ID         int64
	Recipients int
	Warnings   []*Problem
}

// validate refuses a letter staff cannot send as written, with every
// problem it has at once (errors.Join of Problems).
func (l *Letter) validate() error {
	var errs []error
	check := func(bad bool, key string) {
		if bad {
			errs = append(errs, problem(key))
		}
	}
	check(!l.Kind.valid(), "letters.err.kind")
	check(strings.TrimSpace(l.Subject) == "", "letters.err.subject")
	check(strings.TrimSpace(l.Body) == "", "letters.err.body")
	check(len(l.Subject) > 200 || len(l.CaseNo) > 60 || len(l.Place) > 60 || len(l.Body) > 50000, "letters.err.too_long")
	check(l.Kind == FeeNotice && l.EffectiveOn.IsZero(), "letters.err.effective_on")
	check(l.Kind == FeeNotice && l.ChargeSource != CoopCharges && l.ChargeSource != UtilityCharges, "letters.err.charge_source")
	return errors.Join(append(errs, checkFields(l.Subject, l.Body))...)
}

// Compose checks and stores a new draft letter with its attachments,
// counting the recipients its rule selects today. An unknown merge field,
// a rule that selects no one or a pasted list with bad lines is refused
// with a Problem; a fee notice taking effect before its lawful date is
// stored with a warning.
func (s *Service) Compose(ctx context.Context, by audit.Actor, l Letter, atts []Attachment) (Composed, error) {
	l.Subject, l.CaseNo, l.Place = strings.TrimSpace(l.Subject), strings.TrimSpace(l.CaseNo), strings.TrimSpace(l.Place)
	if err := l.validate(); err != nil {
		return Composed{}, err
	}
	rcs, err := s.Resolve(ctx, by, l.Rule)
	if err != nil {
		return Composed{}, err
	}
	if len(rcs) == 0 {
		return Composed{}, problem("letters.err.no_recipients")
	}
	c := Composed{Recipients: len(rcs)}
	if w := noticeWarning(&l, s.today()); w != nil {
		c.Warnings = append(c.Warnings, w)
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if c.ID, err = s.insertLetter(ctx, tx, by, &l, len(rcs)); err != nil {
			return err
		}
		if err := insertAttachments(ctx, tx, by.CoopID, c.ID, atts); err != nil {
			return err
		}
		return audit.Append(ctx, tx, by.Did(s.Now(), audit.LetterDrafted, letterSubject(c.ID),
			map[string]string{"kind": string(l.Kind), "rule": string(l.Rule.Kind), "recipients": strconv.Itoa(len(rcs))}))
	})
	if err != nil {
		return Composed{}, fmt.Errorf("letters: compose: %w", err)
	}
	return c, nil
}

// letterSubject is a letter's audit subject.
func letterSubject(id int64) string { return "letter:" + strconv.FormatInt(id, 10) }

// insertLetter stores a draft.
func (s *Service) insertLetter(ctx context.Context, tx *store.Tx, by audit.Actor, l *Letter, n int) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO letters (coop_id, estate_id, kind, subject, body, case_no, place,
		signed_receipt, effective_on, charge_source, rule_kind, rule_value, rule_amount, status, recipients,
		created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'draft', $14, $15, $16)
		RETURNING id`, by.CoopID, nullID(by.EstateID), string(l.Kind), l.Subject, l.Body, l.CaseNo, l.Place,
		l.SignedReceipt, l.EffectiveOn, string(l.ChargeSource), string(l.Rule.Kind), l.Rule.Value, int64(l.Rule.Amount), n,
		nullID(by.UserID), dbTime(s.Now())).Scan(&id)
	return id, store.MapError(err)
}

// insertAttachments stores a letter's attachments, each checked by
// uploads.LetterAttachments.
func insertAttachments(ctx context.Context, tx *store.Tx, coopID, letterID int64, atts []Attachment) error {
	if uploads.LetterAttachments.CheckCount(len(atts)) != nil {
		return problem("letters.err.attachments_count", uploads.LetterAttachments.MaxFiles)
	}
	for _, a := range atts {
		f, err := uploads.LetterAttachments.Check(a.Filename, a.Data)
		if err != nil {
			return problem("letters.err.attachment", a.Filename)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO letter_attachments (coop_id, letter_id, filename, content_type, data, sha256)
			VALUES ($1, $2, $3, $4, $5, $6)`, coopID, letterID, f.Filename, f.ContentType, f.Data, f.SHA256)
		if err != nil {
			return store.MapError(err)
		}
	}
	return nil
}

// nullID is an id or NULL for 0.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Update rewrites a draft before it is sent, checked as Compose checks a
// new letter (its rule counted again, its warnings returned). Attachments
// given replace the draft's; none keeps them. A letter already submitted,
// approved or sent is refused with letters.err.not_draft.
func (s *Service) Update(ctx context.Context, by audit.Actor, id int64, l Letter, atts []Attachment) (Composed, error) {
	cur, err := s.Get(ctx, by, id)
	if err != nil {
		return Composed{}, err
	}
	if cur.Status != Draft {
		return Composed{}, problem("letters.err.not_draft")
	}
	l.Subject, l.CaseNo, l.Place = strings.TrimSpace(l.Subject), strings.TrimSpace(l.CaseNo), strings.TrimSpace(l.Place)
	if err := l.validate(); err != nil {
		return Composed{}, err
	}
	rcs, err := s.Resolve(ctx, cur.scope(by), l.Rule)
	if err != nil {
		return Composed{}, err
	}
	if len(rcs) == 0 {
		return Composed{}, problem("letters.err.no_recipients")
	}
	c := Composed{ID: id, Recipients: len(rcs)}
	if w := noticeWarning(&l, s.today()); w != nil {
		c.Warnings = append(c.Warnings, w)
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE letters SET kind = $3, subject = $4, body = $5, case_no = $6, place = $7,
			signed_receipt = $8, effective_on = $9, charge_source = $10, rule_kind = $11, rule_value = $12, rule_amount = $13,
			recipients = $14 WHERE coop_id = $1 AND id = $2 AND status = 'draft'`,
			cur.CoopID, id, string(l.Kind), l.Subject, l.Body, l.CaseNo, l.Place, l.SignedReceipt, l.EffectiveOn,
			string(l.ChargeSource), string(l.Rule.Kind), l.Rule.Value, int64(l.Rule.Amount), len(rcs))
		if err != nil {
			return store.MapError(err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return problem("letters.err.not_draft") // sent meanwhile
		}
		if len(atts) > 0 {
			if _, err := tx.ExecContext(ctx, `DELETE FROM letter_attachments WHERE coop_id = $1 AND letter_id = $2`, cur.CoopID, id); err != nil {
				return store.MapError(err)
			}
			if err := insertAttachments(ctx, tx, cur.CoopID, id, atts); err != nil {
				return err
			}
		}
		return audit.Append(ctx, tx, by.Did(s.Now(), audit.LetterDrafted, letterSubject(id),
			map[string]string{"kind": string(l.Kind), "rule": string(l.Rule.Kind), "recipients": strconv.Itoa(len(rcs)), "edited": "true"}))
	})
	if err != nil {
		return Composed{}, fmt.Errorf("letters: update draft %d: %w", id, err)
	}
	return c, nil
}
