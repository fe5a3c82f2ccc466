package auth

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// The owner's and the attacker's addresses: different, so that the
// per-address throttle plays no part.
const (
	ownerIP    = "198.51.100.7"
	attackerIP = "203.0.113.66"
)

// from tries the staff door from ip as a browser with the device cookie
// value cookie.
func (e *env) from(ip, cookie, login, password string) (LoginResult, error) {
	return e.s.attempt(e.ctx, e.coop, Staff, login, password, ip, Client{UserAgent: "test", DeviceCookie: cookie})
}

// ownerDevice logs in once from the owner's browser and returns the
// device cookie it got.
func (e *env) ownerDevice(login, password string) string {
	e.t.Helper()
	res, err := e.from(ownerIP, "", login, password)
	if err != nil || res.User == nil {
		e.t.Fatalf("first login: %+v, %v", res, err)
	}
	if res.DeviceCookie == "" {
		e.t.Fatal("a completed login left no device cookie")
	}
	return res.DeviceCookie
}

// failFive fails five logins from ip with cookie, checking that the
// fifth, and not the fourth, locks what they count against.
func (e *env) failFive(ip, cookie, login string) {
	e.t.Helper()
	for i := 1; i <= 5; i++ {
		res, err := e.from(ip, cookie, login, "zgadywane-hasło-"+string(rune('0'+i)))
		if !errors.Is(err, ErrInvalidCredentials) {
			e.t.Fatalf("failure %d: %v", i, err)
		}
		if res.Locked != (i == 5) || res.NewlyLocked != (i == 5) {
			e.t.Fatalf("failure %d: Locked %v NewlyLocked %v, want a lock at the 5th only", i, res.Locked, res.NewlyLocked)
		}
	}
}

// An attacker who knows the login locks out clients without the owner's
// device cookie, but the owner's browser still logs in with the right
// password; the attacker cannot, even with the right password.
func TestAttackerCannotLockOutTheOwnersDevice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const pw = "dobre-hasło-2026"
		e.staff("anna.nowak", pw, "")
		cookie := e.ownerDevice("anna.nowak", pw)

		e.failFive(attackerIP, "", "anna.nowak")
		if _, err := e.from(attackerIP, "", "anna.nowak", pw); !errors.Is(err, ErrInvalidCredentials) {
			t.Fatalf("untrusted client with the right password during the lock: %v, want a refusal", err)
		}
		if _, err := e.from(ownerIP, "", "anna.nowak", pw); !errors.Is(err, ErrInvalidCredentials) {
			t.Fatalf("the owner's address without the cookie during the lock: %v, want a refusal", err)
		}
		res, err := e.from(ownerIP, cookie, "anna.nowak", pw)
		if err != nil || res.User == nil || !res.Trusted {
			t.Fatalf("owner's browser during the lock: %+v, %v, want a trusted login", res, err)
		}
		// The owner's login does not lift the lock on untrusted clients.
		if _, err := e.from(attackerIP, "", "anna.nowak", pw); !errors.Is(err, ErrInvalidCredentials) {
			t.Fatalf("untrusted client after the owner logged in: %v, want the lock to hold", err)
		}
	})
}

// Failures from the owner's browser count against that browser: the
// fourth does not lock it, the fifth does, for 15 minutes; the account
// stays open to other clients, and no unlock link is sent for it.
func TestTrustedDeviceLocksOnItsOwnFifthFailure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const pw = "dobre-hasło-2026"
		id := e.staff("anna.nowak", pw, "")
		cookie := e.ownerDevice("anna.nowak", pw)

		e.failFive(ownerIP, cookie, "anna.nowak")
		if res, err := e.from(ownerIP, cookie, "anna.nowak", pw); !errors.Is(err, ErrInvalidCredentials) || !res.Trusted {
			t.Fatalf("locked device with the right password: %+v, %v, want a refusal", res, err)
		}
		if n := e.int(id, "failed_logins"); n != 0 {
			t.Errorf("account counted %d failures of the trusted device, want 0", n)
		}
		if res, err := e.from(attackerIP, "", "anna.nowak", pw); err != nil || res.Trusted {
			t.Fatalf("another client while only the device is locked: %+v, %v, want an untrusted login", res, err)
		}
		e.c.Add(15*time.Minute - time.Second)
		if _, err := e.from(ownerIP, cookie, "anna.nowak", pw); !errors.Is(err, ErrInvalidCredentials) {
			t.Fatalf("device at 14 min 59 s: %v, want still locked", err)
		}
		e.c.Add(time.Second)
		if res, err := e.from(ownerIP, cookie, "anna.nowak", pw); err != nil || !res.Trusted {
			t.Fatalf("device at 15 min: %+v, %v, want it open", res, err)
		}
	})
}

// Through Login, a trusted device locked by its own failures is audited
// as a locked login of a trusted device and gets no unlock e-mail.
func TestTrustedDeviceLockSendsNoUnlockLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const pw = "dobre-hasło-2026"
		e.staff("anna.nowak", pw, "anna@example.pl")
		cookie := e.ownerDevice("anna.nowak", pw)
		for i := 0; i < 5; i++ {
			res, err := e.s.Login(e.ctx, e.visitor(), nil, Staff, "anna.nowak", "złe-hasło-złe", Client{DeviceCookie: cookie})
			if !errors.Is(err, ErrInvalidCredentials) || !res.Trusted {
				t.Fatalf("failure %d: %+v, %v", i+1, res, err)
			}
		}
		if m := e.mails(); len(m) != 0 {
			t.Errorf("%d mails after a device lock, want none", len(m))
		}
		locked := e.entries(audit.LoginLocked)
		if len(locked) != 1 || locked[0].Details["device"] != "trusted" {
			t.Errorf("locked entries %+v, want one marked device=trusted", locked)
		}
	})
}

// Only a token issued to this account, signed with this installation's
// key and still on record makes a browser trusted.
func TestDeviceTokensThatDoNotCount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const pw = "dobre-hasło-2026"
		e.staff("anna.nowak", pw, "")
		e.staff("jan.kowal", "hasło-jana-2026", "")
		anna := e.ownerDevice("anna.nowak", pw)
		jan := e.ownerDevice("jan.kowal", "hasło-jana-2026")
		e.failFive(attackerIP, "", "anna.nowak")

		other := *e.s
		other.DeviceKey = []byte("inny klucz innej instalacji, 32+ b")
		forged := func() string {
			var tok string
			e.tx(func(tx *store.Tx) error {
				var err error
				tok, err = other.newDevice(e.ctx, tx, &User{ID: e.userID("anna.nowak"), CoopID: e.coop}, e.c.Now())
				return err
			})
			return tok
		}()
		parts := strings.Split(anna, ".")
		cases := map[string]string{
			"another account's token":   jan,
			"another key's signature":   forged,
			"altered signature":         parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2])),
			"altered secret":            parts[0] + "." + strings.Repeat("B", len(parts[1])) + "." + parts[2],
			"not a token":               "1.2",
			"too long a cookie":         strings.Repeat(anna+"~", 20),
			"six tokens, the own first": anna + strings.Repeat("~"+jan, 5),
		}
		for name, cookie := range cases {
			if res, err := e.from(ownerIP, cookie, "anna.nowak", pw); !errors.Is(err, ErrInvalidCredentials) || res.Trusted {
				t.Errorf("%s: %+v, %v, want an untrusted, refused login", name, res, err)
			}
		}
		if res, err := e.from(ownerIP, jan+"~"+anna, "anna.nowak", pw); err != nil || !res.Trusted {
			t.Errorf("own token beside another account's: %+v, %v, want a trusted login", res, err)
		}
		e.exec(`DELETE FROM login_devices WHERE user_id = $1`, e.userID("anna.nowak"))
		if res, err := e.from(ownerIP, anna, "anna.nowak", pw); !errors.Is(err, ErrInvalidCredentials) || res.Trusted {
			t.Errorf("token whose device was forgotten: %+v, %v, want an untrusted, refused login", res, err)
		}
	})
}

// An account remembers its 10 most recently used devices: with nine newer
// ones a device is still on record, with ten it is forgotten and its
// browser is no longer trusted. Using a device makes it the newest.
func TestAccountKeepsTenDevices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const pw = "dobre-hasło-2026"
		e.staff("anna.nowak", pw, "")
		first := e.ownerDevice("anna.nowak", pw)
		kept := func() bool {
			return e.count(`SELECT count(*) FROM login_devices WHERE id = $1`, strings.Split(first, ".")[0]) == 1
		}
		newer := func(n int) {
			for range n {
				e.c.Add(time.Second)
				e.ownerDevice("anna.nowak", pw)
			}
		}
		newer(9)
		if !kept() {
			t.Fatal("device forgotten behind 9 newer ones, want it kept")
		}
		e.c.Add(time.Second)
		if res, err := e.from(ownerIP, first, "anna.nowak", pw); err != nil || !res.Trusted {
			t.Fatalf("first of 10 devices: %+v, %v, want trusted", res, err)
		}
		newer(9) // without the use just now, the first of these would have pushed it out
		if !kept() {
			t.Fatal("device used before 9 newer ones forgotten, want it kept")
		}
		newer(1)
		if kept() {
			t.Fatal("device behind 10 newer ones still on record, want it forgotten")
		}
		if n := e.count(`SELECT count(*) FROM login_devices WHERE user_id = $1`, e.userID("anna.nowak")); n != 10 {
			t.Errorf("%d devices on record, want 10", n)
		}
		if res, err := e.from(ownerIP, first, "anna.nowak", pw); err != nil || res.Trusted {
			t.Fatalf("forgotten device: %+v, %v, want an untrusted login", res, err)
		}
	})
}

// With a second factor the device cookie comes after the code, not after
// the password; wrong codes from the owner's browser count against it, so
// an attacker's lock does not stop the owner, and the owner's wrong codes
// do not lock the account.
func TestSecondFactorAndDevices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const pw = "dobre-hasło-2026"
		id := e.staff("anna.nowak", pw, "")
		secret, _ := e.enrol(id)
		e.c.Add(30 * time.Second)

		res, err := e.from(ownerIP, "", "anna.nowak", pw)
		if err != nil || !res.MFAPending || res.DeviceCookie != "" {
			t.Fatalf("password step: %+v, %v, want a pending session and no device cookie yet", res, err)
		}
		done, err := e.s.VerifySecondFactor(e.ctx, e.visitor(), res.User, res.Token, code(t, secret, e.c.Now()), "")
		if err != nil || done.DeviceCookie == "" || done.Token == "" {
			t.Fatalf("second factor: %+v, %v, want a session and a device cookie", done, err)
		}
		cookie := done.DeviceCookie

		e.failFive(attackerIP, "", "anna.nowak")
		res, err = e.from(ownerIP, cookie, "anna.nowak", pw)
		if err != nil || !res.MFAPending || !res.Trusted {
			t.Fatalf("owner's password step during the lock: %+v, %v", res, err)
		}
		for i := 1; i <= 4; i++ {
			if _, err := e.s.verifySecondFactor(e.ctx, res.Token, "000000"); !errors.Is(err, ErrInvalidCode) {
				t.Fatalf("wrong code %d: %v, want ErrInvalidCode", i, err)
			}
		}
		e.c.Add(30 * time.Second)
		again, err := e.s.VerifySecondFactor(e.ctx, e.visitor(), res.User, res.Token, code(t, secret, e.c.Now()), cookie)
		if err != nil || again.Token == "" {
			t.Fatalf("owner's code during the lock: %+v, %v, want a session", again, err)
		}
		if again.DeviceCookie != cookie {
			t.Errorf("a trusted browser's cookie changed on login")
		}

		// Five wrong codes in a trusted session lock that device only.
		e.c.Add(15 * time.Minute) // the attacker's lock lifts
		res, err = e.from(ownerIP, cookie, "anna.nowak", pw)
		if err != nil || !res.Trusted {
			t.Fatalf("password step: %+v, %v", res, err)
		}
		before := e.int(id, "failed_logins")
		for i := 1; i <= 5; i++ {
			_, err := e.s.verifySecondFactor(e.ctx, res.Token, "000000")
			if i < 5 && !errors.Is(err, ErrInvalidCode) || i == 5 && !errors.Is(err, ErrLocked) {
				t.Fatalf("wrong code %d: %v", i, err)
			}
		}
		if got := e.int(id, "failed_logins"); got != before {
			t.Errorf("account failures %d → %d after a trusted session's wrong codes, want unchanged", before, got)
		}
		if res, err := e.from(attackerIP, "", "anna.nowak", pw); err != nil || !res.MFAPending {
			t.Errorf("untrusted password step after the device locked: %+v, %v, want it open", res, err)
		}
	})
}

// DeviceCookie keeps other accounts' tokens, drops the account's old one,
// puts the new one last and keeps at most five.
func TestDeviceCookieValue(t *testing.T) {
	s := &Service{DeviceKey: []byte("klucz urządzeń do testów, 32+ bajty")}
	u := &User{ID: 7, CoopID: 1}
	own := "3.c2VrcmV0." + s.deviceSignature(1, 7, 3, "c2VrcmV0")
	others := []string{"11.a.x", "12.b.y", "13.c.z", "14.d.w", "15.e.v"}
	old := strings.Join(others[:4], "~") + "~" + own
	if got, want := s.DeviceCookie(old, u, "99.new.sig"), strings.Join(others[:4], "~")+"~99.new.sig"; got != want {
		t.Errorf("DeviceCookie replacing the own token = %q, want %q", got, want)
	}
	if got, want := s.DeviceCookie(strings.Join(others, "~"), u, "99.new.sig"), strings.Join(others[1:], "~")+"~99.new.sig"; got != want {
		t.Errorf("DeviceCookie beyond five tokens = %q, want %q", got, want)
	}
	if s.DeviceCookie("a~b", u, "") != "a~b" {
		t.Error("an empty token changed the cookie")
	}
	if got := s.DeviceCookie("zły token;=,\"x~12.b.y", u, "99.n.s"); got != "12.b.y~99.n.s" {
		t.Errorf("a token with other characters was kept: %q", got)
	}
}

// A device unused for 365 days is forgotten by the nightly purge; at 365
// days less a second it is kept.
func TestUnusedDevicesArePurgedAfterAYear(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.staff("anna.nowak", "dobre-hasło-2026", "")
		e.ownerDevice("anna.nowak", "dobre-hasło-2026")
		devices := func() int { return e.count(`SELECT count(*) FROM login_devices`) }
		e.c.Add(365*24*time.Hour - time.Second)
		if _, err := e.s.PurgeExpired(e.ctx); err != nil || devices() != 1 {
			t.Fatalf("at 365 days less a second: %d devices, %v; want it kept", devices(), err)
		}
		e.c.Add(time.Second)
		if _, err := e.s.PurgeExpired(e.ctx); err != nil || devices() != 0 {
			t.Fatalf("at 365 days: %d devices, %v; want it purged", devices(), err)
		}
	})
}

// userID is the id of a login of the env's cooperative.
func (e *env) userID(login string) int64 {
	e.t.Helper()
	return int64(e.count(`SELECT id FROM users WHERE coop_id = $1 AND login = $2`, e.coop, login))
}
