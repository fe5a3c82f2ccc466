package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/nrb"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
	"github.com/ebok/ebok/internal/text"
)

// dataLabel is the attribute labelTables (tables.go) gives each cell.
var dataLabel = regexp.MustCompile(` data-label="[^"]*"`)

// unlabelled is body without the cells' data-label attributes, for tests
// that compare table rows as written in the templates.
func unlabelled(body string) string { return dataLabel.ReplaceAllString(body, "") }

func mustContain(t *testing.T, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

func mustNotContain(t *testing.T, body string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(body, w) {
			t.Errorf("page shows %q", w)
		}
	}
}

// TestEveryRouteHasAPolicy walks the route table.
func TestEveryRouteHasAPolicy(t *testing.T) {
	s := &Server{}
	routes := s.routes()
	if len(routes) < 10 {
		t.Fatalf("only %d routes", len(routes))
	}
	seen := map[string]bool{}
	for _, r := range routes {
		if r.policy.IsZero() {
			t.Errorf("route %q has no policy", r.pattern)
		}
		if seen[r.pattern] {
			t.Errorf("route %q listed twice", r.pattern)
		}
		seen[r.pattern] = true
	}
}

// TestProtectedRoutesRefuseStrangers requests every non-public route
// anonymously and as the wrong kind of user.
func TestProtectedRoutesRefuseStrangers(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	anon := env.client(t, "ebok.test")
	resident := env.client(t, "ebok.test")
	if r := resident.login("ebok", residentLogin); r.Code != http.StatusSeeOther {
		t.Fatalf("resident login: %d", r.Code)
	}
	for _, rt := range env.srv.routes() {
		if rt.policy.name == Public.name {
			continue
		}
		method, path, _ := strings.Cut(rt.pattern, " ")
		path = strings.ReplaceAll(strings.ReplaceAll(path, "{id}", "1"), "{$}", "")
		req := httptest.NewRequest(method, path, nil)
		r := anon.do(req)
		switch {
		case rt.policy.ops:
			if r.Code != http.StatusForbidden {
				t.Errorf("%s from a remote address: %d, want 403", rt.pattern, r.Code)
			}
		case r.Code != http.StatusSeeOther:
			t.Errorf("%s anonymous: %d, want a redirect to login", rt.pattern, r.Code)
		}
		if rt.policy.kind != "" && rt.policy.kind != "resident" {
			if r := resident.do(httptest.NewRequest(method, path, nil)); r.Code != http.StatusForbidden {
				t.Errorf("%s as a resident: %d, want 403", rt.pattern, r.Code)
			}
		}
	}
}

func TestHomeShowsBothPanels(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	r := env.client(t, "ebok.test").get("/")
	if r.Code != http.StatusOK {
		t.Fatalf("home: %d", r.Code)
	}
	mustContain(t, r.Body, `<html lang="pl">`, `action="/ikcs/login"`, `action="/ebok/login"`,
		"Internetowe Konto Członka Spółdzielni (IKCS)", "Elektroniczne Biuro Obsługi Klienta (e-BOK)",
		`for="ikcs-login"`, `for="ebok-login"`, `href="/staff/login"`, "Spółdzielnia Mieszkaniowa „a”",
		`<a href="/library">Biblioteka dokumentów</a>`) // the public documents are linked from the home page
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "X-Request-ID"} {
		if r.Header.Get(h) == "" {
			t.Errorf("missing header %s", h)
		}
	}
	if csp := r.Header.Get("Content-Security-Policy"); strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP %q", csp)
	}
	mustNotContain(t, r.Body, "<script>", "onclick=", "style=")
}

func TestResidentLogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		c := env.client(t, "ebok.test")
		r := c.login("ebok", residentLogin)
		if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/ebok" {
			t.Fatalf("login: %d %s", r.Code, r.Header.Get("Location"))
		}
		ck := c.cookies[sessionCookie]
		if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" {
			t.Fatalf("session cookie %+v", ck)
		}
		r = c.get("/ebok")
		if r.Code != http.StatusOK {
			t.Fatalf("/ebok: %d", r.Code)
		}
		mustContain(t, r.Body, "Mieszkanie: ul. Mickiewicza 5/12", "Garaż: ul. Mickiewicza 5",
			"Do zapłaty:", "512,34\u00a0zł", "Nadpłata:", "20,00\u00a0zł",
			"udział 1/2", "Jesteś członkiem spółdzielni", "1001", `href="/ikcs"`, "Stan na podstawie księgowań do 01.11.2026",
			`<a href="/library">Biblioteka dokumentów</a>`) // the documents residents may read are linked from their page
		mustNotContain(t, r.Body, "Żeromskiego") // the other estate's flat is not his
		if got := r.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("Cache-Control %q on a personal page", got)
		}
		// Logout ends the session on the server, not just in the browser.
		old := ck.Value
		if r := c.post("/logout", nil); r.Code != http.StatusSeeOther {
			t.Fatalf("logout: %d", r.Code)
		}
		c.cookies[sessionCookie] = &http.Cookie{Name: sessionCookie, Value: old}
		if r := c.get("/ebok"); r.Code != http.StatusSeeOther {
			t.Errorf("/ebok with a logged-out token: %d, want redirect", r.Code)
		}
	})
}

func TestFailedLoginSaysNothingAboutTheLogin(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	c := env.client(t, "ebok.test")
	wrongPw := c.post("/ebok/login", url.Values{"login": {residentLogin}, "password": {"złe hasło"}})
	noUser := c.post("/ebok/login", url.Values{"login": {"E9999999"}, "password": {"złe hasło"}})
	wrongDoor := c.post("/ebok/login", url.Values{"login": {memberLogin}, "password": {password}})
	for name, r := range map[string]response{"wrong password": wrongPw, "unknown login": noUser, "wrong door": wrongDoor} {
		if r.Code != http.StatusUnauthorized {
			t.Errorf("%s: %d, want 401", name, r.Code)
		}
		mustContain(t, r.Body, "Login lub hasło są nieprawidłowe", `aria-invalid="true"`, `class="error-summary"`)
		if c.cookies[sessionCookie] != nil {
			t.Errorf("%s: a session cookie was set", name)
		}
	}
	// The two answers differ only in the echoed login and the request id.
	strip := func(r response, login string) string {
		b := strings.ReplaceAll(r.Body, login, "LOGIN")
		return strings.ReplaceAll(b, r.Header.Get("X-Request-ID"), "ID")
	}
	if strip(wrongPw, residentLogin) != strip(noUser, "E9999999") {
		t.Error("the page for an unknown login differs from the page for a wrong password")
	}
	r := c.post("/ebok/login", url.Values{"login": {""}, "password": {""}})
	mustContain(t, r.Body, "Wpisz login i hasło.")
}

func TestMemberLoginAndDoors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		c := env.client(t, "ebok.test")
		if r := c.login("ikcs", memberLogin); r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/ikcs" {
			t.Fatalf("IKCS login: %d %s", r.Code, r.Header.Get("Location"))
		}
		r := c.get("/ikcs")
		if r.Code != http.StatusOK {
			t.Fatalf("/ikcs: %d", r.Code)
		}
		mustContain(t, r.Body, "Internetowe Konto Członka Spółdzielni", "1001", "01.05.2010", "Łukasz Kowalski")
		// A member session does not open E-BOK, and an E-BOK login does not open IKCS.
		if r := c.get("/ebok"); r.Code != http.StatusForbidden {
			t.Errorf("/ebok with a member session: %d", r.Code)
		}
		if r := c.login("ikcs", residentLogin); r.Code != http.StatusUnauthorized {
			t.Errorf("E-BOK identifier at the IKCS door: %d", r.Code)
		}
	})
}

func TestLoginRotatesSession(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	c := env.client(t, "ebok.test")
	c.login("ebok", residentLogin)
	first := c.cookies[sessionCookie].Value
	c.login("ebok", residentLogin)
	second := c.cookies[sessionCookie].Value
	if first == second {
		t.Fatal("login kept the old session token")
	}
	c.cookies[sessionCookie].Value = first
	if r := c.get("/ebok"); r.Code != http.StatusSeeOther {
		t.Errorf("old token still works after a new login: %d", r.Code)
	}
}

// TestCooperativesAreIsolated runs two cooperatives in one database: the
// staff and residents of one read nothing of the other.
func TestCooperativesAreIsolated(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		a := addCoop(t, env, "a", "a.test", "Kowalski", "Nowak", 0)
		b := addCoop(t, env, "b", "b.test", "Wiśniewski", "Zieliński", 100)
		staffA := env.client(t, "a.test")
		if r := staffA.login("staff", adminLogin); r.Code != http.StatusSeeOther {
			t.Fatalf("staff login: %d", r.Code)
		}
		r := staffA.get("/staff?q=" + url.QueryEscape("Wiśniewski"))
		mustContain(t, r.Body, "Osoby (0)")
		mustNotContain(t, r.Body, "Wiśniewski Łukasz")
		r = staffA.get("/staff?q=" + url.QueryEscape("Kowalski"))
		mustContain(t, r.Body, "Kowalski Łukasz", "Osoby (2)")
		for _, path := range []string{"/staff/persons/" + id(b.Husband), "/staff/premises/" + id(b.Flat)} {
			if r := staffA.get(path); r.Code != http.StatusNotFound {
				t.Errorf("staff of a reads %s of b: %d", path, r.Code)
			}
		}
		if r := staffA.get("/staff/persons/" + id(a.Husband)); r.Code != http.StatusOK {
			t.Errorf("own person: %d", r.Code)
		}
		// Account number search is scoped too.
		r = staffA.get("/staff?q=0000000000000101")
		mustContain(t, r.Body, "Lokale (0)")
		// The session of cooperative a means nothing on b's host.
		staffA.host = "b.test"
		if r := staffA.get("/staff"); r.Code != http.StatusSeeOther {
			t.Errorf("a's session on b's site: %d, want redirect to login", r.Code)
		}
		// The same login and password at b's site logs in to b only.
		resB := env.client(t, "b.test")
		resB.login("ebok", residentLogin)
		r = resB.get("/ebok")
		mustContain(t, r.Body, "Łukasz Wiśniewski", b.FlatNRB)
		mustNotContain(t, r.Body, a.FlatNRB, "Kowalski")
		// An unknown host with several cooperatives finds none.
		if r := env.client(t, "c.test").get("/"); r.Code != http.StatusNotFound {
			t.Errorf("unknown host: %d", r.Code)
		}
	})
}

func TestEstateAdministrationSeesOnlyItsEstate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		c := env.client(t, "ebok.test")
		c.login("staff", estateLogin)
		r := c.get("/staff?q=Nowak")
		mustContain(t, r.Body, "Osoby (0)")
		r = c.get("/staff?q=" + url.QueryEscape("Żeromskiego"))
		mustContain(t, r.Body, "Lokale (0)")
		r = c.get("/staff?q=" + url.QueryEscape("Mickiewicza 5/12"))
		mustContain(t, r.Body, "Lokale (1)", "/staff/premises/"+id(f.Flat))
		if r := c.get("/staff/persons/" + id(f.Other)); r.Code != http.StatusNotFound {
			t.Errorf("person of another estate: %d", r.Code)
		}
		if r := c.get("/staff/premises/" + id(f.OtherFlat)); r.Code != http.StatusNotFound {
			t.Errorf("premises of another estate: %d", r.Code)
		}
		r = c.get("/staff/premises/" + id(f.Flat))
		mustContain(t, r.Body, "Łukasz Kowalski", "Małgorzata Kowalskia", "1/2", "512,34\u00a0zł", "48,30\u00a0m²")
	})
}

func TestStaffSearchFindsByManyKeys(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Łukasiewicz", "Nowak", 0)
		c := env.client(t, "ebok.test")
		c.login("staff", adminLogin)
		for q, want := range map[string]string{
			"łukasiewicz":         "/staff/persons/" + id(f.Husband),
			"Łukasiewicz Łuk":     "/staff/persons/" + id(f.Husband),
			"zdzislaw@example.pl": "/staff/persons/" + id(f.Other),
			"1001":                "/staff/persons/" + id(f.Husband),
			"600100200":           "/staff/persons/" + id(f.Other),
			"Mickiewicza 5/12":    "/staff/premises/" + id(f.Flat),
			"ul. mickiewicza 5":   "/staff/premises/" + id(f.Garage),
			"0000000000000001":    "/staff/premises/" + id(f.Flat),
		} {
			r := c.get("/staff?q=" + url.QueryEscape(q))
			if !strings.Contains(r.Body, want) {
				t.Errorf("search %q does not find %s", q, want)
			}
		}
		r := c.get("/staff?q=%25")
		mustContain(t, r.Body, "Osoby (0)")
	})
}

// TestStaffSearchWithoutPolishLetters: names, companies and streets are
// found typed without Polish letters and in any case, on both engines,
// for rows written by plain SQL (the database folds them itself).
func TestStaffSearchWithoutPolishLetters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Łukasiewicz", "Nowak", 0)
		sokolowska := exec(t, db, `INSERT INTO persons (coop_id, first_name, last_name, street, postal_code, city, created_at)
			VALUES ($1, 'Żaneta', 'Sokołowska', 'ul. Słoneczna 4/57', '00-004', 'Warszawa', $2) RETURNING id`, f.ID, now)
		company := exec(t, db, `INSERT INTO persons (coop_id, first_name, last_name, company_name, street, postal_code, city, created_at)
			VALUES ($1, '', '', 'Piekarnia Źdźbło Spółka z o.o.', 'ul. Słoneczna 4', '00-004', 'Warszawa', $2) RETURNING id`, f.ID, now)
		b := exec(t, db, `INSERT INTO buildings (coop_id, estate_id, street, number, postal_code, city) VALUES ($1, $2, 'ul. Słoneczna', '4', '00-004', 'Warszawa') RETURNING id`, f.ID, f.EstateA)
		flat := exec(t, db, `INSERT INTO premises (coop_id, building_id, kind, number, floor, usable_area, rooms, persons)
			VALUES ($1, $2, 'flat', '57', 2, 5000, 3, 2) RETURNING id`, f.ID, b)
		num, err := nrb.New("10901014", fmt.Sprintf("%016d", 57))
		if err != nil {
			t.Fatal(err)
		}
		exec(t, db, `INSERT INTO accounts (coop_id, premises_id, nrb, opened_on) VALUES ($1, $2, $3, '2010-05-01') RETURNING id`, f.ID, flat, string(num))
		c := env.client(t, "ebok.test")
		c.login("staff", adminLogin)
		persons := func(id int64) string { return `href="/staff/persons/` + id64(id) + `"` }
		premises := func(id int64) string { return `href="/staff/premises/` + id64(id) + `"` }
		for q, want := range map[string]string{
			"sokolowska":          persons(sokolowska),
			"SOKOLOWSKA":          persons(sokolowska),
			"Sokołowska":          persons(sokolowska),
			"sOkOłOwSk":           persons(sokolowska),
			"sokolowska zan":      persons(sokolowska),
			"lukasiewicz":         persons(f.Husband),
			"LUKASIEWICZ luk":     persons(f.Husband),
			"zdzblo":              persons(company),
			"PIEKARNIA ZDZ":       persons(company),
			"slonecz":             premises(flat),
			"SLONECZNA 4/57":      premises(flat),
			"ul. sloneczna 4":     premises(flat),
			"zeromskiego 9/1":     premises(f.OtherFlat),
			"ŻEROMSKIEGO 9/1":     premises(f.OtherFlat),
			"ul. Żeromskiego 9/1": premises(f.OtherFlat),
		} {
			if r := c.get("/staff?q=" + url.QueryEscape(q)); !strings.Contains(r.Body, want) {
				t.Errorf("search %q does not find %s", q, want)
			}
		}
		// A first name that does not match narrows the surname away.
		if r := c.get("/staff?q=" + url.QueryEscape("sokolowska anna")); strings.Contains(r.Body, persons(sokolowska)) {
			t.Error(`"sokolowska anna" finds Żaneta Sokołowska`)
		}
		// The database folds as text.Fold does, every Polish letter in
		// both cases.
		const all = "ĄĆĘŁŃÓŚŹŻąćęłńóśźż AZaz"
		pid := exec(t, db, `INSERT INTO persons (coop_id, first_name, last_name, company_name, street, postal_code, city, created_at)
			VALUES ($1, $2, $2, $2, '', '', '', $3) RETURNING id`, f.ID, all, now)
		var name, comp string
		if err := db.Read().QueryRowContext(context.Background(), `SELECT name_folded, company_folded FROM persons WHERE id = $1`, pid).Scan(&name, &comp); err != nil {
			t.Fatal(err)
		}
		if want := text.Fold(all); comp != want || name != want+" "+want || want != "acelnoszzacelnoszz azaz" {
			t.Errorf("folded in the database %q / %q, text.Fold %q", name, comp, want)
		}
	})
}

func TestErrorPages(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	c := env.client(t, "ebok.test")
	r := c.get("/no/such/page")
	if r.Code != http.StatusNotFound {
		t.Errorf("404: %d", r.Code)
	}
	mustContain(t, r.Body, "Nie ma takiej strony", r.Header.Get("X-Request-ID"))
	c.login("staff", adminLogin)
	if r := c.get("/staff/persons/abc"); r.Code != http.StatusNotFound {
		t.Errorf("non-numeric id: %d", r.Code)
	}
	// A database failure shows the Polish page with the request id and no
	// internal error text.
	db.Close()
	r = c.get("/staff?q=Kowalski")
	if r.Code != http.StatusInternalServerError {
		t.Fatalf("closed database: %d", r.Code)
	}
	mustContain(t, r.Body, "Wystąpił błąd po naszej stronie", r.Header.Get("X-Request-ID"))
	mustNotContain(t, r.Body, "sql", "database is closed", "store:")
}

func TestCrossOriginPostRefused(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	c := env.client(t, "ebok.test")
	req := httptest.NewRequest(http.MethodPost, "/ebok/login", strings.NewReader(url.Values{"login": {residentLogin}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	r := c.do(req)
	if r.Code != http.StatusForbidden {
		t.Errorf("cross-site POST: %d, want 403", r.Code)
	}
	if c.cookies[sessionCookie] != nil {
		t.Error("cross-site login set a session")
	}
}

func TestHealthAndMetrics(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	c := env.client(t, "ebok.test")
	if r := c.get("/healthz"); r.Code != http.StatusOK || r.Body != "ok\n" {
		t.Errorf("healthz: %d %q", r.Code, r.Body)
	}
	c.get("/")
	// Four messages waiting, one of which the worker gave up on.
	for i := range 4 {
		err := env.db.InTx(context.Background(), func(tx *store.Tx) error {
			id, err := env.srv.Outbox.Queue(context.Background(), tx, f.ID, mail.Message{To: "a@example.com", Subject: "s", Text: "t"})
			if err == nil && i == 0 {
				_, err = tx.ExecContext(context.Background(), `UPDATE outbox SET status = 'failed' WHERE id = $1`, id)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	req.RemoteAddr = "127.0.0.1:1234"
	rec := httptest.NewRecorder()
	env.srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("metrics from loopback: %d", rec.Code)
	}
	mustContain(t, rec.Body.String(), `ebok_http_requests_total{code="200",method="GET",route="GET /{$}"}`,
		"ebok_http_request_duration_seconds_bucket", "ebok_outbox_pending 3", "ebok_outbox_failed 1")
	db.Close()
	if r := c.get("/healthz"); r.Code != http.StatusServiceUnavailable {
		t.Errorf("healthz with the database closed: %d", r.Code)
	}
}

func TestMetricsToken(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	env.srv.Config.MetricsToken = "sekret"
	for auth, want := range map[string]int{"": 403, "Bearer zły": 403, "Bearer sekret": 200} {
		req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
		req.RemoteAddr = "127.0.0.1:1234"
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		env.srv.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("metrics with %q: %d, want %d", auth, rec.Code, want)
		}
	}
}

func TestEnglish(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	c := env.client(t, "ebok.test")
	r := c.post("/lang", url.Values{"lang": {"en"}, "back": {"//evil.example"}})
	if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/" {
		t.Fatalf("lang: %d %s", r.Code, r.Header.Get("Location"))
	}
	r = c.get("/")
	mustContain(t, r.Body, `lang="en"`, "Log in to e-BOK", "Polski")
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// TestAccessFollowsTheTitle: when a premises is sold the old holder's
// title ends and the premises leaves their overview that day; the new
// holder sees it from the start of theirs.
func TestAccessFollowsTheTitle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		// The garage was sold to Zdzisław Nowak: the husband's title ended
		// yesterday, Nowak's starts today.
		exec(t, db, `UPDATE titles SET ends_on = '2026-11-20' WHERE coop_id = $1 AND premises_id = $2`, f.ID, f.Garage)
		tid := exec(t, db, `INSERT INTO titles (coop_id, premises_id, kind, starts_on) VALUES ($1, $2, 'separate_ownership', '2026-11-21') RETURNING id`, f.ID, f.Garage)
		exec(t, db, `INSERT INTO title_holders (coop_id, title_id, person_id, share_num, share_den) VALUES ($1, $2, $3, 1, 1)`, f.ID, tid, f.Other)
		seller := env.client(t, "ebok.test")
		seller.login("ebok", residentLogin)
		r := seller.get("/ebok")
		mustContain(t, r.Body, "Mieszkanie: ul. Mickiewicza 5/12")
		mustNotContain(t, r.Body, "Garaż")
		buyer := env.client(t, "ebok.test")
		buyer.login("ebok", "E0000003")
		r = buyer.get("/ebok")
		mustContain(t, r.Body, "Garaż: ul. Mickiewicza 5", "Mieszkanie: ul. Żeromskiego 9/1")
		// Staff see both titles in the premises' history.
		staff := env.client(t, "ebok.test")
		staff.login("staff", adminLogin)
		r = staff.get("/staff/premises/" + id(f.Garage))
		mustContain(t, r.Body, "20.11.2026", "21.11.2026", "obecnie", "Zdzisław Nowak", "Łukasz Kowalski")
	})
}

// TestCancelledRequestIsNotAnError: a client that hangs up gets no 500
// page and leaves no error in the log.
func TestCancelledRequestIsNotAnError(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	var logged strings.Builder
	env.srv.Logger = slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelInfo}))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequest(http.MethodGet, "/", nil).WithContext(ctx)
	req.Host = "ebok.test"
	rec := httptest.NewRecorder()
	env.srv.ServeHTTP(rec, req)
	if rec.Code == http.StatusInternalServerError || strings.Contains(logged.String(), "internal error") {
		t.Errorf("cancelled request: %d, log %q", rec.Code, logged.String())
	}
}

// /static/ serves files and never lists a folder.
func TestStaticListsNoFolder(t *testing.T) {
	env := newEnv(t, storetest.Open(t, store.SQLite))
	addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	c := env.client(t, "ebok.test")
	if r := c.get("/static/style.css"); r.Code != http.StatusOK || !strings.Contains(r.Body, "{") {
		t.Errorf("style.css: %d", r.Code)
	}
	for _, p := range []string{"/static/", "/static/nothing.css"} {
		if r := c.get(p); r.Code != http.StatusNotFound || strings.Contains(r.Body, `<a href="app.js">`) {
			t.Errorf("%s: %d, want 404 without a listing", p, r.Code)
		}
	}
}

// The language switch goes back only to a path of this site.
func TestLanguageSwitchGoesBackOnlyOnSite(t *testing.T) {
	for back, want := range map[string]string{
		"/ebok/premises/12?year=2025": "/ebok/premises/12?year=2025",
		"/":                           "/",
		"":                            "/",
		"//evil.example/x":            "/",
		"/\\evil.example":             "/",
		"/\t/evil.example":            "/",
		"/\n/evil.example":            "/",
		"/x\x7f":                      "/",
		"https://evil.example/":       "/",
		"javascript:alert(1)":         "/",
		"ebok":                        "/",
	} {
		if got := sameSitePath(back); got != want {
			t.Errorf("sameSitePath(%q) = %q, want %q", back, got, want)
		}
	}
}

// Pages reached with a secret token in their address are never cached,
// whether the token is good or not.
func TestTokenPagesAreNotStored(t *testing.T) {
	env := newEnv(t, storetest.Open(t, store.SQLite))
	addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	c := env.client(t, "ebok.test")
	for _, p := range []string{"/password/reset?token=abc", "/unlock?token=abc", "/apply/confirm?token=abc"} {
		if r := c.get(p); r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("GET %s: %d, Cache-Control %q", p, r.Code, r.Header.Get("Cache-Control"))
		}
		path, _, _ := strings.Cut(p, "?")
		if r := c.post(path, url.Values{"token": {"abc"}}); r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("POST %s: %d, Cache-Control %q", path, r.Code, r.Header.Get("Cache-Control"))
		}
	}
	if r := c.get("/"); r.Header.Get("Cache-Control") == "no-store" {
		t.Error("the home page is marked no-store too: the test cannot tell")
	}
}
