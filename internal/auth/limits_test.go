package auth

import (
	"errors"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// These tests pin the promises README makes with the numbers it states,
// at both edges, never through the package's own constants.

// Five failures in a row lock an account: the fourth does not, the fifth
// does, for 15 minutes.
func TestLockOnTheFifthFailureNotTheFourth(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		id := e.staff("anna.nowak", "dobre-hasło-2026", "")
		for i := 1; i <= 4; i++ {
			if res, _ := e.login("anna.nowak", "złe-hasło-złe"); res.Locked {
				t.Fatalf("locked after %d failures, want after 5", i)
			}
		}
		if res, _ := e.login("anna.nowak", "złe-hasło-złe"); !res.Locked || !res.NewlyLocked {
			t.Fatalf("not locked by the 5th failure: %+v", res)
		}
		if got := e.lockedUntil(id).Sub(e.c.Now()); got != 15*time.Minute {
			t.Errorf("locked for %v, want 15 minutes", got)
		}
	})
}

// One address may fail 30 logins in 10 minutes: the 30th failure is still
// checked, the 31st attempt is refused without being checked.
func TestAddressThrottleAtTheThirtyFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const ip = "203.0.113.9"
		for i := 1; i <= 30; i++ {
			if _, err := e.loginFrom(ip, Staff, "nikt", "zgadywane-hasło"); !errors.Is(err, ErrInvalidCredentials) {
				t.Fatalf("attempt %d: %v, want an ordinary refusal", i, err)
			}
		}
		if _, err := e.loginFrom(ip, Staff, "nikt", "zgadywane-hasło"); !errors.Is(err, ErrThrottled) {
			t.Fatalf("attempt 31: %v, want ErrThrottled", err)
		}
	})
}

// A password-reset link works for 30 minutes: at 29 min 59 s, not at 30.
func TestResetLinkLastsThirtyMinutes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.staff("anna.nowak", "zapomniane-hasło", "anna@example.pl")
		expired, _ := e.requestReset(Staff, "anna.nowak")
		e.c.Add(30 * time.Minute)
		if _, err := e.s.ResetPassword(e.ctx, e.visitor(), expired, "nowe-hasło-po-resecie"); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("link at 30 min: %v, want ErrTokenInvalid", err)
		}
		fresh, _ := e.requestReset(Staff, "anna.nowak")
		e.c.Add(30*time.Minute - time.Second)
		if _, err := e.s.ResetPassword(e.ctx, e.visitor(), fresh, "nowe-hasło-po-resecie"); err != nil {
			t.Errorf("link at 29 min 59 s: %v, want it to work", err)
		}
	})
}

// A start password works unused for 14 days: at 14 days less a second, not
// at 14 days.
func TestStartPasswordValidityEdges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		id := e.staff("anna.nowak", "stare-dobre-hasło", "")
		issue := func() string {
			var pw string
			e.tx(func(tx *store.Tx) error {
				var err error
				pw, _, err = e.s.IssueStartPassword(e.ctx, tx, e.coop, id, 14*24*time.Hour)
				return err
			})
			return pw
		}
		pw := issue()
		e.c.Add(14 * 24 * time.Hour)
		if _, err := e.login("anna.nowak", pw); !errors.Is(err, ErrInvalidCredentials) {
			t.Errorf("start password at 14 days: %v, want ErrInvalidCredentials", err)
		}
		pw = issue()
		e.c.Add(14*24*time.Hour - time.Second)
		if _, err := e.login("anna.nowak", pw); err != nil {
			t.Errorf("start password at 14 days less a second: %v, want it to work", err)
		}
	})
}
