package web

import (
	"net/url"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// Issue 12 §2, OWASP's device cookie: a login leaves an HttpOnly cookie
// that lasts a year; five wrong passwords from another browser lock that
// browser out, even with the right password, while the owner's browser,
// with its cookie, still logs in.
func TestDeviceCookieKeepsTheOwnerIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		owner := env.client(t, "ebok.test")
		if r := owner.login("ebok", residentLogin); r.Code != 303 || r.Header.Get("Location") != "/ebok" {
			t.Fatalf("first login: %d %s", r.Code, r.Header.Get("Location"))
		}
		dc := owner.cookies["ebok_device"]
		if dc == nil || dc.Value == "" {
			t.Fatal("no device cookie after a login")
		}
		if !dc.HttpOnly || dc.MaxAge != 365*24*60*60 || dc.Path != "/" {
			t.Errorf("device cookie HttpOnly %v, Max-Age %d, Path %q; want HttpOnly, a year, /", dc.HttpOnly, dc.MaxAge, dc.Path)
		}
		owner.post("/logout", url.Values{})

		attacker := env.client(t, "ebok.test")
		for i := 1; i <= 5; i++ {
			r := attacker.post("/ebok/login", url.Values{"login": {residentLogin}, "password": {"zgadywane-hasło"}})
			if r.Code != 401 {
				t.Fatalf("wrong password %d: %d", i, r.Code)
			}
		}
		if r := attacker.login("ebok", residentLogin); r.Code != 401 {
			t.Fatalf("right password from the locked-out browser: %d, want 401", r.Code)
		}
		if _, ok := attacker.cookies["ebok_device"]; ok {
			t.Error("a refused browser got a device cookie")
		}
		if r := owner.login("ebok", residentLogin); r.Code != 303 || r.Header.Get("Location") != "/ebok" {
			t.Fatalf("owner's browser during the lock: %d %s, want in", r.Code, r.Header.Get("Location"))
		}
		if r := owner.get("/ebok"); r.Code != 200 {
			t.Fatalf("owner's portal: %d", r.Code)
		}
	})
}
