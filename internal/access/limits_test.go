package access

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
	"github.com/ebok/ebok/internal/uploads"
)

// These tests pin the promises README makes with the numbers it states,
// at both edges, never through the package's own constants.

// The e-mailed confirmation link works for 72 hours: at 71 h 59 min, not
// at 72 h.
func TestConfirmLinkLastsSeventyTwoHours(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		up, _ := uploads.Applications.Check("a.pdf", pdf)
		if _, err := f.svc.SubmitOnline(ctx, audit.Actor{CoopID: f.coop}, f.form(t, EBOK), []uploads.File{up}); err != nil {
			t.Fatal(err)
		}
		_, body := outbox(t, db, "lukasz@example.pl")
		token, _ := url.QueryUnescape(tokenInLink.FindStringSubmatch(body)[1])
		sent := f.now
		f.now = sent.Add(72 * time.Hour)
		if _, err := f.svc.Confirm(ctx, f.coop, token, ""); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("link at 72 h: %v, want ErrTokenInvalid", err)
		}
		f.now = sent.Add(71*time.Hour + 59*time.Minute)
		if _, err := f.svc.Confirm(ctx, f.coop, token, ""); err != nil {
			t.Errorf("link at 71 h 59 min: %v, want it to work", err)
		}
	})
}

// A start password staff issue works unused for 14 days: at 14 days less a
// second, not at 14 days.
func TestStartPasswordLastsFourteenDays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		uid, err := f.auth.CreateUser(ctx, auth.NewUser{CoopID: f.coop, Kind: auth.Resident, Login: "E0000077",
			PersonID: f.person, DisplayName: "Łukasz Kowalski"})
		if err != nil {
			t.Fatal(err)
		}
		issued := f.now
		issue := func() string {
			f.now = issued
			cred, err := f.svc.NewStartPassword(ctx, f.staff, f.person, uid, Print)
			if err != nil {
				t.Fatal(err)
			}
			return cred.Password
		}
		pw := issue()
		f.now = issued.Add(14 * 24 * time.Hour)
		if _, err := f.auth.LoginAttempt(ctx, f.coop, auth.Resident, "E0000077", pw, "192.0.2.1", "test"); !errors.Is(err, auth.ErrInvalidCredentials) {
			t.Errorf("start password at 14 days: %v, want ErrInvalidCredentials", err)
		}
		pw = issue()
		f.now = issued.Add(14*24*time.Hour - time.Second)
		if res, err := f.auth.LoginAttempt(ctx, f.coop, auth.Resident, "E0000077", pw, "192.0.2.1", "test"); err != nil || res.User == nil {
			t.Errorf("start password at 14 days less a second: %v, want it to work", err)
		}
	})
}
