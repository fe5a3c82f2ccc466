package auth

import (
	"errors"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

func TestLockDuration(t *testing.T) {
	for _, tc := range []struct {
		level int
		want  time.Duration
	}{
		{0, 15 * time.Minute}, {1, 30 * time.Minute}, {2, time.Hour}, {3, 2 * time.Hour}, {6, 16 * time.Hour},
		{7, 24 * time.Hour}, {8, 24 * time.Hour}, {1000, 24 * time.Hour},
	} {
		if got := lockDuration(tc.level); got != tc.want {
			t.Errorf("lockDuration(%d) = %v, want %v", tc.level, got, tc.want)
		}
	}
}

func TestLockoutGrowsAndLooksLikeAWrongPassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const pw = "dobre-hasło-2026"
		id := e.staff("anna.nowak", pw, "")
		fail := func(times int) LoginResult {
			t.Helper()
			var res LoginResult
			for range times {
				var err error
				if res, err = e.login("anna.nowak", "złe-hasło-złe"); !errors.Is(err, ErrInvalidCredentials) {
					t.Fatalf("wrong password: %v", err)
				}
				if res.UserID != id {
					t.Fatalf("UserID = %d, want %d", res.UserID, id)
				}
			}
			return res
		}
		// A successful login in between starts the count again.
		fail(lockAfter - 1)
		e.mustLogin("anna.nowak", pw)
		if res := fail(lockAfter - 1); res.Locked {
			t.Fatal("locked after fewer than five failures in a row")
		}
		// The fifth locks for 15 minutes, then 30, then an hour.
		for _, d := range []time.Duration{15 * time.Minute, 30 * time.Minute, time.Hour} {
			res := fail(1)
			if !res.Locked || !res.NewlyLocked {
				t.Fatalf("failure %d: Locked=%v NewlyLocked=%v, want both", lockAfter, res.Locked, res.NewlyLocked)
			}
			if got := e.lockedUntil(id).Sub(e.c.Now()); got != d {
				t.Errorf("locked for %v, want %v", got, d)
			}
			// While locked, the right password fails as a wrong one does,
			// after the same work, and changes nothing.
			before := e.s.Hasher.verified.Load()
			res, err := e.login("anna.nowak", pw)
			if !errors.Is(err, ErrInvalidCredentials) || res.User != nil || res.Token != "" || !res.Locked || res.NewlyLocked {
				t.Errorf("right password while locked: %+v, %v", res, err)
			}
			if n := e.s.Hasher.verified.Load() - before; n != 1 {
				t.Errorf("login while locked computed %d hashes, want 1", n)
			}
			e.c.Add(d - time.Second)
			if _, err := e.login("anna.nowak", pw); !errors.Is(err, ErrInvalidCredentials) {
				t.Errorf("a second before the lock ends: %v", err)
			}
			if n := e.int(id, "failed_logins"); n != 0 {
				t.Errorf("failures while locked counted: failed_logins = %d", n)
			}
			e.c.Add(time.Second)
			fail(lockAfter - 1)
		}
		// A successful login forgets the earlier locks.
		e.mustLogin("anna.nowak", pw)
		if e.int(id, "lock_level") != 0 || !e.lockedUntil(id).IsZero() {
			t.Error("a successful login left the lock level or the lock")
		}
		fail(lockAfter)
		if got := e.lockedUntil(id).Sub(e.c.Now()); got != 15*time.Minute {
			t.Errorf("first lock after a successful login: %v, want 15m", got)
		}
		// Growth stops at a day.
		e.c.Add(15 * time.Minute)
		e.exec(`UPDATE users SET lock_level = 40 WHERE id = $1`, id)
		fail(lockAfter)
		if got := e.lockedUntil(id).Sub(e.c.Now()); got != 24*time.Hour {
			t.Errorf("lock at level 40: %v, want 24h", got)
		}
	})
}

func TestDisabledUserCannotLogIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		id := e.staff("anna.nowak", "dobre-hasło-2026", "")
		tok := e.mustLogin("anna.nowak", "dobre-hasło-2026").Token
		e.exec(`UPDATE users SET disabled_at = $1 WHERE id = $2`, e.c.Now(), id)
		if res, err := e.login("anna.nowak", "dobre-hasło-2026"); !errors.Is(err, ErrInvalidCredentials) || res.User != nil {
			t.Errorf("disabled user: %+v, %v", res, err)
		}
		e.sessionGone(tok, "session of a disabled user")
	})
}

func TestThrottlePerAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const pw = "dobre-hasło-2026"
		id := e.staff("anna.nowak", pw, "")
		const attacker, other = "203.0.113.7", "198.51.100.1"
		for i := range throttleFailures {
			if _, err := e.loginFrom(attacker, Staff, "nikt", "zgadywane-hasło"); !errors.Is(err, ErrInvalidCredentials) {
				t.Fatalf("failure %d: %v", i+1, err)
			}
		}
		e.c.Add(4 * time.Minute)
		before := e.s.Hasher.verified.Load()
		for _, p := range []string{pw, "złe-hasło-złe"} {
			res, err := e.loginFrom(attacker, Staff, "anna.nowak", p)
			if !errors.Is(err, ErrThrottled) || res.User != nil || res.UserID != 0 {
				t.Errorf("throttled address: %+v, %v; want ErrThrottled and nothing more", res, err)
			}
			if res.RetryAfter != 6*time.Minute {
				t.Errorf("RetryAfter = %v, want 6m (the rest of the window)", res.RetryAfter)
			}
		}
		if n := e.s.Hasher.verified.Load() - before; n != 0 {
			t.Errorf("throttled attempts computed %d hashes, want none", n)
		}
		if n := e.int(id, "failed_logins"); n != 0 {
			t.Errorf("throttled attempts counted against the account: failed_logins = %d", n)
		}
		// Other addresses are not affected.
		e.mustLogin("anna.nowak", pw)
		if _, err := e.loginFrom(other, Staff, "anna.nowak", pw); err != nil {
			t.Errorf("login from another address: %v", err)
		}
		// The next window starts afresh; purging drops the closed one.
		e.c.Add(6 * time.Minute)
		if _, err := e.loginFrom(attacker, Staff, "anna.nowak", pw); err != nil {
			t.Errorf("login in the next window: %v", err)
		}
		if _, err := e.loginFrom(attacker, Staff, "nikt", "zgadywane-hasło"); !errors.Is(err, ErrInvalidCredentials) {
			t.Fatal(err)
		}
		if _, err := e.s.PurgeExpired(e.ctx); err != nil {
			t.Fatal(err)
		}
		if n := e.count(`SELECT COUNT(*) FROM rate_events WHERE scope = 'login.failure'`); n != 1 {
			t.Errorf("%d counted failures after purge, want only the one in the window", n)
		}
	})
}

func TestThrottleKey(t *testing.T) {
	for _, tc := range []struct{ ip, want string }{
		{"192.0.2.1", "192.0.2.1"},
		{"::ffff:192.0.2.1", "192.0.2.1"},
		{"2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
		{"2001:db8:1:2::ff", "2001:db8:1:2::/64"},
		{"fe80::1%eth0", "fe80::/64"},
		{"", ""},
		{"not an address", "not an address"},
	} {
		if got := throttleKey(tc.ip); got != tc.want {
			t.Errorf("throttleKey(%q) = %q, want %q", tc.ip, got, tc.want)
		}
	}
}
