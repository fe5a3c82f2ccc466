package web

import (
	"context"
	"encoding/base64"
	"html"
	"net/http"
	"net/url"
	"os"
	osexec "os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/audit"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
	"github.com/xuri/excelize/v2"
)

// addFees gives the fixture a fee schedule: cooperative-wide rates for
// flats that rose in 2026, and a premises-level rate for the flat.
func addFees(t *testing.T, env *testEnv, f fixtureCoop) {
	t.Helper()
	comp := func(code, name, base string, pos int) int64 {
		return exec(t, env.db, `INSERT INTO fee_components (coop_id, code, name, base, position) VALUES ($1, $2, $3, $4, $5) RETURNING id`, f.ID, code, name, base, pos)
	}
	eksp := comp("eksploatacja", "Eksploatacja", "area", 1)
	fund := comp("fundusz", "Fundusz remontowy", "area", 2)
	woda := comp("woda", "Woda – zaliczka", "persons", 3)
	rate := func(c int64, rate int64, from string, premises any) {
		exec(t, env.db, `INSERT INTO fee_rates (coop_id, component_id, premises_kind, premises_id, rate, effective_from) VALUES ($1, $2, 'flat', $3, $4, $5)`,
			f.ID, c, premises, rate, from)
	}
	rate(eksp, 320, "2025-01-01", nil)
	rate(eksp, 350, "2026-01-01", nil)
	rate(fund, 150, "2025-01-01", nil)
	rate(fund, 200, "2025-07-01", f.Flat) // the flat's own rate wins
	rate(woda, 4500, "2025-01-01", nil)
}

func TestPremisesPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		addFees(t, env, f)
		c := env.client(t, "ebok.test")
		c.login("ebok", residentLogin)
		mustContain(t, c.get("/ebok").Body, `href="/ebok/premises/`+id(f.Flat)+`"`)
		// 48,30 m² × 3,50 = 169,05; × 2,00 = 96,60; 2 persons × 45,00 = 90,00.
		r := c.get("/ebok/premises/" + id(f.Flat) + "/fees")
		if r.Code != http.StatusOK {
			t.Fatalf("fees: %d", r.Code)
		}
		mustContain(t, r.Body, "Eksploatacja", "powierzchnia 48,30\u00a0m²", "3,50", "169,05", "Fundusz remontowy", "2,00", "96,60",
			"osoby zgłoszone: 2", "90,00", "355,65", "Historia zmian opłaty", "01.01.2026", "01.07.2025")
		// Overview: 512,34 owed, next due 10.12.2026 with December's fee.
		r = c.get("/ebok/premises/" + id(f.Flat))
		mustContain(t, r.Body, "Do zapłaty teraz: 512,34\u00a0zł", "Kwota do zapłaty do 10.12.2026", "867,99\u00a0zł", "355,65\u00a0zł",
			f.FlatNRB, "Stan według księgowań do 21.11.2026, godz. 10:00.",
			// 512,34 × 9,25% × 8/365 = 1,04 (October, paid 8 days late) +
			// 512,34 × 9,25% × 20/365 = 2,60 (November, unpaid) = 3,64.
			"naliczone do 21.11.2026: 3,64\u00a0zł.", "Odsetki jeszcze niezaksięgowane: 3,64\u00a0zł.",
			// 512,34 + 3,64 = 515,98 would settle everything today.
			"rozliczyłaby wszystko (zaległość i odsetki naliczone do dziś): 515,98\u00a0zł",
			// For what and since when: November's charge, 20 days late,
			// 512,34 × 9,25% × 20/365 = 2,60 of the interest.
			"Co jest do zapłaty", "Termin płatności najstarszej nieopłaconej należności: 01.11.2026",
			"Naliczenie: Opłaty za 11.2026", "20 dni", ">2,60\u00a0zł<")
		// Ledger with a running balance and monthly subtotals.
		r = c.get("/ebok/premises/" + id(f.Flat) + "/ledger?year=2026")
		mustContain(t, unlabelled(r.Body), "Saldo na początek roku 2026: 0,00\u00a0zł", "Naliczenie: Opłaty za 10.2026", "<td>Wpłata</td>",
			"10.2026", "11.2026", ">512,34<", ">0,00<")
		r = c.get("/ebok/premises/" + id(f.Flat) + "/ledger?kind=payment")
		mustContain(t, unlabelled(r.Body), "<td>Wpłata</td>")
		mustNotContain(t, r.Body, "Naliczenie: Opłaty za 10.2026", "Wpłata: Wpłata")
		// Someone else's premises are not found, by anyone's guess of ids.
		if r := c.get("/ebok/premises/" + id(f.OtherFlat)); r.Code != http.StatusNotFound {
			t.Errorf("another resident's premises: %d", r.Code)
		}
		if r := c.get("/ebok/premises/" + id(f.OtherFlat) + "/ledger"); r.Code != http.StatusNotFound {
			t.Errorf("another resident's ledger: %d", r.Code)
		}
	})
}

func TestStaffManualPostings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		staff := env.client(t, "ebok.test")
		staff.login("staff", adminLogin)
		base := "/staff/premises/" + id(f.Flat)
		mustContain(t, staff.get(base).Body, base+"/ledger")
		mustContain(t, staff.get(base+"/ledger").Body, "Księgowanie ręczne", `action="`+base+`/postings"`)
		post := func(v url.Values) response { return staff.post(base+"/postings", v) }
		r := post(url.Values{"kind": {"correction"}, "booked_on": {"21.11.2026"}, "amount": {"12,34"}, "direction": {"credit"}, "reason": {""}})
		mustContain(t, r.Body, "Wpisz powód księgowania.")
		r = post(url.Values{"kind": {"payment"}, "booked_on": {"21.11.2026"}, "amount": {"1.234"}, "reason": {"x"}})
		mustContain(t, r.Body, "Nie wiadomo, czy to separator tysięcy")
		r = post(url.Values{"kind": {"payment"}, "booked_on": {"22.11.2026"}, "amount": {"10,00"}, "reason": {"x"}})
		mustContain(t, r.Body, "nie może być późniejsza niż dziś")
		r = post(url.Values{"kind": {"correction"}, "booked_on": {"21.11.2026"}, "amount": {"12,34"}, "direction": {"credit"}, "reason": {"Zwrot za błędnie naliczony domofon"}})
		if r.Code != http.StatusSeeOther {
			t.Fatalf("correction: %d", r.Code)
		}
		r = post(url.Values{"kind": {"payment"}, "booked_on": {"21.11.2026"}, "amount": {"100,00"}, "reason": {"Wpłata w kasie"}})
		if r.Code != http.StatusSeeOther {
			t.Fatalf("payment: %d", r.Code)
		}
		// 512,34 − 12,34 − 100,00 = 400,00; the resident sees it all.
		resident := env.client(t, "ebok.test")
		resident.login("ebok", residentLogin)
		r = resident.get("/ebok/premises/" + id(f.Flat) + "/ledger")
		mustContain(t, unlabelled(r.Body), "Korekta: Zwrot za błędnie naliczony domofon", "<td>Wpłata w kasie</td>", ">400,00<")
		mustContain(t, resident.get("/ebok").Body, "400,00\u00a0zł")
		// Audited with the reason; the board may look but not post; another
		// estate's administration cannot even look.
		entries, err := audit.List(context.Background(), db.Read(), f.ID, audit.Filter{Action: audit.LedgerPosted})
		if err != nil || len(entries) != 2 || entries[0].Details["reason"] == "" {
			t.Errorf("audit entries %+v, %v", entries, err)
		}
		if _, err := env.auth.CreateUser(context.Background(), authUser(f.ID, "zarzad", "board")); err != nil {
			t.Fatal(err)
		}
		board := env.client(t, "ebok.test")
		board.post("/staff/login", url.Values{"login": {"zarzad"}, "password": {password}})
		if r := board.get(base + "/ledger"); r.Code != http.StatusOK || strings.Contains(r.Body, "Księgowanie ręczne") {
			t.Errorf("board ledger view: %d", r.Code)
		}
		if r := board.post(base+"/postings", url.Values{"kind": {"charge"}, "booked_on": {"21.11.2026"}, "amount": {"1,00"}, "reason": {"x"}}); r.Code != http.StatusForbidden {
			t.Errorf("board posting: %d", r.Code)
		}
		estate := env.client(t, "ebok.test")
		estate.login("staff", estateLogin)
		if r := estate.get("/staff/premises/" + id(f.OtherFlat) + "/ledger"); r.Code != http.StatusNotFound {
			t.Errorf("other estate's ledger: %d", r.Code)
		}
		if r := estate.post("/staff/premises/"+id(f.OtherFlat)+"/postings", url.Values{"kind": {"charge"}, "booked_on": {"21.11.2026"}, "amount": {"1,00"}, "reason": {"x"}}); r.Code != http.StatusNotFound {
			t.Errorf("other estate's posting: %d", r.Code)
		}
	})
}

func TestStatementCSV(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	c := env.client(t, "ebok.test")
	c.login("ebok", residentLogin)
	r := c.get("/ebok/premises/" + id(f.Flat) + "/statement.csv?from=01.10.2026&to=31.10.2026")
	if r.Code != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("statement: %d %s", r.Code, r.Header.Get("Content-Type"))
	}
	mustContain(t, r.Body, "\ufeffLokal;ul. Mickiewicza 5/12", "01.10.2026;;Saldo początkowe;;;;0,00",
		"01.10.2026;Naliczenie;Opłaty za 10.2026;;512,34;;512,34", "09.10.2026;Wpłata;Wpłata;;;512,34;0,00", "31.10.2026;;Saldo końcowe;;;;0,00")
	mustNotContain(t, r.Body, "11.2026")
	// A wrong period leads back to the form, which says what was typed
	// and why: inverted, not a date, over 15 years.
	for _, q := range []struct{ from, to string }{{"31.10.2026", "01.10.2026"}, {"31.02.2026", "01.10.2026"}, {"01.10.2011", "02.10.2026"}} {
		r := c.get("/ebok/premises/" + id(f.Flat) + "/statement.csv?from=" + q.from + "&to=" + q.to)
		if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/ebok/premises/"+id(f.Flat)+"/ledger#stmt-title" {
			t.Errorf("period %s–%s: %d %s", q.from, q.to, r.Code, r.Header.Get("Location"))
			continue
		}
		mustContain(t, c.get("/ebok/premises/"+id(f.Flat)+"/ledger").Body,
			"Nie pobrano zestawienia za okres „"+q.from+"” – „"+q.to+"”. Daty należy wpisać w formacie dd.mm.rrrr", `id="stmt-title"`)
	}
	// 15 years to the day is still one statement.
	if r := c.get("/ebok/premises/" + id(f.Flat) + "/statement.csv?from=02.10.2011&to=02.10.2026"); r.Code != http.StatusOK {
		t.Errorf("15 years: %d", r.Code)
	}
	if r := c.get("/ebok/premises/" + id(f.OtherFlat) + "/statement.csv"); r.Code != http.StatusNotFound {
		t.Errorf("another resident's statement: %d", r.Code)
	}
}

func TestStatementPDF(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	c := env.client(t, "ebok.test")
	c.login("ebok", residentLogin)
	r := c.get("/ebok/premises/" + id(f.Flat) + "/statement.pdf?from=01.10.2026&to=30.11.2026")
	if r.Code != http.StatusOK || r.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("statement.pdf: %d %s", r.Code, r.Header.Get("Content-Type"))
	}
	text := strings.ReplaceAll(pdfText(t, []byte(r.Body)), "\u00a0", " ")
	mustContain(t, text, "Zestawienie rozliczeń lokalu", "Mieszkanie: ul. Mickiewicza 5/12", "01.10.2026 – 30.11.2026",
		"Opłaty za 10.2026", "Opłaty za 11.2026", "Wpłata", "512,34", "Saldo końcowe", "Spółdzielnia Mieszkaniowa „a”")
}

func TestPaymentQRAndSlip(t *testing.T) {
	zbar, err := osexec.LookPath("zbarimg")
	if err != nil {
		t.Skip("zbarimg not found: apt-get install zbar-tools (CI installs it)")
	}
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	addFees(t, env, f)
	c := env.client(t, "ebok.test")
	c.login("ebok", residentLogin)
	r := c.get("/ebok/premises/" + id(f.Flat))
	m := regexp.MustCompile(`src="data:image/png;base64,([^"]+)"`).FindStringSubmatch(r.Body)
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
	nrbDigits := strings.ReplaceAll(f.FlatNRB, " ", "")
	// Amount due 867,99 zł = 086799 grosze; recipient and title as shown.
	want := "|PL|" + nrbDigits + "|086799|a|Opłaty Mickiewicza 5/12|||"
	if got := strings.TrimSpace(string(out)); !strings.HasSuffix(got, want) {
		t.Errorf("QR code says %q, want it to end with %q", got, want)
	}
	r = c.get("/ebok/premises/" + id(f.Flat) + "/slip.pdf")
	if r.Code != http.StatusOK {
		t.Fatalf("slip: %d", r.Code)
	}
	text := strings.ReplaceAll(pdfText(t, []byte(r.Body)), "\u00a0", " ")
	mustContain(t, text, f.FlatNRB, "867,99", "osiemset sześćdziesiąt siedem złotych 99/100", "Łukasz Kowalski")
}

func TestStaffChargeRun(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	addFees(t, env, f)
	staff := env.client(t, "ebok.test")
	staff.login("staff", adminLogin)
	// The form suggests next month (today is in November 2026) and says so.
	mustContain(t, staff.get("/staff/charges").Body, `value="2026-12"`, "Wpisano następny miesiąc, 12.2026: opłaty nalicza się z góry.")
	r := staff.post("/staff/charges", urlValues("month", "2026-12"))
	// A preview first. Only the two flats have fee rates: the flat 355,65
	// and the other flat 52,10 m² × 3,50 + × 1,50 + 2 × 45,00 = 182,35 +
	// 78,15 + 90,00 = 350,50.
	mustContain(t, r.Body, "Podgląd naliczenia za miesiąc 12.2026", `<dd id="preview-accounts">2</dd>`,
		`<dd id="preview-total" class="amount">706,15`+"\u00a0"+`zł</dd>`, `<dd id="preview-charged">0</dd>`,
		"Pominięte: brak stawek w wymiarze opłat", "355,65", "350,50",
		`name="confirm" value="yes"`, "Nalicz opłaty 2 lokalom (razem 706,15\u00a0zł)")
	resident := env.client(t, "ebok.test")
	resident.login("ebok", residentLogin)
	ledgerPath := "/ebok/premises/" + id64(f.Flat) + "/ledger?year=2026"
	mustNotContain(t, resident.get(ledgerPath).Body, "Eksploatacja 12.2026")
	// A confirmation of other figures than the run would post runs nothing.
	r = staff.post("/staff/charges", urlValues("month", "2026-12", "confirm", "yes", "accounts", "2", "total", "700.00"))
	if r.Code != http.StatusConflict {
		t.Fatalf("stale confirmation: %d", r.Code)
	}
	mustContain(t, r.Body, "Od podglądu zmieniły się dane", "Nalicz opłaty 2 lokalom")
	mustNotContain(t, resident.get(ledgerPath).Body, "Eksploatacja 12.2026")
	r = staff.post("/staff/charges", urlValues("month", "2026-12", "confirm", "yes", "accounts", "2", "total", "706.15"))
	if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/staff/charges" {
		t.Fatalf("confirmed run: %d to %q", r.Code, r.Header.Get("Location"))
	}
	// Three components for each of the two flats: six lines.
	mustContain(t, staff.get("/staff/charges").Body, "Naliczono opłaty za miesiąc 12.2026: lokale: 2, pozycje: 6, razem 706,15\u00a0zł. Pominięto lokale naliczone wcześniej: 0.")
	r = staff.post("/staff/charges", urlValues("month", "2026-12"))
	mustContain(t, r.Body, `<dd id="preview-accounts">0</dd>`, `<dd id="preview-charged">2</dd>`, "Nie ma czego naliczyć za ten miesiąc.")
	mustNotContain(t, r.Body, `name="confirm"`)
	mustContain(t, staff.post("/staff/charges", urlValues("month", "2027-03")).Body, "nie można jeszcze naliczyć")
	mustContain(t, resident.get(ledgerPath).Body, "Naliczenie: Eksploatacja 12.2026", "169,05", "termin 10.12.2026")
}

// TestStatementXLSX checks the download; the spreadsheet's cells are
// internal/documents' TestStatementXLSX.
func TestStatementXLSX(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	c := env.client(t, "ebok.test")
	c.login("ebok", residentLogin)
	r := c.get("/ebok/premises/" + id(f.Flat) + "/statement.xlsx?from=01.10.2026&to=31.10.2026")
	if r.Code != http.StatusOK || r.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("xlsx: %d %s", r.Code, r.Header.Get("Content-Type"))
	}
	if got, want := r.Header.Get("Content-Disposition"), `attachment; filename="rozliczenia-`+id(f.Flat)+`-2026-10-01-2026-10-31.xlsx"`; got != want {
		t.Errorf("Content-Disposition %q, want %q", got, want)
	}
	x, err := excelize.OpenReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	// Row 7 is the October charge from the fixture's ledger.
	if got, err := x.GetCellValue(x.GetSheetName(0), "C7"); err != nil || got != "Opłaty za 10.2026" {
		t.Errorf("C7 = %q, %v", got, err)
	}
}

func TestUtilitySettlements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		staff := env.client(t, "ebok.test")
		staff.login("staff", adminLogin)
		base := "/staff/premises/" + id64(f.Flat) + "/settlements"
		form := urlValues("kind", "water", "from", "01.01.2026", "to", "30.06.2026", "consumption", "42,315", "cost", "812,40", "advances", "700,00")
		if r := staff.post(base, form); r.Code != http.StatusSeeOther {
			t.Fatalf("record: %d %s", r.Code, r.Body)
		}
		mustContain(t, staff.post(base, form).Body, "Ten okres tego rodzaju jest już rozliczony.")
		mustContain(t, staff.post(base, urlValues("kind", "heating", "from", "01.01.2026", "to", "30.06.2027", "consumption", "1", "cost", "1", "advances", "1")).Body, "Sprawdź dane")
		if r := staff.post(base, urlValues("kind", "heating", "from", "01.01.2026", "to", "30.06.2026", "consumption", "12,5", "cost", "1500,00", "advances", "1620,00")); r.Code != http.StatusSeeOther {
			t.Fatalf("heating: %d", r.Code)
		}
		resident := env.client(t, "ebok.test")
		resident.login("ebok", residentLogin)
		r := resident.get("/ebok/premises/" + id64(f.Flat) + "/settlements")
		mustContain(t, r.Body, "woda i ścieki", "42,315 m³", "812,40", "700,00", "do dopłaty 112,40\u00a0zł", "centralne ogrzewanie", "12,500 GJ", "nadpłata 120,00\u00a0zł")
		// The results are in the ledger: 512,34 owed + 112,40 − 120,00.
		mustContain(t, resident.get("/ebok").Body, "504,74\u00a0zł")
		sid := regexp.MustCompile(`/settlements/(\d+)"`).FindAllStringSubmatch(r.Body, -1)
		if len(sid) != 2 {
			t.Fatalf("settlement links: %v", sid)
		}
		pdfResp := resident.get("/ebok/premises/" + id64(f.Flat) + "/settlements/" + sid[len(sid)-1][1])
		if pdfResp.Code != http.StatusOK {
			t.Fatalf("settlement pdf: %d", pdfResp.Code)
		}
		text := strings.ReplaceAll(pdfText(t, []byte(pdfResp.Body)), "\u00a0", " ")
		mustContain(t, text, "Rozliczenie kosztów wody", "42,315 m³", "812,40 zł", "Do dopłaty", "112,40 zł")
		if r := resident.get("/ebok/premises/" + id64(f.OtherFlat) + "/settlements"); r.Code != http.StatusNotFound {
			t.Errorf("another resident's settlements: %d", r.Code)
		}
	})
}

func TestStaffFeeSchedule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		addFees(t, env, f)
		staff := env.client(t, "ebok.test")
		staff.login("staff", adminLogin)
		// The page opens on today's tariff: Eksploatacja 3,50 (from
		// 01.01.2026), not the 3,20 it replaced; the history is a click away.
		r := staff.get("/staff/fees")
		mustContain(t, unlabelled(r.Body), "Stawki obowiązujące dziś", "Eksploatacja", "Fundusz remontowy", "jednego lokalu: ul. Mickiewicza 5/12",
			"<td>01.01.2026</td><td>Eksploatacja</td>", `<td class="num">3,50</td>`, `href="/staff/fees?history=1#rates-title"`)
		mustNotContain(t, unlabelled(r.Body), `<td class="num">3,20</td>`, "01.01.2025</td><td>Eksploatacja")
		r = staff.get("/staff/fees?history=1")
		mustContain(t, unlabelled(r.Body), "Stawki (od najnowszych)", "<td>01.01.2025</td><td>Eksploatacja</td>", `<td class="num">3,20</td>`, `<td class="num">3,50</td>`)
		mustContain(t, staff.post("/staff/fees/components", urlValues("code", "Zła Nazwa", "name", "x", "base", "area")).Body, "Składnik potrzebuje kodu")
		if r := staff.post("/staff/fees/components", urlValues("code", "smieci", "name", "Wywóz odpadów", "base", "persons")); r.Code != http.StatusSeeOther {
			t.Fatalf("component: %d", r.Code)
		}
		mustContain(t, staff.post("/staff/fees/components", urlValues("code", "smieci", "name", "x", "base", "persons")).Body, "już istnieje")
		r = staff.get("/staff/fees")
		comp := regexp.MustCompile(`<option value="(\d+)">Wywóz odpadów</option>`).FindStringSubmatch(r.Body)
		if comp == nil {
			t.Fatal("new component not offered")
		}
		mustContain(t, staff.post("/staff/fees/rates", urlValues("component", comp[1], "kind", "flat", "scope", "estate", "target", "Z", "rate", "30,00", "from", "01.12.2026")).Body, "Nie ma osiedla o tym kodzie.")
		mustContain(t, staff.post("/staff/fees/rates", urlValues("component", comp[1], "kind", "flat", "scope", "coop", "rate", "1.234", "from", "01.12.2026")).Body, "Wpisz stawkę jako kwotę")
		if r := staff.post("/staff/fees/rates", urlValues("component", comp[1], "kind", "flat", "scope", "estate", "target", "A", "rate", "30,00", "from", "01.12.2026")); r.Code != http.StatusSeeOther {
			t.Fatalf("rate: %d", r.Code)
		}
		// Announced from December: listed after today's rates, marked so.
		mustContain(t, unlabelled(staff.get("/staff/fees").Body), `<tr class="upcoming"><td>01.12.2026 <strong class="badge-info">zapowiedziana</strong></td><td>Wywóz odpadów</td>`)
		// From December the flat in estate A pays 2 × 30,00 more; the flat
		// in estate B does not.
		resident := env.client(t, "ebok.test")
		resident.login("ebok", residentLogin)
		mustContain(t, resident.get("/ebok/premises/"+id64(f.Flat)+"/fees").Body, "Historia zmian opłaty", "01.12.2026 <strong class=\"badge-info\">zapowiedziana</strong>", "415,65", "60,00")
		r = resident.get("/ebok/premises/" + id64(f.Flat))
		mustContain(t, r.Body, "415,65\u00a0zł") // 355,65 + 60,00 due on 10.12
	})
}
