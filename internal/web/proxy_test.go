package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

var testProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("127.0.0.1/32")}

// Forwarding headers count only from a trusted proxy, and then only the
// right-most address that is not a proxy: whatever a client writes to the
// left is ignored.
func TestRealClient(t *testing.T) {
	for _, c := range []struct {
		name, peer, xff, fwd, proto string
		wantIP                      string
		wantHTTPS                   bool
	}{
		{"no proxy, spoofed XFF", "203.0.113.5:1000", "198.51.100.1", "", "https", "203.0.113.5", false},
		{"no proxy, spoofed Forwarded", "203.0.113.5:1000", "", "for=198.51.100.1;proto=https", "", "203.0.113.5", false},
		{"proxy, one hop", "10.0.0.2:1000", "198.51.100.1", "", "https", "198.51.100.1", true},
		{"proxy, client prepends a lie", "10.0.0.2:1000", "1.2.3.4, 198.51.100.1", "", "http", "198.51.100.1", false},
		{"two proxies", "127.0.0.1:1000", "198.51.100.1, 10.0.0.3", "", "https", "198.51.100.1", true},
		{"client claims to be a proxy", "10.0.0.2:1000", "10.9.9.9", "", "", "10.9.9.9", false},
		{"proxy without header", "10.0.0.2:1000", "", "", "", "10.0.0.2", false},
		{"garbage hop", "10.0.0.2:1000", "nonsense", "", "", "10.0.0.2", false},
		{"hop with port", "10.0.0.2:1000", "198.51.100.1:4711", "", "", "198.51.100.1", false},
		{"IPv6 hop", "10.0.0.2:1000", "2001:db8::1", "", "", "2001:db8::1", false},
		{"Forwarded", "10.0.0.2:1000", "", `for=1.2.3.4, for="[2001:db8::7]:4711";proto=https`, "", "2001:db8::7", true},
		{"XFF wins over a client's Forwarded", "10.0.0.2:1000", "198.51.100.1", "for=1.2.3.4", "", "198.51.100.1", false},
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = c.peer
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if c.fwd != "" {
			r.Header.Set("Forwarded", c.fwd)
		}
		if c.proto != "" {
			r.Header.Set("X-Forwarded-Proto", c.proto)
		}
		ip, https := realClient(r, testProxies)
		if ip != c.wantIP || https != c.wantHTTPS {
			t.Errorf("%s: %s https=%v, want %s https=%v", c.name, ip, https, c.wantIP, c.wantHTTPS)
		}
	}
}

func FuzzRealClient(f *testing.F) {
	f.Add("10.0.0.2:1", "1.2.3.4, 10.0.0.3", `for="[::1]:80";proto=https`, "https")
	f.Add("203.0.113.5:1", "", "", "")
	f.Fuzz(func(t *testing.T, peer, xff, fwd, proto string) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = peer
		r.Header.Set("X-Forwarded-For", xff)
		r.Header.Set("Forwarded", fwd)
		r.Header.Set("X-Forwarded-Proto", proto)
		ip, _ := realClient(r, testProxies)
		if ip == peer {
			return
		}
		if _, err := netip.ParseAddr(ip); err != nil {
			t.Errorf("client %q is neither the peer %q nor an address", ip, peer)
		}
		if p, ok := peerAddr(peer); ok && !isTrusted(p, testProxies) && ip != p.String() {
			t.Errorf("untrusted peer %q, yet client %q", peer, ip)
		}
	})
}

// Behind a proxy the audit log records the forwarded client, and a client
// that is not a proxy cannot choose the address recorded (nor, therefore,
// the address its failed logins count against).
func TestAuditRecordsForwardedClientOnlyFromProxies(t *testing.T) {
	env := newEnv(t, storetest.Open(t, store.SQLite))
	addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	env.srv.Config.TrustedProxies = testProxies
	env.srv.Config.MetricsToken = "sekret"
	login := func(peer, xff string) string {
		t.Helper()
		req := httptestPost("/ebok/login", urlValues("login", residentLogin, "password", "zupełnie złe"))
		req.RemoteAddr = peer
		req.Header.Set("X-Forwarded-For", xff)
		serve(env, req)
		var ip string
		if err := env.db.Read().QueryRowContext(context.Background(),
			`SELECT ip FROM audit_log WHERE action = 'login.failure' ORDER BY id DESC LIMIT 1`).Scan(&ip); err != nil {
			t.Fatal(err)
		}
		return ip
	}
	if ip := login("10.0.0.2:1234", "6.6.6.6, 198.51.100.77"); ip != "198.51.100.77" {
		t.Errorf("through the proxy: audit records %s, want 198.51.100.77", ip)
	}
	if ip := login("203.0.113.9:1234", "198.51.100.77"); ip != "203.0.113.9" {
		t.Errorf("spoofed header from a stranger: audit records %s, want the peer 203.0.113.9", ip)
	}
}

// With trusted proxies, /metrics needs the token even from loopback (the
// proxy is there); HSTS follows X-Forwarded-Proto from a proxy.
func TestMetricsBehindProxyNeedTheToken(t *testing.T) {
	env := newEnv(t, storetest.Open(t, store.SQLite))
	addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	env.srv.Config.TrustedProxies = testProxies
	metrics := func(token string) int {
		req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
		req.RemoteAddr = "127.0.0.1:1234"
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		return serve(env, req).Code
	}
	if code := metrics(""); code != http.StatusForbidden {
		t.Errorf("metrics from loopback behind a proxy without a token configured: %d, want 403", code)
	}
	env.srv.Config.MetricsToken = "sekret"
	if code := metrics(""); code != http.StatusForbidden {
		t.Errorf("metrics from loopback without the token: %d, want 403", code)
	}
	if code := metrics("sekret"); code != http.StatusOK {
		t.Errorf("metrics with the token: %d, want 200", code)
	}
	hsts := func(peer string) string {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Host, req.RemoteAddr = "ebok.test", peer
		req.Header.Set("X-Forwarded-Proto", "https")
		return serve(env, req).Header().Get("Strict-Transport-Security")
	}
	if h := hsts("10.0.0.2:1"); h == "" {
		t.Error("no HSTS through an HTTPS proxy")
	}
	if h := hsts("203.0.113.9:1"); h != "" {
		t.Errorf("HSTS %q for a stranger's X-Forwarded-Proto", h)
	}
}
