package auth

import (
	"errors"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

func TestChangePassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		id := e.staff("anna.nowak", "pierwsze-hasło-123", "")
		var start string
		e.tx(func(tx *store.Tx) error {
			var err error
			start, _, err = e.s.IssueStartPassword(e.ctx, tx, e.coop, id, 72*time.Hour)
			return err
		})
		here := e.mustLogin("anna.nowak", start)
		there := e.mustLogin("anna.nowak", start)
		cases := []struct {
			current, next string
			want          error
		}{
			{"pierwsze-hasło-123", "nowe-hasło-na-zimę", ErrInvalidCredentials}, // the start password replaced it
			{start, start, ErrPasswordReused},
			{start, "krótkie", ErrPasswordTooShort},
			{start, "Qwerty123456", ErrPasswordCommon},
			{start, "Anna.Nowak.2026", ErrPasswordContainsLogin},
		}
		for _, tc := range cases {
			if err := e.s.ChangePassword(e.ctx, e.actor(id), tc.current, tc.next, here.Token); !errors.Is(err, tc.want) {
				t.Errorf("ChangePassword(%q, %q) = %v, want %v", tc.current, tc.next, err, tc.want)
			}
		}
		if n := e.int(id, "failed_logins"); n != 1 {
			t.Errorf("failed_logins = %d after one wrong current password, want 1", n)
		}
		if err := e.s.ChangePassword(e.ctx, e.actor(id), start, "nowe-hasło-na-zimę", here.Token); err != nil {
			t.Fatal(err)
		}
		sess, err := e.s.Session(e.ctx, here.Token)
		if err != nil {
			t.Fatalf("the session that changed the password ended: %v", err)
		}
		if sess.User.MustChangePassword {
			t.Error("the password must still be changed")
		}
		e.sessionGone(there.Token, "other session after a password change")
		if !e.null(id, "start_password_expires_at") || e.null(id, "password_changed_at") {
			t.Error("start password expiry kept or change time not set")
		}
		if _, err := e.login("anna.nowak", start); !errors.Is(err, ErrInvalidCredentials) {
			t.Errorf("the start password still works: %v", err)
		}
		// The new password does not expire with the start password.
		e.c.Add(100 * time.Hour)
		e.mustLogin("anna.nowak", "nowe-hasło-na-zimę")
		if err := e.s.ChangePassword(e.ctx, audit.Actor{CoopID: e.coop + 1, UserID: id, Name: "staff:anna"}, "nowe-hasło-na-zimę", "całkiem-inne-hasło", ""); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("change in another cooperative: %v, want ErrNotFound", err)
		}
	})
}
