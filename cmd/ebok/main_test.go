package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// envOf builds a getenv from pairs.
func envOf(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestVersionAndUsage(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, nil, &out, io.Discard, envOf()); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "ebok ") {
		t.Errorf("version printed %q", out.String())
	}
	var ue usageError
	for _, args := range [][]string{nil, {"frobnicate"}, {"serve", "--nope"}, {"user", "remove"}} {
		if err := run(context.Background(), args, nil, io.Discard, io.Discard, envOf()); !errors.As(err, &ue) {
			t.Errorf("run(%q) err = %v, want a usage error", args, err)
		}
	}
}

func TestBadConfigurationNamesTheSetting(t *testing.T) {
	err := run(context.Background(), []string{"migrate"}, nil, io.Discard, io.Discard,
		envOf("EBOK_DATA_DIR", t.TempDir(), "EBOK_SESSION_IDLE", "forever"))
	if err == nil || !strings.Contains(err.Error(), "EBOK_SESSION_IDLE") {
		t.Errorf("err = %v, want one naming EBOK_SESSION_IDLE", err)
	}
}

func TestMigrateBothEngines(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			var out bytes.Buffer
			err := run(context.Background(), []string{"migrate", "--database", storetest.DSN(t, d)}, nil, &out, io.Discard, envOf("EBOK_DATA_DIR", t.TempDir()))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), "up to date") {
				t.Errorf("migrate printed %q", out.String())
			}
		})
	}
}

// server runs `ebok serve` with args in the background on a free port and
// returns its base URL, its output and a stop function that returns serve's
// error.
func server(t *testing.T, env func(string) string, args ...string) (string, *syncBuffer, func() error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--listen", addr}, args...), nil, out, io.Discard, env)
	}()
	base := "http://" + addr
	deadline := time.Now().Add(120 * time.Second)
	for {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case err := <-done:
			cancel()
			t.Fatalf("serve stopped: %v\n%s", err, out.String())
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("server did not come up\n%s", out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	var once sync.Once
	var stopErr error
	stop := func() error {
		once.Do(func() {
			cancel()
			select {
			case stopErr = <-done:
			case <-time.After(30 * time.Second):
				stopErr = errors.New("serve did not stop within 30 s")
			}
		})
		return stopErr
	}
	t.Cleanup(func() { stop() })
	return base, out, stop
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

var loginLine = regexp.MustCompile(`(?m)^\s+(E-BOK panel|IKCS panel|/staff/login)\s+login (\S+)\s+password (\S+)`)

// noRedirect keeps 303s visible.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// TestServeDemoLoginsWork is what a new user does first: serve --demo on a
// fresh database, open the home page and try every printed login.
func TestServeDemoLoginsWork(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			env := envOf("EBOK_DATA_DIR", t.TempDir(), "EBOK_DATABASE_URL", storetest.DSN(t, d), "EBOK_LOG_LEVEL", "warn")
			base, out, stop := server(t, env, "--demo", "--premises", "120")
			resp, err := http.Get(base + "/")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			for _, want := range []string{`action="/ikcs/login"`, `action="/ebok/login"`} {
				if !bytes.Contains(body, []byte(want)) {
					t.Errorf("home page lacks %s", want)
				}
			}
			// Whole addresses to open, and where the e-mails go.
			for _, want := range []string{"E-BOK (residents):  " + base + "/#ebok", "IKCS (members):     " + base + "/#ikcs",
				"Staff:              " + base + "/staff/login", "E-mails are not sent (EBOK_SMTP_HOST is not set): each one is written to " + env("EBOK_DATA_DIR") + "/mail as an .eml file.",
				"No mailbox is read (EBOK_IMAP_HOST is not set): an .eml file put in " + env("EBOK_DATA_DIR") + "/mail-in is read as e-mail to the cooperative."} {
				if !strings.Contains(out.String(), want) {
					t.Errorf("serve --demo does not print %q:\n%s", want, out.String())
				}
			}
			logins := loginLine.FindAllStringSubmatch(out.String(), -1)
			if len(logins) < 4 {
				t.Fatalf("printed %d demo logins, want at least 4:\n%s", len(logins), out.String())
			}
			doors := map[string]string{"E-BOK panel": "/ebok/login", "IKCS panel": "/ikcs/login", "/staff/login": "/staff/login"}
			for _, l := range logins {
				form := url.Values{"login": {l[2]}, "password": {l[3]}}
				resp, err := noRedirect.PostForm(base+doors[l[1]], form)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusSeeOther {
					t.Errorf("demo login %s at %s: status %d, want 303", l[2], l[1], resp.StatusCode)
					continue
				}
				// Follow the redirects: staff go on to set up two-step login.
				next := resp.Header.Get("Location")
				status := 0
				for hop := 0; hop < 3 && next != ""; hop++ {
					u, err := url.Parse(next)
					if err != nil {
						t.Fatal(err)
					}
					req, _ := http.NewRequest(http.MethodGet, base+u.Path, nil)
					for _, c := range resp.Cookies() {
						req.AddCookie(c)
					}
					page, err := noRedirect.Do(req)
					if err != nil {
						t.Fatal(err)
					}
					page.Body.Close()
					status, next = page.StatusCode, page.Header.Get("Location")
				}
				if status != http.StatusOK {
					t.Errorf("demo login %s: ended with status %d", l[2], status)
				}
			}
			if err := stop(); err != nil {
				t.Errorf("serve: %v", err)
			}
			// A mail put in the mail-in folder while ebok is stopped is
			// filed at the next start and moved to mail-in/taken.
			mailIn := filepath.Join(env("EBOK_DATA_DIR"), "mail-in")
			if err := os.MkdirAll(mailIn, 0o700); err != nil {
				t.Fatal(err)
			}
			reply := "From: obcy@example.com\r\nSubject: Pytanie\r\nMessage-ID: <q-1@example.com>\r\n\r\nDzień dobry.\r\n"
			if err := os.WriteFile(filepath.Join(mailIn, "pytanie.eml"), []byte(reply), 0o600); err != nil {
				t.Fatal(err)
			}
			old := time.Now().Add(-time.Minute)
			if err := os.Chtimes(filepath.Join(mailIn, "pytanie.eml"), old, old); err != nil {
				t.Fatal(err)
			}
			// A second start on the same database adds nothing and prints the logins again.
			_, out2, stop2 := server(t, env, "--demo", "--premises", "120")
			if got := loginLine.FindAllStringSubmatch(out2.String(), -1); len(got) != len(logins) {
				t.Errorf("second start printed %d logins, want %d:\n%s", len(got), len(logins), out2.String())
			}
			taken, _ := filepath.Glob(filepath.Join(mailIn, "taken", "*-pytanie.eml"))
			for wait := 0; len(taken) == 0 && wait < 100; wait++ {
				time.Sleep(100 * time.Millisecond)
				taken, _ = filepath.Glob(filepath.Join(mailIn, "taken", "*-pytanie.eml"))
			}
			if len(taken) != 1 {
				t.Errorf("the mail in %s was not taken within 10 s", mailIn)
			}
			if err := stop2(); err != nil {
				t.Errorf("serve: %v", err)
			}
		})
	}
}

// TestGracefulShutdownFinishesRequests sends half a request, stops the
// server, sends the rest and expects a whole answer.
func TestGracefulShutdownFinishesRequests(t *testing.T) {
	env := envOf("EBOK_DATA_DIR", t.TempDir(), "EBOK_LOG_LEVEL", "warn")
	base, _, stop := server(t, env, "--demo", "--premises", "60")
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := "login=nobody&password=wrong-password"
	fmt.Fprintf(conn, "POST /ebok/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nSec-Fetch-Site: same-origin\r\nContent-Length: %d\r\n\r\n%s", len(body), body[:10])
	time.Sleep(200 * time.Millisecond) // the server is now reading the body
	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	time.Sleep(300 * time.Millisecond) // shutdown has begun and waits for us
	if _, err := conn.Write([]byte(body[10:])); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("in-flight request got no answer: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("in-flight login answered %d, want 401", resp.StatusCode)
	}
	if err := <-stopped; err != nil {
		t.Errorf("serve returned %v after shutdown", err)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("server still accepts connections after shutdown")
	}
}

func TestUserAdd(t *testing.T) {
	dir := t.TempDir()
	env := envOf("EBOK_DATA_DIR", dir, "EBOK_LOG_LEVEL", "warn")
	ctx := context.Background()
	if err := run(ctx, []string{"demo", "--premises", "60"}, nil, io.Discard, io.Discard, env); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := run(ctx, []string{"user", "add", "--login", "ksiegowa", "--name", "Anna Księgowa", "--role", "finance"},
		strings.NewReader("bardzo-tajne-hasło\n"), &out, io.Discard, env)
	if err != nil {
		t.Fatal(err)
	}
	err = run(ctx, []string{"user", "add", "--login", "KSIEGOWA", "--name", "x", "--role", "finance"},
		strings.NewReader("bardzo-tajne-hasło\n"), io.Discard, io.Discard, env)
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("duplicate login: %v", err)
	}
	out.Reset()
	if err := run(ctx, []string{"user", "add", "--login", "rada", "--name", "Rada", "--role", "board", "--generate"}, nil, &out, io.Discard, env); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`password: (\S+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no generated password in %q", out.String())
	}
	base, _, _ := server(t, env)
	for login, pw := range map[string]string{"ksiegowa": "bardzo-tajne-hasło", "rada": m[1]} {
		resp, err := noRedirect.PostForm(base+"/staff/login", url.Values{"login": {login}, "password": {pw}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("login %s: %d", login, resp.StatusCode)
		}
	}
}

// An administrator who follows README on a fresh server (build, migrate,
// serve without --demo) gets 404 at / and /staff/login, as there is no
// cooperative yet; serve says so at start, and what to do, instead of
// leaving only the 404 pages to wonder at.
func TestServeOnAnEmptyDatabaseSaysThereIsNoCooperative(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			env := envOf("EBOK_DATA_DIR", t.TempDir(), "EBOK_DATABASE_URL", storetest.DSN(t, d), "EBOK_LOG_LEVEL", "warn")
			base, out, stop := server(t, env)
			for _, path := range []string{"/", "/staff/login"} {
				resp, err := http.Get(base + path)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusNotFound {
					t.Errorf("GET %s: %d, want 404 with no cooperative", path, resp.StatusCode)
				}
			}
			if err := stop(); err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"no cooperative", "404", "ebok serve --demo", "README.md"} {
				if !strings.Contains(out.String(), want) {
					t.Errorf("serve on an empty database does not print %q:\n%s", want, out.String())
				}
			}
		})
	}
	// With a cooperative there, nothing of the kind is printed.
	env := envOf("EBOK_DATA_DIR", t.TempDir(), "EBOK_LOG_LEVEL", "warn")
	if err := run(context.Background(), []string{"demo", "--premises", "60"}, nil, io.Discard, io.Discard, env); err != nil {
		t.Fatal(err)
	}
	_, out, stop := server(t, env)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "no cooperative") {
		t.Errorf("serve with a cooperative prints:\n%s", out.String())
	}
}

// A misspelt setting is named at start, once, with where the right names
// are; the settings ebok reads are not.
func TestWarnUnknownSettings(t *testing.T) {
	var b bytes.Buffer
	warnUnknownSettings(&b, []string{"HOME=/root", "EBOK_SMTP_HOST=smtp.example.pl", "EBOK_SMTP_PASS=x", "EBOK_DATA_DIR=/var/lib/ebok"})
	want := "ebok: warning: EBOK_SMTP_PASS is not a setting ebok reads (misspelt? every setting is in README.md, Configuration); it is ignored\n"
	if b.String() != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", b.String(), want)
	}
}
