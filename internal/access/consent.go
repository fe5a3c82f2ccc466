package access

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/store"
)

// Consent is the e-Korespondencja consent in force for a person.
type Consent struct {
	Granted bool
	At      time.Time // zero when never recorded
	Source  string
	// Email is the person's correspondence e-mail, where letters go while
	// the consent is granted ("" when the cooperative has none).
	Email string
}

// CurrentConsent returns the newest consent record of a person (not
// granted when there is none), with the address letters go to.
func (s *Service) CurrentConsent(ctx context.Context, coopID, personID int64) (Consent, error) {
	var c Consent
	var at sql.NullTime
	var granted sql.NullBool
	var source sql.NullString
	err := s.DB.Read().QueryRowContext(ctx, `SELECT p.email, c.granted, c.recorded_at, c.source FROM persons p
		LEFT JOIN consents c ON c.id = (SELECT id FROM consents WHERE coop_id = p.coop_id AND person_id = p.id
			AND kind = 'ekorespondencja' ORDER BY recorded_at DESC, id DESC LIMIT 1)
		WHERE p.coop_id = $1 AND p.id = $2`, coopID, personID).Scan(&c.Email, &granted, &at, &source)
	if errors.Is(err, sql.ErrNoRows) {
		return Consent{}, nil
	}
	if err != nil {
		return Consent{}, fmt.Errorf("access: consent of %d: %w", personID, err)
	}
	c.Granted, c.At, c.Source = granted.Bool, at.Time, source.String
	return c, nil
}

// SetConsent records a grant or withdrawal of the e-Korespondencja consent
// with its time and source (e.g. "resident" when the person did it in
// E-BOK), and audits it.
func (s *Service) SetConsent(ctx context.Context, by audit.Actor, personID int64, granted bool, source string) error {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		return s.recordConsent(ctx, tx, by, personID, granted, source)
	})
	if err != nil {
		return fmt.Errorf("access: set consent of %d: %w", personID, err)
	}
	return nil
}
