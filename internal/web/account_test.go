package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
	"github.com/pquerna/otp/totp"
)

// issueStart gives the fixture resident a start password through a desk
// application, as the cooperative would.
func issueStart(t *testing.T, env *testEnv) string {
	t.Helper()
	staff := env.client(t, "ebok.test")
	staff.login("staff", adminLogin)
	fields := applicationFields()
	fields.Set("portal", "ebok")
	fields.Set("doc_kind", "id_card")
	fields.Set("doc_last3", "ABC")
	fields.Set("issue_now", "yes")
	fields.Set("delivery", "print")
	r := staff.post("/staff/applications", fields)
	pw := regexp.MustCompile(`name="password" value="([^"]+)"`).FindStringSubmatch(r.Body)
	if pw == nil {
		t.Fatalf("no start password issued:\n%s", r.Body)
	}
	return pw[1]
}

func TestStartPasswordForcesAChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		start := issueStart(t, env)
		c := env.client(t, "ebok.test")
		if r := c.post("/ebok/login", url.Values{"login": {residentLogin}, "password": {password}}); r.Code != http.StatusUnauthorized {
			t.Errorf("the old password still works after a start password: %d", r.Code)
		}
		if r := c.post("/ebok/login", url.Values{"login": {residentLogin}, "password": {start}}); r.Code != http.StatusSeeOther {
			t.Fatalf("login with the start password: %d", r.Code)
		}
		r := c.get("/ebok")
		if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/password/change" {
			t.Fatalf("before the change /ebok answers %d %s", r.Code, r.Header.Get("Location"))
		}
		mustContain(t, c.get("/password/change").Body, "Logujesz się hasłem startowym")
		for pw, msg := range map[string]string{
			"krótkie":             "co najmniej 10 znaków",
			"qwerty12345":         "najczęściej używanych haseł",
			"moje-E0000001-hasło": "nie może zawierać Twojego loginu",
		} {
			r := c.post("/password/change", url.Values{"current": {start}, "new": {pw}, "repeat": {pw}})
			if r.Code != http.StatusUnprocessableEntity {
				t.Errorf("new password %q: %d", pw, r.Code)
			}
			mustContain(t, r.Body, msg)
		}
		r = c.post("/password/change", url.Values{"current": {start}, "new": {"zielony rower nad Wisłą"}, "repeat": {"zielony rower nad Wisła"}})
		mustContain(t, r.Body, "Hasła się różnią")
		r = c.post("/password/change", url.Values{"current": {start}, "new": {"zielony rower nad Wisłą"}, "repeat": {"zielony rower nad Wisłą"}})
		if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/ebok" {
			t.Fatalf("change: %d %s\n%s", r.Code, r.Header.Get("Location"), r.Body)
		}
		mustContain(t, c.get("/ebok").Body, "Mieszkanie: ul. Mickiewicza 5/12")
		// The start password is spent.
		if r := env.client(t, "ebok.test").post("/ebok/login", url.Values{"login": {residentLogin}, "password": {start}}); r.Code != http.StatusUnauthorized {
			t.Errorf("start password used twice: %d", r.Code)
		}
	})
}

func TestLockoutAndUnlockByEmail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		c := env.client(t, "ebok.test")
		for i := 0; i < 5; i++ {
			r := c.post("/ebok/login", url.Values{"login": {residentLogin}, "password": {"złe hasło nr " + id(int64(i))}})
			mustContain(t, r.Body, "Login lub hasło są nieprawidłowe")
		}
		// Locked: the right password fails exactly like a wrong one.
		locked := c.post("/ebok/login", url.Values{"login": {residentLogin}, "password": {password}})
		unknown := c.post("/ebok/login", url.Values{"login": {"E7777777"}, "password": {password}})
		if locked.Code != http.StatusUnauthorized || unknown.Code != locked.Code {
			t.Fatalf("locked %d, unknown %d", locked.Code, unknown.Code)
		}
		strip := func(r response, login string) string {
			return strings.ReplaceAll(strings.ReplaceAll(r.Body, login, "L"), r.Header.Get("X-Request-ID"), "I")
		}
		if strip(locked, residentLogin) != strip(unknown, "E7777777") {
			t.Error("a locked account answers differently from an unknown login")
		}
		body := lastMail(t, db, "lukasz@example.pl")
		m := regexp.MustCompile(`/unlock\?token=(\S+)`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no unlock link in %q", body)
		}
		mustContain(t, c.get("/unlock?token="+m[1]).Body, "Odblokuj konto")
		if r := c.post("/unlock", url.Values{"token": {m[1]}}); !strings.Contains(r.Body, "Konto jest odblokowane") {
			t.Fatalf("unlock: %d", r.Code)
		}
		if r := c.post("/unlock", url.Values{"token": {m[1]}}); r.Code != http.StatusNotFound {
			t.Errorf("unlock link used twice: %d", r.Code)
		}
		if r := c.login("ebok", residentLogin); r.Code != http.StatusSeeOther {
			t.Errorf("login after unlock: %d", r.Code)
		}
		// Every step is in the audit log under the account, never the typed text.
		entries, err := audit.List(context.Background(), db.Read(), f.ID, audit.Filter{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		counts := map[audit.Action]int{}
		for _, e := range entries {
			counts[e.Action]++
			for _, v := range e.Details {
				if strings.Contains(v, "złe hasło") {
					t.Errorf("a typed password reached the audit log: %+v", e)
				}
			}
		}
		if counts[audit.LoginFailure] < 5 || counts[audit.LoginLocked] < 1 || counts[audit.LoginUnlocked] != 1 || counts[audit.LoginSuccess] != 1 {
			t.Errorf("audit counts %v", counts)
		}
		if _, err := audit.Verify(context.Background(), db.Read(), db.ChainKey(), f.ID); err != nil {
			t.Errorf("audit chain: %v", err)
		}
	})
}

func TestForgottenPassword(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	c := env.client(t, "ebok.test")
	mustContain(t, c.get("/").Body, `href="/password/forgot?door=resident"`, `href="/apply/ebok"`)
	unknown := c.post("/password/forgot", url.Values{"door": {"resident"}, "login": {"nikt@example.pl"}})
	known := c.post("/password/forgot", url.Values{"door": {"resident"}, "login": {"lukasz@example.pl"}})
	strip := func(r response) string { return strings.ReplaceAll(r.Body, r.Header.Get("X-Request-ID"), "I") }
	if strip(unknown) != strip(known) || unknown.Code != known.Code {
		t.Error("the answer tells whether the e-mail is known")
	}
	m := regexp.MustCompile(`/password/reset\?token=(\S+)`).FindStringSubmatch(lastMail(t, db, "lukasz@example.pl"))
	if m == nil {
		t.Fatal("no reset link")
	}
	r := c.post("/password/reset", url.Values{"token": {m[1]}, "new": {"haslo123456"}, "repeat": {"haslo123456"}})
	mustContain(t, r.Body, "najczęściej używanych haseł")
	r = c.post("/password/reset", url.Values{"token": {m[1]}, "new": {"nowe długie hasło"}, "repeat": {"nowe długie hasło"}})
	mustContain(t, r.Body, "Hasło zmienione")
	if r := c.post("/password/reset", url.Values{"token": {m[1]}, "new": {"inne długie hasło"}, "repeat": {"inne długie hasło"}}); r.Code != http.StatusNotFound {
		t.Errorf("reset link used twice: %d", r.Code)
	}
	if r := c.post("/ebok/login", url.Values{"login": {residentLogin}, "password": {password}}); r.Code != http.StatusUnauthorized {
		t.Error("the old password works after a reset")
	}
	if r := c.post("/ebok/login", url.Values{"login": {residentLogin}, "password": {"nowe długie hasło"}}); r.Code != http.StatusSeeOther {
		t.Errorf("the new password: %d", r.Code)
	}
}

func TestThrottlePerAddress(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	c := env.client(t, "ebok.test")
	var r response
	for i := 0; i < 31; i++ {
		r = c.post("/ebok/login", url.Values{"login": {"E" + id(int64(1000000+i))}, "password": {"zgadywane"}})
	}
	mustContain(t, r.Body, "zbyt wiele nieudanych prób logowania")
	// Even the right password waits; another address is not affected.
	mustContain(t, c.post("/ebok/login", url.Values{"login": {residentLogin}, "password": {password}}).Body, "zbyt wiele")
	req := httptestPost("/ebok/login", url.Values{"login": {residentLogin}, "password": {password}})
	req.RemoteAddr = "198.51.100.7:1234"
	rec := serve(env, req)
	if rec.Code != http.StatusSeeOther {
		t.Errorf("another address: %d", rec.Code)
	}
}

func TestStaffTwoStepLogin(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	env.srv.Config.StaffTOTP = true
	addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	c := env.client(t, "ebok.test")
	c.login("staff", adminLogin)
	r := c.get("/staff")
	if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/account/2fa" {
		t.Fatalf("staff without a second factor: %d %s", r.Code, r.Header.Get("Location"))
	}
	r = c.get("/account/2fa")
	mustContain(t, r.Body, `src="data:image/png;base64,`, "Pracownicy spółdzielni logują się hasłem i kodem")
	secret := regexp.MustCompile(`<code class="secret">([A-Z2-7]+)</code>`).FindStringSubmatch(r.Body)
	if secret == nil {
		t.Fatal("no secret on the enrolment page")
	}
	mustContain(t, c.post("/account/2fa", url.Values{"secret": {secret[1]}, "code": {"000000"}}).Body, "Kod jest nieprawidłowy")
	code, err := totp.GenerateCode(secret[1], now)
	if err != nil {
		t.Fatal(err)
	}
	r = c.post("/account/2fa", url.Values{"secret": {secret[1]}, "code": {code}})
	mustContain(t, r.Body, "Kody zapasowe")
	codes := regexp.MustCompile(`<li><code>([a-z0-9-]+)</code></li>`).FindAllStringSubmatch(r.Body, -1)
	if len(codes) != 10 {
		t.Fatalf("%d recovery codes", len(codes))
	}
	if r := c.get("/staff"); r.Code != http.StatusOK {
		t.Errorf("/staff after enrolment: %d", r.Code)
	}
	// Next login: password, then the code. Without it nothing opens.
	c2 := env.client(t, "ebok.test")
	r = c2.login("staff", adminLogin)
	if r.Header.Get("Location") != "/login/2fa" {
		t.Fatalf("login with TOTP goes to %s", r.Header.Get("Location"))
	}
	if r := c2.get("/staff"); r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/staff/login" {
		t.Errorf("/staff before the code: %d %s", r.Code, r.Header.Get("Location"))
	}
	mustContain(t, c2.post("/login/2fa", url.Values{"code": {"123456"}}).Body, "Kod jest nieprawidłowy")
	saved := now
	now = now.Add(time.Minute)
	defer func() { now = saved }()
	code, _ = totp.GenerateCode(secret[1], now)
	if r := c2.post("/login/2fa", url.Values{"code": {code}}); r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/staff" {
		t.Fatalf("code: %d %s", r.Code, r.Header.Get("Location"))
	}
	if r := c2.get("/staff"); r.Code != http.StatusOK {
		t.Errorf("/staff after the code: %d", r.Code)
	}
	// A recovery code works once.
	c3 := env.client(t, "ebok.test")
	c3.login("staff", adminLogin)
	if r := c3.post("/login/2fa", url.Values{"code": {codes[0][1]}}); r.Code != http.StatusSeeOther {
		t.Errorf("recovery code: %d", r.Code)
	}
	c4 := env.client(t, "ebok.test")
	c4.login("staff", adminLogin)
	if r := c4.post("/login/2fa", url.Values{"code": {codes[0][1]}}); r.Code != http.StatusUnauthorized {
		t.Errorf("recovery code used twice: %d", r.Code)
	}
}

func TestStaffNewStartPasswordAndExtension(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		staff := env.client(t, "ebok.test")
		staff.login("staff", adminLogin)
		r := staff.get("/staff/persons/" + id(f.Husband))
		mustContain(t, r.Body, "<code>E0000001</code>", "<code>CZ-1001</code>")
		userID := regexp.MustCompile(`name="user" value="(\d+)"`).FindStringSubmatch(r.Body)
		r = staff.post("/staff/persons/"+id(f.Husband)+"/start-password", url.Values{"user": {userID[1]}, "delivery": {"email"}})
		mustContain(t, r.Body, "Dane logowania wydane", "lukasz@example.pl")
		mail := lastMail(t, db, "lukasz@example.pl")
		pw := regexp.MustCompile(`Hasło startowe: (\S+)`).FindStringSubmatch(mail)
		if pw == nil {
			t.Fatalf("no start password mailed: %q", mail)
		}
		if r := env.client(t, "ebok.test").post("/ebok/login", url.Values{"login": {"E0000001"}, "password": {pw[1]}}); r.Code != http.StatusSeeOther {
			t.Errorf("new start password: %d", r.Code)
		}
		// Another person's login cannot be reset through this person.
		other := regexp.MustCompile(`name="user" value="(\d+)"`).FindStringSubmatch(staff.get("/staff/persons/" + id(f.Other)).Body)
		if r := staff.post("/staff/persons/"+id(f.Husband)+"/start-password", url.Values{"user": {other[1]}}); r.Code != http.StatusNotFound {
			t.Errorf("reset of another person's login: %d", r.Code)
		}
		// The garage is sold: access ends, staff extend it for a month.
		exec(t, db, `UPDATE titles SET ends_on = '2026-11-15' WHERE coop_id = $1 AND premises_id = $2`, f.ID, f.Garage)
		r = staff.get("/staff/persons/" + id(f.Husband))
		mustContain(t, r.Body, "Dawne lokale", "15.11.2026")
		if r := staff.post("/staff/persons/"+id(f.Husband)+"/extend", url.Values{"premises": {id(f.Garage)}, "until": {"21.11.2028"}}); !strings.Contains(r.Body, "najwyżej o rok") {
			t.Errorf("two-year extension accepted: %d", r.Code)
		}
		if r := staff.post("/staff/persons/"+id(f.Husband)+"/extend", url.Values{"premises": {id(f.Garage)}, "until": {"21.12.2026"}}); r.Code != http.StatusSeeOther {
			t.Fatalf("extension: %d %s", r.Code, r.Body)
		}
		resident := env.client(t, "ebok.test")
		resident.post("/ebok/login", url.Values{"login": {"E0000001"}, "password": {pw[1]}})
		resident.post("/password/change", url.Values{"current": {pw[1]}, "new": {"zielony rower nad Wisłą"}, "repeat": {"zielony rower nad Wisłą"}})
		mustContain(t, resident.get("/ebok").Body, "Garaż: ul. Mickiewicza 5")
	})
}

func TestConsentAndDashboard(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		c := env.client(t, "ebok.test")
		c.login("ebok", residentLogin)
		mustContain(t, c.get("/ebok").Body, "Nie korzystasz z e-Korespondencji")
		if r := c.post("/ebok/consent", url.Values{"consent": {"grant"}}); r.Code != http.StatusSeeOther {
			t.Fatalf("grant: %d", r.Code)
		}
		mustContain(t, c.get("/ebok").Body, "Zgoda wyrażona (ostatnia zmiana: 21.11.2026 10:00)", "Wycofaj zgodę",
			"Pisma przychodzą na adres lukasz@example.pl.")
		c.post("/ebok/consent", url.Values{"consent": {"withdraw"}})
		mustContain(t, c.get("/ebok").Body, "Nie korzystasz z e-Korespondencji")
		var rows int
		if err := db.Read().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM consents WHERE coop_id = $1 AND person_id = $2 AND source = 'resident:E0000001'`, f.ID, f.Husband).Scan(&rows); err != nil || rows != 2 {
			t.Errorf("consent rows %d, %v", rows, err)
		}
		entries, err := audit.List(context.Background(), db.Read(), f.ID, audit.Filter{PersonID: f.Husband})
		if err != nil {
			t.Fatal(err)
		}
		var granted, withdrawn int
		for _, e := range entries {
			switch e.Action {
			case audit.ConsentGranted:
				granted++
			case audit.ConsentWithdrawn:
				withdrawn++
			}
		}
		if granted != 1 || withdrawn != 1 {
			t.Errorf("audit: %d grants, %d withdrawals", granted, withdrawn)
		}
		// The staff dashboard counts pending and overdue applications.
		staff := env.client(t, "ebok.test")
		staff.login("staff", adminLogin)
		fields := applicationFields()
		fields.Set("portal", "ebok")
		fields.Set("doc_kind", "id_card")
		fields.Set("doc_last3", "XYZ")
		staff.post("/staff/applications", fields)
		mustContain(t, staff.get("/staff").Body, "Wnioski o dostęp czekające na decyzję: 1.")
		saved := now
		now = now.AddDate(0, 0, 15)
		defer func() { now = saved }()
		staff.login("staff", adminLogin) // the session has long expired
		mustContain(t, staff.get("/staff").Body, "Po terminie 14 dni: 1.")
		mustContain(t, staff.get("/staff/applications").Body, `class="overdue"`, "po terminie")
	})
}
