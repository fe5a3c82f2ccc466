package web

import (
	"context"
	"fmt"
	"net/http"
	"os"
	osexec "os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// The tests in this file walk the money pages end to end in real headless
// Chromium: what a resident owes and how to pay it, the statement he
// downloads, the meter reading he submits, and the bank statement staff
// load and sort out.

// TestBrowserResidentBalanceStatementAndReading: the resident logs in,
// reads what he owes and where to pay it, downloads a PDF statement for
// two months, and submits a water meter reading.
func TestBrowserResidentBalanceStatementAndReading(t *testing.T) {
	skipWithoutChromium(t)
	if _, err := osexec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not found: apt-get install poppler-utils (CI installs it)")
	}
	began := time.Now()
	env := newEnv(t, storetest.Open(t, store.SQLite))
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	addFees(t, env, f)
	b := startBrowser(t, env.srv)
	b.withTimeout(ledgerBrowserTimeout)
	flat := "/ebok/premises/" + id(f.Flat)

	// 1. The login in the E-BOK panel of the home page.
	b.open("/")
	if status := b.logIn("#ebok", residentLogin, password); status != http.StatusOK {
		t.Fatalf("login: HTTP %d\n%s", status, b.text("main"))
	}
	if got := b.location().Path; got != "/ebok" {
		t.Fatalf("after logging in the browser is at %q, want /ebok\n%s", got, b.text("main"))
	}
	if got := b.text("h1"); got != "Moje lokale" {
		t.Errorf("h1 %q, want %q", got, "Moje lokale")
	}

	// 2. The flat: what is owed, by when, to which account, and the QR code.
	link := `main a[href="` + flat + `"]`
	if got := b.text(link); got != "Mieszkanie: ul. Mickiewicza 5/12" {
		t.Fatalf("link to the flat %q, want %q", got, "Mieszkanie: ul. Mickiewicza 5/12")
	}
	if status := b.submit(link); status != http.StatusOK {
		t.Fatalf("opening the flat: HTTP %d", status)
	}
	if got := b.location().Path; got != flat {
		t.Fatalf("the flat's link leads to %q, want %q", got, flat)
	}
	if got := b.text("h1"); got != "Mieszkanie: ul. Mickiewicza 5/12" {
		t.Errorf("h1 %q", got)
	}
	if got := b.text("main p.balance"); got != "Do zapłaty teraz: 512,34 zł" {
		t.Errorf("balance %q, want %q", got, "Do zapłaty teraz: 512,34 zł")
	}
	if got := b.text("main p.asof"); got != "Stan według księgowań do 21.11.2026, godz. 10:00." {
		t.Errorf("as of %q", got)
	}
	facts := eval[map[string]string](b, `Object.fromEntries([...document.querySelectorAll("section.pay dl.facts dt")]
		.map(dt => [dt.innerText.trim(), dt.nextElementSibling ? dt.nextElementSibling.innerText.trim() : ""]))`)
	for k, v := range facts {
		facts[k] = nbsp(v)
	}
	// 512,34 zł owed and December's fee of 355,65 zł (addFees).
	if got := facts["Kwota do zapłaty do 10.12.2026"]; got != "867,99 zł" {
		t.Errorf("amount due by 10.12.2026 %q, want %q (facts %q)", got, "867,99 zł", facts)
	}
	if got := facts["w tym opłata za nadchodzący miesiąc"]; got != "355,65 zł" {
		t.Errorf("the coming month's fee %q, want %q", got, "355,65 zł")
	}
	if got := b.text("#nrb"); got != f.FlatNRB {
		t.Errorf("account number %q, want %q", got, f.FlatNRB)
	}
	if got := facts["Tytuł przelewu"]; got != "Opłaty za lokal ul. Mickiewicza 5/12" {
		t.Errorf("transfer title %q", got)
	}
	qr := eval[map[string]any](b, `(() => {
		const i = document.querySelector("section.pay .qr img");
		return i ? {src: i.getAttribute("src").slice(0, 22), alt: i.alt, complete: i.complete, w: i.naturalWidth, h: i.naturalHeight} : {}; })()`)
	if qr["src"] != "data:image/png;base64," || qr["complete"] != true || qr["w"] == float64(0) || qr["w"] != qr["h"] {
		t.Errorf("QR image %v: want a loaded, square PNG", qr)
	}
	if qr["alt"] != "Kod QR do zapłaty w aplikacji banku" {
		t.Errorf("QR alt %q", qr["alt"])
	}
	if !b.visible("section.pay .qr img") {
		t.Error("the QR image is not visible")
	}
	b.noConsoleProblems("the flat's overview")

	// 3. The "Rozliczenia" tab and a PDF statement for October and November.
	tab := `nav.tabs a[href="` + flat + `/ledger"]`
	if got := b.text(tab); got != "Rozliczenia" {
		t.Fatalf("ledger tab %q, want %q", got, "Rozliczenia")
	}
	if status := b.submit(tab); status != http.StatusOK {
		t.Fatalf("opening the ledger: HTTP %d", status)
	}
	if got := b.text(`nav.tabs a[aria-current="page"]`); got != "Rozliczenia" {
		t.Errorf("current tab %q, want %q", got, "Rozliczenia")
	}
	mustContain(t, b.text("main"), "Saldo na początek roku 2026: 0,00 zł", "Naliczenie: Opłaty za 10.2026")
	b.run("fill in the statement period",
		replaceText("#s-from", "01.10.2026"),
		replaceText("#s-to", "30.11.2026"),
	)
	if got := eval[[]string](b, `[document.querySelector("#s-from").value, document.querySelector("#s-to").value]`); !slices.Equal(got, []string{"01.10.2026", "30.11.2026"}) {
		t.Fatalf("statement period fields hold %q", got)
	}
	pdfButton := `section.statement form button[type="submit"]:not([formaction])`
	if got := b.text(pdfButton); got != "Pobierz PDF" {
		t.Fatalf("statement button %q, want %q", got, "Pobierz PDF")
	}
	d := b.download(pdfButton)
	if want := "rozliczenia-" + id(f.Flat) + "-2026-10-01-2026-11-30.pdf"; d.Name != want {
		t.Errorf("the statement downloads as %q, want %q", d.Name, want)
	}
	if !strings.Contains(d.URL, "/statement.pdf?from=01.10.2026&to=30.11.2026") {
		t.Errorf("the statement came from %q", d.URL)
	}
	if !strings.HasPrefix(string(d.Data), "%PDF-") {
		t.Fatalf("the downloaded statement is no PDF: %q", d.Data[:min(len(d.Data), 40)])
	}
	text := nbsp(pdfText(t, d.Data))
	mustContain(t, text, "Zestawienie rozliczeń lokalu", "Mieszkanie: ul. Mickiewicza 5/12", "01.10.2026 – 30.11.2026",
		"Opłaty za 10.2026", "Opłaty za 11.2026", "512,34", "Saldo końcowe")
	if got := b.location().Path; got != flat+"/ledger" {
		t.Errorf("after the download the browser is at %q, want the ledger still", got)
	}
	b.noConsoleProblems("the ledger and the statement")

	// 4. A cold water meter reading.
	residentMeterReading(t, b, env, f)

	t.Logf("balance, statement and reading took %v", time.Since(began).Round(time.Millisecond))
}

// residentMeterReading submits a reading of a cold water meter of the flat
// through its meters page, which the browser shows now is the flat's
// ledger. Today, 21.11.2026, is inside the default window (20th to the end
// of the month).
func residentMeterReading(t *testing.T, b *browser, env *testEnv, f fixtureCoop) {
	t.Helper()
	meter := exec(t, env.db, `INSERT INTO meters (coop_id, premises_id, kind, serial, installed_on)
		VALUES ($1, $2, 'cold_water', 'WZ-2023-0457', '2023-03-15') RETURNING id`, f.ID, f.Flat)
	// The reading of last month, accepted, is the "previous reading".
	exec(t, env.db, `INSERT INTO meter_readings (coop_id, meter_id, read_on, value, source, status, decided_at, created_at)
		VALUES ($1, $2, '2026-10-25', 123456, 'staff', 'accepted', $3, $3)`, f.ID, meter, now.AddDate(0, -1, 0))
	flat := "/ebok/premises/" + id(f.Flat)
	m := id(meter)

	tab := `nav.tabs a[href="` + flat + `/meters"]`
	if got := b.text(tab); got != "Liczniki" {
		t.Fatalf("meters tab %q, want %q", got, "Liczniki")
	}
	if status := b.submit(tab); status != http.StatusOK {
		t.Fatalf("opening the meters: HTTP %d\n%s", status, b.text("main"))
	}
	if got := b.text(`nav.tabs a[aria-current="page"]`); got != "Liczniki" {
		t.Errorf("current tab %q, want %q", got, "Liczniki")
	}
	if got := b.text("main p.lead"); got != "Odczyty przyjmujemy do 30.11.2026 włącznie." {
		t.Errorf("window %q, want %q", got, "Odczyty przyjmujemy do 30.11.2026 włącznie.")
	}
	summary := `main > .table-wrap table tbody tr`
	if got, want := b.cells(summary), [][]string{{"Woda zimna", "WZ-2023-0457", "123,456 m³", "25.10.2026", "przyjęty"}}; !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("meters before the reading %q, want %q", got, want)
	}
	section := "#m-" + m
	if got := b.text(section + " h2"); got != "Woda zimna nr WZ-2023-0457" {
		t.Errorf("meter heading %q", got)
	}
	field := "#f-value-" + m
	if got := b.text(`label[for="f-value-` + m + `"]`); got != "Stan licznika w m³" {
		t.Errorf("reading label %q", got)
	}
	if got := b.text(field + "-hint"); got != "Poprzedni odczyt: 123,456 m³ z dnia 25.10.2026. Przepisz wszystkie cyfry sprzed przecinka i do trzech cyfr po nim, np. 123,456." {
		t.Errorf("reading hint %q", got)
	}
	b.noConsoleProblems("the meters page")

	// 4,434 m³ in 27 days: plausible.
	b.run("type the reading", typeText(field, "127,890"))
	button := section + ` form[action="` + flat + `/meters/` + m + `/readings"] button[type="submit"]`
	if got := b.text(button); got != "Wyślij odczyt" {
		t.Fatalf("reading button %q, want %q", got, "Wyślij odczyt")
	}
	if status := b.submit(button); status != http.StatusOK {
		t.Fatalf("sending the reading: HTTP %d\n%s", status, b.text("main"))
	}
	if u := b.location(); u.Path != flat+"/meters" || u.Query().Get("sent") != m {
		t.Errorf("after sending the reading the browser is at %q", u)
	}
	if got := b.text(`main .notice[role="status"]`); got != "Dziękujemy. Odczyt został zapisany i czeka na sprawdzenie przez spółdzielnię." {
		t.Errorf("notice after sending %q\n%s", got, b.text("main"))
	}
	if got, want := b.cells(summary), [][]string{{"Woda zimna", "WZ-2023-0457", "127,890 m³", "21.11.2026", "czeka na sprawdzenie"}}; !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("meters after the reading %q, want %q", got, want)
	}
	history := [][]string{
		{"21.11.2026", "127,890", "4,434", "mieszkaniec", "czeka na sprawdzenie", ""},
		{"25.10.2026", "123,456", "", "spółdzielnia", "przyjęty", ""},
	}
	if got := b.cells(section + " table.meter-history tbody tr"); !slices.EqualFunc(got, history, slices.Equal) {
		t.Errorf("history of the meter %q, want %q", got, history)
	}
	// What the page says is what was stored.
	var value int64
	var readOn, source, status string
	if err := env.db.Read().QueryRowContext(context.Background(), `SELECT value, read_on, source, status FROM meter_readings
		WHERE coop_id = $1 AND meter_id = $2 AND source = 'resident'`, f.ID, meter).Scan(&value, &readOn, &source, &status); err != nil {
		t.Fatalf("the resident's reading in the database: %v", err)
	}
	if value != 127890 || !strings.HasPrefix(readOn, "2026-11-21") || status != "submitted" {
		t.Errorf("stored reading %d on %s by %s, %s; want 127890 on 2026-11-21, submitted", value, readOn, source, status)
	}
	b.noConsoleProblems("sending the reading")
}

// TestBrowserStaffBankStatementAndAssign: staff load an MT940 statement,
// one credit is posted by the flat's own account, the other waits in the
// queue until staff assign it; the resident sees both payments.
func TestBrowserStaffBankStatementAndAssign(t *testing.T) {
	skipWithoutChromium(t)
	began := time.Now()
	env := newEnv(t, storetest.Open(t, store.SQLite))
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	b := startBrowser(t, env.srv)
	b.withTimeout(ledgerBrowserTimeout)

	virtual := strings.ReplaceAll(f.FlatNRB, " ", "")
	sta := ":20:1\r\n:25:/PL61109010140000071219812874\r\n:28C:1/1\r\n:60F:C261120PLN0,00\r\n" +
		":61:2611211121CN512,34NTRF0000000000000000//R1\r\n" + virtual + "\r\n:86:Opłaty listopad\r\n" +
		":61:2611211121CN80,00NTRFNONREF//R2\r\n:86:Przelew od Zdzisław Żółć, tytuł: garaż\r\n:62F:C261121PLN592,34\r\n"
	file := filepath.Join(t.TempDir(), "wyciag.sta")
	if err := os.WriteFile(file, []byte(sta), 0o600); err != nil {
		t.Fatal(err)
	}

	// 1. Staff log in and go to the bank statements.
	b.staffLogIn(adminLogin)
	nav := `nav a[href="/staff/bank"]`
	if got := b.text(nav); got != "Wyciągi bankowe" {
		t.Fatalf("navigation link to the bank statements %q, want %q", got, "Wyciągi bankowe")
	}
	if status := b.submit(nav); status != http.StatusOK {
		t.Fatalf("opening /staff/bank: HTTP %d", status)
	}
	if got := b.text("h1"); got != "Wyciągi bankowe" {
		t.Errorf("h1 %q", got)
	}
	if got := b.text("main p:not(.lead):not(.hint)"); got != "Wszystkie wpłaty są przypisane do lokali." {
		t.Errorf("before any statement the queue says %q", got)
	}

	// 2. The statement file goes up.
	b.run("choose the statement file", chromedp.SetUploadFiles(chromedp.CSS("#f-statement"), []string{file}))
	if got := eval[string](b, `(f => f.files.length + ":" + f.files[0].name + ":" + f.files[0].size)(document.querySelector("#f-statement"))`); got != "1:wyciag.sta:"+strconv.Itoa(len(sta)) {
		t.Fatalf("the file input holds %q", got)
	}
	if got := b.text(`form[action="/staff/bank"] button[type="submit"]`); got != "Wczytaj wyciąg" {
		t.Fatalf("upload button %q", got)
	}
	if status := b.submit(`form[action="/staff/bank"] button[type="submit"]`); status != http.StatusOK {
		t.Fatalf("loading the statement: HTTP %d\n%s", status, b.text("main"))
	}
	if got := b.text(`main .notice[role="status"]`); got != "Wpłat w pliku: 2. Zaksięgowane: 1 (razem 512,34 zł). Do przypisania: 1. Wczytane wcześniej: 0." {
		t.Errorf("result line %q", got)
	}
	if got := b.text("main h2"); got != "Wpłaty do przypisania (1)" {
		t.Errorf("queue heading %q, want %q", got, "Wpłaty do przypisania (1)")
	}
	rows := b.cells("main table tbody tr")
	if len(rows) != 1 {
		t.Fatalf("%d rows in the queue, want 1: %q", len(rows), rows)
	}
	// The statement names no payer; the assign cell holds the field's
	// visually hidden label and the button.
	want := []string{"21.11.2026", "80,00", "Przelew od Zdzisław Żółć, tytuł: garaż", "",
		"Zaksięgowano w banku 21.11.2026\nReferencja banku: R2\nWyciąg: 1/1 · 61 1090 1014 0000 0712 1981 2874", "Adres lokalu lub numer konta\nPrzypisz"}
	if !slices.Equal(rows[0], want) {
		t.Errorf("queue row %q, want %q", rows[0], want)
	}
	b.noConsoleProblems("loading the statement")

	// 3. Staff assign the credit by the flat's address.
	field := `main table tbody tr input[name="premises"]`
	if got := eval[string](b, fmt.Sprintf(`document.querySelector(%q).placeholder`, field)); got != "np. Mickiewicza 5/12" {
		t.Errorf("assign field placeholder %q", got)
	}
	b.run("type the flat's address", typeText(field, "Mickiewicza 5/12"))
	assign := `main table tbody tr form button[type="submit"]`
	if got := b.text(assign); got != "Przypisz" {
		t.Fatalf("assign button %q", got)
	}
	if status := b.submit(assign); status != http.StatusOK {
		t.Fatalf("assigning: HTTP %d\n%s", status, b.text("main"))
	}
	if got := b.location().Path; got != "/staff/bank" {
		t.Errorf("after assigning the browser is at %q", got)
	}
	if got := b.text("main h2"); got != "Wpłaty do przypisania (0)" {
		t.Errorf("queue heading after assigning %q", got)
	}
	mustContain(t, b.text("main"), "Wszystkie wpłaty są przypisane")
	if n := len(b.texts("main table tbody tr")); n != 0 {
		t.Errorf("%d rows left in the queue", n)
	}
	b.noConsoleProblems("assigning")

	// 4. The resident, in a browser context of his own, sees both payments.
	r := b.secondContext("resident")
	r.open("/")
	if status := r.logIn("#ebok", residentLogin, password); status != http.StatusOK {
		t.Fatalf("resident login: HTTP %d", status)
	}
	flat := "/ebok/premises/" + id(f.Flat)
	if status := r.submit(`main a[href="` + flat + `"]`); status != http.StatusOK {
		t.Fatalf("opening the flat: HTTP %d", status)
	}
	// 512,34 + 512,34 charged − 512,34 − 512,34 − 80,00 paid = −80,00.
	if got := r.text("main p.balance"); got != "Masz nadpłatę: 80,00 zł" {
		t.Errorf("the resident's balance %q, want %q", got, "Masz nadpłatę: 80,00 zł")
	}
	if status := r.submit(`nav.tabs a[href="` + flat + `/ledger"]`); status != http.StatusOK {
		t.Fatalf("opening the ledger: HTTP %d", status)
	}
	ledger := r.cells("table.ledger tbody tr")
	var last []string
	payments := 0
	for _, row := range ledger {
		last = row
		if len(row) != 5 || row[0] != "21.11.2026" {
			continue
		}
		// The kind's label ("Wpłata") comes before the description: the
		// payer's name (none here) and the title.
		switch row[1] {
		case "Wpłata: Opłaty listopad":
			payments++
			if row[3] != "512,34" {
				t.Errorf("the statement's payment row %q, want 512,34 credited", row)
			}
		case "Wpłata: Przelew od Zdzisław Żółć, tytuł: garaż":
			payments++
			if row[3] != "80,00" {
				t.Errorf("the assigned payment row %q, want 80,00 credited", row)
			}
		}
	}
	if payments != 2 {
		t.Errorf("the ledger shows %d of the 2 payments of 21.11.2026: %q", payments, ledger)
	}
	if len(last) != 5 || last[4] != "-80,00" {
		t.Errorf("the last ledger row %q, want the balance -80,00", last)
	}
	r.noConsoleProblems("the resident's ledger")
	t.Logf("bank statement and assignment took %v", time.Since(began).Round(time.Millisecond))
}

// TestBrowserStaffAcceptsSuggestion: staff upload a statement with one
// credit naming no virtual account, accept the suggested premises with one
// click, and the resident sees the payment described in plain words.
func TestBrowserStaffAcceptsSuggestion(t *testing.T) {
	skipWithoutChromium(t)
	env := newEnv(t, storetest.Open(t, store.SQLite))
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	b := startBrowser(t, env.srv)
	b.withTimeout(ledgerBrowserTimeout)
	sta := ":20:ST261121CYC/1\r\n:25:PL61109010140000071219812874\r\n:28C:9/1\r\n:60F:C261120PLN0,00\r\n" +
		":61:2611211123CN80,00NTRFNONREF//MB2611210001\r\n770-PRZELEW PRZYCHODZĄCY\r\n" +
		":86:770 PRZELEW KRAJOWY; Z RACH.: 55102055610000331203410012; OD: JAN NOWAK  UL. LIPOWA 1 00-0\r\n" +
		"01 WARSZAWA; TYT.: CZYNSZ MICKIEWICZA 5/12, LISTOP\r\nAD 2026; TNR: 179301073837502.000001\r\n:62F:C261123PLN80,00\r\n"
	file := filepath.Join(t.TempDir(), "mbank.sta")
	if err := os.WriteFile(file, []byte(sta), 0o600); err != nil {
		t.Fatal(err)
	}
	b.staffLogIn(adminLogin)
	b.open("/staff/bank")
	b.run("choose the statement file", chromedp.SetUploadFiles(chromedp.CSS("#f-statement"), []string{file}))
	if status := b.submit(`form[action="/staff/bank"] button[type="submit"]`); status != http.StatusOK {
		t.Fatalf("loading the statement: HTTP %d\n%s", status, b.text("main"))
	}
	if got := b.text(`main .notice[role="status"]`); got != "Wpłat w pliku: 1. Zaksięgowane: 0 (razem 0,00 zł). Do przypisania: 1. Wczytane wcześniej: 0." {
		t.Errorf("result line %q", got)
	}
	rows := b.cells("main table tbody tr")
	if len(rows) != 1 || len(rows[0]) != 6 {
		t.Fatalf("queue %q", rows)
	}
	want := []string{"21.11.2026", "80,00", "CZYNSZ MICKIEWICZA 5/12, LISTOPAD 2026", "Jan Nowak\nRachunek wpłacającego: 55102055610000331203410012",
		"Zaksięgowano w banku 23.11.2026\nReferencja banku: MB2611210001\nWyciąg: 9/1 · 61 1090 1014 0000 0712 1981 2874"}
	if !slices.Equal(rows[0][:5], want) {
		t.Errorf("queue row %q, want %q", rows[0][:5], want)
	}
	accept := `main table tbody tr form input[name="account"] + button`
	if got := b.text(accept); got != "Przypisz do Mickiewicza 5/12" {
		t.Fatalf("suggestion button %q", got)
	}
	mustContain(t, rows[0][5], "(adres lokalu w tytule przelewu)")
	if status := b.submit(accept); status != http.StatusOK {
		t.Fatalf("accepting: HTTP %d\n%s", status, b.text("main"))
	}
	if got := b.text(`main .notice[role="status"]`); got != "Wpłatę przypisano do lokalu i zaksięgowano." {
		t.Errorf("after accepting the page says %q", got)
	}
	mustContain(t, b.text("main"), "Wszystkie wpłaty są przypisane")
	b.noConsoleProblems("accepting the suggestion")

	r := b.secondContext("resident")
	r.open("/")
	if status := r.logIn("#ebok", residentLogin, password); status != http.StatusOK {
		t.Fatalf("resident login: HTTP %d", status)
	}
	r.open("/ebok/premises/" + id(f.Flat) + "/ledger?year=2026")
	found := false
	for _, row := range r.cells("table.ledger tbody tr") {
		if len(row) == 5 && row[0] == "21.11.2026" && row[1] == "Wpłata: Jan Nowak — czynsz mickiewicza 5/12, listopad 2026" && row[3] == "80,00" {
			found = true
		}
	}
	if !found {
		t.Errorf("the resident's ledger does not show the payment in plain words: %q", r.cells("table.ledger tbody tr"))
	}
	r.noConsoleProblems("the resident's ledger")
}
