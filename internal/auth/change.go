package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/store"
)

// ErrPasswordReused: the new password is the current one. A start
// password must be replaced by one only its owner knows.
var ErrPasswordReused = errors.New("auth: the new password is the current one")

// ChangePassword replaces the password of the logged-in user by (by.UserID
// in by.CoopID) after checking the current one: a wrong current password
// gives ErrInvalidCredentials and counts as a failed login. The new one
// must meet the policy and differ from the current one. It ends the need to
// change the password (a start password becomes an ordinary one) and every
// session of the user except keepToken, the one making the change, and
// records the change, in one transaction.
func (s *Service) ChangePassword(ctx context.Context, by audit.Actor, current, newPassword, keepToken string) error {
	coopID, userID := by.CoopID, by.UserID
	var login, hash string
	err := s.DB.Read().QueryRowContext(ctx, `SELECT login, password_hash FROM users WHERE coop_id = $1 AND id = $2`,
		coopID, userID).Scan(&login, &hash)
	if err != nil {
		return fmt.Errorf("auth: change password of user %d: %w", userID, store.MapError(err))
	}
	ok, err := s.Hasher.Verify(ctx, hash, current)
	if err != nil {
		return fmt.Errorf("auth: change password of user %d: %w", userID, err)
	}
	if !ok {
		if _, _, err := s.refuse(ctx, accountLock(userID), s.now()); err != nil {
			return err
		}
		return ErrInvalidCredentials
	}
	if newPassword == current {
		return ErrPasswordReused
	}
	if err := s.Policy.Check(newPassword, login); err != nil {
		return err
	}
	newHash, err := s.Hasher.Hash(ctx, newPassword)
	if err != nil {
		return err
	}
	keep := ""
	if keepToken != "" {
		keep = hashToken(keepToken)
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := setPassword(ctx, tx, userID, newHash, s.now()); err != nil {
			return err
		}
		if err := endSessions(ctx, tx, userID, keep); err != nil {
			return err
		}
		return s.appendLogin(ctx, tx, by, audit.PasswordChanged, nil)
	})
	if err != nil {
		return fmt.Errorf("auth: change password of user %d: %w", userID, err)
	}
	return nil
}

// setPassword stores a password the user chose: it is no longer a start
// password and need not be changed.
func setPassword(ctx context.Context, tx *store.Tx, userID int64, hash string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, must_change_password = $2,
		start_password_expires_at = NULL, password_changed_at = $3 WHERE id = $4`, hash, false, now, userID)
	return err
}
