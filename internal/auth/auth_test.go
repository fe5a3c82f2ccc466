package auth

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func newClock() *clock               { return &clock{t: time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)} }
func testService(t *testing.T, db *store.DB, c *clock) *Service {
	t.Helper()
	s, err := NewService(context.Background(), db, NewHasher(2), c.Now, 30*time.Minute, 12*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	s.Outbox, s.BaseURL = &mail.Outbox{Domain: "ebok.test", Now: c.Now}, "https://ebok.test"
	s.DeviceKey = []byte("klucz urządzeń do testów, 32+ bajty")
	return s
}

func TestHashVerify(t *testing.T) {
	h := NewHasher(1)
	ctx := context.Background()
	hash, err := h.Hash(ctx, "zażółć gęślą jaźń")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q not in PHC argon2id format", hash)
	}
	for pw, want := range map[string]bool{"zażółć gęślą jaźń": true, "zazolc gesla jazn": false, "": false} {
		ok, err := h.Verify(ctx, hash, pw)
		if err != nil || ok != want {
			t.Errorf("Verify(%q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
	other, _ := h.Hash(ctx, "zażółć gęślą jaźń")
	if other == hash {
		t.Error("two hashes of one password are equal: salt not random")
	}
	for _, bad := range []string{"", "$argon2id$v=19$m=0,t=2,p=1$AAAA$BBBB", "$bcrypt$x", hash[:len(hash)-20] + "$x"} {
		if _, err := h.Verify(ctx, bad, "x"); !errors.Is(err, ErrMalformedHash) {
			t.Errorf("Verify(%q) err = %v, want ErrMalformedHash", bad, err)
		}
	}
}

func TestHasherBoundsConcurrency(t *testing.T) {
	h := NewHasher(1)
	h.slots <- struct{}{} // the only slot is busy
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := h.Hash(ctx, "password123"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("hash with no free slot: err = %v, want deadline exceeded", err)
	}
	<-h.slots
	if _, err := h.Hash(context.Background(), "password123"); err != nil {
		t.Errorf("hash with a free slot: %v", err)
	}
}

func TestLoginAndSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newClock()
		s := testService(t, db, c)
		coop := storetest.InsertCoop(t, db, "a")
		if _, err := s.CreateUser(ctx, NewUser{CoopID: coop, Kind: Staff, Login: "Anna.Nowak", DisplayName: "Anna Nowak",
			Role: RoleFinance, Password: "dobre-hasło-2026"}); err != nil {
			t.Fatal(err)
		}
		// Wrong password, unknown login and wrong door all look the same
		// and cost one full password hash each.
		for _, tc := range []struct {
			kind      Kind
			login, pw string
		}{{Staff, "anna.nowak", "złe-hasło"}, {Staff, "nobody", "dobre-hasło-2026"}, {Resident, "anna.nowak", "dobre-hasło-2026"}} {
			before := s.Hasher.verified.Load()
			if _, err := s.LoginAttempt(ctx, coop, tc.kind, tc.login, tc.pw, "127.0.0.1", "test"); !errors.Is(err, ErrInvalidCredentials) {
				t.Errorf("Login(%s, %s) err = %v, want ErrInvalidCredentials", tc.kind, tc.login, err)
			}
			if n := s.Hasher.verified.Load() - before; n != 1 {
				t.Errorf("Login(%s, %s) computed %d password hashes, want 1", tc.kind, tc.login, n)
			}
		}
		res, err := s.LoginAttempt(ctx, coop, Staff, " ANNA.NOWAK ", "dobre-hasło-2026", "127.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		token, u := res.Token, res.User
		if u.Role != RoleFinance || u.Kind != Staff || u.Login != "Anna.Nowak" {
			t.Errorf("user = %+v", u)
		}
		var stored int
		if err := db.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions WHERE token_hash = $1`, token).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if stored != 0 {
			t.Error("the raw session token is stored in the database")
		}
		sess, err := s.Session(ctx, token)
		if err != nil || sess.User.ID != u.ID {
			t.Fatalf("Session = %+v, %v", sess, err)
		}
		// Active use keeps the session alive past the idle limit...
		for range 4 {
			c.Add(20 * time.Minute)
			if _, err := s.Session(ctx, token); err != nil {
				t.Fatalf("active session ended early: %v", err)
			}
		}
		// ...but 31 idle minutes end it.
		c.Add(31 * time.Minute)
		if _, err := s.Session(ctx, token); !errors.Is(err, ErrNoSession) {
			t.Errorf("idle session: err = %v, want ErrNoSession", err)
		}
		// The absolute limit ends even an active session.
		res, err = s.LoginAttempt(ctx, coop, Staff, "anna.nowak", "dobre-hasło-2026", "127.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		token = res.Token
		for elapsed := time.Duration(0); elapsed < 12*time.Hour-20*time.Minute; elapsed += 20 * time.Minute {
			c.Add(20 * time.Minute)
			if _, err := s.Session(ctx, token); err != nil {
				t.Fatalf("session ended after %v: %v", elapsed, err)
			}
		}
		c.Add(40 * time.Minute)
		if _, err := s.Session(ctx, token); !errors.Is(err, ErrNoSession) {
			t.Errorf("session past max age: err = %v, want ErrNoSession", err)
		}
		// Logout ends a session at once.
		res, err = s.LoginAttempt(ctx, coop, Staff, "anna.nowak", "dobre-hasło-2026", "127.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		token = res.Token
		if err := s.Logout(ctx, token); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, token); !errors.Is(err, ErrNoSession) {
			t.Errorf("after logout: err = %v, want ErrNoSession", err)
		}
		if _, err := s.Session(ctx, "forged"); !errors.Is(err, ErrNoSession) {
			t.Errorf("forged token: err = %v", err)
		}
	})
}

func TestLoginsAreScopedByCooperative(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := testService(t, db, newClock())
		a := storetest.InsertCoop(t, db, "a")
		b := storetest.InsertCoop(t, db, "b")
		if _, err := s.CreateUser(ctx, NewUser{CoopID: a, Kind: Staff, Login: "admin", DisplayName: "A", Role: RoleAdmin, Password: "hasło-spółdzielni-a"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.LoginAttempt(ctx, b, Staff, "admin", "hasło-spółdzielni-a", "", ""); !errors.Is(err, ErrInvalidCredentials) {
			t.Errorf("login of cooperative a accepted at cooperative b: %v", err)
		}
		// The same login may exist in both; case-insensitively only once in one.
		if _, err := s.CreateUser(ctx, NewUser{CoopID: b, Kind: Staff, Login: "admin", DisplayName: "B", Role: RoleAdmin, Password: "hasło-spółdzielni-b"}); err != nil {
			t.Errorf("same login in another cooperative: %v", err)
		}
		if _, err := s.CreateUser(ctx, NewUser{CoopID: a, Kind: Staff, Login: "ADMIN", DisplayName: "A2", Role: RoleAdmin, Password: "hasło-spółdzielni-a"}); !errors.Is(err, store.ErrConflict) {
			t.Errorf("duplicate login differing in case: err = %v, want ErrConflict", err)
		}
	})
}

func TestCreateUserValidates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := testService(t, db, newClock())
		coop := storetest.InsertCoop(t, db, "a")
		cases := []struct {
			u    NewUser
			want error
		}{
			{NewUser{CoopID: coop, Kind: Staff, Login: "ja nek", Role: RoleAdmin, Password: "długie-hasło"}, ErrInvalidLogin},
			{NewUser{CoopID: coop, Kind: Staff, Login: "janek", Role: RoleAdmin, Password: "krótkie"}, ErrWeakPassword},
			{NewUser{CoopID: coop, Kind: Staff, Login: "janek", Role: RoleEstate, Password: "długie-hasło"}, store.ErrReference}, // estate role needs an estate
			{NewUser{CoopID: coop, Kind: Resident, Login: "janek", Password: "długie-hasło"}, store.ErrReference},                // resident needs a person
		}
		for _, tc := range cases {
			if _, err := s.CreateUser(ctx, tc.u); !errors.Is(err, tc.want) {
				t.Errorf("CreateUser(%+v) err = %v, want %v", tc.u, err, tc.want)
			}
		}
	})
}

func TestUserByLogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		anna := e.staff("Anna.Nowak", "dobre-hasło-2026", "")
		jan := e.resident("E0000001", "dobre-hasło-2026", "")
		other := storetest.InsertCoop(t, db, "b")
		for login, want := range map[string]int64{"anna.nowak": anna, "ANNA.NOWAK": anna, "e0000001": jan} {
			u, err := e.s.UserByLogin(e.ctx, e.coop, login)
			if err != nil || u.ID != want {
				t.Errorf("UserByLogin(%q) = %+v, %v; want user %d", login, u, err, want)
			}
		}
		if _, err := e.s.UserByLogin(e.ctx, e.coop, "nikt"); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("unknown login: %v, want fault.ErrNotFound", err)
		}
		if _, err := e.s.UserByLogin(e.ctx, other, "anna.nowak"); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("login of another cooperative: %v, want fault.ErrNotFound", err)
		}
	})
}
