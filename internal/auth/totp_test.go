package auth

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

func TestNeedsTOTPEnrolment(t *testing.T) {
	for _, tc := range []struct {
		u    *User
		want bool
	}{
		{&User{Kind: Staff}, true},
		{&User{Kind: Staff, TOTPEnabled: true}, false},
		{&User{Kind: Resident}, false},
		{&User{Kind: Member}, false},
		{nil, false},
	} {
		if got := NeedsTOTPEnrolment(tc.u); got != tc.want {
			t.Errorf("NeedsTOTPEnrolment(%+v) = %v, want %v", tc.u, got, tc.want)
		}
	}
}

// code is the authenticator app's code for secret at t.
func code(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// enrol sets up TOTP for a user and returns the secret and recovery codes.
func (e *env) enrol(id int64) (string, []string) {
	e.t.Helper()
	secret, _, _, err := e.s.BeginTOTP(e.ctx, e.coop, id, "SM Test")
	if err != nil {
		e.t.Fatal(err)
	}
	codes, err := e.s.ConfirmTOTP(e.ctx, e.actor(id), code(e.t, secret, e.c.Now()))
	if err != nil {
		e.t.Fatal(err)
	}
	return secret, codes
}

func TestTOTPEnrolment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const pw = "dobre-hasło-2026"
		id := e.staff("anna.nowak", pw, "")
		secret, url, qr, err := e.s.BeginTOTP(e.ctx, e.coop, id, "SM Test")
		if err != nil {
			t.Fatal(err)
		}
		if len(secret) != 32 || !strings.HasPrefix(url, "otpauth://totp/SM%20Test:anna.nowak?") ||
			!strings.Contains(url, "secret="+secret) || !bytes.HasPrefix(qr, []byte("\x89PNG\r\n\x1a\n")) {
			t.Errorf("BeginTOTP = %q, %q, %d bytes of QR", secret, url, len(qr))
		}
		// Nothing is stored before confirmation.
		if res := e.mustLogin("anna.nowak", pw); res.MFAPending || !NeedsTOTPEnrolment(res.User) {
			t.Errorf("login before confirmation: %+v", res)
		}
		if _, err := e.s.ConfirmTOTP(e.ctx, e.actor(id), code(t, secret, e.c.Now().Add(-time.Minute))); !errors.Is(err, ErrInvalidCode) {
			t.Errorf("confirm with a stale code: %v, want ErrInvalidCode", err)
		}
		if _, err := e.s.ConfirmTOTP(e.ctx, e.actor(id), "123456"); err == nil {
			t.Error("confirm with a made-up code succeeded")
		}
		codes, err := e.s.ConfirmTOTP(e.ctx, e.actor(id), code(t, secret, e.c.Now()))
		if err != nil {
			t.Fatal(err)
		}
		format := regexp.MustCompile(`^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$`)
		seen := map[string]bool{}
		for _, c := range codes {
			if !format.MatchString(c) || seen[c] {
				t.Errorf("recovery code %q: malformed or repeated", c)
			}
			seen[c] = true
		}
		if len(codes) != 10 || e.count(`SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL`, id) != 10 {
			t.Errorf("%d recovery codes, want 10 shown and stored", len(codes))
		}
		if n := e.count(`SELECT COUNT(*) FROM recovery_codes WHERE code_hash = $1`, codes[0]); n != 0 {
			t.Error("recovery codes stored in the clear")
		}
		if u, err := e.s.UserByID(e.ctx, e.coop, id); err != nil || !u.TOTPEnabled || NeedsTOTPEnrolment(u) {
			t.Errorf("after confirmation: %+v, %v", u, err)
		}
		if _, _, _, err := e.s.BeginTOTP(e.ctx, e.coop, id, "SM Test"); !errors.Is(err, ErrTOTPEnabled) {
			t.Errorf("BeginTOTP again: %v, want ErrTOTPEnabled", err)
		}
		if _, err := e.s.ConfirmTOTP(e.ctx, e.actor(id), code(t, secret, e.c.Now())); !errors.Is(err, ErrTOTPEnabled) {
			t.Errorf("ConfirmTOTP again: %v, want ErrTOTPEnabled", err)
		}
	})
}

func TestSecondFactor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const pw = "dobre-hasło-2026"
		id := e.staff("anna.nowak", pw, "")
		secret, recovery := e.enrol(id)
		confirmed := e.c.Now()
		pending := func() string {
			t.Helper()
			res := e.mustLogin("anna.nowak", pw)
			if !res.MFAPending || res.User == nil {
				t.Fatalf("password login of a TOTP user: %+v", res)
			}
			return res.Token
		}
		verify := func(token, c string) string {
			t.Helper()
			next, err := e.s.verifySecondFactor(e.ctx, token, c)
			if err != nil {
				t.Fatalf("VerifySecondFactor(%q): %v", c, err)
			}
			return next.token
		}
		refuse := func(token, c, why string) {
			t.Helper()
			if _, err := e.s.verifySecondFactor(e.ctx, token, c); !errors.Is(err, ErrInvalidCode) {
				t.Errorf("%s: %v, want ErrInvalidCode", why, err)
			}
		}

		tok := pending()
		if sess, err := e.s.Session(e.ctx, tok); err != nil || !sess.MFAPending {
			t.Fatalf("pending session: %+v, %v", sess, err)
		}
		refuse(tok, code(t, secret, confirmed), "the code used to confirm")
		e.c.Add(30 * time.Second)
		now := code(t, secret, e.c.Now())
		full := verify(tok, " "+now[:3]+" "+now[3:])
		e.sessionGone(tok, "the pending token after the second factor")
		if sess, err := e.s.Session(e.ctx, full); err != nil || sess.MFAPending {
			t.Errorf("session after the second factor: %+v, %v", sess, err)
		}
		if n := e.int(id, "failed_logins"); n != 0 {
			t.Errorf("failed_logins = %d after a complete login, want 0", n)
		}

		// A code is good once; one step early or late is fine, two are not.
		refuse(pending(), now, "the same code again")
		e.c.Add(60 * time.Second)
		verify(pending(), code(t, secret, e.c.Now().Add(-30*time.Second)))
		verify(pending(), code(t, secret, e.c.Now().Add(30*time.Second)))
		refuse(pending(), code(t, secret, e.c.Now()), "a code older than one already used")
		e.c.Add(5 * time.Minute)
		refuse(pending(), code(t, secret, e.c.Now().Add(-60*time.Second)), "a code two steps old")
		refuse(pending(), code(t, secret, e.c.Now().Add(60*time.Second)), "a code two steps ahead")
		verify(pending(), code(t, secret, e.c.Now()))

		// A recovery code works once, however it is typed.
		verify(pending(), strings.ToUpper(strings.ReplaceAll(recovery[3], "-", " ")))
		refuse(pending(), recovery[3], "a used recovery code")
		refuse(pending(), "abcde-fghjk", "a made-up recovery code")
		verify(pending(), recovery[4])

		// A wait for the second factor ends after ten minutes.
		tok = pending()
		e.c.Add(10 * time.Minute)
		if _, err := e.s.verifySecondFactor(e.ctx, tok, code(t, secret, e.c.Now())); !errors.Is(err, ErrNoSession) {
			t.Errorf("second factor after 10 minutes: %v, want ErrNoSession", err)
		}
		if _, err := e.s.verifySecondFactor(e.ctx, full, code(t, secret, e.c.Now())); !errors.Is(err, ErrNoSession) {
			t.Errorf("second factor for a complete session: %v, want ErrNoSession", err)
		}
	})
}

func TestWrongCodesLockTheAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const pw = "dobre-hasło-2026"
		id := e.staff("anna.nowak", pw, "")
		secret, _ := e.enrol(id)
		// The right password does not forgive wrong codes: otherwise each
		// login would buy four more guesses.
		tok := e.mustLogin("anna.nowak", pw).Token
		for range 3 {
			if _, err := e.s.verifySecondFactor(e.ctx, tok, "000000"); !errors.Is(err, ErrInvalidCode) {
				t.Fatalf("wrong code: %v", err)
			}
		}
		tok = e.mustLogin("anna.nowak", pw).Token
		if _, err := e.s.verifySecondFactor(e.ctx, tok, "000000"); !errors.Is(err, ErrInvalidCode) {
			t.Fatalf("fourth wrong code: %v", err)
		}
		_, err := e.s.verifySecondFactor(e.ctx, tok, "000000")
		if !errors.Is(err, ErrNoSession) || !errors.Is(err, ErrLocked) {
			t.Errorf("fifth wrong code: %v, want ErrNoSession and ErrLocked", err)
		}
		if got := e.lockedUntil(id).Sub(e.c.Now()); got != 15*time.Minute {
			t.Errorf("locked for %v, want 15m", got)
		}
		e.sessionGone(tok, "pending session of a locked account")
		if res, err := e.login("anna.nowak", pw); !errors.Is(err, ErrInvalidCredentials) || !res.Locked {
			t.Errorf("login while locked: %+v, %v", res, err)
		}
		e.c.Add(15 * time.Minute)
		tok = e.mustLogin("anna.nowak", pw).Token
		if _, err := e.s.verifySecondFactor(e.ctx, tok, code(t, secret, e.c.Now())); err != nil {
			t.Errorf("second factor after the lock ended: %v", err)
		}
	})
}

func TestPurgeDropsStalePendingSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const pw = "dobre-hasło-2026"
		e.enrol(e.staff("anna.nowak", pw, ""))
		e.staff("jan.nowak", pw, "")
		e.mustLogin("anna.nowak", pw)
		full := e.mustLogin("jan.nowak", pw).Token
		e.c.Add(10 * time.Minute)
		n, err := e.s.PurgeExpired(e.ctx)
		if err != nil || n != 1 {
			t.Errorf("PurgeExpired = %d, %v; want the one stale pending session", n, err)
		}
		if _, err := e.s.Session(e.ctx, full); err != nil {
			t.Errorf("a complete session was purged: %v", err)
		}
	})
}
