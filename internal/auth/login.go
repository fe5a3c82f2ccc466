package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/ratelimit"
	"github.com/ebok/ebok/internal/store"
)

// Lockout: after lockAfter failed logins in a row an account is locked for
// firstLock, twice as long on each lock that follows without a successful
// login in between, up to maxLock.
const (
	lockAfter = 5
	firstLock = 15 * time.Minute
	maxLock   = 24 * time.Hour
)

// Throttle: one client address may fail throttleFailures logins in any
// throttleWindow (a sliding window); further attempts wait until the
// oldest failure leaves it. Every attempt takes a slot before its password
// is checked, so that parallel attempts cannot all pass a count taken
// before any of them failed; a successful one gives its slot back.
const (
	throttleWindow   = 10 * time.Minute
	throttleFailures = 30
)

var loginThrottle = ratelimit.Rule{Scope: "login.failure", Max: throttleFailures, Window: throttleWindow}

var (
	// ErrThrottled: too many failed logins came from this client address;
	// LoginResult.RetryAfter says when to try again. It says nothing about
	// any account, so the caller may show it as it is.
	ErrThrottled = errors.New("auth: too many failed logins from this address")
	// ErrLocked marks a refusal because the account is locked, for the
	// audit log, never for the person at the keyboard: VerifySecondFactor
	// returns it joined with ErrNoSession, which is what they see.
	// Login and LoginAttempt never return it; they set LoginResult.Locked
	// instead.
	ErrLocked = errors.New("auth: account locked")
)

// LoginResult is how a login attempt went.
type LoginResult struct {
	// User and Token are set when the password was right and the account
	// open; nil and empty otherwise.
	User  *User
	Token string
	// MFAPending: the session still owes the second factor
	// (VerifySecondFactor).
	MFAPending bool
	// UserID is the account the login named, 0 if none: for the audit log
	// only, never to be shown.
	UserID int64
	// Locked: the account is locked (by this attempt or before it).
	// NewlyLocked: this attempt locked it, the moment to e-mail an unlock
	// link. Neither may change what the person at the keyboard sees.
	Locked, NewlyLocked bool
	// RetryAfter is how long the client address must wait, with
	// ErrThrottled.
	RetryAfter time.Duration
	// Trusted: the client showed a valid device token for the account, so
	// the attempt counted against that device, not against the account
	// (device.go); Locked then speaks of the device.
	Trusted bool
	// DeviceCookie, when not empty, is the browser's device cookie after a
	// completed login (Service.DeviceCookie), to be set on the response.
	DeviceCookie string
}

// Client is what the login check reads of the browser besides its
// address: its user agent, for the session list, and its device cookie.
type Client struct {
	UserAgent    string
	DeviceCookie string
}

// account is a user as the login check sees it.
type account struct {
	user          User
	hash          string
	disabled      bool
	lockedUntil   sql.NullTime
	startPwExpiry sql.NullTime
}

// Login checks the login and password for a door (kind) of by's
// cooperative, from by's address, and opens a session as LoginAttempt
// describes; for a user with TOTP the session waits for its second factor
// (LoginResult.MFAPending, then VerifySecondFactor). Besides
// ErrInvalidCredentials it may return ErrThrottled.
//
// It records the attempt in the audit log, except a throttled one: a
// success in the name of the login, a refusal anonymously beside the
// account it named, if any, with the door. When the refusal locked the
// account, an unlock link goes to its correspondence e-mail (if there is
// one) in the same transaction, written in l's language.
func (s *Service) Login(ctx context.Context, by audit.Actor, l *i18n.Localizer, kind Kind, login, password string, c Client) (LoginResult, error) {
	res, err := s.attempt(ctx, by.CoopID, kind, login, password, by.IP, c)
	if errors.Is(err, ErrInvalidCredentials) {
		if err := s.recordRefusal(ctx, by, l, kind, res); err != nil {
			return res, err
		}
		return res, ErrInvalidCredentials
	}
	if err != nil {
		return res, err
	}
	err = s.recordLogin(ctx, userActor(by, res.User), audit.LoginSuccess,
		map[string]string{"second_factor": strconv.FormatBool(res.MFAPending)})
	return res, err
}

// recordRefusal logs a refused login and, when it locked the account,
// e-mails the unlock link, in one transaction.
func (s *Service) recordRefusal(ctx context.Context, by audit.Actor, l *i18n.Localizer, kind Kind, res LoginResult) error {
	action := audit.LoginFailure
	if res.Locked {
		action = audit.LoginLocked
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		details := map[string]string{"door": string(kind)}
		if res.Trusted {
			details["device"] = "trusted"
		}
		err := s.appendLogin(ctx, tx, anonymousAt(by, res.UserID), action, details)
		// A trusted device locked by its own failures gets no unlock link:
		// the link lifts the account's lock, and the device's lifts itself.
		if err != nil || !res.NewlyLocked || res.UserID == 0 || res.Trusted {
			return err
		}
		token, u, err := s.requestUnlock(ctx, tx, by.CoopID, res.UserID)
		if errors.Is(err, ErrNoEmail) {
			return nil // nowhere to send it; the lock lifts by itself
		}
		if err != nil {
			return err
		}
		return s.queueLink(ctx, tx, l, u, unlockMail, unlockPath, token)
	})
}

// LoginAttempt checks the login and password for the given door (kind) of
// the cooperative and, if they are right, opens a session; for a user with
// TOTP the session waits for the second factor. A wrong login, a wrong
// password, a disabled or locked account, an expired start password and a
// login of another kind all give ErrInvalidCredentials after the same
// amount of hashing work; the result tells the caller, for the audit log,
// which account was meant and whether it is locked. Too many failures from
// ip give ErrThrottled before any account is looked at.
//
// LoginAttempt records nothing in the audit log and sends no mail: people
// log in through Login. It serves tests and tools that open a session
// without leaving a trace of a login, as a client without device cookie.
func (s *Service) LoginAttempt(ctx context.Context, coopID int64, kind Kind, login, password, ip, userAgent string) (LoginResult, error) {
	return s.attempt(ctx, coopID, kind, login, password, ip, Client{UserAgent: userAgent})
}

// attempt is LoginAttempt for client c: failures from a client with a
// valid device token for the account count against that device, others
// against the account (device.go).
func (s *Service) attempt(ctx context.Context, coopID int64, kind Kind, login, password, ip string, c Client) (LoginResult, error) {
	var res LoginResult
	now := s.now()
	client := throttleKey(ip)
	limits := ratelimit.Limiter{DB: s.DB}
	slot, wait, err := limits.Take(ctx, loginThrottle, client, now)
	if err != nil {
		return res, fmt.Errorf("auth: login throttle: %w", err)
	}
	if slot == 0 {
		res.RetryAfter = wait
		return res, ErrThrottled
	}
	// Every refusal costs one hash and one transaction with the same
	// statements, whether or not the login exists.
	refuse := func(lk lockable) (LoginResult, error) {
		locked, newly, err := s.refuse(ctx, lk, now)
		if err != nil {
			return res, err
		}
		if lk.id != 0 {
			res.Locked, res.NewlyLocked = locked, newly
		}
		return res, ErrInvalidCredentials
	}
	acct, err := s.loadAccount(ctx, coopID, kind, login)
	if errors.Is(err, store.ErrNotFound) {
		if _, err := s.Hasher.Verify(ctx, s.dummyHash, password); err != nil {
			return res, err
		}
		return refuse(accountLock(0))
	}
	if err != nil {
		return res, fmt.Errorf("auth: login: %w", err)
	}
	lk, dev, open, err := s.checkPassword(ctx, coopID, acct, password, c, now)
	if err != nil {
		return res, err
	}
	res.UserID, res.Trusted = acct.user.ID, dev != nil
	if !open {
		return refuse(lk)
	}
	mfa := acct.user.TOTPEnabled
	token, deviceToken, err := s.startSession(ctx, &acct.user, dev, mfa, ip, c.UserAgent)
	if errors.Is(err, ErrLocked) {
		return refuse(lk) // locked by a parallel attempt meanwhile
	}
	if err != nil {
		return res, err
	}
	res.User, res.Token, res.MFAPending = &acct.user, token, mfa
	if !mfa {
		res.DeviceCookie = s.DeviceCookie(c.DeviceCookie, &acct.user, deviceToken)
	}
	if err := limits.Release(ctx, slot); err != nil {
		return res, fmt.Errorf("auth: login throttle: %w", err)
	}
	return res, nil
}

// checkPassword checks password for acct, from client c. It returns what
// a failure counts against, the client's trusted device for the account
// (nil: none), and whether the login may go on: the password right, the
// start password not expired, the account not disabled, and what the
// login counts against not locked. A locked account or device counts no
// failures; an expired start password is as good as a wrong one: nobody
// can tell them apart from outside.
func (s *Service) checkPassword(ctx context.Context, coopID int64, acct *account, password string, c Client, now time.Time) (lockable, *device, bool, error) {
	dev, err := s.trustedDevice(ctx, coopID, acct.user.ID, c.DeviceCookie)
	if err != nil {
		return lockable{}, nil, false, err
	}
	lockedUntil := acct.lockedUntil
	if dev != nil {
		lockedUntil = dev.lockedUntil
	}
	ok, err := s.Hasher.Verify(ctx, acct.hash, password)
	if err != nil {
		return lockable{}, nil, false, fmt.Errorf("auth: login %d: %w", acct.user.ID, err)
	}
	expired := acct.startPwExpiry.Valid && !now.Before(acct.startPwExpiry.Time)
	locked := lockedUntil.Valid && now.Before(lockedUntil.Time)
	return lockFor(acct.user.ID, dev), dev, ok && !expired && !acct.disabled && !locked, nil
}

func (s *Service) loadAccount(ctx context.Context, coopID int64, kind Kind, login string) (*account, error) {
	var a account
	var disabled sql.NullTime
	row := s.DB.Read().QueryRowContext(ctx, `SELECT `+userColumns+`, u.password_hash, u.disabled_at,
		u.locked_until, u.start_password_expires_at
		FROM users u WHERE u.coop_id = $1 AND lower(u.login) = $2 AND u.kind = $3`,
		coopID, normalizeLogin(login), string(kind))
	if err := scanUser(row, &a.user, &a.hash, &disabled, &a.lockedUntil, &a.startPwExpiry); err != nil {
		return nil, err
	}
	a.disabled = disabled.Valid
	return &a, nil
}

// refuse counts a failed login against lk (see countFailure); the client
// address counted it when the attempt took its throttle slot. For an
// account id 0 (no such login) it runs the same statements, which match
// nothing.
func (s *Service) refuse(ctx context.Context, lk lockable, now time.Time) (locked, newly bool, err error) {
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		locked, newly, err = countFailure(ctx, tx, lk, now)
		return err
	})
	if err != nil {
		return false, false, fmt.Errorf("auth: count failed login against %s %d: %w", lk.table, lk.id, err)
	}
	return locked, newly, nil
}

// countFailure counts a failed login against an account or a device and
// locks it at the lockAfter-th. It reports whether it is locked (or does
// not exist), and whether this failure locked it. A failure while it is
// locked changes nothing.
func countFailure(ctx context.Context, tx *store.Tx, lk lockable, now time.Time) (locked, newly bool, err error) {
	var failed, level int
	err = tx.QueryRowContext(ctx, `UPDATE `+lk.table+` SET failed_logins = failed_logins + 1
		WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $2)
		RETURNING failed_logins, lock_level`, lk.id, now).Scan(&failed, &level)
	if errors.Is(err, sql.ErrNoRows) {
		return true, false, nil
	}
	if err != nil || failed < lockAfter {
		return false, false, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE `+lk.table+` SET failed_logins = 0, lock_level = lock_level + 1, locked_until = $1
		WHERE id = $2`, now.Add(lockDuration(level)), lk.id); err != nil {
		return false, false, err
	}
	// A session waiting for its second factor must not outlive the lock
	// of what it counts against.
	pending := `DELETE FROM sessions WHERE user_id = $1 AND mfa_pending AND device_id IS NULL`
	if lk.table == "login_devices" {
		pending = `DELETE FROM sessions WHERE device_id = $1 AND mfa_pending`
	}
	if _, err := tx.ExecContext(ctx, pending, lk.id); err != nil {
		return false, false, err
	}
	return true, true, nil
}

// lockDuration is how long the lock after level earlier ones lasts.
func lockDuration(level int) time.Duration {
	d := firstLock
	for range level {
		if d *= 2; d >= maxLock {
			return maxLock
		}
	}
	return d
}

// throttleKey is what failures are counted against: the client's IPv4
// address, or the /64 network of an IPv6 one, since one IPv6 client
// usually holds the whole /64.
func throttleKey(ip string) string {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		// Not an address (a test, a unix socket): count it as given.
		if len(ip) > 64 {
			ip = ip[:64]
		}
		return ip
	}
	addr = addr.Unmap().WithZone("")
	if addr.Is6() {
		return netip.PrefixFrom(addr, 64).Masked().String()
	}
	return addr.String()
}
