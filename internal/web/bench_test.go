package web

// Benchmarks of the resident's ledger page on a large demo database.
//
// They are reported, not timed tests: nothing fails on a slow run. They
// need an existing demo cooperative (100,000 premises in bench/README.md)
// named by EBOK_BENCH_DB, an SQLite path or a postgres:// URL, and are
// skipped without it:
//
//	EBOK_BENCH_DB=/tmp/bench-sqlite/ebok.db go test -run=NONE -bench=Ledger ./internal/web
//
// See bench/README.md for creating the databases and for the figures.

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/app"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/config"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/demo"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
	"github.com/prometheus/client_golang/prometheus"
)

// benchResidentLogin is the demo resident with a flat, a garage and a
// parking space, each with ten years of ledger history.
const benchResidentLogin = "E0000001"

// benchEnv is a server on the benchmark database with the demo resident
// logged in.
type benchEnv struct {
	db       *store.DB
	srv      *Server
	ledger   *ledger.Service
	cookie   *http.Cookie
	session  *auth.Session
	user     auth.User
	holding  coop.Holding // the premises whose ledger is fetched
	entries  int          // ledger entries of its account, all years
	months   int          // months from its first entry to its last
	lastYear int          // the newest of them
}

// benchHost is the Host of every request; the demo database holds one
// cooperative, which every host resolves to.
const benchHost = "127.0.0.1"

func openBenchEnv(b *testing.B) *benchEnv {
	b.Helper()
	dsn := os.Getenv("EBOK_BENCH_DB")
	if dsn == "" {
		b.Skip("EBOK_BENCH_DB is not set: give an SQLite path or a postgres:// URL of a demo database (see bench/README.md)")
	}
	ctx := context.Background()
	// The benchmarks log in, which appends to the audit chain: with the
	// demo's own key (`ebok demo` created <data dir>/audit.key).
	keyFile := os.Getenv("EBOK_BENCH_AUDIT_KEY_FILE")
	if keyFile == "" && !strings.HasPrefix(dsn, "postgres") {
		keyFile = filepath.Join(filepath.Dir(dsn), "audit.key")
	}
	if keyFile == "" {
		b.Fatal("EBOK_BENCH_AUDIT_KEY_FILE is not set: name the audit.key of the data dir `ebok demo` ran with (see bench/README.md)")
	}
	key, err := os.ReadFile(keyFile)
	if err != nil {
		b.Fatal(err)
	}
	db, err := store.Open(ctx, dsn, store.Options{ChainKey: bytes.TrimSpace(key)})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	// As `ebok serve` does; nothing to do on a current demo database.
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	// As `ebok serve` does on PostgreSQL: follow ledger changes, so that a
	// kept page needs no query to know it is current.
	if db.Dialect() == store.Postgres {
		storetest.FollowLedger(b, db)
	}
	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		b.Fatal(err)
	}
	cfg.StaffTOTP = false
	cfg.DataDir, cfg.BaseURL = b.TempDir(), "http://"+benchHost
	a, err := app.New(ctx, cfg, db, slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelWarn})),
		app.Options{Hasher: auth.NewHasher(1), CacheTTL: 5 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	srv, err := New(Deps{App: a, Registry: prometheus.NewRegistry()})
	if err != nil {
		b.Fatal(err)
	}
	e := &benchEnv{db: db, srv: srv, ledger: a.Ledger}

	e.cookie = e.login(b, "/ebok/login", benchResidentLogin, demo.PasswordResident, "/ebok")
	sess, err := a.Auth.Session(ctx, e.cookie.Value)
	if err != nil {
		b.Fatal(err)
	}
	e.user, e.session = sess.User, sess

	// The resident's flat (else the first premises listed).
	holdings, err := srv.Coops.Holdings(ctx, e.user.CoopID, e.user.PersonID, srv.today())
	if err != nil {
		b.Fatal(err)
	}
	if len(holdings) == 0 {
		b.Fatalf("%s holds no premises", benchResidentLogin)
	}
	e.holding = holdings[0]
	for _, h := range holdings {
		if h.Kind == coop.Flat {
			e.holding = h
			break
		}
	}
	var first, last string
	err = db.Read().QueryRowContext(ctx, `SELECT COUNT(*), CAST(MIN(booked_on) AS TEXT), CAST(MAX(booked_on) AS TEXT) FROM ledger_entries
		WHERE coop_id = $1 AND account_id = $2`, e.user.CoopID, e.holding.AccountID).Scan(&e.entries, &first, &last)
	if err != nil {
		b.Fatal(err)
	}
	fy, fm := yearMonth(first)
	ly, lm := yearMonth(last)
	e.months, e.lastYear = (ly-fy)*12+lm-fm+1, ly
	if e.lastYear == 0 {
		b.Fatalf("account %d: no dated ledger entries", e.holding.AccountID)
	}
	b.Logf("%s on %s: premises %d (%s), account %d: %d entries over %d months, %s … %s",
		benchResidentLogin, db.Dialect(), e.holding.ID, e.holding.Kind, e.holding.AccountID, e.entries, e.months, first[:min(10, len(first))], last[:min(10, len(last))])
	return e
}

// yearMonth reads the year and month of a "YYYY-MM-DD…" text (0, 0 if
// it is not one).
func yearMonth(s string) (int, int) {
	if len(s) < 7 {
		return 0, 0
	}
	y, err1 := strconv.Atoi(s[:4])
	m, err2 := strconv.Atoi(s[5:7])
	if err1 != nil || err2 != nil {
		return 0, 0
	}
	return y, m
}

// login logs in through the form at path, as a browser would, and
// returns the session cookie; the answer must redirect to home.
func (e *benchEnv) login(b *testing.B, path, login, password, home string) *http.Cookie {
	b.Helper()
	form := url.Values{"login": {login}, "password": {password}}
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Host, req.RemoteAddr = benchHost, "127.0.0.1:40000"
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != home {
		b.Fatalf("login %s: status %d, Location %q (is EBOK_BENCH_DB a demo database?)", login, rec.Code, rec.Header().Get("Location"))
	}
	for _, ck := range rec.Result().Cookies() {
		if ck.Name == sessionCookie {
			return ck
		}
	}
	b.Fatalf("login %s set no session cookie", login)
	return nil
}

// timeGets serves path once to check it, then in the benchmark's loop,
// and reports the per-request latencies.
func (e *benchEnv) timeGets(b *testing.B, path string) {
	if rec := e.get(path); rec.Code != http.StatusOK {
		b.Fatalf("GET %s: status %d", path, rec.Code)
	}
	durations := make([]time.Duration, 0, 4096)
	for b.Loop() {
		start := time.Now()
		rec := e.get(path)
		durations = append(durations, time.Since(start))
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: status %d", path, rec.Code)
		}
	}
	reportLatencies(b, durations)
}

// get serves one GET in-process with the session cookie.
func (e *benchEnv) get(path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Host, req.RemoteAddr = benchHost, "127.0.0.1:40000"
	req.AddCookie(e.cookie)
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	return rec
}

// reportLatencies reports the median, 95th percentile and maximum of the
// per-request times.
func reportLatencies(b *testing.B, d []time.Duration) {
	if len(d) == 0 {
		return
	}
	slices.Sort(d)
	ms := func(q float64) float64 {
		return float64(d[min(len(d)-1, int(q*float64(len(d))))].Nanoseconds()) / 1e6
	}
	b.ReportMetric(ms(0.5), "median-ms")
	b.ReportMetric(ms(0.95), "p95-ms")
	b.ReportMetric(ms(1), "max-ms")
}

// BenchmarkLedgerPage serves GET /ebok/premises/{id}/ledger in-process,
// through the whole middleware chain (cooperative, session, holdings,
// ledger, template): "newest" is the page as the resident first sees it
// (the current, partial year), "full-year" the previous year's twelve
// months. The plain runs are what a resident gets looking again at a
// ledger that has not changed (the page kept, see pageCache); the
// "-rendered" runs empty the kept pages before every request, as after a
// posting to the account.
func BenchmarkLedgerPage(b *testing.B) {
	e := openBenchEnv(b)
	path := "/ebok/premises/" + strconv.FormatInt(e.holding.ID, 10) + "/ledger"
	for _, sub := range []struct {
		name, query string
		render      bool
	}{
		{"newest", "", false},
		{"full-year", "?year=" + strconv.Itoa(e.lastYear-1), false},
		{"newest-rendered", "", true},
		{"full-year-rendered", "?year=" + strconv.Itoa(e.lastYear-1), true},
	} {
		b.Run(sub.name, func(b *testing.B) {
			url := path + sub.query
			warm := e.get(url)
			if warm.Code != http.StatusOK || !strings.Contains(warm.Body.String(), "<table") {
				b.Fatalf("GET %s: status %d\n%.500s", url, warm.Code, warm.Body.String())
			}
			b.Logf("GET %s: %d bytes", url, warm.Body.Len())
			durations := make([]time.Duration, 0, 4096)
			for b.Loop() {
				if sub.render {
					e.srv.pageCache = newPageCache(48 << 20)
				}
				start := time.Now()
				rec := e.get(url)
				durations = append(durations, time.Since(start))
				if rec.Code != http.StatusOK {
					b.Fatalf("GET %s: status %d", url, rec.Code)
				}
			}
			reportLatencies(b, durations)
			b.ReportMetric(float64(warm.Body.Len()), "bytes/page")
		})
	}
}

// BenchmarkLedgerQuery is the ledger.Service.Ledger call of the page
// alone (the newest year, every kind), without HTTP, session or template.
func BenchmarkLedgerQuery(b *testing.B) {
	e := openBenchEnv(b)
	ctx := context.Background()
	durations := make([]time.Duration, 0, 4096)
	for b.Loop() {
		start := time.Now()
		v, err := e.ledger.Ledger(ctx, e.user.CoopID, e.holding.AccountID, ledger.Filter{})
		durations = append(durations, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		if len(v.Entries) == 0 {
			b.Fatal("no entries in the newest year")
		}
	}
	reportLatencies(b, durations)
}

// BenchmarkBalances is the balance of the resident's premises (what the
// premises list and overview show) alone.
func BenchmarkBalances(b *testing.B) {
	e := openBenchEnv(b)
	ctx := context.Background()
	durations := make([]time.Duration, 0, 4096)
	for b.Loop() {
		start := time.Now()
		_, err := e.ledger.Balances(ctx, e.user.CoopID, []int64{e.holding.AccountID})
		durations = append(durations, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
	}
	reportLatencies(b, durations)
}

// BenchmarkLedgerTemplate is the page's template alone: the data of the
// newest year is loaded once, then only html/template renders it.
func BenchmarkLedgerTemplate(b *testing.B) {
	e := openBenchEnv(b)
	ctx := context.Background()
	c, err := e.srv.Coops.Resolve(ctx, benchHost)
	if err != nil {
		b.Fatal(err)
	}
	st := &state{requestID: "0123456789abcdef", coop: c, session: e.session, lang: i18n.Polish}
	req := httptest.NewRequest(http.MethodGet, "/ebok/premises/"+strconv.FormatInt(e.holding.ID, 10)+"/ledger", nil)
	req = req.WithContext(withState(ctx, st))
	v, err := e.ledger.Ledger(ctx, c.ID, e.holding.AccountID, ledger.Filter{})
	if err != nil {
		b.Fatal(err)
	}
	p := ledgerPage{premisesPage: e.srv.newPremisesPage(req, "ledger.title", &e.holding, "ledger"), View: v, Kinds: ledger.Kinds}
	p.PostedAt = v.PostedAt
	p.Posting.BookedOn = e.srv.today().Format()
	t, err := e.srv.template(i18n.New().For(i18n.Polish), "premises_ledger")
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d entries, %d months: %d bytes", len(v.Entries), len(v.Months), buf.Len())
	durations := make([]time.Duration, 0, 4096)
	for b.Loop() {
		buf.Reset()
		start := time.Now()
		err := t.ExecuteTemplate(&buf, "layout.html", p)
		durations = append(durations, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
	}
	reportLatencies(b, durations)
}

// BenchmarkOverviewPage serves the resident's overview of their flat
// (GET /ebok/premises/{id}) in-process: balance, what is due, the unpaid
// debts with interest and the payment QR code. It is never kept.
func BenchmarkOverviewPage(b *testing.B) {
	e := openBenchEnv(b)
	e.timeGets(b, "/ebok/premises/"+strconv.FormatInt(e.holding.ID, 10))
}

// BenchmarkStaffOverviewPage serves GET /staff/premises/{id}/overview
// in-process as the demo's admin: what a resident's overview costs, plus
// what staff pages add (the staff layout, the holders, and the
// personal_data.read audit entry every view appends).
func BenchmarkStaffOverviewPage(b *testing.B) {
	e := openBenchEnv(b)
	e.cookie = e.login(b, "/staff/login", "admin", demo.PasswordAdmin, "/staff")
	e.timeGets(b, "/staff/premises/"+strconv.FormatInt(e.holding.ID, 10)+"/overview")
}
