package web

import (
	"context"
	"github.com/pquerna/otp/totp"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// Issue 12 §4: a former holder whose access staff extended sees the
// ledger (with its balance chart), the statement, the payment slip, the
// balance on the home page, the overview and the meter readings only up to
// the day the title ended, never the buyer's entries or readings, not the
// buyer's fee, and cannot give a reading any more.
func TestExtendedFormerHolderSeesNothingOfTheBuyer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		exec(t, db, `UPDATE titles SET ends_on = '2026-11-10' WHERE coop_id = $1 AND premises_id = $2`, f.ID, f.Garage)
		tid := exec(t, db, `INSERT INTO titles (coop_id, premises_id, kind, starts_on) VALUES ($1, $2, 'separate_ownership', '2026-11-11') RETURNING id`, f.ID, f.Garage)
		exec(t, db, `INSERT INTO title_holders (coop_id, title_id, person_id, share_num, share_den) VALUES ($1, $2, $3, 1, 1)`, f.ID, tid, f.Other)
		exec(t, db, `INSERT INTO access_extensions (coop_id, person_id, premises_id, until, granted_at) VALUES ($1, $2, $3, '2026-12-31', $4)`,
			f.ID, f.Husband, f.Garage, now)
		exec(t, db, `INSERT INTO ledger_entries (coop_id, account_id, kind, booked_on, amount, description, created_at)
			SELECT coop_id, id, 'charge', '2026-11-15', 7777, 'Opłata nabywcy', $2 FROM accounts WHERE coop_id = $1 AND premises_id = $3`,
			f.ID, now, f.Garage)
		seller := env.client(t, "ebok.test")
		seller.login("ebok", residentLogin)
		g := "/ebok/premises/" + id(f.Garage)
		r := seller.get(g + "/ledger")
		if r.Code != 200 {
			t.Fatalf("former holder's ledger: %d", r.Code)
		}
		mustContain(t, r.Body, "Wpłata")
		mustNotContain(t, r.Body, "Opłata nabywcy", "77,77", "57,77")
		r = seller.get(g + "/statement.csv?from=2026-01-01&to=2026-11-21")
		if r.Code != 200 {
			t.Fatalf("former holder's statement: %d", r.Code)
		}
		mustNotContain(t, r.Body, "Opłata nabywcy", "77,77")
		// A period wholly after the title ended shows nothing of the
		// buyer's either, not even in the opening balance.
		for _, q := range []string{"?from=2026-11-11&to=2026-11-21", "?from=2026-12-01&to=2026-12-31", "?from=2027-01-01&to=2027-01-01"} {
			r = seller.get(g + "/statement.csv" + q)
			if r.Code != 200 {
				t.Fatalf("former holder's statement %s: %d", q, r.Code)
			}
			mustNotContain(t, r.Body, "Opłata nabywcy", "77,77", "57,77")
		}
		r = seller.get(g + "/slip.pdf")
		if r.Code != 200 {
			t.Fatalf("former holder's payment slip: %d", r.Code)
		}
		slip := pdfText(t, []byte(r.Body))
		mustNotContain(t, slip, "57,77", "77,77")
		mustContain(t, slip, "Kod nie zawiera kwoty") // nothing owed on 10.11.2026: the amount is left blank
		r = seller.get(g + "/fees")
		if r.Code != 200 {
			t.Fatalf("former holder's fees: %d", r.Code)
		}
		mustContain(t, r.Body, "Tytuł do tego lokalu wygasł 10.11.2026")
		mustNotContain(t, r.Body, "Opłata miesięczna obowiązująca")
		meter := exec(t, db, `INSERT INTO meters (coop_id, premises_id, kind, serial, installed_on)
			VALUES ($1, $2, 'cold_water', 'WZ-G3', '2020-01-01') RETURNING id`, f.ID, f.Garage)
		exec(t, db, `INSERT INTO meter_readings (coop_id, meter_id, read_on, value, source, status, created_at)
			VALUES ($1, $2, '2026-11-10', 41000, 'import', 'accepted', $3), ($1, $2, '2026-11-20', 43210, 'resident', 'accepted', $3)`, f.ID, meter, now)
		exec(t, db, `INSERT INTO reading_windows (coop_id, from_day, to_day) VALUES ($1, 15, 25)`, f.ID)
		r = seller.get(g + "/meters")
		if r.Code != 200 {
			t.Fatalf("former holder's meters: %d", r.Code)
		}
		mustContain(t, r.Body, "41,000 m³", "Tytuł do tego lokalu wygasł 10.11.2026")
		mustNotContain(t, r.Body, "43,210", "20.11.2026", `name="value"`)
		r = seller.post(readingPath(f.Garage, meter), url.Values{"value": {"44"}})
		if r.Code != http.StatusSeeOther {
			t.Fatalf("former holder's reading: %d, want 303 back to the meters page", r.Code)
		}
		if n := len(readingsOf(t, env, f, meter)); n != 2 {
			t.Errorf("%d readings after a former holder's, want 2: it is the buyer's meter now", n)
		}
		r = seller.get("/ebok")
		if r.Code != 200 {
			t.Fatalf("former holder's home: %d", r.Code)
		}
		mustNotContain(t, r.Body, "57,77", "77,77")
		r = seller.get(g)
		if r.Code != 200 {
			t.Fatalf("former holder's overview: %d", r.Code)
		}
		mustContain(t, r.Body, "20,00")
		mustNotContain(t, r.Body, "57,77", "77,77", "00.00.0000")
		mustContain(t, r.Body, "Do zapłaty za okres posiadania lokalu (stan na 10.11.2026)",
			"Stan na dzień wygaśnięcia tytułu do lokalu: 10.11.2026.",
			"Kwota, która rozliczyłaby okres posiadania lokalu (zaległość i odsetki naliczone do 10.11.2026): 0,00\u00a0zł")
		mustNotContain(t, r.Body, "Kwota, która dziś rozliczyłaby")
		buyer := env.client(t, "ebok.test")
		buyer.login("ebok", "E0000003")
		rb := buyer.get(g + "/ledger")
		if rb.Code != 200 {
			t.Fatalf("buyer ledger: %d %s", rb.Code, rb.Header.Get("Location"))
		}
		mustContain(t, rb.Body, "Opłata nabywcy")
	})
}

// The session cookie goes when the browser closes (no Max-Age) unless
// "remember me" was ticked; then it lasts the session's 12 hours.
func TestSessionCookieIsASessionCookieUnlessRemembered(t *testing.T) {
	env := newEnv(t, storetest.Open(t, store.SQLite))
	addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	for remember, want := range map[string]int{"": 0, "yes": 12 * 60 * 60} {
		req := httptestPost("/ebok/login", urlValues("login", residentLogin, "password", password, "remember", remember))
		rec := serve(env, req)
		var found bool
		for _, c := range rec.Result().Cookies() {
			if c.Name == sessionCookie {
				found = true
				if c.MaxAge != want || !c.Expires.IsZero() {
					t.Errorf("remember=%q: session cookie Max-Age %d, Expires %v; want %d", remember, c.MaxAge, c.Expires, want)
				}
			}
		}
		if !found {
			t.Fatalf("remember=%q: no session cookie (%d)", remember, rec.Code)
		}
	}
}

// Heavy downloads: 20 statement spreadsheets or PDFs in 10 minutes per
// login; the 21st is refused with a Polish message.
func TestHeavyDownloadsStopAtTwenty(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		c := env.client(t, "ebok.test")
		c.login("ebok", residentLogin)
		path := "/ebok/premises/" + id(f.Flat) + "/statement.xlsx?from=2026-01-01&to=2026-11-21"
		for i := 1; i <= 20; i++ {
			if r := c.get(path); r.Code != 200 {
				t.Fatalf("download %d: %d", i, r.Code)
			}
		}
		r := c.get(strings.Replace(path, ".xlsx", ".pdf", 1))
		if r.Code != 429 {
			t.Fatalf("download 21: %d, want 429", r.Code)
		}
		mustContain(t, r.Body, "Pobrano już najwięcej dużych plików")
	})
}

// TOTP enrolment uses only the secret the server offered: a secret the
// browser posts (one an attacker chose) with a good code for it is
// refused. After enrolment and after a password change the session has a
// new token, and the old one opens nothing.
func TestEnrolmentKeepsSecretOnServerAndRotatesSession(t *testing.T) {
	env := newEnv(t, storetest.Open(t, store.SQLite))
	env.srv.Config.StaffTOTP = true
	addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	c := env.client(t, "ebok.test")
	c.login("staff", adminLogin)
	r := c.get("/account/2fa")
	offered := regexp.MustCompile(`<code class="secret">([A-Z2-7]+)</code>`).FindStringSubmatch(r.Body)
	if offered == nil {
		t.Fatal("no secret on the enrolment page")
	}
	const chosen = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	code, err := totp.GenerateCode(chosen, now)
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, c.post("/account/2fa", url.Values{"secret": {chosen}, "code": {code}}).Body, "Kod jest nieprawidłowy")
	before := c.cookies[sessionCookie].Value
	code, _ = totp.GenerateCode(offered[1], now)
	mustContain(t, c.post("/account/2fa", url.Values{"code": {code}}).Body, "Kody zapasowe")
	after := c.cookies[sessionCookie].Value
	if after == before {
		t.Fatal("session token not rotated after enrolment")
	}
	old := env.client(t, "ebok.test")
	old.cookies[sessionCookie] = &http.Cookie{Name: sessionCookie, Value: before}
	if r := old.get("/staff"); r.Code == http.StatusOK {
		t.Error("the token from before enrolment still opens /staff")
	}
}

func TestPasswordChangeRotatesSession(t *testing.T) {
	env := newEnv(t, storetest.Open(t, store.SQLite))
	addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	c := env.client(t, "ebok.test")
	c.login("ebok", residentLogin)
	before := c.cookies[sessionCookie].Value
	r := c.post("/password/change", url.Values{"current": {password}, "new": {"nowe-dlugie-haslo-2026!"}, "repeat": {"nowe-dlugie-haslo-2026!"}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("password change: %d", r.Code)
	}
	if c.cookies[sessionCookie].Value == before {
		t.Fatal("session token not rotated after a password change")
	}
	if r := c.get("/ebok"); r.Code != http.StatusOK {
		t.Errorf("the new token: %d", r.Code)
	}
	old := env.client(t, "ebok.test")
	old.cookies[sessionCookie] = &http.Cookie{Name: sessionCookie, Value: before}
	if r := old.get("/ebok"); r.Code == http.StatusOK {
		t.Error("the token from before the password change still opens /ebok")
	}
}

// Staff reading personal data is audited everywhere, not only on the
// person page: premises, ledger, statements, applications and searches
// (with the words searched).
func TestStaffReadingPersonalDataIsAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		c := env.client(t, "ebok.test")
		c.login("staff", adminLogin)
		p := "/staff/premises/" + id(f.Flat)
		paths := []string{p, p + "/ledger", p + "/statement.csv?from=2026-01-01&to=2026-11-21", p + "/meters",
			"/staff/applications", "/staff?q=Kowalski"}
		for _, path := range paths {
			if r := c.get(path); r.Code != 200 {
				t.Fatalf("GET %s: %d", path, r.Code)
			}
		}
		c.get("/staff") // no search: nothing personal shown
		rows, err := db.Read().QueryContext(context.Background(),
			`SELECT subject, details FROM audit_log WHERE action = 'personal_data.read' ORDER BY seq`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var got []string
		var search string
		for rows.Next() {
			var subject, details string
			if err := rows.Scan(&subject, &details); err != nil {
				t.Fatal(err)
			}
			got = append(got, subject)
			if subject == "/staff" {
				search = details
			}
		}
		want := []string{p, p + "/ledger", p + "/statement.csv", p + "/meters", "/staff/applications", "/staff"}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("audited reads %v, want %v", got, want)
		}
		if !strings.Contains(search, "Kowalski") {
			t.Errorf("the search's audit entry %q lacks the query", search)
		}
	})
}
