package web

import (
	"context"
	"encoding/base64"
	"html"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptest"
	netmail "net/mail"
	"os"
	osexec "os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/app"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/config"
	"github.com/ebok/ebok/internal/i18n"
	ebokmail "github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// addLateCharges gives the other flat (Zdzisław, E0000003) a hand-worked
// case of arrears: besides November's 600,00 zł it owes 1000,00 zł due
// 10.02.2026, across the rate change of 5.03.2026 (9,50% → 9,25%), and
// 5,00 zł of interest is posted already.
func addLateCharges(t *testing.T, env *testEnv, f fixtureCoop) {
	t.Helper()
	var acc int64
	if err := env.db.Read().QueryRowContext(context.Background(), `SELECT id FROM accounts WHERE coop_id = $1 AND premises_id = $2`, f.ID, f.OtherFlat).Scan(&acc); err != nil {
		t.Fatal(err)
	}
	exec(t, env.db, `INSERT INTO ledger_entries (coop_id, account_id, kind, booked_on, amount, description, created_at)
		VALUES ($1, $2, 'charge', '2026-02-10', 100000, 'Opłaty za 02.2026', $3)`, f.ID, acc, now)
	exec(t, env.db, `INSERT INTO ledger_entries (coop_id, account_id, kind, booked_on, amount, description, created_at)
		VALUES ($1, $2, 'interest', '2026-06-30', 500, 'Odsetki do 30.06.2026', $3)`, f.ID, acc, now)
}

// plain turns the non-breaking spaces of amounts ("1\u00a0605,00\u00a0zł")
// into spaces, so that expectations read as the page does.
func plain(s string) string { return strings.ReplaceAll(s, "\u00a0", " ") }

// qrText reads the payment QR code of an overview page back with zbarimg.
func qrText(t *testing.T, body string) string {
	t.Helper()
	zbar, err := osexec.LookPath("zbarimg")
	if err != nil {
		t.Fatal("zbarimg not found: apt-get install zbar-tools")
	}
	m := regexp.MustCompile(`src="data:image/png;base64,([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no QR image on the overview")
	}
	png, err := base64.StdEncoding.DecodeString(html.UnescapeString(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "qr.png")
	if err := os.WriteFile(path, png, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := osexec.Command(zbar, "-q", "--raw", "-Sbinary", path).Output()
	if err != nil {
		t.Fatalf("zbarimg: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// Interest that payments made late left behind is still to pay, but it
// grows no more once nothing is late: the overview says it grows only while
// something is unpaid past its due date. And the resident's home page
// calls a balance "to pay", not arrears, since it may not be due yet.
func TestInterestGrowsOnlyWhileSomethingIsLate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		addLateCharges(t, env, f)
		var acc int64
		if err := env.db.Read().QueryRowContext(context.Background(), `SELECT id FROM accounts WHERE coop_id = $1 AND premises_id = $2`, f.ID, f.OtherFlat).Scan(&acc); err != nil {
			t.Fatal(err)
		}
		// Everything posted is paid on 20.11.2026, late.
		exec(t, env.db, `INSERT INTO ledger_entries (coop_id, account_id, kind, booked_on, amount, description, created_at)
			VALUES ($1, $2, 'payment', '2026-11-20', -160500, 'Wpłata', $3)`, f.ID, acc, now)
		c := env.client(t, "ebok.test")
		c.login("ebok", "E0000003")
		body := plain(c.get("/ebok/premises/" + id(f.OtherFlat)).Body)
		mustContain(t, body, "Odsetki jeszcze niezaksięgowane:", "Spółdzielnia doliczy je do rozliczenia lokalu, gdy je zaksięguje")
		mustNotContain(t, body, "Rosną z każdym dniem")
		mustNotContain(t, plain(c.get("/ebok").Body), "zaległość")
	})
}

// The overview tells apart what is owed now (posted), the interest that
// accrues until the cooperative posts it, and what would settle everything
// today; the QR code and the slip offer the amount due, or on request the
// full one.
func TestOverviewSaysWhatIsOwedNow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		addLateCharges(t, env, f)
		c := env.client(t, "ebok.test")
		c.login("ebok", "E0000003")
		base := "/ebok/premises/" + id(f.OtherFlat)
		r := c.get(base)
		if r.Code != http.StatusOK {
			t.Fatalf("overview: %d", r.Code)
		}
		// Posted: 600,00 + 1000,00 + 5,00 of interest = 1605,00 zł.
		// Accrued to 21.11.2026: 5,73 + 66,40 + 3,04 = 75,17 zł (see
		// TestArrearsInterestPeriods), of which 5,00 posted: 70,17 not yet.
		// Everything today: 1605,00 + 70,17 = 1675,17 zł.
		mustContain(t, plain(r.Body), "Do zapłaty teraz: 1 605,00 zł",
			"Odsetki ustawowe za opóźnienie naliczone do 21.11.2026: 75,17 zł.",
			"Z tego 5,00 zł spółdzielnia już zaksięgowała",
			"Odsetki jeszcze niezaksięgowane: 70,17 zł. Spółdzielnia doliczy je do rozliczenia lokalu, gdy je zaksięguje",
			"Rosną z każdym dniem, dopóki zaległość nie zostanie zapłacona.",
			"rozliczyłaby wszystko (zaległość i odsetki naliczone do dziś): 1 675,17 zł",
			// No fee schedule: the amount due by 10.12.2026 is the balance.
			"Kod i blankiet podają kwotę do zapłaty do 10.12.2026: 1 605,00 zł.",
			`href="`+base+`?pay=full#pay-title"`, `href="`+base+`/slip.pdf"`)
		mustNotContain(t, r.Body, "Do zapłaty:")
		if got := qrText(t, r.Body); !strings.Contains(got, "|160500|") {
			t.Errorf("default QR code %q, want the amount due 1605,00 zł", got)
		}
		r = c.get(base + "?pay=full")
		mustContain(t, plain(r.Body), "Kod i blankiet podają kwotę z odsetkami naliczonymi do dziś: 1 675,17 zł.",
			`href="`+base+`/slip.pdf?pay=full"`, "do zapłaty do 10.12.2026 (1 605,00 zł)")
		if got := qrText(t, r.Body); !strings.Contains(got, "|167517|") {
			t.Errorf("full QR code %q, want 1675,17 zł", got)
		}
		for path, want := range map[string]string{base + "/slip.pdf": "1 605,00", base + "/slip.pdf?pay=full": "1 675,17"} {
			r := c.get(path)
			if r.Code != http.StatusOK {
				t.Fatalf("%s: %d", path, r.Code)
			}
			text := strings.ReplaceAll(pdfText(t, []byte(r.Body)), " ", " ")
			mustContain(t, text, want)
		}
	})
}

// The interest breakdown lists each rate period with its days, rate and
// amount, each rounded on its own; the periods add up to the total shown.
func TestArrearsInterestPeriods(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	addLateCharges(t, env, f)
	c := env.client(t, "ebok.test")
	c.login("ebok", "E0000003")
	r := c.get("/ebok/premises/" + id(f.OtherFlat))
	row := func(what, amount, period, days, rate, interest string) string {
		return "<tr><td>" + what + "</td><td class=\"num\">" + amount + " zł</td><td>" + period + "</td><td class=\"num\">" + days +
			"</td><td class=\"num\">" + rate + "</td><td class=\"num\">" + interest + " zł</td></tr>"
	}
	mustContain(t, plain(unlabelled(r.Body)), "Jak policzono odsetki",
		// 1000,00 × 9,50% × 22/365 = 5,726 → 5,73 (11.02–4.03.2026).
		row("Naliczenie: Opłaty za 02.2026", "1 000,00", "11.02.2026–04.03.2026", "22", "9,50%", "5,73"),
		// 1000,00 × 9,25% × 262/365 = 66,397 → 66,40 (5.03–21.11.2026).
		row("Naliczenie: Opłaty za 02.2026", "1 000,00", "05.03.2026–21.11.2026", "262", "9,25%", "66,40"),
		// 600,00 × 9,25% × 20/365 = 3,041 → 3,04 (2.11–21.11.2026).
		row("Naliczenie: Opłaty za 11.2026", "600,00", "02.11.2026–21.11.2026", "20", "9,25%", "3,04"),
		// 5,73 + 66,40 + 3,04 = 75,17; rounded once, the 1000,00 zł would
		// give 72,12 rather than 72,13.
		`<td class="num">75,17`+" zł</td></tr></tfoot>")
}

// A garage's transfer title names it by its number; /ebok adds the
// premises up and explains an overpayment beside arrears; an estate named
// "Osiedle A" is not called "osiedle Osiedle A".
func TestGarageTitleAndTotals(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	c := env.client(t, "ebok.test")
	c.login("ebok", residentLogin)
	r := c.get("/ebok")
	// The flat owes 512,34 zł, the garage is 20,00 zł overpaid.
	mustContain(t, plain(r.Body), "Razem za wszystkie lokale", "Do zapłaty teraz za wszystkie lokale: 512,34 zł", "Nadpłaty razem: 20,00 zł",
		"nadpłata na jednym lokalu nie pokrywa sama zaległości na innym", `href="/ebok/messages/new?topic=settlements"`, "Osiedle A")
	mustNotContain(t, r.Body, "osiedle Osiedle")
	r = c.get("/ebok/premises/" + id(f.Garage))
	mustContain(t, plain(r.Body), "Opłaty za garaż nr G3, ul. Mickiewicza 5")
	if got := qrText(t, r.Body); !strings.Contains(got, "|Garaż nr G3 Mickiewicza 5|") {
		t.Errorf("garage QR code %q, want the title naming garage G3", got)
	}
	r = c.get("/ebok/premises/" + id(f.Garage) + "/slip.pdf")
	mustContain(t, pdfText(t, []byte(r.Body)), "garaż nr G3")
	// One premises: no total.
	c2 := env.client(t, "ebok.test")
	c2.login("ebok", "E0000003")
	mustNotContain(t, c2.get("/ebok").Body, "Razem za wszystkie lokale")
}

// "Stan według księgowań do …" shows the day of the newest posting, with
// its time only when that was today; a midnight UTC stamp (imports, the
// demo) is a day, not "01:00".
func TestAsOfMeansSomething(t *testing.T) {
	warsaw, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		t.Fatal(err)
	}
	today := civil.Date{Year: 2026, Month: 11, Day: 21}
	for _, tc := range []struct {
		posted time.Time
		want   string
	}{
		{time.Date(2026, 11, 21, 9, 30, 0, 0, time.UTC), "Stan według księgowań do 21.11.2026, godz. 10:30."},
		{time.Date(2026, 11, 20, 23, 30, 0, 0, time.UTC), "Stan według księgowań do 21.11.2026, godz. 00:30."},
		{time.Date(2026, 11, 20, 22, 59, 0, 0, time.UTC), "Stan według księgowań do 20.11.2026."},
		{time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), "Stan według księgowań do 21.11.2026."},
		{time.Time{}, ""},
	} {
		p := premisesPage{Page: Page{L: i18n.New().For(i18n.Polish)}, PostedAt: tc.posted, Today: today, Zone: warsaw}
		if got := p.AsOf(); got != tc.want {
			t.Errorf("posted %v: %q, want %q", tc.posted, got, tc.want)
		}
	}
}

// 404 and 403 pages have their own headings and a way back, not "Coś
// poszło nie tak".
func TestErrorPagesHaveTheirOwnHeadings(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	c := env.client(t, "ebok.test")
	r := c.get("/no/such/page")
	if r.Code != http.StatusNotFound {
		t.Fatalf("404: %d", r.Code)
	}
	mustContain(t, r.Body, "<h1>Nie znaleziono strony</h1>", `<a href="/">Przejdź do strony głównej</a>`)
	mustNotContain(t, r.Body, "Coś poszło nie tak")
	// A resident who follows a link from their own page to another's
	// premises is offered the way back and their start page.
	c.login("ebok", residentLogin)
	req := httptest.NewRequest(http.MethodGet, "/ebok/premises/"+id(f.OtherFlat), nil)
	req.Header.Set("Referer", "http://ebok.test/ebok/premises/"+id(f.Flat)+"?pay=full")
	r = c.do(req)
	mustContain(t, r.Body, "<h1>Nie znaleziono strony</h1>", `href="/ebok/premises/`+id(f.Flat)+`?pay=full">Wróć do poprzedniej strony`,
		`<a href="/ebok">Przejdź do swojej strony startowej</a>`)
	// A referrer elsewhere is not offered.
	req = httptest.NewRequest(http.MethodGet, "/no/such/page", nil)
	req.Header.Set("Referer", "https://evil.example/x")
	mustNotContain(t, c.do(req).Body, "evil.example", "Wróć do poprzedniej strony")
	// A resident on a staff page: no access.
	r = c.get("/staff")
	if r.Code != http.StatusForbidden {
		t.Fatalf("resident on /staff: %d", r.Code)
	}
	mustContain(t, r.Body, "<h1>Brak dostępu</h1>", `<a href="/ebok">Przejdź do swojej strony startowej</a>`)
	mustNotContain(t, r.Body, "Coś poszło nie tak")
}

// A page address with a trailing slash leads to the page.
func TestTrailingSlashRedirects(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	c := env.client(t, "ebok.test")
	c.login("ebok", residentLogin)
	for path, want := range map[string]string{
		"/ebok/": "/ebok",
		"/ebok/premises/" + id(f.Flat) + "/ledger/?year=2026": "/ebok/premises/" + id(f.Flat) + "/ledger?year=2026",
	} {
		r := c.get(path)
		if r.Code != http.StatusMovedPermanently || r.Header.Get("Location") != want {
			t.Errorf("GET %s: %d to %q, want 301 to %q", path, r.Code, r.Header.Get("Location"), want)
		}
	}
	if r := c.get("/ebok"); r.Code != http.StatusOK {
		t.Errorf("/ebok: %d", r.Code)
	}
	// No page under it, or a POST: still not found.
	if r := c.get("/no/such/page/"); r.Code != http.StatusNotFound {
		t.Errorf("GET /no/such/page/: %d, want 404", r.Code)
	}
	// The mux cleans "//evil.example/" to a path of this site first.
	if r := c.get("//evil.example/"); strings.HasPrefix(r.Header.Get("Location"), "//") {
		t.Errorf("GET //evil.example/ leads off the site: %q", r.Header.Get("Location"))
	}
	if r := c.post("/ebok/consent/", urlValues("consent", "grant")); r.Code == http.StatusMovedPermanently || r.Code == http.StatusSeeOther {
		t.Errorf("POST with a trailing slash redirected: %d", r.Code)
	}
}

// Switching to English comes back to the same page, and the English pages
// show no missing message (a raw "[key.name]").
func TestEnglishKeepsThePage(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	addLateCharges(t, env, f)
	c := env.client(t, "ebok.test")
	c.login("ebok", "E0000003")
	page := "/ebok/premises/" + id(f.OtherFlat) + "/ledger?year=2026&kind=charge"
	r := c.get(page)
	mustContain(t, r.Body, `name="back" value="/ebok/premises/`+id(f.OtherFlat)+`/ledger?year=2026&amp;kind=charge"`)
	r = c.post("/lang", urlValues("lang", "en", "back", page))
	if r.Code != http.StatusSeeOther || r.Header.Get("Location") != page {
		t.Fatalf("lang: %d to %q, want %q", r.Code, r.Header.Get("Location"), page)
	}
	missing := regexp.MustCompile(`\[[a-z_]+(\.[a-z_]+)+\]`)
	base := "/ebok/premises/" + id(f.OtherFlat)
	for _, p := range []string{page, "/ebok", base, base + "?pay=full", base + "/fees", base + "/meters", base + "/settlements", "/ebok/messages", "/ebok/letters", "/no/such/page"} {
		r := c.get(p)
		mustContain(t, r.Body, `lang="en"`)
		if m := missing.FindString(r.Body); m != "" {
			t.Errorf("%s: missing message %s", p, m)
		}
	}
	mustContain(t, plain(c.get(base).Body), "To pay now: 1 605,00 zł", "How the interest was calculated")
}

// E-mails carry the sender name of the configuration (EBOK_MAIL_FROM_NAME),
// through the app's own outbox worker to a real SMTP server.
func TestMailCarriesTheConfiguredSenderName(t *testing.T) {
	box := startMailbox(t)
	db := storetest.Open(t, store.SQLite)
	vars := map[string]string{
		"EBOK_SMTP_HOST": box.host, "EBOK_SMTP_PORT": strconv.Itoa(box.port), "EBOK_SMTP_TLS": "none",
		"EBOK_MAIL_FROM": "bok@sm-sloneczna.pl", "EBOK_MAIL_FROM_NAME": "SM Słoneczna – e-BOK",
		"EBOK_DATA_DIR": t.TempDir(), "EBOK_BASE_URL": "http://ebok.test",
	}
	cfg, err := config.Load(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	a, err := app.New(ctx, cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{Now: func() time.Time { return now }, Hasher: auth.NewHasher(2)})
	if err != nil {
		t.Fatal(err)
	}
	coopID := storetest.InsertCoop(t, db, "a")
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		_, err := a.Outbox.Queue(ctx, tx, coopID, ebokmail.Message{To: "jan@example.pl", Subject: "Próba", Text: "Dzień dobry,\n\nto jest próba.\n"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if sent, err := a.Worker.ProcessOnce(ctx); err != nil || sent != 1 {
		t.Fatalf("worker sent %d: %v", sent, err)
	}
	got := box.all()
	if len(got) != 1 {
		t.Fatalf("%d messages at the SMTP server", len(got))
	}
	from, err := (&mime.WordDecoder{}).DecodeHeader(got[0].Header.Get("From"))
	if err != nil {
		t.Fatal(err)
	}
	addr, err := netmail.ParseAddress(from)
	if err != nil || addr.Name != "SM Słoneczna – e-BOK" || addr.Address != "bok@sm-sloneczna.pl" {
		t.Errorf("From %q (%v), want SM Słoneczna – e-BOK <bok@sm-sloneczna.pl>", got[0].Header.Get("From"), err)
	}
	if got[0].EnvelopeFrom != "bok@sm-sloneczna.pl" {
		t.Errorf("envelope sender %q", got[0].EnvelopeFrom)
	}
}
