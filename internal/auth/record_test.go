package auth

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// entries returns the cooperative's audit entries of one action, oldest
// first.
func (e *env) entries(action audit.Action) []audit.Entry {
	e.t.Helper()
	got, err := audit.List(e.ctx, e.db.Read(), e.coop, audit.Filter{Action: action})
	if err != nil {
		e.t.Fatal(err)
	}
	slices.Reverse(got)
	return got
}

// sent is a message in the outbox.
type sent struct{ To, Subject, Text string }

// mails returns the outbox's messages, oldest first.
func (e *env) mails() []sent {
	e.t.Helper()
	rows, err := e.db.Read().QueryContext(e.ctx, `SELECT to_addr, subject, text_body FROM outbox ORDER BY id`)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var out []sent
	for rows.Next() {
		var m sent
		if err := rows.Scan(&m.To, &m.Subject, &m.Text); err != nil {
			e.t.Fatal(err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		e.t.Fatal(err)
	}
	return out
}

// linkToken is the token of the link to path in a mail's text.
func linkToken(t *testing.T, text, path string) string {
	t.Helper()
	m := regexp.MustCompile(`https://ebok\.test` + regexp.QuoteMeta(path) + `\?token=([A-Za-z0-9_-]+)`).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no link to %s in %q", path, text)
	}
	return m[1]
}

// wantEntry checks one entry's actor, subject and details.
func wantEntry(t *testing.T, got audit.Entry, actorID int64, actor, subject string, details map[string]string) {
	t.Helper()
	if got.ActorID != actorID || got.Actor != actor || got.Subject != subject || got.IP != "192.0.2.1" ||
		fmt.Sprint(got.Details) != fmt.Sprint(details) {
		t.Errorf("%s entry = %+v; want actor %d %q, subject %q, details %v", got.Action, got, actorID, actor, subject, details)
	}
}

// wantOnly checks that the log holds one entry of action, as wantEntry
// describes.
func (e *env) wantOnly(action audit.Action, actorID int64, actor, subject string, details map[string]string) {
	e.t.Helper()
	got := e.entries(action)
	if len(got) != 1 {
		e.t.Errorf("%s entries = %+v, want one", action, got)
		return
	}
	wantEntry(e.t, got[0], actorID, actor, subject, details)
}

func TestLoginRecordsAttempts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		pl := i18n.New().For(i18n.Polish)
		id := e.staff("anna.nowak", "dobre-hasło-2026", "")
		if _, err := e.s.Login(e.ctx, e.visitor(), pl, Staff, "anna.nowak", "złe-hasło", Client{UserAgent: "test"}); !errors.Is(err, ErrInvalidCredentials) {
			t.Fatalf("wrong password: %v", err)
		}
		if _, err := e.s.Login(e.ctx, e.visitor(), pl, Resident, "nikt", "złe-hasło", Client{UserAgent: "test"}); !errors.Is(err, ErrInvalidCredentials) {
			t.Fatalf("unknown login: %v", err)
		}
		// Someone else logged in in the same browser: the success is anna's.
		res, err := e.s.Login(e.ctx, e.actor(999), pl, Staff, "Anna.Nowak", "dobre-hasło-2026", Client{UserAgent: "test"})
		if err != nil || res.User == nil || res.User.ID != id {
			t.Fatalf("Login = %+v, %v", res, err)
		}
		failures := e.entries(audit.LoginFailure)
		if len(failures) != 2 {
			t.Fatalf("failures = %+v", failures)
		}
		wantEntry(t, failures[0], id, audit.ActorAnonymous, fmt.Sprintf("user:%d", id), map[string]string{"door": "staff"})
		wantEntry(t, failures[1], 0, audit.ActorAnonymous, "login", map[string]string{"door": "resident"})
		e.wantOnly(audit.LoginSuccess, id, "staff:anna.nowak", fmt.Sprintf("user:%d", id), map[string]string{"second_factor": "false"})
		if m := e.mails(); len(m) != 0 {
			t.Errorf("mail without a lock: %+v", m)
		}
	})
}

func TestLoginLockMailsUnlockLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		en := i18n.New().For(i18n.English)
		id := e.resident("E0000001", "dobre-hasło-2026", "jan@example.pl")
		e.staff("bez.adresu", "dobre-hasło-2026", "")
		fail := func(kind Kind, login string) {
			t.Helper()
			if _, err := e.s.Login(e.ctx, e.visitor(), en, kind, login, "złe-hasło-złe", Client{UserAgent: "test"}); !errors.Is(err, ErrInvalidCredentials) {
				t.Fatalf("wrong password: %v", err)
			}
		}
		for range lockAfter + 1 { // the last one while locked sends nothing more
			fail(Resident, "E0000001")
		}
		for range lockAfter { // nowhere to send the link: the lock lifts by itself
			fail(Staff, "bez.adresu")
		}
		if got := e.entries(audit.LoginLocked); len(got) != 3 {
			t.Fatalf("locked entries = %+v, want 3", got)
		} else {
			wantEntry(t, got[0], id, audit.ActorAnonymous, fmt.Sprintf("user:%d", id), map[string]string{"door": "resident"})
		}
		mails := e.mails()
		if len(mails) != 1 || mails[0].To != "jan@example.pl" || mails[0].Subject != en.T("mail.unlock.subject") {
			t.Fatalf("mails = %+v, want one unlock link to jan@example.pl in English", mails)
		}
		u, err := e.s.Unlock(e.ctx, e.visitor(), linkToken(t, mails[0].Text, "/unlock"))
		if err != nil || u.ID != id {
			t.Fatalf("Unlock = %+v, %v", u, err)
		}
		e.wantOnly(audit.LoginUnlocked, id, "resident:E0000001", fmt.Sprintf("user:%d", id), nil)
	})
}

func TestRequestPasswordReset(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		pl := i18n.New().For(i18n.Polish)
		id := e.staff("anna.nowak", "zapomniane-hasło", "anna@example.pl")
		// Nothing matches: nothing is sent or recorded, and no error says so.
		if err := e.s.RequestPasswordReset(e.ctx, e.visitor(), pl, Staff, "nikt"); err != nil {
			t.Fatal(err)
		}
		if m, r := e.mails(), e.entries(audit.PasswordResetRequested); len(m) != 0 || len(r) != 0 {
			t.Fatalf("for no login: mails %+v, entries %+v", m, r)
		}
		if err := e.s.RequestPasswordReset(e.ctx, e.visitor(), pl, Staff, "anna@example.pl"); err != nil {
			t.Fatal(err)
		}
		mails := e.mails()
		if len(mails) != 1 || mails[0].To != "anna@example.pl" || mails[0].Subject != pl.T("mail.reset.subject") {
			t.Fatalf("mails = %+v, want one reset link to anna@example.pl in Polish", mails)
		}
		e.wantOnly(audit.PasswordResetRequested, id, audit.ActorAnonymous, fmt.Sprintf("user:%d", id), nil)
		token := linkToken(t, mails[0].Text, "/password/reset")
		if _, err := e.s.ResetPassword(e.ctx, e.visitor(), token, "nowe-hasło-po-resecie"); err != nil {
			t.Fatal(err)
		}
		e.wantOnly(audit.PasswordReset, id, "staff:anna.nowak", fmt.Sprintf("user:%d", id), nil)
	})
}

func TestAccountStepsAreRecorded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const pw = "dobre-hasło-2026"
		id := e.staff("anna.nowak", pw, "")
		anna := e.actor(id)
		if err := e.s.ChangePassword(e.ctx, anna, "złe-hasło", "nowe-hasło-na-zimę", ""); !errors.Is(err, ErrInvalidCredentials) {
			t.Fatalf("wrong current password: %v", err)
		}
		if err := e.s.ChangePassword(e.ctx, anna, pw, "nowe-hasło-na-zimę", ""); err != nil {
			t.Fatal(err)
		}
		e.wantOnly(audit.PasswordChanged, id, anna.Name, fmt.Sprintf("user:%d", id), nil)
		e.mustLogin("anna.nowak", "nowe-hasło-na-zimę") // a full login clears the failure count
		e.enrol(id)
		e.wantOnly(audit.TOTPEnrolled, id, anna.Name, fmt.Sprintf("user:%d", id), nil)
		res := e.mustLogin("anna.nowak", "nowe-hasło-na-zimę")
		for i := 1; i <= lockAfter; i++ {
			_, err := e.s.VerifySecondFactor(e.ctx, e.visitor(), res.User, res.Token, "000000", "")
			if i < lockAfter && !errors.Is(err, ErrInvalidCode) || i == lockAfter && !errors.Is(err, ErrNoSession) {
				t.Fatalf("wrong code %d: %v", i, err)
			}
		}
		step := map[string]string{"step": "second_factor"}
		failures, locked := e.entries(audit.LoginFailure), e.entries(audit.LoginLocked)
		if len(failures) != lockAfter-1 || len(locked) != 1 {
			t.Fatalf("failures %+v, locked %+v", failures, locked)
		}
		wantEntry(t, failures[0], id, "staff:anna.nowak", fmt.Sprintf("user:%d", id), step)
		wantEntry(t, locked[0], id, "staff:anna.nowak", fmt.Sprintf("user:%d", id), step)
	})
}
