package access

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/ratelimit"
	"github.com/ebok/ebok/internal/store"
)

// printoutChecks: a staff member may check 30 start passwords in any 10
// minutes (POST /staff/credentials/printout tells whether a start password
// is right, so it must not serve to guess them).
var printoutChecks = ratelimit.Rule{Scope: "credentials.check", Max: 30, Window: 10 * time.Minute}

// ErrCheckLimit: the staff member checked too many start passwords lately.
var ErrCheckLimit = errors.New("access: too many start password checks")

// CheckStartPassword checks a start password staff were shown once, for
// its printout: it returns the login's user and when the password expires,
// or auth.ErrInvalidCredentials, also for a login outside the estate of a
// staff member of one estate. Each check is counted against the staff
// member (ErrCheckLimit past 30 in 10 minutes) and audited with whether it
// matched, never with the password.
func (s *Service) CheckStartPassword(ctx context.Context, by audit.Actor, login, password string) (*auth.User, time.Time, error) {
	limits := ratelimit.Limiter{DB: s.DB}
	slot, _, err := limits.Take(ctx, printoutChecks, strconv.FormatInt(by.UserID, 10), s.now())
	if err != nil {
		return nil, time.Time{}, err
	}
	if slot == 0 {
		return nil, time.Time{}, ErrCheckLimit
	}
	u, expires, err := s.Auth.VerifyStartPassword(ctx, by.CoopID, login, password)
	if err != nil && !errors.Is(err, auth.ErrInvalidCredentials) {
		return nil, time.Time{}, err
	}
	if err == nil && by.EstateID != 0 {
		var n int
		if qerr := s.DB.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM title_holders h
			JOIN titles t ON t.coop_id = h.coop_id AND t.id = h.title_id
			JOIN premises p ON p.coop_id = t.coop_id AND p.id = t.premises_id
			JOIN buildings b ON b.coop_id = p.coop_id AND b.id = p.building_id
			WHERE h.coop_id = $1 AND h.person_id = $2 AND b.estate_id = $3`, by.CoopID, u.PersonID, by.EstateID).Scan(&n); qerr != nil {
			return nil, time.Time{}, fmt.Errorf("access: check start password: %w", qerr)
		}
		if n == 0 {
			u, err = nil, auth.ErrInvalidCredentials
		}
	}
	e := by.Did(s.now(), audit.CredentialsChecked, "login", map[string]string{"matched": strconv.FormatBool(err == nil)})
	if u != nil {
		e.Subject, e.PersonID = fmt.Sprintf("user:%d", u.ID), u.PersonID
	}
	if aerr := s.DB.InTx(ctx, func(tx *store.Tx) error { return audit.Append(ctx, tx, e) }); aerr != nil {
		return nil, time.Time{}, fmt.Errorf("access: check start password: %w", aerr)
	}
	if err != nil {
		return nil, time.Time{}, err
	}
	return u, expires, nil
}
