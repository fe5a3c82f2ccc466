package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// auditHandler serves the server's routes, and one that audits a person
// view, through the middleware that matters here.
func auditHandler(env *testEnv) http.Handler {
	s := env.srv
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(rt.pattern, s.guard(rt.policy, s.handle(rt.handler)))
	}
	mux.Handle("GET /test/view/{id}", s.guard(AnyStaff, func(w http.ResponseWriter, r *http.Request) {
		id, _ := pathID(r, "id")
		if err := s.auditView(r, id); err != nil {
			s.fail(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	mux.Handle("/", http.HandlerFunc(s.notFound))
	return s.withRequestID(s.securityHeaders(s.loadState(mux)))
}

// sessionOf logs a user in through the auth service, not the login page,
// so that no login rows of its own reach the audit log, and returns a
// client holding the session.
func sessionOf(t *testing.T, env *testEnv, h http.Handler, host string, coopID int64, kind auth.Kind, login string) *client {
	t.Helper()
	res, err := env.auth.LoginAttempt(context.Background(), coopID, kind, login, password, "192.0.2.10", "test")
	if err != nil {
		t.Fatalf("login %s: %v", login, err)
	}
	c := &client{t: t, srv: h, host: host, cookies: map[string]*http.Cookie{}}
	c.cookies[sessionCookie] = &http.Cookie{Name: sessionCookie, Value: res.Token}
	return c
}

// userID finds a login's user id.
func userID(t *testing.T, db *store.DB, coopID int64, login string) int64 {
	t.Helper()
	var id int64
	err := db.Read().QueryRowContext(context.Background(),
		`SELECT id FROM users WHERE coop_id = $1 AND lower(login) = lower($2)`, coopID, login).Scan(&id)
	if err != nil {
		t.Fatalf("user %s: %v", login, err)
	}
	return id
}

// appendAudit appends entries in one transaction.
func appendAudit(t *testing.T, db *store.DB, entries ...audit.Entry) {
	t.Helper()
	ctx := context.Background()
	err := db.InTx(ctx, func(tx *store.Tx) error {
		for _, e := range entries {
			if err := audit.Append(ctx, tx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("append: %v", err)
	}
}

var seqRow = regexp.MustCompile(`<tr id="seq-(\d+)"`)

// shownSeqs lists the entries a page of the browser shows, in order.
func shownSeqs(body string) string {
	var out []string
	for _, m := range seqRow.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return strings.Join(out, ",")
}

// auditFixture is two cooperatives with a few entries in each.
type auditFixture struct {
	env      *testEnv
	h        http.Handler
	a, b     fixtureCoop
	adminA   int64
	adminB   int64
	resident int64
}

func newAuditFixture(t *testing.T, db *store.DB) auditFixture {
	t.Helper()
	env := newEnv(t, db)
	f := auditFixture{env: env, h: auditHandler(env)}
	f.a = addCoop(t, env, "a", "a.test", "Kowalski", "Nowak", 0)
	f.b = addCoop(t, env, "b", "b.test", "Wiśniewski", "Zieliński", 100)
	f.adminA, f.adminB = userID(t, db, f.a.ID, adminLogin), userID(t, db, f.b.ID, adminLogin)
	f.resident = userID(t, db, f.a.ID, residentLogin)
	day := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, time.UTC) }
	appendAudit(t, db,
		audit.Entry{CoopID: f.a.ID, At: day(18, 10, 0), ActorID: f.resident, Actor: "resident:" + residentLogin,
			Action: audit.LoginSuccess, Subject: fmt.Sprintf("user:%d", f.resident), IP: "198.51.100.1"},
		// 23:30 UTC is already 20.11 in Warsaw.
		audit.Entry{CoopID: f.a.ID, At: day(19, 23, 30), ActorID: f.adminA, Actor: "staff:admin",
			Action: audit.PersonViewed, Subject: fmt.Sprintf("person:%d", f.a.Husband), PersonID: f.a.Husband, IP: "198.51.100.2"},
		audit.Entry{CoopID: f.a.ID, At: day(21, 8, 0), ActorID: f.adminA, Actor: "staff:admin",
			Action: audit.ApplicationRejected, Subject: "application:7", PersonID: f.a.Other, IP: "198.51.100.3",
			Details: map[string]string{"reason": "brak tytułu", "item": "title"}},
		audit.Entry{CoopID: f.b.ID, At: day(20, 12, 0), ActorID: f.adminB, Actor: "staff:admin",
			Action: audit.PersonViewed, Subject: fmt.Sprintf("person:%d", f.b.Husband), PersonID: f.b.Husband,
			IP: "203.0.113.99", Details: map[string]string{"marker": "coop-b"}},
	)
	return f
}

func TestStaffAuditShowsTheCooperativesEntries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newAuditFixture(t, db)
		warsaw, err := time.LoadLocation("Europe/Warsaw")
		if err != nil {
			t.Fatal(err)
		}
		f.env.srv.Config.TimeZone = warsaw
		r := sessionOf(t, f.env, f.h, "a.test", f.a.ID, auth.Staff, adminLogin).get("/staff/audit")
		if r.Code != http.StatusOK {
			t.Fatalf("/staff/audit: %d\n%s", r.Code, r.Body)
		}
		if got := shownSeqs(r.Body); got != "3,2,1" {
			t.Errorf("rows %s, want 3,2,1 (newest first)", got)
		}
		mustContain(t, r.Body, "Dziennik zdarzeń", "Łańcuch wpisów jest nienaruszony (liczba wpisów: 3).",
			"Logowanie udane", "Podgląd danych osoby", "Odrzucenie wniosku",
			"18.11.2026 11:00:00", "20.11.2026 00:30:00", // CET, an hour ahead of UTC
			"resident:E0000001", "staff:admin", "application:7", "198.51.100.3",
			fmt.Sprintf(`href="/staff/persons/%d"`, f.a.Husband),
			"item=title, reason=brak tytułu",
			`<option value="person.viewed">Podgląd danych osoby</option>`)
		mustNotContain(t, r.Body, "203.0.113.99", "coop-b", ">Starsze wpisy<", ">Najnowsze wpisy<")
		// Each entry reads as a sentence; the stored keys wait in <details>.
		sentences := auditSentences(r.Body)
		if len(sentences) != 3 {
			t.Fatalf("sentences %q, want 3", sentences)
		}
		for i, want := range []string{"odrzucenie wniosku nr 7 – „brak tytułu”", "wgląd w dane osobowe (", "Udane logowanie na konto " + residentLogin + " ("} {
			if !strings.Contains(sentences[i], want) {
				t.Errorf("sentence %d %q, want it to say %q", i, sentences[i], want)
			}
			for _, raw := range []string{"=", "staff:", "resident:", "application:", "person:", "user:", "anonymous"} {
				if strings.Contains(sentences[i], raw) {
					t.Errorf("sentence %d %q carries the raw %q", i, sentences[i], raw)
				}
			}
		}
		mustContain(t, r.Body, "<summary>Szczegóły techniczne</summary>")

		// The other cooperative's board sees its own entry only.
		r = sessionOf(t, f.env, f.h, "b.test", f.b.ID, auth.Staff, adminLogin).get("/staff/audit")
		if got := shownSeqs(r.Body); got != "1" {
			t.Errorf("cooperative b rows %s, want 1", got)
		}
		mustContain(t, r.Body, "203.0.113.99", "marker=coop-b", "(liczba wpisów: 1)")
		mustNotContain(t, r.Body, "198.51.100.")
	})
}

func TestStaffAuditFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newAuditFixture(t, db)
		staff := sessionOf(t, f.env, f.h, "a.test", f.a.ID, auth.Staff, adminLogin)
		tests := []struct {
			query string
			want  string // seqs shown
		}{
			{"action=login.success", "1"},
			{"action=application.rejected", "3"},
			{"action=consent.granted", ""},
			{"actor=admin", "3,2"},
			{"actor=e0000001", "1"},
			{fmt.Sprintf("actor=%d", f.resident), "1"},
			{fmt.Sprintf("person=%d", f.a.Husband), "2"},
			{"subject=application:7", "3"},
			{"subject=application", ""},
			{"from=20.11.2026", "3"}, // in UTC, as the test config has it: 19.11 23:30 is before
			{"from=19.11.2026", "3,2"},
			{"to=2026-11-19", "2,1"},
			{"from=19.11.2026&to=19.11.2026", "2"},
			{"actor=admin&action=person.viewed", "2"},
			// Ids of the other cooperative find nothing here.
			{fmt.Sprintf("actor=%d", f.adminB), ""},
			{fmt.Sprintf("person=%d", f.b.Husband), ""},
			{fmt.Sprintf("subject=person:%d", f.b.Husband), ""},
		}
		for _, tt := range tests {
			r := staff.get("/staff/audit?" + tt.query)
			if r.Code != http.StatusOK {
				t.Errorf("%s: %d", tt.query, r.Code)
				continue
			}
			if got := shownSeqs(r.Body); got != tt.want {
				t.Errorf("%s: rows %q, want %q", tt.query, got, tt.want)
			}
			if tt.want == "" {
				mustContain(t, r.Body, "Brak wpisów spełniających te warunki.")
			}
			mustNotContain(t, r.Body, "203.0.113.99")
		}
	})
}

func TestStaffAuditRefusesBadFilters(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	f := newAuditFixture(t, db)
	staff := sessionOf(t, f.env, f.h, "a.test", f.a.ID, auth.Staff, adminLogin)
	tests := []struct{ query, field, message string }{
		{"action=login.sucess", "action", "Wybierz czynność z listy."},
		{"actor=nikt", "actor", "W tej spółdzielni nie ma użytkownika o takim loginie ani numerze."},
		{"actor=-3", "actor", "W tej spółdzielni nie ma użytkownika"},
		{"person=abc", "person", "Wpisz numer osoby samymi cyframi"},
		{"person=0", "person", "Wpisz numer osoby samymi cyframi"},
		{"from=31.02.2026", "from", "Wpisz datę w formacie 21.11.2026."},
		{"to=jutro", "to", "Wpisz datę w formacie 21.11.2026."},
		{"from=21.11.2026&to=20.11.2026", "to", "nie może być późniejsza"},
	}
	for _, tt := range tests {
		r := staff.get("/staff/audit?" + tt.query)
		if r.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", tt.query, r.Code)
		}
		mustContain(t, r.Body, `class="error-summary"`, `href="#f-`+tt.field+`"`, `id="f-`+tt.field+`-error"`,
			`aria-invalid="true"`, html.EscapeString(tt.message))
		if got := shownSeqs(r.Body); got != "" {
			t.Errorf("%s: rows %s shown beside an error", tt.query, got)
		}
	}
	// What was typed stays in the form.
	r := staff.get("/staff/audit?actor=nikt&subject=application:7")
	mustContain(t, r.Body, `value="nikt"`, `value="application:7"`)
}

func TestStaffAuditPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		h := auditHandler(env)
		a := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		entries := make([]audit.Entry, 250)
		for i := range entries {
			action := audit.LoginFailure
			if i%2 == 1 {
				action = audit.Logout
			}
			entries[i] = audit.Entry{CoopID: a.ID, At: now.Add(time.Duration(i) * time.Minute), Actor: audit.ActorAnonymous,
				Action: action, Subject: "login"}
		}
		appendAudit(t, db, entries...)
		staff := sessionOf(t, env, h, "ebok.test", a.ID, auth.Staff, adminLogin)
		older := regexp.MustCompile(`href="([^"]*)">Starsze wpisy`)
		newest := regexp.MustCompile(`href="([^"]*)">Najnowsze wpisy`)

		// All entries: 100, 100, 50.
		path := "/staff/audit"
		for page, want := range []struct{ first, last string }{{"250", "151"}, {"150", "51"}, {"50", "1"}} {
			r := staff.get(path)
			seqs := strings.Split(shownSeqs(r.Body), ",")
			if seqs[0] != want.first || seqs[len(seqs)-1] != want.last {
				t.Fatalf("page %d (%s): rows %s…%s, want %s…%s", page+1, path, seqs[0], seqs[len(seqs)-1], want.first, want.last)
			}
			if (page > 0) != newest.MatchString(r.Body) {
				t.Errorf("page %d: link to the newest entries shown = %v", page+1, page == 0)
			}
			m := older.FindStringSubmatch(r.Body)
			if page == 2 {
				if m != nil {
					t.Errorf("last page links to %s", m[1])
				}
				break
			}
			if m == nil {
				t.Fatalf("page %d has no link to older entries", page+1)
			}
			path = html.UnescapeString(m[1])
		}

		// The next page keeps the filters.
		r := staff.get("/staff/audit?action=logout")
		m := older.FindStringSubmatch(r.Body)
		if m == nil {
			t.Fatal("no link to older logouts")
		}
		next, err := url.Parse(html.UnescapeString(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		if q := next.Query(); q.Get("action") != "logout" || q.Get("before") != "52" {
			t.Errorf("older link %s, want action=logout and before=52", m[1])
		}
		seqs := strings.Split(shownSeqs(staff.get(next.String()).Body), ",")
		if len(seqs) != 25 || seqs[0] != "50" || seqs[24] != "2" {
			t.Errorf("second page of logouts: %v", seqs)
		}
	})
}

func TestStaffAuditIsForTheBoardOnly(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	h := auditHandler(env)
	a := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	for login, role := range map[string]string{"zarzad": "board", "czlonkowie": "membership", "finanse": "finance"} {
		if _, err := env.auth.CreateUser(context.Background(), authUser(a.ID, login, role)); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		kind  auth.Kind
		login string
		want  int
	}{
		{auth.Staff, adminLogin, http.StatusOK},
		{auth.Staff, "zarzad", http.StatusOK},
		{auth.Staff, estateLogin, http.StatusForbidden},
		{auth.Staff, "czlonkowie", http.StatusForbidden},
		{auth.Staff, "finanse", http.StatusForbidden},
		{auth.Resident, residentLogin, http.StatusForbidden},
		{auth.Member, memberLogin, http.StatusForbidden},
	}
	for _, tt := range tests {
		r := sessionOf(t, env, h, "ebok.test", a.ID, tt.kind, tt.login).get("/staff/audit")
		if r.Code != tt.want {
			t.Errorf("%s: %d, want %d", tt.login, r.Code, tt.want)
		}
	}
	anon := &client{t: t, srv: h, host: "ebok.test", cookies: map[string]*http.Cookie{}}
	if r := anon.get("/staff/audit"); r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/staff/login" {
		t.Errorf("anonymous: %d to %s, want the staff login", r.Code, r.Header.Get("Location"))
	}
}

func TestStaffAuditShowsABrokenChain(t *testing.T) {
	tests := []struct {
		name    string
		tamper  string
		message string
		row     bool // whether the broken row is marked in the table
	}{
		{"details changed", `UPDATE audit_log SET details = '{"i":"x"}' WHERE coop_id = $1 AND seq = 3`,
			"Łańcuch wpisów jest naruszony: wpis nr 3 (identyfikator %d) nie zgadza się z tym, co zapisano. Wcześniejsze wpisy (2)", true},
		{"last row deleted", `DELETE FROM audit_log WHERE coop_id = $1 AND seq = 5`,
			"Łańcuch wpisów jest naruszony: brakuje wpisu nr 5. Wcześniejsze wpisy (4)", false},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				env := newEnv(t, db)
				h := auditHandler(env)
				slug := strings.ReplaceAll(tt.name, " ", "-")
				c := addCoop(t, env, slug, slug+".test", "Kowalski", "Nowak", len(tt.name)*10)
				for i := 1; i <= 5; i++ {
					appendAudit(t, db, audit.Entry{CoopID: c.ID, At: now.Add(time.Duration(i) * time.Minute),
						Actor: audit.ActorSystem, Action: audit.Logout, Details: map[string]string{"i": fmt.Sprint(i)}})
				}
				var id3 int64
				if err := db.Read().QueryRowContext(context.Background(),
					`SELECT id FROM audit_log WHERE coop_id = $1 AND seq = 3`, c.ID).Scan(&id3); err != nil {
					t.Fatal(err)
				}
				exec(t, db, tt.tamper, c.ID)
				r := sessionOf(t, env, h, slug+".test", c.ID, auth.Staff, adminLogin).get("/staff/audit")
				if r.Code != http.StatusOK {
					t.Fatalf("/staff/audit: %d", r.Code)
				}
				want := tt.message
				if strings.Contains(want, "%d") {
					want = fmt.Sprintf(want, id3)
				}
				mustContain(t, r.Body, `class="error-summary chain-broken" role="alert"`, want)
				mustNotContain(t, r.Body, "nienaruszony (")
				marked := strings.Contains(r.Body, `<tr id="seq-3" class="overdue broken">`) &&
					strings.Contains(r.Body, `<strong class="badge">naruszony</strong>`)
				if marked != tt.row {
					t.Errorf("row 3 marked broken = %v, want %v", marked, tt.row)
				}
				if tt.row {
					mustContain(t, r.Body, `<a href="/staff/audit?before=4">Pokaż ten wpis</a>`)
				}
			})
		}
	})
}

func TestAccountLoginsShowOnlyTheLatestOwn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		h := auditHandler(env)
		a := addCoop(t, env, "a", "a.test", "Kowalski", "Nowak", 0)
		b := addCoop(t, env, "b", "b.test", "Wiśniewski", "Zieliński", 100)
		resident, member := userID(t, db, a.ID, residentLogin), userID(t, db, a.ID, memberLogin)
		other, residentB := userID(t, db, a.ID, "E0000003"), userID(t, db, b.ID, residentLogin)
		login := func(coopID, user int64, i int, ip string) audit.Entry {
			action := []audit.Action{audit.LoginSuccess, audit.LoginFailure, audit.LoginLocked}[i%3]
			return audit.Entry{CoopID: coopID, At: now.Add(time.Duration(i-30) * time.Hour), ActorID: user,
				Actor: audit.ActorAnonymous, Action: action, Subject: fmt.Sprintf("user:%d", user), IP: ip}
		}
		var entries []audit.Entry
		for i := 1; i <= 25; i++ {
			entries = append(entries, login(a.ID, resident, i, fmt.Sprintf("198.51.100.%d", i)))
			if i <= 3 {
				entries = append(entries,
					login(a.ID, other, i, fmt.Sprintf("203.0.113.%d", i)),
					login(a.ID, member, i, fmt.Sprintf("192.0.2.%d", 200+i)),
					login(b.ID, residentB, i, fmt.Sprintf("203.0.113.%d", 100+i)))
			}
		}
		// Other actions of the account are not logins.
		entries = append(entries, audit.Entry{CoopID: a.ID, At: now, ActorID: resident, Actor: "resident:" + residentLogin,
			Action: audit.PasswordChanged, Subject: fmt.Sprintf("user:%d", resident), IP: "198.51.100.99"})
		appendAudit(t, db, entries...)

		c := sessionOf(t, env, h, "a.test", a.ID, auth.Resident, residentLogin)
		r := c.get("/ebok/logins")
		if r.Code != http.StatusOK {
			t.Fatalf("/ebok/logins: %d\n%s", r.Code, r.Body)
		}
		if n := strings.Count(r.Body, `<td data-label="Adres IP">198.51.100.`); n != 20 {
			t.Errorf("%d rows, want 20", n)
		}
		last := -1
		for i := 25; i >= 6; i-- {
			at := strings.Index(r.Body, fmt.Sprintf(`<td data-label="Adres IP">198.51.100.%d</td>`, i))
			if at < last {
				t.Errorf("login %d missing or out of order (newest first)", i)
			}
			last = at
		}
		mustContain(t, r.Body, "Historia logowań", `<td data-label="Wynik">udane</td>`, "<strong>nieudane</strong>", "<strong>konto zablokowane</strong>",
			now.Add(-5*time.Hour).Format(auditTimeLayout), `href="/ebok"`)
		mustNotContain(t, r.Body, "198.51.100.5<", "198.51.100.1<", "198.51.100.99", "203.0.113.", "192.0.2.2")

		m := sessionOf(t, env, h, "a.test", a.ID, auth.Member, memberLogin)
		r = m.get("/ikcs/logins")
		if r.Code != http.StatusOK {
			t.Fatalf("/ikcs/logins: %d", r.Code)
		}
		mustContain(t, r.Body, "192.0.2.201", "192.0.2.203", `href="/ikcs"`)
		mustNotContain(t, r.Body, "198.51.100.", "203.0.113.")

		// Each portal's page is for its own kind of login only.
		for _, tt := range []struct {
			c    *client
			path string
		}{{c, "/ikcs/logins"}, {m, "/ebok/logins"}, {sessionOf(t, env, h, "a.test", a.ID, auth.Staff, adminLogin), "/ebok/logins"}} {
			if r := tt.c.get(tt.path); r.Code != http.StatusForbidden {
				t.Errorf("%s: %d, want 403", tt.path, r.Code)
			}
		}
	})
}

func TestAccountLoginsWhenNoneRecorded(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	h := auditHandler(env)
	a := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	r := sessionOf(t, env, h, "ebok.test", a.ID, auth.Resident, residentLogin).get("/ebok/logins")
	if r.Code != http.StatusOK {
		t.Fatalf("/ebok/logins: %d", r.Code)
	}
	mustContain(t, r.Body, "Nie zapisano jeszcze żadnej próby zalogowania")
	mustNotContain(t, r.Body, "<table")
}

func TestAuditViewRecordsWhoLooked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		h := auditHandler(env)
		a := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		staff := sessionOf(t, env, h, "ebok.test", a.ID, auth.Staff, estateLogin)
		if r := staff.get(fmt.Sprintf("/test/view/%d", a.Wife)); r.Code != http.StatusNoContent {
			t.Fatalf("view: %d", r.Code)
		}
		ctx := context.Background()
		got, err := audit.List(ctx, db.Read(), a.ID, audit.Filter{Action: audit.PersonViewed})
		if err != nil {
			t.Fatal(err)
		}
		want := audit.Entry{CoopID: a.ID, At: now, ActorID: userID(t, db, a.ID, estateLogin), Actor: "staff:" + estateLogin,
			Action: audit.PersonViewed, Subject: fmt.Sprintf("person:%d", a.Wife), PersonID: a.Wife, IP: "192.0.2.10"}
		if len(got) != 1 {
			t.Fatalf("%d person.viewed rows, want 1", len(got))
		}
		g := got[0]
		if !g.At.Equal(now) {
			t.Errorf("At = %v, want %v", g.At, now)
		}
		g.ID, g.Seq, g.PrevHash, g.Hash, g.At, want.At = 0, 0, "", "", time.Time{}, time.Time{}
		if !reflect.DeepEqual(g, want) {
			t.Errorf("row\n got %+v\nwant %+v", g, want)
		}
		if n, err := audit.Verify(ctx, db.Read(), db.ChainKey(), a.ID); err != nil || n != 1 {
			t.Errorf("Verify = %d, %v", n, err)
		}
		// Without a staff session there is nobody to record.
		if err := env.srv.auditView(httptest.NewRequest(http.MethodGet, "/", nil), a.Wife); err == nil {
			t.Error("auditView without a session succeeded")
		}
	})
}

// TestAuditMessagesExist checks the keys the audit pages build at run time.
func TestAuditMessagesExist(t *testing.T) {
	c := i18n.New()
	var keys []string
	for _, a := range audit.Actions() {
		keys = append(keys, "audit.action."+string(a))
	}
	for _, a := range []audit.Action{audit.LoginSuccess, audit.LoginFailure, audit.LoginLocked} {
		keys = append(keys, "logins.result."+string(a))
	}
	for _, f := range auditFields {
		keys = append(keys, "audit.filter."+f)
		if f != "action" {
			keys = append(keys, "audit.filter."+f+".hint")
		}
	}
	for _, k := range keys {
		for _, lang := range i18n.Langs {
			if !c.Has(lang, k) {
				t.Errorf("%s missing in %s", k, lang)
			}
		}
	}
	if got := c.For(i18n.Polish).T("audit.action.person.viewed"); got != "Podgląd danych osoby" {
		t.Errorf("person.viewed is %q in Polish", got)
	}
}

// TestBrowserAuditPages opens the login history on a phone and the audit
// log on a laptop, each after a real login, which the log then shows.
func TestBrowserAuditPages(t *testing.T) {
	skipWithoutChromium(t)
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	b := startBrowser(t, auditHandler(env))

	b.open("/")
	if status := b.logIn("#ebok", residentLogin, password); status != http.StatusOK {
		t.Fatalf("resident login: HTTP %d", status)
	}
	b.open("/ebok/logins")
	b.noConsoleProblems("login history")
	if got := b.text("h1"); got != "Historia logowań" {
		t.Errorf("h1 %q", got)
	}
	rows := b.texts("table tbody tr")
	if len(rows) != 1 || !strings.Contains(rows[0], "udane") || !strings.Contains(rows[0], "127.0.0.1") {
		t.Errorf("login history rows %q, want this login", rows)
	}
	b.checkWidths("account_logins", []int64{375, 1280})

	staff := b.secondContext("staff")
	staff.open("/staff/login")
	staff.run("fill the staff login", typeText("#staff-login", adminLogin), typeText("#staff-password", password))
	if status := staff.submit(`form[action="/staff/login"] button[type="submit"]`); status != http.StatusOK {
		t.Fatalf("staff login: HTTP %d", status)
	}
	staff.open("/staff/audit?action=login.success")
	staff.noConsoleProblems("audit log")
	rows = staff.texts(".audit-sentence")
	if len(rows) != 2 || !strings.HasPrefix(rows[0], "Udane logowanie na konto "+adminLogin) ||
		!strings.HasPrefix(rows[1], "Udane logowanie na konto "+residentLogin) || !strings.HasSuffix(rows[1], "z adresu 127.0.0.1") {
		t.Errorf("audit sentences %q, want the two logins, newest first", rows)
	}
	// The technical details are one click away.
	if eval[bool](staff, `document.querySelector("tbody tr:first-child .audit-details").open`) ||
		strings.Contains(staff.text("tbody tr:first-child"), "staff:admin") {
		t.Error("technical details shown before a click")
	}
	staff.run("open the details", chromedp.Click(chromedp.CSS("tbody tr:first-child .audit-details summary"), chromedp.NodeVisible))
	if got := staff.text("tbody tr:first-child .audit-details dl"); !strings.Contains(got, "staff:admin") {
		t.Errorf("details after a click %q, want the stored actor", got)
	}
	if got := staff.text(".chain-intact"); !strings.Contains(got, "nienaruszony") {
		t.Errorf("chain status %q", got)
	}
	staff.checkWidths("staff_audit", []int64{1280}, 375)
}

// auditSentences are the entries' sentences as the audit page shows them,
// in its order.
func auditSentences(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<p class="audit-sentence">(.*?)</p>`).FindAllStringSubmatch(body, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}
