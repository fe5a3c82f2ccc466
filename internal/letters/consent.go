package letters

import (
	"context"
	"fmt"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/store"
)

// Consents records e-Korespondencja consents (access.Service does).
type Consents interface {
	SetConsent(ctx context.Context, by audit.Actor, personID int64, granted bool, source string) error
}

// reasonWithdrawn is the reason staff see on a letter moved to post when
// its recipient withdrew the consent.
const reasonWithdrawn = "Cofnięto zgodę na e-Korespondencję"

// SetConsent grants or withdraws a person's e-Korespondencja consent. A
// withdrawal takes effect at once, in the same transaction: letters still
// waiting to be rendered for that person go on paper, and e-mails waiting
// in the outbox are withdrawn and their letters moved to the next postal
// batch. Only an e-mail a mail worker is sending at that moment (held
// under its lease) may still leave.
func (s *Service) SetConsent(ctx context.Context, by audit.Actor, personID int64, granted bool, source string) error {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := s.Consents.SetConsent(tx.Context(ctx), by, personID, granted, source); err != nil {
			return err
		}
		if granted {
			return nil
		}
		return s.withdrawEmails(ctx, tx, by.CoopID, personID)
	})
	if err != nil {
		return fmt.Errorf("letters: consent of %d: %w", personID, err)
	}
	return nil
}

// withdrawEmails sends a person's letters by post instead of e-mail.
func (s *Service) withdrawEmails(ctx context.Context, tx *store.Tx, coopID, personID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE letter_recipients SET channel = 'post', reason = $3
		WHERE coop_id = $1 AND person_id = $2 AND status = 'pending' AND channel = 'email'`, coopID, personID, reasonWithdrawn)
	if err != nil {
		return err
	}
	now := dbTime(s.Now())
	ids, err := store.QueryAll(ctx, tx, store.ScanID, `SELECT r.id FROM letter_recipients r
		JOIN outbox o ON o.id = r.outbox_id
		WHERE r.coop_id = $1 AND r.person_id = $2 AND r.status = 'queued'
		AND o.status = 'pending' AND (o.lease_until IS NULL OR o.lease_until < $3)`, coopID, personID, now)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET status = 'failed', last_error = $2
			WHERE id = (SELECT outbox_id FROM letter_recipients WHERE id = $1)`, id, reasonWithdrawn); err != nil {
			return err
		}
		if err := s.toPost(ctx, tx, coopID, id, reasonWithdrawn); err != nil {
			return err
		}
	}
	return nil
}
