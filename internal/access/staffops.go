package access

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
)

// Login is one of a person's logins, as staff see it.
type Login struct {
	UserID      int64
	Kind        auth.Kind
	Login       string
	MustChange  bool
	LockedUntil time.Time
	LastLoginAt time.Time
	TOTPEnabled bool
}

// Logins lists a person's resident and member logins.
func (s *Service) Logins(ctx context.Context, coopID, personID int64) ([]Login, error) {
	out, err := store.QueryAll(ctx, s.DB.Read(), func(row store.Scanner) (Login, error) {
		var l Login
		var kind string
		var locked, last nullTime
		err := row.Scan(&l.UserID, &kind, &l.Login, &l.MustChange, &locked, &last, &l.TOTPEnabled)
		l.Kind, l.LockedUntil, l.LastLoginAt = auth.Kind(kind), locked.Time, last.Time
		return l, err
	}, `SELECT id, kind, login, must_change_password, locked_until, last_login_at, totp_enabled_at IS NOT NULL
		FROM users WHERE coop_id = $1 AND person_id = $2 AND kind IN ('resident', 'member') ORDER BY kind DESC, id`, coopID, personID)
	if err != nil {
		return nil, fmt.Errorf("access: logins of %d: %w", personID, err)
	}
	return out, nil
}

// NewStartPassword issues a fresh start password for one of a person's
// logins (after a lost printout, or for an unlock at the desk): printed, or
// e-mailed to the correspondence e-mail on file.
func (s *Service) NewStartPassword(ctx context.Context, by audit.Actor, personID, userID int64, d Delivery) (*Credentials, error) {
	logins, err := s.Logins(ctx, by.CoopID, personID)
	if err != nil {
		return nil, err
	}
	var target *Login
	for i := range logins {
		if logins[i].UserID == userID {
			target = &logins[i]
		}
	}
	if target == nil {
		return nil, fmt.Errorf("access: login %d of person %d: %w", userID, personID, store.ErrNotFound)
	}
	var first, last, email string
	if err := s.DB.Read().QueryRowContext(ctx, `SELECT first_name, last_name, email FROM persons WHERE coop_id = $1 AND id = $2`,
		by.CoopID, personID).Scan(&first, &last, &email); err != nil {
		return nil, fmt.Errorf("access: person %d: %w", personID, store.MapError(err))
	}
	if d == Email && email == "" {
		return nil, ErrNoEmail
	}
	portal := EBOK
	if target.Kind == auth.Member {
		portal = IKCS
	}
	cred := &Credentials{Portal: portal, UserID: userID, Login: target.Login, PersonName: first + " " + last}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := s.issueStartPassword(ctx, tx, by.CoopID, cred); err != nil {
			return err
		}
		return s.deliverCredentials(ctx, tx, by, audit.StartPasswordIssued, by.CoopID, personID, cred, d, email)
	})
	if err != nil {
		return nil, fmt.Errorf("access: new start password for %d: %w", userID, err)
	}
	return cred, nil
}

// ErrBadExtension: an extension must end after today and within a year.
var ErrBadExtension = errors.New("access: the extension must end after today and within a year")

// ErrExtensionTooLate: the former holder's title ended longer ago than
// extensions are allowed for (EBOK_ACCESS_EXTENSION_MONTHS).
var ErrExtensionTooLate = errors.New("access: the title ended too long ago to extend access")

// DefaultExtensionMonths is how long after a title ended its former holder's
// access may still be extended, when ExtensionMonths is not set.
const DefaultExtensionMonths = 12

// ExtendAccess lets a former holder keep seeing a premises' ledger until
// the given day (to settle the last bills after a sale). Only a title that
// ended (before today, within ExtensionMonths) qualifies, and a staff
// member of one estate may extend only for that estate's premises
// (ErrNotFound otherwise, as for a premises the person never held). The
// former holder still sees the premises only up to the day the title ended.
func (s *Service) ExtendAccess(ctx context.Context, by audit.Actor, personID, premisesID int64, until, today civil.Date) error {
	if !until.After(today) || until.After(today.AddDays(366)) {
		return ErrBadExtension
	}
	months := s.ExtensionMonths
	if months <= 0 {
		months = DefaultExtensionMonths
	}
	var held, open int
	var lastEnd civil.Date
	if err := s.DB.Read().QueryRowContext(ctx, `SELECT COUNT(*), COUNT(*) - COUNT(t.ends_on), MAX(t.ends_on)
		FROM titles t JOIN title_holders h ON h.coop_id = t.coop_id AND h.title_id = t.id
		JOIN premises p ON p.coop_id = t.coop_id AND p.id = t.premises_id
		JOIN buildings b ON b.coop_id = p.coop_id AND b.id = p.building_id
		WHERE t.coop_id = $1 AND t.premises_id = $2 AND h.person_id = $3 AND ($4 = 0 OR b.estate_id = $4)`,
		by.CoopID, premisesID, personID, by.EstateID).Scan(&held, &open, &lastEnd); err != nil {
		return fmt.Errorf("access: extend: %w", err)
	}
	if held == 0 {
		return fmt.Errorf("access: person %d never held premises %d: %w", personID, premisesID, store.ErrNotFound)
	}
	if open > 0 || !lastEnd.Before(today) {
		return ErrBadExtension // still a holder: nothing to extend
	}
	if lastEnd.Before(today.AddMonths(-months)) {
		return ErrExtensionTooLate
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO access_extensions (coop_id, person_id, premises_id, until, granted_by, granted_at)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (coop_id, person_id, premises_id) DO UPDATE SET until = excluded.until, granted_by = excluded.granted_by, granted_at = excluded.granted_at`,
			by.CoopID, personID, premisesID, until, nullID(by.UserID), s.now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, by, audit.AccessExtended, fmt.Sprintf("premises:%d", premisesID), personID,
			map[string]string{"until": until.String()})
	})
}
