package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/store"
)

// ErrNoSuchLogin: no login of that name in the cooperative.
var ErrNoSuchLogin = errors.New("auth: no such login")

// ResetTOTP takes away a login's authenticator app, for a staff member who
// lost their phone and their recovery codes: the secret and the recovery
// codes are deleted and every session of the login ends, so the next login
// sets up a new app. by (audit.System for the command line) acts in its
// cooperative, where login is looked up in any case (ErrNoSuchLogin when
// there is none). The audit entry, in the same transaction, keeps the
// login, the reason and via, the tool it was done with (e.g. "ebok user
// reset-2fa").
func (s *Service) ResetTOTP(ctx context.Context, by audit.Actor, login, reason, via string) (*User, error) {
	var u *User
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		u, err = userByLogin(ctx, tx, by.CoopID, login)
		if errors.Is(err, store.ErrNotFound) {
			return ErrNoSuchLogin
		}
		if err != nil {
			return err
		}
		for _, q := range []string{
			`UPDATE users SET totp_secret = '', totp_enabled_at = NULL, totp_last_step = 0 WHERE id = $1`,
			`DELETE FROM recovery_codes WHERE user_id = $1`,
			`DELETE FROM sessions WHERE user_id = $1`,
		} {
			if _, err := tx.ExecContext(ctx, q, u.ID); err != nil {
				return err
			}
		}
		return audit.Append(ctx, tx, by.Did(s.now(), audit.TOTPReset, fmt.Sprintf("user:%d", u.ID),
			map[string]string{"login": u.Login, "reason": strings.TrimSpace(reason), "by": via}))
	})
	if errors.Is(err, ErrNoSuchLogin) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("auth: reset two-step login of %q: %w", login, err)
	}
	u.TOTPEnabled = false
	return u, nil
}
