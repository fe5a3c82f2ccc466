package auth

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// Device cookies, after OWASP's "Slow Down Online Guessing Attacks with
// Device Cookies": a browser that completed a login to an account gets a
// signed token naming a row of login_devices. Failed logins from a browser
// that shows a valid token for the account count against that token's row
// and lock only it; failed logins from any other client count against the
// account and lock only clients without a token (users.locked_until). So
// an attacker who knows a login can lock out untrusted clients, never the
// owner's browser, which still logs in with the right password (and its
// second factor).
//
// A browser keeps the tokens of up to maxDeviceTokens accounts in one
// cookie, separated by deviceSep; an account keeps up to maxDevices rows,
// the least recently used going first.
const (
	maxDevices      = 10
	maxDeviceTokens = 5
	deviceSep       = "~"
	// DeviceCookieMaxAge is how long a browser keeps its device cookie.
	DeviceCookieMaxAge = 365 * 24 * time.Hour
	// maxDeviceCookie bounds the cookie value read, in bytes.
	maxDeviceCookie = 1024
)

// device is a trusted browser of an account as the login check sees it.
type device struct {
	id          int64
	lockedUntil sql.NullTime
}

// lockable is what counts failed logins and locks: an account, for
// clients without its device token (table users), or one trusted device
// (table login_devices). table is one of those two constants, never input.
type lockable struct {
	table string
	id    int64
}

func accountLock(userID int64) lockable { return lockable{"users", userID} }

// lockFor is what a login of userID from dev (nil: untrusted) counts
// against.
func lockFor(userID int64, dev *device) lockable {
	if dev != nil {
		return lockable{"login_devices", dev.id}
	}
	return accountLock(userID)
}

// deviceSignature signs a device token for one account of one cooperative.
func (s *Service) deviceSignature(coopID, userID, id int64, secret string) string {
	m := hmac.New(sha256.New, s.DeviceKey)
	fmt.Fprintf(m, "ebok device|%d|%d|%d|%s", coopID, userID, id, secret)
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// parseDeviceToken splits "<id>.<secret>.<signature>" and checks the
// signature for the account; ok is false for anything else.
func (s *Service) parseDeviceToken(coopID, userID int64, token string) (id int64, secret string, ok bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || len(s.DeviceKey) == 0 {
		return 0, "", false
	}
	id, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil || id <= 0 {
		return 0, "", false
	}
	want := s.deviceSignature(coopID, userID, id, parts[1])
	if !hmac.Equal([]byte(want), []byte(parts[2])) {
		return 0, "", false
	}
	return id, parts[1], true
}

// deviceTokens are the tokens in a device cookie's value, at most
// maxDeviceTokens, the newest last.
func deviceTokens(cookie string) []string {
	if cookie == "" || len(cookie) > maxDeviceCookie {
		return nil
	}
	tokens := strings.Split(cookie, deviceSep)
	if len(tokens) > maxDeviceTokens {
		tokens = tokens[len(tokens)-maxDeviceTokens:]
	}
	return tokens
}

// trustedDevice returns the device of the account that cookie (a device
// cookie's value) holds a valid token for, or nil.
func (s *Service) trustedDevice(ctx context.Context, coopID, userID int64, cookie string) (*device, error) {
	for _, token := range deviceTokens(cookie) {
		id, secret, ok := s.parseDeviceToken(coopID, userID, token)
		if !ok {
			continue
		}
		var d device
		var hash string
		err := s.DB.Read().QueryRowContext(ctx, `SELECT id, secret_hash, locked_until FROM login_devices
			WHERE id = $1 AND user_id = $2 AND coop_id = $3`, id, userID, coopID).Scan(&d.id, &hash, &d.lockedUntil)
		if errors.Is(err, sql.ErrNoRows) {
			continue // forgotten: too old, or the account's devices were reset
		}
		if err != nil {
			return nil, fmt.Errorf("auth: device of user %d: %w", userID, err)
		}
		if subtle.ConstantTimeCompare([]byte(hash), []byte(hashToken(secret))) == 1 {
			return &d, nil
		}
	}
	return nil, nil
}

// newDevice records a browser that has just completed a login to u as
// trusted and returns its token; the account's least recently used
// devices beyond maxDevices are forgotten. Without a device key it returns
// "" and records nothing.
func (s *Service) newDevice(ctx context.Context, tx *store.Tx, u *User, now time.Time) (string, error) {
	if len(s.DeviceKey) == 0 {
		return "", nil
	}
	secret, err := randomToken()
	if err != nil {
		return "", err
	}
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO login_devices (coop_id, user_id, secret_hash, created_at, last_used_at)
		VALUES ($1, $2, $3, $4, $4) RETURNING id`, u.CoopID, u.ID, hashToken(secret), now).Scan(&id)
	if err != nil {
		return "", fmt.Errorf("auth: new device of user %d: %w", u.ID, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_devices WHERE user_id = $1 AND id NOT IN
		(SELECT id FROM login_devices WHERE user_id = $1 ORDER BY last_used_at DESC, id DESC LIMIT $2)`,
		u.ID, maxDevices); err != nil {
		return "", fmt.Errorf("auth: forget old devices of user %d: %w", u.ID, err)
	}
	return strconv.FormatInt(id, 10) + "." + secret + "." + s.deviceSignature(u.CoopID, u.ID, id, secret), nil
}

// DeviceCookie is the device cookie's new value after a browser whose
// cookie was old completed a login to u and got token: old's tokens for
// other accounts stay (the oldest going beyond maxDeviceTokens), its
// tokens for u go, token comes last. An empty token leaves old as it is.
func (s *Service) DeviceCookie(old string, u *User, token string) string {
	if token == "" {
		return old
	}
	var keep []string
	for _, t := range deviceTokens(old) {
		if _, _, mine := s.parseDeviceToken(u.CoopID, u.ID, t); !mine && t != "" && validTokenChars(t) {
			keep = append(keep, t)
		}
	}
	keep = append(keep, token)
	if len(keep) > maxDeviceTokens {
		keep = keep[len(keep)-maxDeviceTokens:]
	}
	return strings.Join(keep, deviceSep)
}

// validTokenChars reports whether t could be a device token: digits,
// base64url and dots only, so that nothing else is written back into the
// cookie.
func validTokenChars(t string) bool {
	for _, c := range t {
		ok := c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_' || c == '.'
		if !ok {
			return false
		}
	}
	return len(t) <= 200
}
