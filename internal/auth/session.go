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

	"github.com/ebok/ebok/internal/store"
)

// Service logs people in and keeps their sessions in the database, so that
// any node behind a load balancer can serve any request.
type Service struct {
	DB     *store.DB
	Hasher *Hasher
	Now    func() time.Time
	// Idle ends a session after this long without a request; MaxAge ends it
	// this long after login.
	Idle, MaxAge time.Duration
	// dummyHash is verified when a login does not exist, so that a wrong
	// login takes as long as a wrong password.
	dummyHash string
}

// NewService returns a Service; it computes the dummy hash once.
func NewService(ctx context.Context, db *store.DB, h *Hasher, now func() time.Time, idle, maxAge time.Duration) (*Service, error) {
	s := &Service{DB: db, Hasher: h, Now: now, Idle: idle, MaxAge: maxAge}
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
}

// ErrNoSession: the token is unknown, expired or idle too long.
var ErrNoSession = errors.New("auth: no session")

// Login checks the login and password for the given door (kind) of the
// cooperative and opens a new session, returning its token. A wrong login,
// a wrong password, a disabled user and a login of another kind all give
// ErrInvalidCredentials after the same amount of hashing work.
func (s *Service) Login(ctx context.Context, coopID int64, kind Kind, login, password, ip, userAgent string) (string, *User, error) {
	var u User
	var hash string
	var disabled sql.NullTime
	row := s.DB.Read().QueryRowContext(ctx, `SELECT `+userColumns+`, password_hash, disabled_at FROM users
		WHERE coop_id = $1 AND lower(login) = $2 AND kind = $3`, coopID, normalizeLogin(login), string(kind))
	err := scanUser(row, &u, &hash, &disabled)
	if errors.Is(err, store.ErrNotFound) {
		if _, verr := s.Hasher.Verify(ctx, s.dummyHash, password); verr != nil {
			return "", nil, verr
		}
		return "", nil, ErrInvalidCredentials
	}
	if err != nil {
		return "", nil, fmt.Errorf("auth: login: %w", err)
	}
	ok, err := s.Hasher.Verify(ctx, hash, password)
	if err != nil {
		return "", nil, fmt.Errorf("auth: login %d: %w", u.ID, err)
	}
	if !ok || disabled.Valid {
		return "", nil, ErrInvalidCredentials
	}
	token, err := s.startSession(ctx, &u, ip, userAgent)
	if err != nil {
		return "", nil, err
	}
	return token, &u, nil
}

func (s *Service) startSession(ctx context.Context, u *User, ip, userAgent string) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("auth: token: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	now := s.now()
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions
			(token_hash, coop_id, user_id, created_at, last_seen_at, expires_at, ip, user_agent)
			VALUES ($1, $2, $3, $4, $4, $5, $6, $7)`,
			hashToken(token), u.CoopID, u.ID, now, now.Add(s.MaxAge), ip, userAgent); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE users SET last_login_at = $1 WHERE id = $2`, now, u.ID)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("auth: start session: %w", err)
	}
	return token, nil
}

// touchEvery limits how often a session's last-seen time is written.
const touchEvery = time.Minute

// Session returns the live session for token and marks it as seen. It
// returns ErrNoSession when the token is unknown, past its absolute expiry
// or idle for longer than Idle; such a session is deleted.
func (s *Service) Session(ctx context.Context, token string) (*Session, error) {
	if token == "" {
		return nil, ErrNoSession
	}
	h := hashToken(token)
	var sess Session
	var lastSeen time.Time
	var disabled sql.NullTime
	row := s.DB.Read().QueryRowContext(ctx, `SELECT u.id, u.coop_id, u.kind, u.login, COALESCE(u.person_id, 0),
		u.display_name, u.email, COALESCE(u.role, ''), COALESCE(u.estate_id, 0), u.must_change_password,
		s.created_at, s.expires_at, s.last_seen_at, u.disabled_at
		FROM sessions s JOIN users u ON u.id = s.user_id AND u.coop_id = s.coop_id
		WHERE s.token_hash = $1`, h)
	err := scanUser(row, &sess.User, &sess.CreatedAt, &sess.ExpiresAt, &lastSeen, &disabled)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNoSession
	}
	if err != nil {
		return nil, fmt.Errorf("auth: session: %w", err)
	}
	now := s.now()
	if !now.Before(sess.ExpiresAt) || !now.Before(lastSeen.Add(s.Idle)) || disabled.Valid {
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

// PurgeExpired deletes sessions past their absolute expiry or idle limit.
func (s *Service) PurgeExpired(ctx context.Context) (int64, error) {
	now := s.now()
	var n int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2`, now, now.Add(-s.Idle))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("auth: purge sessions: %w", err)
	}
	return n, nil
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
