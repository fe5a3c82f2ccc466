package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// TestLoginLimitsBehindTheProxy: behind the provider's proxy, failed
// logins count against the client the proxy saw, across all the
// provider's cooperatives: after 30 failures in 10 minutes its 31st
// attempt is refused even with a right password, whatever it writes at the
// left of X-Forwarded-For, while another client through the same proxy
// logs in. A peer that is no proxy cannot pin its failures on someone
// else by sending X-Forwarded-For. Five wrong passwords lock one account
// of one cooperative, not the same login of another.
func TestLoginLimitsBehindTheProxy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		env.srv.Config.TrustedProxies = testProxies
		addCoop(t, env, "a", "a.test", "Kowalski", "Nowak", 0)
		addCoop(t, env, "b", "b.test", "Wiśniewski", "Zieliński", 100)
		login := func(peer, xff, host, login, pass string) response {
			t.Helper()
			c := env.client(t, host)
			req := httptestPost("/ebok/login", url.Values{"login": {login}, "password": {pass}})
			req.Host = host
			if xff != "" {
				req.Header.Set("X-Forwarded-For", xff)
			}
			rec := httptest.NewRecorder()
			req.RemoteAddr = peer
			c.srv.ServeHTTP(rec, req)
			return response{Code: rec.Code, Header: rec.Header(), Body: rec.Body.String()}
		}
		loggedIn := func(r response) bool { return r.Code == http.StatusSeeOther && r.Header.Get("Location") == "/ebok" }
		const proxy = "10.0.0.2:4444"
		hosts := []string{"a.test", "b.test"}
		for i := 1; i <= 30; i++ {
			// A different spoofed address at the left each time, and
			// logins that do not exist, so no account locks.
			xff := fmt.Sprintf("203.0.113.%d, 198.51.100.7", i)
			if r := login(proxy, xff, hosts[i%2], fmt.Sprintf("E99%05d", i), "złe hasło"); r.Code != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d", i, r.Code)
			}
		}
		r := login(proxy, "203.0.113.200, 198.51.100.7", "a.test", "E0000003", password)
		if loggedIn(r) {
			t.Fatal("the 31st attempt of a throttled client logged in")
		}
		mustContain(t, r.Body, "zbyt wiele nieudanych prób logowania")
		if r := login(proxy, "198.51.100.8", "b.test", residentLogin, password); !loggedIn(r) {
			t.Errorf("another client through the same proxy: %d %s", r.Code, r.Header.Get("Location"))
		}
		// A stranger sending X-Forwarded-For is counted as itself.
		for i := 1; i <= 30; i++ {
			login("192.0.2.77:5555", "198.51.100.9", "a.test", fmt.Sprintf("E98%05d", i), "złe hasło")
		}
		if r := login(proxy, "198.51.100.9", "a.test", residentLogin, password); !loggedIn(r) {
			t.Errorf("a client a stranger named in X-Forwarded-For: %d, want logged in", r.Code)
		}
		if r := login("192.0.2.77:5555", "198.51.100.10", "a.test", residentLogin, password); loggedIn(r) {
			t.Error("a stranger escaped its own throttle by naming another address")
		}
		// Five wrong passwords for a's E0000001, from five clients.
		for i := 1; i <= 5; i++ {
			login(proxy, fmt.Sprintf("198.51.100.%d", 20+i), "a.test", residentLogin, "złe hasło")
		}
		if r := login(proxy, "198.51.100.30", "a.test", residentLogin, password); loggedIn(r) {
			t.Error("a's account logged in after five wrong passwords")
		}
		if r := login(proxy, "198.51.100.30", "b.test", residentLogin, password); !loggedIn(r) {
			t.Errorf("b's E0000001 after a's was locked: %d, want logged in", r.Code)
		}
	})
}
