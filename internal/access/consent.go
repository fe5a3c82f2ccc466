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
}

// CurrentConsent returns the newest consent record of a person (not
// granted when there is none).
func (s *Service) CurrentConsent(ctx context.Context, coopID, personID int64) (Consent, error) {
	var c Consent
	err := s.DB.Read().QueryRowContext(ctx, `SELECT granted, recorded_at, source FROM consents
		WHERE coop_id = $1 AND person_id = $2 AND kind = 'ekorespondencja' ORDER BY recorded_at DESC, id DESC LIMIT 1`,
		coopID, personID).Scan(&c.Granted, &c.At, &c.Source)
	if errors.Is(err, sql.ErrNoRows) {
		return Consent{}, nil
	}
	if err != nil {
		return Consent{}, fmt.Errorf("access: consent of %d: %w", personID, err)
	}
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
