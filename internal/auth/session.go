package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/store"
)

// Service logs people in and keeps their sessions in the database, so that
// any node behind a load balancer can serve any request.
type Service struct {
	DB     *store.DB
	Hasher *Hasher
	// Policy judges new passwords.
	Policy *Policy
	Now    func() time.Time
	// Idle ends a session after this long without a request; MaxAge ends it
	// this long after login.
	Idle, MaxAge time.Duration
	// Outbox queues the reset and unlock links the service e-mails;
	// BaseURL starts those links (e.g. "https://ebok.example.pl").
	Outbox  *mail.Outbox
	BaseURL string
	// DeviceKey signs device cookies (device.go), the same on every node
	// of an installation; without one no browser is trusted and every
	// failed login counts against its account.
	DeviceKey []byte
	// dummyHash is verified when a login does not exist, so that a wrong
	// login takes as long as a wrong password.
	dummyHash string
}

// NewService returns a Service; it computes the dummy hash and loads the
// password policy once.
func NewService(ctx context.Context, db *store.DB, h *Hasher, now func() time.Time, idle, maxAge time.Duration) (*Service, error) {
	policy, err := NewPolicy()
	if err != nil {
		return nil, err
	}
	s := &Service{DB: db, Hasher: h, Policy: policy, Now: now, Idle: idle, MaxAge: maxAge}
	dummy, err := h.Hash(ctx, "no such user, constant time")
	if err != nil {
		return nil, err
	}
	s.dummyHash = dummy
	return s, nil
}

// Session is a logged-in browser.
type Session struct {
	User      User
	CreatedAt time.Time
	ExpiresAt time.Time
	// MFAPending: the password was right but the second factor is still
	// owed (VerifySecondFactor). Such a session opens nothing else.
	MFAPending bool
}

// ErrNoSession: the token is unknown, expired or idle too long.
var ErrNoSession = errors.New("auth: no session")

// pendingMaxAge is how long a session may wait for its second factor.
const pendingMaxAge = 10 * time.Minute

// startSession opens a session for u, which just gave the right password
// from dev (nil: a client without u's device token), unless what the
// login counts against (lockFor) got locked meanwhile (ErrLocked). A full
// login clears that failure count and, from a client that was not
// trusted, records a new device whose token it returns; a login that still
// owes its second factor leaves the count, so that the password cannot be
// used to reset it between guesses of the code, and remembers dev for the
// second step.
func (s *Service) startSession(ctx context.Context, u *User, dev *device, mfaPending bool, ip, userAgent string) (token, deviceToken string, err error) {
	if token, err = randomToken(); err != nil {
		return "", "", err
	}
	now := s.now()
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	var deviceID sql.NullInt64
	if dev != nil {
		deviceID = sql.NullInt64{Int64: dev.id, Valid: true}
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		open, err := s.loggedIn(ctx, tx, u.ID, lockFor(u.ID, dev), !mfaPending, now)
		if err != nil {
			return err
		}
		if !open {
			return ErrLocked
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO sessions
			(token_hash, coop_id, user_id, created_at, last_seen_at, expires_at, ip, user_agent, mfa_pending, device_id)
			VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9)`,
			hashToken(token), u.CoopID, u.ID, now, now.Add(s.MaxAge), ip, userAgent, mfaPending, deviceID)
		if err != nil || mfaPending || dev != nil {
			return err
		}
		deviceToken, err = s.newDevice(ctx, tx, u, now)
		return err
	})
	if errors.Is(err, ErrLocked) {
		return "", "", ErrLocked
	}
	if err != nil {
		return "", "", fmt.Errorf("auth: start session: %w", err)
	}
	return token, deviceToken, nil
}

// loggedIn records a successful factor of userID's login, which counts
// against lk, unless lk is locked, and reports whether it was open.
// complete says the login is whole: then lk's failure count and lock level
// are cleared and the last-login time (and a device's last use) updated.
func (s *Service) loggedIn(ctx context.Context, tx *store.Tx, userID int64, lk lockable, complete bool, now time.Time) (bool, error) {
	set := "locked_until = NULL"
	if complete {
		set += ", failed_logins = 0, lock_level = 0"
		if lk.table == "login_devices" {
			set += ", last_used_at = $2"
		}
	}
	res, err := tx.ExecContext(ctx, `UPDATE `+lk.table+` SET `+set+`
		WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $2)`, lk.id, now)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	if err != nil || n != 1 || !complete {
		return n == 1, err
	}
	_, err = tx.ExecContext(ctx, `UPDATE users SET last_login_at = $2 WHERE id = $1`, userID, now)
	return err == nil, err
}

// touchEvery limits how often a session's last-seen time is written.
const touchEvery = time.Minute

// Session returns the live session for token and marks it as seen. It
// returns ErrNoSession when the token is unknown, past its absolute expiry
// or idle for longer than Idle, or waited too long for its second factor;
// such a session is deleted.
func (s *Service) Session(ctx context.Context, token string) (*Session, error) {
	if token == "" {
		return nil, ErrNoSession
	}
	h := hashToken(token)
	var sess Session
	var lastSeen time.Time
	var disabled sql.NullTime
	row := s.DB.Read().QueryRowContext(ctx, `SELECT `+userColumns+`,
		s.created_at, s.expires_at, s.last_seen_at, s.mfa_pending, u.disabled_at
		FROM sessions s JOIN users u ON u.id = s.user_id AND u.coop_id = s.coop_id
		WHERE s.token_hash = $1`, h)
	err := scanUser(row, &sess.User, &sess.CreatedAt, &sess.ExpiresAt, &lastSeen, &sess.MFAPending, &disabled)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNoSession
	}
	if err != nil {
		return nil, fmt.Errorf("auth: session: %w", err)
	}
	now := s.now()
	if !s.live(now, sess.CreatedAt, sess.ExpiresAt, lastSeen, sess.MFAPending) || disabled.Valid {
		if err := s.deleteSession(ctx, h); err != nil {
			return nil, err
		}
		return nil, ErrNoSession
	}
	if now.Sub(lastSeen) >= touchEvery {
		err := s.DB.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2`, now, h)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("auth: touch session: %w", err)
		}
	}
	return &sess, nil
}

// live reports whether a session with these times is still good at now.
func (s *Service) live(now, created, expires, lastSeen time.Time, mfaPending bool) bool {
	if mfaPending && !now.Before(created.Add(pendingMaxAge)) {
		return false
	}
	return now.Before(expires) && now.Before(lastSeen.Add(s.Idle))
}

// Logout ends the session of token (no error when there is none).
func (s *Service) Logout(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	return s.deleteSession(ctx, hashToken(token))
}

func (s *Service) deleteSession(ctx context.Context, h string) error {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, h)
		return err
	})
	if err != nil {
		return fmt.Errorf("auth: end session: %w", err)
	}
	return nil
}

// endSessions ends every session of a user except the one whose token
// hash is keep (empty: all of them).
func endSessions(ctx context.Context, tx *store.Tx, userID int64, keep string) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2`, userID, keep)
	return err
}

// PurgeExpired deletes sessions past their absolute expiry or idle limit
// and returns how many. It also deletes second-factor waits that timed out,
// expired reset and unlock links, devices unused for a year, and throttle
// windows that have closed.
func (s *Service) PurgeExpired(ctx context.Context) (int64, error) {
	now := s.now()
	var n int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2
			OR (mfa_pending AND created_at <= $3)`, now, now.Add(-s.Idle), now.Add(-pendingMaxAge))
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_tokens WHERE expires_at <= $1`, now); err != nil {
			return err
		}
		// A device unused for as long as its cookie lasts is gone from the
		// browser too.
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_devices WHERE last_used_at <= $1`, now.Add(-DeviceCookieMaxAge)); err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, `DELETE FROM login_throttle`); err != nil {
			return err // rows of the fixed windows counted before the sliding one
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM rate_events WHERE at < $1`, now.Add(-24*time.Hour))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("auth: purge sessions: %w", err)
	}
	return n, nil
}

// randomToken returns 256 random bits, URL-safe: a session token or the
// secret of an e-mailed link.
func randomToken() (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("auth: token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(raw), nil
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// RotateSession gives the session of token a new token and returns it:
// after a change of credentials (a new password, a second factor set up)
// a token that leaked before no longer opens anything.
func (s *Service) RotateSession(ctx context.Context, token string) (string, error) {
	fresh, err := randomToken()
	if err != nil {
		return "", err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE sessions SET token_hash = $1 WHERE token_hash = $2`, hashToken(fresh), hashToken(token))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return ErrNoSession
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("auth: rotate session: %w", err)
	}
	return fresh, nil
}
