package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// TestEveryPostRefusesOtherSites: every POST the server serves, sent by a
// logged-in browser from another site, from a sibling cooperative's
// subdomain of the same provider (same-site, which SameSite=Lax cookies do
// not stop) or, by an older browser, with only an Origin of another
// cooperative's host, is refused with 403 before its handler runs, and
// changes nothing.
func TestEveryPostRefusesOtherSites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		a := addCoop(t, env, "a", "a.coop.example", "Kowalski", "Nowak", 0)
		addCoop(t, env, "b", "b.coop.example", "Wiśniewski", "Zieliński", 100)
		ids := seedModules(t, env, a)
		cs := map[string]*client{"anonymous": env.client(t, "a.coop.example")}
		for name, door := range map[string][2]string{"admin": {"staff", adminLogin}, "resident": {"ebok", residentLogin}, "member": {"ikcs", memberLogin}} {
			cs[name] = env.client(t, "a.coop.example")
			if r := cs[name].login(door[0], door[1]); r.Code != http.StatusSeeOther {
				t.Fatalf("login %s: %d", name, r.Code)
			}
		}
		before := coopRows(t, db, a.ID)
		tried := 0
		for _, rt := range env.srv.routes() {
			method, path, _ := strings.Cut(rt.pattern, " ")
			if method != http.MethodPost {
				continue
			}
			for _, p := range pathParam.FindAllString(path, -1) {
				name := strings.Trim(p, "{}")
				v, ok := boundaryParam(rt.pattern, name, ids)
				if !ok {
					v, ok = boundaryWords[name]
				}
				if !ok {
					v = "ebok"
				}
				path = strings.Replace(path, p, v, 1)
			}
			c := boundaryClient(rt.pattern, cs)
			for _, h := range []map[string]string{
				{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
				{"Sec-Fetch-Site": "same-site", "Origin": "http://b.coop.example"},
				{"Origin": "http://b.coop.example"},
			} {
				req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(boundaryForm.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				for k, v := range h {
					req.Header.Set(k, v)
				}
				r := c.do(req)
				tried++
				if r.Code != http.StatusForbidden {
					t.Errorf("POST %s %v: %d %s, want 403", path, h, r.Code, r.Header.Get("Location"))
				}
			}
		}
		if tried < 3*60 {
			t.Errorf("only %d requests tried: the sweep lost its routes", tried)
		}
		if changed := changedTables(before, coopRows(t, db, a.ID)); len(changed) > 0 {
			t.Errorf("requests from other sites changed %v", changed)
		}
		// The same form from the cooperative's own pages goes through.
		if r := cs["admin"].post("/staff/copies/"+id(ids["copyreq"]), urlValues("status", "in_progress", "note", "W toku")); r.Code != http.StatusSeeOther {
			t.Errorf("same-origin POST: %d, want 303", r.Code)
		}
	})
}

// TestCookiesOfAnHTTPSSiteAreSecureAndHostOnly: with an https base URL,
// every cookie a login and a language change set is Secure, HttpOnly and
// SameSite, for the whole site and without a Domain, so that no cooperative
// of the provider reads another's (host-only cookies stay on a.… when b.…
// is a sibling subdomain).
func TestCookiesOfAnHTTPSSiteAreSecureAndHostOnly(t *testing.T) {
	env := newEnv(t, storetest.Open(t, store.SQLite))
	env.srv.Config.StaffTOTP = true
	env.srv.Config.CookieSecure = true
	addCoop(t, env, "a", "a.coop.example", "Kowalski", "Nowak", 0)
	var set []*http.Cookie
	send := func(path string, form url.Values) *httptest.ResponseRecorder {
		req := httptestPost(path, form)
		req.Host = "a.coop.example"
		rec := serve(env, req)
		set = append(set, rec.Result().Cookies()...)
		return rec
	}
	if rec := send("/ebok/login", urlValues("login", residentLogin, "password", password, "remember", "yes")); rec.Code != http.StatusSeeOther {
		t.Fatalf("resident login: %d", rec.Code)
	}
	if rec := send("/staff/login", urlValues("login", adminLogin, "password", password, "remember", "yes")); rec.Code != http.StatusSeeOther {
		t.Fatalf("staff login: %d", rec.Code)
	}
	send("/lang", urlValues("lang", "en", "back", "/"))
	names := map[string]bool{}
	for _, c := range set {
		names[c.Name] = true
		if !c.Secure || !c.HttpOnly || c.SameSite == http.SameSiteDefaultMode || c.SameSite == http.SameSiteNoneMode || c.Domain != "" {
			t.Errorf("cookie %s: Secure %v, HttpOnly %v, SameSite %v, Domain %q", c.Name, c.Secure, c.HttpOnly, c.SameSite, c.Domain)
		}
		if c.Name == sessionCookie && c.Path != "/" {
			t.Errorf("session cookie path %q", c.Path)
		}
	}
	if !names[sessionCookie] || !names[langCookie] || !names[deviceCookie] {
		t.Errorf("cookies set: %v; want the session, the device and the language at least", names)
	}
}
