package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/store"
)

// linkValidFor is how long an e-mailed reset or unlock link works.
const linkValidFor = 30 * time.Minute

// maxResetLinks is how many reset links one login gets within
// linkValidFor: more requests are answered as always but send nothing, so
// that nobody can fill someone's mailbox with links.
const maxResetLinks = 3

// What an e-mailed link is for (login_tokens.purpose).
const (
	purposeReset  = "reset"
	purposeUnlock = "unlock"
)

var (
	// ErrTokenInvalid: a reset or unlock link is unknown, used, expired or
	// for an account that is disabled.
	ErrTokenInvalid = errors.New("auth: link invalid or expired")
	// ErrNoEmail: there is no correspondence e-mail on file to send a link to.
	ErrNoEmail = errors.New("auth: no e-mail address on file")
)

// recipientColumns are userColumns plus what decides where links go: the
// disabled mark and both e-mail addresses on file (users u, persons p).
const recipientColumns = userColumns + `, u.disabled_at, COALESCE(p.email, '')`

const recipientFrom = ` FROM users u LEFT JOIN persons p ON p.coop_id = u.coop_id AND p.id = u.person_id `

// recipient is a user with the address a link may be sent to.
type recipient struct {
	user        User
	disabled    bool
	personEmail string
}

func scanRecipient(row interface{ Scan(...any) error }) (recipient, error) {
	var r recipient
	var disabled sql.NullTime
	err := scanUser(row, &r.user, &disabled, &r.personEmail)
	r.disabled = disabled.Valid
	return r, err
}

// address is the correspondence e-mail: the person's, as the register
// keeps it, or the login's own.
func (r recipient) address() string {
	if e := strings.TrimSpace(r.personEmail); e != "" {
		return e
	}
	return strings.TrimSpace(r.user.Email)
}

// RequestPasswordReset e-mails a single-use link for a new password, valid
// for 30 minutes and written in l's language, when loginOrEmail names a
// login of the door (kind) in by's cooperative as requestReset describes,
// and records the request anonymously beside the account, in one
// transaction. When nothing matches it sends and records nothing and
// returns nil, as when a link was sent: the caller answers the same either
// way, so that nobody learns which logins and addresses exist.
func (s *Service) RequestPasswordReset(ctx context.Context, by audit.Actor, l *i18n.Localizer, kind Kind, loginOrEmail string) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		token, u, err := s.requestReset(ctx, tx, by.CoopID, kind, loginOrEmail)
		if err != nil || u == nil {
			return err
		}
		if err := s.queueLink(ctx, tx, l, u, resetMail, resetPath, token); err != nil {
			return err
		}
		return s.appendLogin(ctx, tx, anonymousAt(by, u.ID), audit.PasswordResetRequested, nil)
	})
}

// requestReset starts a password reset for the login of the given door
// named by its login (any case) or by the e-mail address on file for it or
// its person. It returns the secret of a single-use link valid for 30
// minutes, and the user, whose Email is the address the link must go to.
//
// When nothing matches (or the match is disabled, has no address, the
// address fits several logins, or the login had maxResetLinks links in the
// last linkValidFor) it returns "", nil, nil: not an error, since
// the caller must answer exactly as when a link was sent. Both ways run
// the same queries.
func (s *Service) requestReset(ctx context.Context, tx *store.Tx, coopID int64, kind Kind, loginOrEmail string) (string, *User, error) {
	q := strings.ToLower(strings.TrimSpace(loginOrEmail))
	token, err := randomToken()
	if err != nil {
		return "", nil, err
	}
	byLogin, err := scanRecipient(tx.QueryRowContext(ctx, `SELECT `+recipientColumns+recipientFrom+`
		WHERE u.coop_id = $1 AND u.kind = $2 AND lower(u.login) = $3`, coopID, string(kind), q))
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return "", nil, fmt.Errorf("auth: reset: %w", err)
	}
	foundLogin := err == nil
	byEmail, n, err := s.recipientsByEmail(ctx, tx, coopID, kind, q)
	if err != nil {
		return "", nil, err
	}
	var r recipient
	switch {
	case q == "":
		return "", nil, nil
	case foundLogin:
		r = byLogin
		r.user.Email = r.address()
	case n == 1:
		r = byEmail
		r.user.Email = q
	default:
		return "", nil, nil
	}
	if r.disabled || r.user.Email == "" {
		return "", nil, nil
	}
	var recent int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_tokens WHERE user_id = $1 AND purpose = $2 AND created_at > $3`,
		r.user.ID, purposeReset, s.now().Add(-linkValidFor)).Scan(&recent); err != nil {
		return "", nil, fmt.Errorf("auth: reset: %w", err)
	}
	if recent >= maxResetLinks {
		return "", nil, nil
	}
	if err := s.insertLinkToken(ctx, tx, token, r.user, purposeReset); err != nil {
		return "", nil, err
	}
	return token, &r.user, nil
}

// recipientsByEmail finds the logins of a door whose own or person's
// e-mail is email; it returns the first and how many there are (at most 2).
func (s *Service) recipientsByEmail(ctx context.Context, tx *store.Tx, coopID int64, kind Kind, email string) (recipient, int, error) {
	var first recipient
	rows, err := tx.QueryContext(ctx, `SELECT `+recipientColumns+recipientFrom+`
		WHERE u.coop_id = $1 AND u.kind = $2 AND $3 <> '' AND (lower(u.email) = $3 OR lower(p.email) = $3)
		ORDER BY u.id LIMIT 2`, coopID, string(kind), email)
	if err != nil {
		return first, 0, fmt.Errorf("auth: reset: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		r, err := scanRecipient(rows)
		if err != nil {
			return first, 0, fmt.Errorf("auth: reset: %w", err)
		}
		if n == 0 {
			first = r
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return first, 0, fmt.Errorf("auth: reset: %w", err)
	}
	return first, n, nil
}

func (s *Service) insertLinkToken(ctx context.Context, tx *store.Tx, token string, u User, purpose string) error {
	now := s.now()
	_, err := tx.ExecContext(ctx, `INSERT INTO login_tokens (token_hash, coop_id, user_id, purpose, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, hashToken(token), u.CoopID, u.ID, purpose, now, now.Add(linkValidFor))
	if err != nil {
		return fmt.Errorf("auth: %s link for user %d: %w", purpose, u.ID, store.MapError(err))
	}
	return nil
}

// linkUser returns the user a live link of the given purpose is for, or
// ErrTokenInvalid; a link of another cooperative than the site's (coopID)
// is as invalid as an unknown one.
func (s *Service) linkUser(ctx context.Context, q store.Querier, coopID int64, token, purpose string) (*User, error) {
	var u User
	var expires time.Time
	var used, disabled sql.NullTime
	row := q.QueryRowContext(ctx, `SELECT `+userColumns+`, t.expires_at, t.used_at, u.disabled_at
		FROM login_tokens t JOIN users u ON u.id = t.user_id AND u.coop_id = t.coop_id
		WHERE t.token_hash = $1 AND t.purpose = $2 AND t.coop_id = $3`, hashToken(token), purpose, coopID)
	err := scanUser(row, &u, &expires, &used, &disabled)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrTokenInvalid
	}
	if err != nil {
		return nil, fmt.Errorf("auth: %s link: %w", purpose, err)
	}
	if used.Valid || disabled.Valid || !s.now().Before(expires) {
		return nil, ErrTokenInvalid
	}
	return &u, nil
}

// useLink marks a link used, or gives ErrTokenInvalid if another request
// used it first.
func useLink(ctx context.Context, tx *store.Tx, token string, now time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE login_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL`,
		now, hashToken(token))
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return ErrTokenInvalid
	}
	return nil
}

// ResetPassword sets a new password through a reset link, from by's
// address. The link must be unused and unexpired (ErrTokenInvalid) and the
// password must meet the policy (the link stays usable then, to try
// another). It lifts the lock, ends the need to change the password, uses
// up every reset link of the user, ends all the user's sessions and records
// the reset in the name of the login, in one transaction. Two-factor login
// stays as it was.
func (s *Service) ResetPassword(ctx context.Context, by audit.Actor, token, newPassword string) (*User, error) {
	u, err := s.linkUser(ctx, s.DB.Read(), by.CoopID, token, purposeReset)
	if err != nil {
		return nil, err
	}
	if err := s.Policy.Check(newPassword, u.Login); err != nil {
		return nil, err
	}
	hash, err := s.Hasher.Hash(ctx, newPassword)
	if err != nil {
		return nil, err
	}
	now := s.now()
	err = s.redeemLink(ctx, token, now, fmt.Sprintf("reset password of user %d", u.ID), func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE login_tokens SET used_at = $1
			WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL`, now, u.ID, purposeReset); err != nil {
			return err
		}
		if err := setPassword(ctx, tx, u.ID, hash, now); err != nil {
			return err
		}
		if err := clearLock(ctx, tx, u.ID); err != nil {
			return err
		}
		if err := endSessions(ctx, tx, u.ID, ""); err != nil {
			return err
		}
		return s.appendLogin(ctx, tx, userActor(by, u), audit.PasswordReset, nil)
	})
	if err != nil {
		return nil, err
	}
	u.MustChangePassword = false
	return u, nil
}

// requestUnlock returns the secret of a single-use link, valid for 30
// minutes, that lifts the lock of a user's account, and the user, whose
// Email is the correspondence address the link must go to (ErrNoEmail when
// there is none). Login e-mails it when a refusal locked the account.
func (s *Service) requestUnlock(ctx context.Context, tx *store.Tx, coopID, userID int64) (string, *User, error) {
	r, err := scanRecipient(tx.QueryRowContext(ctx, `SELECT `+recipientColumns+recipientFrom+`
		WHERE u.coop_id = $1 AND u.id = $2`, coopID, userID))
	if err != nil {
		return "", nil, fmt.Errorf("auth: unlock link for user %d: %w", userID, err)
	}
	r.user.Email = r.address()
	if r.user.Email == "" {
		return "", nil, ErrNoEmail
	}
	token, err := randomToken()
	if err != nil {
		return "", nil, err
	}
	if err := s.insertLinkToken(ctx, tx, token, r.user, purposeUnlock); err != nil {
		return "", nil, err
	}
	return token, &r.user, nil
}

// Unlock lifts the lock of an account through an unlock link (single use;
// ErrTokenInvalid when used or expired), from by's address, and records it
// in the name of the login, in one transaction. It changes nothing else:
// the lock level stays until the next successful login.
func (s *Service) Unlock(ctx context.Context, by audit.Actor, token string) (*User, error) {
	u, err := s.linkUser(ctx, s.DB.Read(), by.CoopID, token, purposeUnlock)
	if err != nil {
		return nil, err
	}
	err = s.redeemLink(ctx, token, s.now(), fmt.Sprintf("unlock user %d", u.ID), func(tx *store.Tx) error {
		if err := clearLock(ctx, tx, u.ID); err != nil {
			return err
		}
		return s.appendLogin(ctx, tx, userActor(by, u), audit.LoginUnlocked, nil)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// redeemLink uses up a link (see useLink) and does what the link is for
// (do) in one transaction. It returns ErrTokenInvalid as it is when another
// request used the link first, and other errors wrapped with what the link
// was to do ("unlock user 7").
func (s *Service) redeemLink(ctx context.Context, token string, now time.Time, what string, do func(tx *store.Tx) error) error {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := useLink(ctx, tx, token, now); err != nil {
			return err
		}
		return do(tx)
	})
	if errors.Is(err, ErrTokenInvalid) {
		return err
	}
	if err != nil {
		return fmt.Errorf("auth: %s: %w", what, err)
	}
	return nil
}

func clearLock(ctx context.Context, tx *store.Tx, userID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1`, userID)
	return err
}
