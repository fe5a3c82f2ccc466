package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// env is one cooperative on a fresh database with a fake clock.
type env struct {
	t    *testing.T
	ctx  context.Context
	db   *store.DB
	c    *clock
	s    *Service
	coop int64
}

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	c := newClock()
	return &env{t: t, ctx: context.Background(), db: db, c: c, s: testService(t, db, c), coop: storetest.InsertCoop(t, db, "a")}
}

// staff adds a staff login with an e-mail of its own.
func (e *env) staff(login, password, email string) int64 {
	e.t.Helper()
	id, err := e.s.CreateUser(e.ctx, NewUser{CoopID: e.coop, Kind: Staff, Login: login, DisplayName: login,
		Email: email, Role: RoleFinance, Password: password})
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

// resident adds a person with the given e-mail and a resident login for it.
func (e *env) resident(login, password, personEmail string) int64 {
	e.t.Helper()
	var person int64
	e.tx(func(tx *store.Tx) error {
		return tx.QueryRowContext(e.ctx, `INSERT INTO persons (coop_id, first_name, last_name, street, postal_code, city, email, created_at)
			VALUES ($1, 'Jan', 'Kowalski', 'ul. Długa 1', '00-001', 'Warszawa', $2, $3) RETURNING id`,
			e.coop, personEmail, e.c.Now()).Scan(&person)
	})
	id, err := e.s.CreateUser(e.ctx, NewUser{CoopID: e.coop, Kind: Resident, Login: login, PersonID: person,
		DisplayName: "Jan Kowalski", Password: password})
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

// actor is the logged-in user id acting from the test's address.
func (e *env) actor(userID int64) audit.Actor {
	return audit.Actor{CoopID: e.coop, UserID: userID, Name: fmt.Sprintf("test:%d", userID), IP: "192.0.2.1"}
}

// visitor is someone not logged in, at the test's address.
func (e *env) visitor() audit.Actor { return audit.Actor{CoopID: e.coop, IP: "192.0.2.1"} }

func (e *env) tx(fn func(tx *store.Tx) error) {
	e.t.Helper()
	if err := e.db.InTx(e.ctx, fn); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) exec(query string, args ...any) {
	e.t.Helper()
	e.tx(func(tx *store.Tx) error {
		_, err := tx.ExecContext(e.ctx, query, args...)
		return err
	})
}

// login tries the staff door from a fixed address.
func (e *env) login(login, password string) (LoginResult, error) {
	return e.loginFrom("192.0.2.1", Staff, login, password)
}

func (e *env) loginFrom(ip string, kind Kind, login, password string) (LoginResult, error) {
	return e.s.LoginAttempt(e.ctx, e.coop, kind, login, password, ip, "test")
}

// mustLogin logs in and fails the test if that does not work.
func (e *env) mustLogin(login, password string) LoginResult {
	e.t.Helper()
	res, err := e.login(login, password)
	if err != nil {
		e.t.Fatalf("login %s: %v", login, err)
	}
	return res
}

// lock fails to log in until the account locks, and returns the result
// of the attempt that locked it.
func (e *env) lock(kind Kind, login string) LoginResult {
	e.t.Helper()
	for range lockAfter {
		res, err := e.loginFrom("192.0.2.1", kind, login, "złe-hasło-złe")
		if !errors.Is(err, ErrInvalidCredentials) {
			e.t.Fatalf("wrong password: %v", err)
		}
		if res.NewlyLocked {
			return res
		}
	}
	e.t.Fatalf("%s not locked after %d failures", login, lockAfter)
	return LoginResult{}
}

// int reads one integer column of a user.
func (e *env) int(userID int64, column string) int64 {
	e.t.Helper()
	var n int64
	if err := e.db.Read().QueryRowContext(e.ctx, fmt.Sprintf(`SELECT %s FROM users WHERE id = $1`, column), userID).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// null reports whether a column of a user is NULL.
func (e *env) null(userID int64, column string) bool {
	e.t.Helper()
	return e.int(userID, fmt.Sprintf("CASE WHEN %s IS NULL THEN 1 ELSE 0 END", column)) == 1
}

// lockedUntil reads when a user's lock ends (zero: not locked).
func (e *env) lockedUntil(userID int64) time.Time {
	e.t.Helper()
	var t sql.NullTime
	if err := e.db.Read().QueryRowContext(e.ctx, `SELECT locked_until FROM users WHERE id = $1`, userID).Scan(&t); err != nil {
		e.t.Fatal(err)
	}
	return t.Time
}

// count runs a COUNT query.
func (e *env) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.db.Read().QueryRowContext(e.ctx, query, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// sessionGone checks that token no longer opens a session.
func (e *env) sessionGone(token, why string) {
	e.t.Helper()
	if _, err := e.s.Session(e.ctx, token); !errors.Is(err, ErrNoSession) {
		e.t.Errorf("%s: session err = %v, want ErrNoSession", why, err)
	}
}
