package auth

import (
	"errors"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// requestReset runs Service.requestReset in a transaction of its own.
func (e *env) requestReset(kind Kind, loginOrEmail string) (string, *User) {
	e.t.Helper()
	var token string
	var u *User
	e.tx(func(tx *store.Tx) error {
		var err error
		token, u, err = e.s.requestReset(e.ctx, tx, e.coop, kind, loginOrEmail)
		return err
	})
	return token, u
}

func TestRequestResetFindsByLoginOrEmail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		anna := e.staff("anna.nowak", "dobre-hasło-2026", "Anna@Example.pl")
		e.staff("bez.adresu", "dobre-hasło-2026", "")
		jan := e.resident("E0000001", "dobre-hasło-2026", "jan@example.pl")
		e.resident("E0000002", "dobre-hasło-2026", "wspolny@example.pl")
		third := e.resident("E0000003", "dobre-hasło-2026", "wspolny@example.pl")
		e.exec(`UPDATE users SET email = 'stary@example.pl' WHERE id = $1`, jan)
		cases := []struct {
			kind       Kind
			query      string
			wantUser   int64
			wantSendTo string
		}{
			{Staff, " ANNA.NOWAK ", anna, "Anna@Example.pl"},
			{Staff, "anna@example.PL", anna, "anna@example.pl"},
			{Resident, "e0000001", jan, "jan@example.pl"}, // the register's address comes first
			{Resident, "jan@example.pl", jan, "jan@example.pl"},
			{Resident, "stary@example.pl", jan, "stary@example.pl"},
			{Staff, "jan@example.pl", 0, ""},        // another door
			{Staff, "bez.adresu", 0, ""},            // nowhere to send it
			{Resident, "wspolny@example.pl", 0, ""}, // which of the two?
			{Resident, "E0000003", third, "wspolny@example.pl"},
			{Resident, "nikt@example.pl", 0, ""},
			{Resident, "", 0, ""},
		}
		for _, tc := range cases {
			before := e.count(`SELECT COUNT(*) FROM login_tokens`)
			token, u := e.requestReset(tc.kind, tc.query)
			added := e.count(`SELECT COUNT(*) FROM login_tokens`) - before
			if tc.wantUser == 0 {
				if token != "" || u != nil || added != 0 {
					t.Errorf("requestReset(%s, %q) = %q, %+v (+%d links); want nothing", tc.kind, tc.query, token, u, added)
				}
				continue
			}
			if token == "" || u == nil || u.ID != tc.wantUser || u.Email != tc.wantSendTo || added != 1 {
				t.Errorf("requestReset(%s, %q) = %q, %+v (+%d links); want user %d to %s", tc.kind, tc.query, token, u, added, tc.wantUser, tc.wantSendTo)
			}
		}
	})
}

func TestResetPassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		id := e.staff("anna.nowak", "zapomniane-hasło", "anna@example.pl")
		earlier, _ := e.requestReset(Staff, "anna.nowak")
		token, _ := e.requestReset(Staff, "anna@example.pl")
		sess := e.mustLogin("anna.nowak", "zapomniane-hasło")
		e.exec(`UPDATE users SET must_change_password = $1 WHERE id = $2`, true, id)
		e.lock(Staff, "anna.nowak")
		// A refused password leaves the link usable.
		if _, err := e.s.ResetPassword(e.ctx, e.visitor(), token, "Haslo123456"); !errors.Is(err, ErrPasswordCommon) {
			t.Errorf("reset to a common password: %v", err)
		}
		if _, err := e.s.ResetPassword(e.ctx, e.visitor(), token, "Anna.Nowak-nowe"); !errors.Is(err, ErrPasswordContainsLogin) {
			t.Errorf("reset to a password with the login: %v", err)
		}
		u, err := e.s.ResetPassword(e.ctx, e.visitor(), token, "nowe-hasło-po-resecie")
		if err != nil || u.ID != id {
			t.Fatalf("ResetPassword = %+v, %v", u, err)
		}
		e.sessionGone(sess.Token, "after a password reset")
		// The lock is lifted and the new password works at once.
		if res := e.mustLogin("anna.nowak", "nowe-hasło-po-resecie"); res.User.MustChangePassword {
			t.Error("a password set through a reset link must be changed")
		}
		for name, tok := range map[string]string{"second use": token, "an earlier link": earlier, "a forged link": "forged"} {
			if _, err := e.s.ResetPassword(e.ctx, e.visitor(), tok, "jeszcze-inne-hasło"); !errors.Is(err, ErrTokenInvalid) {
				t.Errorf("%s: %v, want ErrTokenInvalid", name, err)
			}
		}
		// A link expires after 30 minutes.
		late, _ := e.requestReset(Staff, "anna.nowak")
		e.c.Add(30 * time.Minute)
		if _, err := e.s.ResetPassword(e.ctx, e.visitor(), late, "jeszcze-inne-hasło"); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("expired link: %v, want ErrTokenInvalid", err)
		}
		e.mustLogin("anna.nowak", "nowe-hasło-po-resecie")
		if _, err := e.s.PurgeExpired(e.ctx); err != nil {
			t.Fatal(err)
		}
		if n := e.count(`SELECT COUNT(*) FROM login_tokens`); n != 0 {
			t.Errorf("%d links left after purge, want 0", n)
		}
	})
}

func TestUnlock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const pw = "dobre-hasło-2026"
		id := e.staff("anna.nowak", pw, "")
		jan := e.resident("E0000001", pw, "jan@example.pl")
		res := e.lock(Resident, "E0000001")
		unlock := func(userID int64) (string, *User, error) {
			var token string
			var u *User
			err := e.db.InTx(e.ctx, func(tx *store.Tx) error {
				var err error
				token, u, err = e.s.requestUnlock(e.ctx, tx, e.coop, userID)
				return err
			})
			return token, u, err
		}
		token, u, err := unlock(res.UserID)
		if err != nil || u.ID != jan || u.Email != "jan@example.pl" {
			t.Fatalf("RequestUnlock = %+v, %v", u, err)
		}
		// A reset link does not unlock, nor an unlock link reset.
		if _, err := e.s.ResetPassword(e.ctx, e.visitor(), token, "zupełnie-nowe-hasło"); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("unlock link used to reset: %v", err)
		}
		if _, err := e.s.Unlock(e.ctx, e.visitor(), token); err != nil {
			t.Fatal(err)
		}
		if _, err := e.loginFrom("192.0.2.1", Resident, "E0000001", pw); err != nil {
			t.Errorf("login after unlock: %v", err)
		}
		if _, err := e.s.Unlock(e.ctx, e.visitor(), token); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("second use: %v, want ErrTokenInvalid", err)
		}
		late, _, err := unlock(jan)
		if err != nil {
			t.Fatal(err)
		}
		e.c.Add(31 * time.Minute)
		if _, err := e.s.Unlock(e.ctx, e.visitor(), late); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("expired link: %v, want ErrTokenInvalid", err)
		}
		if _, _, err := unlock(id); !errors.Is(err, ErrNoEmail) {
			t.Errorf("unlock link for a user without an address: %v, want ErrNoEmail", err)
		}
	})
}

// TestResetLinksAreLimited: one login gets at most three reset links in
// half an hour; a fourth request answers as always but sends nothing, and
// once the half hour has passed links come again.
func TestResetLinksAreLimited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		jan := e.resident("E0000001", "dobre-hasło-2026", "jan@example.pl")
		for i := range maxResetLinks {
			if token, u := e.requestReset(Resident, "E0000001"); token == "" || u == nil || u.ID != jan {
				t.Fatalf("request %d: no link", i+1)
			}
			e.c.Add(time.Minute)
		}
		if token, u := e.requestReset(Resident, "jan@example.pl"); token != "" || u != nil {
			t.Fatalf("request %d within half an hour: a link (%+v)", maxResetLinks+1, u)
		}
		e.c.Add(linkValidFor)
		if token, _ := e.requestReset(Resident, "E0000001"); token == "" {
			t.Fatal("no link after the half hour")
		}
	})
}

// A reset or unlock link works only on its own cooperative's site: taken
// to another cooperative's, it is as invalid as an unknown one, and still
// works at home.
func TestLinksWorkOnlyInTheirCooperative(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.staff("anna.nowak", "zapomniane-hasło", "anna@example.pl")
		other := e.visitor()
		other.CoopID = storetest.InsertCoop(t, db, "inna")
		token, _ := e.requestReset(Staff, "anna.nowak")
		if _, err := e.s.ResetPassword(e.ctx, other, token, "nowe-hasło-po-resecie"); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("reset link on another cooperative's site: %v, want ErrTokenInvalid", err)
		}
		if _, err := e.s.ResetPassword(e.ctx, e.visitor(), token, "nowe-hasło-po-resecie"); err != nil {
			t.Errorf("reset link at home: %v", err)
		}
		res := e.lock(Staff, "anna.nowak")
		var unlock string
		e.tx(func(tx *store.Tx) error {
			var err error
			unlock, _, err = e.s.requestUnlock(e.ctx, tx, e.coop, res.UserID)
			return err
		})
		if _, err := e.s.Unlock(e.ctx, other, unlock); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("unlock link on another cooperative's site: %v, want ErrTokenInvalid", err)
		}
		if _, err := e.s.Unlock(e.ctx, e.visitor(), unlock); err != nil {
			t.Errorf("unlock link at home: %v", err)
		}
	})
}
