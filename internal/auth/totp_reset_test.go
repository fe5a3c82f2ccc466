package auth

import (
	"errors"
	"fmt"
	"testing"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

func TestResetTOTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const pw = "dobre-hasło-2026"
		id := e.staff("anna.nowak", pw, "")
		e.enrol(id)
		tok := e.mustLogin("anna.nowak", pw).Token
		other := storetest.InsertCoop(t, db, "b")
		for _, tc := range []struct {
			coop  int64
			login string
		}{{e.coop, "nikt"}, {other, "anna.nowak"}} {
			if _, err := e.s.ResetTOTP(e.ctx, audit.System(tc.coop), tc.login, "x", "test"); !errors.Is(err, ErrNoSuchLogin) {
				t.Errorf("ResetTOTP(%d, %q) = %v, want ErrNoSuchLogin", tc.coop, tc.login, err)
			}
		}
		u, err := e.s.ResetTOTP(e.ctx, audit.System(e.coop), " ANNA.NOWAK ", " zgubiony telefon ", "test")
		if err != nil || u.ID != id || u.TOTPEnabled {
			t.Fatalf("ResetTOTP = %+v, %v", u, err)
		}
		if got, err := e.s.UserByID(e.ctx, e.coop, id); err != nil || got.TOTPEnabled || !NeedsTOTPEnrolment(got) {
			t.Errorf("after the reset: %+v, %v", got, err)
		}
		if n := e.count(`SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1`, id); n != 0 {
			t.Errorf("%d recovery codes left", n)
		}
		e.sessionGone(tok, "a session of the login after the reset")
		got := e.entries(audit.TOTPReset)
		if len(got) != 1 {
			t.Fatalf("reset entries = %+v, want one", got)
		}
		r := got[0]
		if r.Actor != audit.ActorSystem || r.ActorID != 0 || r.Subject != fmt.Sprintf("user:%d", id) ||
			fmt.Sprint(r.Details) != fmt.Sprint(map[string]string{"login": "anna.nowak", "reason": "zgubiony telefon", "by": "test"}) {
			t.Errorf("entry = %+v", r)
		}
	})
}
