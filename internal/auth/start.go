package auth

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// readableAlphabet is what people are given to type: lower-case letters
// and digits without the look-alikes 0/o, 1/l/i. 31 symbols carry
// log2(31) ≈ 4.95 bits each.
const readableAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// A start password is three groups of five symbols, e.g. abcde-fghjk-mnpqr:
// 15 symbols, about 74 bits.
const startGroups, startGroupLen = 3, 5

// readableSymbols returns n symbols of readableAlphabet read from r, each
// equally likely: bytes at or above the largest multiple of the alphabet's
// size are skipped rather than folded in, which would favour the first
// symbols.
func readableSymbols(r io.Reader, n int) ([]byte, error) {
	limit := 256 - 256%len(readableAlphabet)
	out := make([]byte, 0, n)
	buf := make([]byte, n+n/4+8)
	for len(out) < n {
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, fmt.Errorf("auth: random: %w", err)
		}
		for _, b := range buf {
			if int(b) < limit && len(out) < n {
				out = append(out, readableAlphabet[int(b)%len(readableAlphabet)])
			}
		}
	}
	return out, nil
}

// readable returns groups groups of size random symbols joined by hyphens.
func readable(r io.Reader, groups, size int) (string, error) {
	sym, err := readableSymbols(r, groups*size)
	if err != nil {
		return "", err
	}
	parts := make([]string, groups)
	for i := range parts {
		parts[i] = string(sym[i*size : (i+1)*size])
	}
	return strings.Join(parts, "-"), nil
}

// newStartPassword returns a random start password that the policy
// accepts for login (a random one could, once in a blue moon, contain it).
func (s *Service) newStartPassword(login string) (string, error) {
	for range 100 {
		pw, err := readable(rand.Reader, startGroups, startGroupLen)
		if err != nil {
			return "", err
		}
		if s.Policy.Check(pw, login) == nil {
			return pw, nil
		}
	}
	return "", errors.New("auth: no start password passes the policy")
}

// IssueStartPassword gives a user a new random start password, returned
// once for a printout or an e-mail: it must be changed at the first login
// and stops working at expires. The account's lock is lifted and all its
// sessions end. It runs in the caller's transaction, beside the record of
// why the password was issued.
func (s *Service) IssueStartPassword(ctx context.Context, tx *store.Tx, coopID, userID int64, validFor time.Duration) (password string, expires time.Time, err error) {
	if validFor <= 0 {
		return "", time.Time{}, fmt.Errorf("auth: start password valid for %v", validFor)
	}
	var login string
	if err := tx.QueryRowContext(ctx, `SELECT login FROM users WHERE coop_id = $1 AND id = $2`, coopID, userID).Scan(&login); err != nil {
		return "", time.Time{}, fmt.Errorf("auth: start password for user %d: %w", userID, store.MapError(err))
	}
	password, err = s.newStartPassword(login)
	if err != nil {
		return "", time.Time{}, err
	}
	hash, err := s.Hasher.Hash(ctx, password)
	if err != nil {
		return "", time.Time{}, err
	}
	expires = s.now().Add(validFor)
	if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, must_change_password = $2,
		start_password_expires_at = $3, failed_logins = 0, locked_until = NULL, lock_level = 0
		WHERE coop_id = $4 AND id = $5`, hash, true, expires, coopID, userID); err != nil {
		return "", time.Time{}, fmt.Errorf("auth: start password for user %d: %w", userID, store.MapError(err))
	}
	if err := endSessions(ctx, tx, userID, ""); err != nil {
		return "", time.Time{}, fmt.Errorf("auth: start password for user %d: %w", userID, store.MapError(err))
	}
	return password, expires, nil
}

// VerifyStartPassword checks that password is the current start password
// of the cooperative's login (any door): not yet replaced by the user and
// not expired. It returns the user and when the start password expires, or
// ErrInvalidCredentials. Staff use it to print a start password shown to
// them once; it counts no failed logins, since the login is not theirs.
func (s *Service) VerifyStartPassword(ctx context.Context, coopID int64, login, password string) (*User, time.Time, error) {
	var u User
	var hash string
	var expires sql.NullTime
	row := s.DB.Read().QueryRowContext(ctx, `SELECT `+userColumns+`, u.password_hash, u.start_password_expires_at
		FROM users u WHERE u.coop_id = $1 AND lower(u.login) = $2 AND u.disabled_at IS NULL`, coopID, normalizeLogin(login))
	err := scanUser(row, &u, &hash, &expires)
	if errors.Is(err, store.ErrNotFound) {
		hash = s.dummyHash
	} else if err != nil {
		return nil, time.Time{}, fmt.Errorf("auth: verify start password: %w", err)
	}
	ok, err := s.Hasher.Verify(ctx, hash, password)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("auth: verify start password: %w", err)
	}
	if !ok || u.ID == 0 || !u.MustChangePassword || !expires.Valid || !s.now().Before(expires.Time) {
		return nil, time.Time{}, ErrInvalidCredentials
	}
	return &u, expires.Time, nil
}
