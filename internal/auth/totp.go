package auth

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"encoding/base32"
	"errors"
	"fmt"
	"image/png"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/store"
)

// TOTP as authenticator apps expect it: RFC 6238 with SHA-1, six digits,
// a 30-second step, a 160-bit secret; a code one step early or late is
// accepted, for clocks that drift and people who type slowly.
const (
	totpPeriod     = 30
	totpSecretSize = 20
	totpSkew       = 1
	qrSize         = 256
)

var (
	// ErrInvalidCode: a wrong, reused or expired second-factor code.
	ErrInvalidCode = errors.New("auth: invalid code")
	// ErrTOTPEnabled: the user already has an authenticator app set up.
	ErrTOTPEnabled = errors.New("auth: two-factor login already set up")
)

var totpEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NeedsTOTPEnrolment reports whether u must set up an authenticator app
// before doing anything else: two-factor login is mandatory for staff.
func NeedsTOTPEnrolment(u *User) bool {
	return u != nil && u.Kind == Staff && !u.TOTPEnabled
}

// BeginTOTP starts setting up an authenticator app for a user: it returns
// a new secret (base32), the otpauth:// URL for the app and that URL as a
// PNG QR code. issuer is what the app shows above the code (the
// cooperative's short name); the account name is the login. The secret is
// kept on the server as the user's pending one until ConfirmTOTP, which
// takes nothing but the code: a secret a browser posts is never used.
func (s *Service) BeginTOTP(ctx context.Context, coopID, userID int64, issuer string) (secret, otpauthURL string, pngQR []byte, err error) {
	u, err := s.UserByID(ctx, coopID, userID)
	if err != nil {
		return "", "", nil, err
	}
	if u.TOTPEnabled {
		return "", "", nil, ErrTOTPEnabled
	}
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer: issuer, AccountName: u.Login, Period: totpPeriod, SecretSize: totpSecretSize,
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1, Rand: rand.Reader,
	})
	if err != nil {
		return "", "", nil, fmt.Errorf("auth: TOTP key for user %d: %w", userID, err)
	}
	img, err := key.Image(qrSize, qrSize)
	if err != nil {
		return "", "", nil, fmt.Errorf("auth: TOTP QR code for user %d: %w", userID, err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", "", nil, fmt.Errorf("auth: TOTP QR code for user %d: %w", userID, err)
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE users SET totp_pending_secret = $1 WHERE coop_id = $2 AND id = $3 AND totp_enabled_at IS NULL`,
			key.Secret(), coopID, userID)
		return err
	})
	if err != nil {
		return "", "", nil, fmt.Errorf("auth: keep TOTP secret of user %d: %w", userID, err)
	}
	return key.Secret(), key.URL(), buf.Bytes(), nil
}

// PendingTOTP returns the secret BeginTOTP last offered the user, not yet
// confirmed ("" if none): the page shows it again after a wrong code.
func (s *Service) PendingTOTP(ctx context.Context, coopID, userID int64) (string, error) {
	var secret string
	err := s.DB.Read().QueryRowContext(ctx, `SELECT totp_pending_secret FROM users WHERE coop_id = $1 AND id = $2`,
		coopID, userID).Scan(&secret)
	if err != nil {
		return "", fmt.Errorf("auth: pending TOTP of user %d: %w", userID, store.MapError(err))
	}
	return secret, nil
}

// ConfirmTOTP finishes setting up an authenticator app for the logged-in
// user by (by.UserID in by.CoopID): code must be a current code for the
// secret BeginTOTP kept on the server (ErrInvalidCode otherwise, also when
// none is pending). It stores the secret, turns two-factor login on and
// records that, in one transaction, and returns ten new recovery codes,
// shown to the user this once and kept only as hashes.
func (s *Service) ConfirmTOTP(ctx context.Context, by audit.Actor, code string) ([]string, error) {
	coopID, userID := by.CoopID, by.UserID
	secret, err := s.confirmableSecret(ctx, coopID, userID)
	if err != nil {
		return nil, err
	}
	u, err := s.UserByID(ctx, coopID, userID)
	if err != nil {
		return nil, err
	}
	if u.TOTPEnabled {
		return nil, ErrTOTPEnabled
	}
	now := s.now()
	step, ok, err := matchTOTP(secret, normalizeCode(code), now, 0)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrInvalidCode
	}
	codes, err := newRecoveryCodes()
	if err != nil {
		return nil, err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		return s.enableTOTP(ctx, tx, by, secret, now, step, codes)
	})
	if err != nil {
		return nil, fmt.Errorf("auth: confirm TOTP of user %d: %w", userID, err)
	}
	return codes, nil
}

// confirmableSecret returns the pending secret of a user who has no
// authenticator app set up yet: ErrTOTPEnabled if one is, ErrInvalidCode
// if no secret is pending, an error if the pending one is malformed.
func (s *Service) confirmableSecret(ctx context.Context, coopID, userID int64) (string, error) {
	if u, err := s.UserByID(ctx, coopID, userID); err != nil {
		return "", err
	} else if u.TOTPEnabled {
		return "", ErrTOTPEnabled
	}
	secret, err := s.PendingTOTP(ctx, coopID, userID)
	if err != nil {
		return "", err
	}
	if raw, err := totpEncoding.DecodeString(secret); err != nil || len(raw) < 16 {
		if secret == "" {
			return "", ErrInvalidCode // nothing offered: BeginTOTP first
		}
		return "", fmt.Errorf("auth: malformed TOTP secret for user %d", userID)
	}
	return secret, nil
}

// enableTOTP, in tx, stores the pending secret of the user by as confirmed
// at now with its first step used, replaces the user's recovery codes with
// codes and records the enrolment. ErrTOTPEnabled: the user no longer
// has that secret pending without an app (a request that came first).
func (s *Service) enableTOTP(ctx context.Context, tx *store.Tx, by audit.Actor, secret string, now time.Time, step int64, codes []string) error {
	coopID, userID := by.CoopID, by.UserID
	res, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = $1, totp_enabled_at = $2, totp_last_step = $3,
		totp_pending_secret = '' WHERE coop_id = $4 AND id = $5 AND totp_enabled_at IS NULL AND totp_pending_secret = $1`,
		secret, now, step, coopID, userID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		return ErrTOTPEnabled // set up by a request that came first
	}
	if err := replaceRecoveryCodes(ctx, tx, userID, codes); err != nil {
		return err
	}
	return s.appendLogin(ctx, tx, by, audit.TOTPEnrolled, nil)
}

// VerifySecondFactor completes the login of u waiting for its second
// factor, the session of token, as verifySecondFactor describes, from by's
// address. It records a refused code (ErrInvalidCode) as a failed login
// and an ended session (ErrNoSession: locked, timed out or gone) as a
// locked one, in the name of u's login. On success the result carries the
// session's new token and, when the login came from a browser without
// u's device token, the browser's new device cookie (old is its value
// now).
func (s *Service) VerifySecondFactor(ctx context.Context, by audit.Actor, u *User, token, code, old string) (LoginResult, error) {
	step, err := s.verifySecondFactor(ctx, token, code)
	var action audit.Action
	switch {
	case errors.Is(err, ErrInvalidCode):
		action = audit.LoginFailure
	case errors.Is(err, ErrNoSession):
		action = audit.LoginLocked
	case err != nil:
		return LoginResult{}, err
	default:
		return LoginResult{User: u, UserID: u.ID, Token: step.token, DeviceCookie: s.DeviceCookie(old, u, step.deviceToken)}, nil
	}
	if aerr := s.recordLogin(ctx, userActor(by, u), action, map[string]string{"step": "second_factor"}); aerr != nil {
		return LoginResult{}, aerr
	}
	return LoginResult{}, err
}

// secondStep is what a completed second factor gives: the session's new
// token and, for a browser that was not trusted, a new device token.
type secondStep struct {
	token, deviceToken string
}

// verifySecondFactor completes a login waiting for its second factor
// (LoginResult.MFAPending) with a code from the authenticator app or an
// unused recovery code, which is then used up. An app code is accepted
// once: not again, nor any earlier one. On success the session is no
// longer pending and gets a new token, returned; the old one stops working.
//
// A wrong code gives ErrInvalidCode and counts as a failed login against
// what the password step counted against: the trusted device it came from,
// or else the account. When that locks it, or it is locked, the session
// ends and the error is ErrNoSession joined with ErrLocked. An unknown,
// timed-out or complete session gives ErrNoSession.
func (s *Service) verifySecondFactor(ctx context.Context, token, code string) (secondStep, error) {
	var step secondStep
	if token == "" {
		return step, ErrNoSession
	}
	now := s.now()
	h := hashToken(token)
	p, err := s.loadPending(ctx, h, now)
	if err != nil {
		return step, err
	}
	newToken, err := randomToken()
	if err != nil {
		return step, err
	}
	var accepted bool
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		accepted, step.deviceToken, err = s.completePending(ctx, tx, p, h, newToken, code, now)
		return err
	})
	if errors.Is(err, ErrNoSession) {
		return step, ErrNoSession
	}
	if errors.Is(err, ErrLocked) {
		if err := s.deleteSession(ctx, h); err != nil {
			return step, err
		}
		return step, errors.Join(ErrNoSession, ErrLocked)
	}
	if err != nil {
		return step, fmt.Errorf("auth: second factor of user %d: %w", p.user.ID, err)
	}
	if accepted {
		step.token = newToken
		return step, nil
	}
	locked, _, err := s.refuse(ctx, p.lock(), now)
	if err != nil {
		return step, err
	}
	if locked {
		// refuse ended the pending sessions of what it locked.
		return secondStep{}, errors.Join(ErrNoSession, ErrLocked)
	}
	return secondStep{}, ErrInvalidCode
}

// useSecondFactor checks code, an app code or a recovery code, and uses it
// up, reporting whether it was good.
func useSecondFactor(ctx context.Context, tx *store.Tx, userID int64, secret string, lastStep int64, code string, now time.Time) (bool, error) {
	code = normalizeCode(code)
	var res sql.Result
	if isTOTPCode(code) {
		step, ok, err := matchTOTP(secret, code, now, lastStep)
		if err != nil || !ok {
			return false, err
		}
		// The condition keeps two requests from both using one step.
		res, err = tx.ExecContext(ctx, `UPDATE users SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1`, step, userID)
		if err != nil {
			return false, err
		}
	} else {
		var err error
		res, err = tx.ExecContext(ctx, `UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL`,
			now, userID, hashRecoveryCode(userID, code))
		if err != nil {
			return false, err
		}
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// matchTOTP finds the step, later than after and within the skew of now,
// whose code is code.
func matchTOTP(secret, code string, now time.Time, after int64) (int64, bool, error) {
	if !isTOTPCode(code) {
		return 0, false, nil
	}
	current := now.Unix() / totpPeriod
	for step := current - totpSkew; step <= current+totpSkew; step++ {
		if step <= after {
			continue
		}
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*totpPeriod, 0), totp.ValidateOpts{
			Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1,
		})
		if err != nil {
			return 0, false, fmt.Errorf("auth: TOTP code: %w", err)
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true, nil
		}
	}
	return 0, false, nil
}
