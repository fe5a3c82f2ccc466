package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// descOf is the text alternative of the chart with the given id: its
// title and description, no-break spaces as spaces.
func descOf(t *testing.T, body, id string) (title, desc string) {
	t.Helper()
	m := regexp.MustCompile(`<svg[^>]* role="img" aria-labelledby="` + id + `-t" aria-describedby="` + id + `-d"[^>]*><title id="` + id +
		`-t">([^<]*)</title><desc id="` + id + `-d">([^<]*)</desc>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no chart %q with a title and a description in the page", id)
	}
	return nbsp(m[1]), nbsp(m[2])
}

// The charts of the meters, ledger and fee pages state their figures in
// their text alternatives, and the table beside has the same figures.
func TestChartsStateTheirFigures(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	addFees(t, env, f)
	m := addMeters(t, env, f)
	// The cold water meter (100,000 m³ on 21.10.2026): 4,500 m³ used in
	// October 2025, 21,500 m³ in September and 4,000 m³ in October 2026.
	for _, r := range []struct {
		day   string
		value int64
	}{{"2025-09-20", 70000}, {"2025-10-20", 74500}, {"2026-09-21", 96000}} {
		exec(t, db, `INSERT INTO meter_readings (coop_id, meter_id, read_on, value, source, status, created_at)
			VALUES ($1, $2, $3, $4, 'import', 'accepted', $5)`, f.ID, m.Cold, r.day, r.value, now)
	}
	c := env.client(t, "ebok.test")
	c.login("ebok", residentLogin)

	body := c.get("/ebok/premises/" + id(f.Flat) + "/meters").Body
	title, desc := descOf(t, body, "use-"+id(m.Cold))
	if title != "Woda zimna: zużycie w kolejnych miesiącach, 2025 wobec 2026" {
		t.Errorf("meters chart title %q", title)
	}
	if want := "Zużycie (m³) w miesiącach, w których był odczyt. 2025: październik – 4,500 m³. 2026: wrzesień – 21,500 m³; październik – 4,000 m³."; desc != want {
		t.Errorf("meters chart description\n got %q\nwant %q", desc, want)
	}
	mustContain(t, body, `<td data-label="Miesiąc">wrzesień</td><td data-label="2025" class="num">–</td><td data-label="2026" class="num">21,500 m³</td>`,
		`<td data-label="Miesiąc">październik</td><td data-label="2025" class="num">4,500 m³</td><td data-label="2026" class="num">4,000 m³</td>`)
	// The hot water meter has no readings: no chart.
	if strings.Contains(body, `id="use-`+id(m.Hot)+`-t"`) {
		t.Error("a chart for a meter without readings")
	}

	// The ledger: 24 months to November 2026, 0,00 zł until October,
	// 512,34 zł owed at the end of November.
	body = c.get("/ebok/premises/" + id(f.Flat) + "/ledger").Body
	title, desc = descOf(t, body, "balance-chart")
	if title != "Saldo na koniec miesiąca, ostatnie miesiące: 24" {
		t.Errorf("balance chart title %q", title)
	}
	for _, want := range []string{"Saldo dodatnie to kwota do zapłaty, ujemne – nadpłata. 12.2024 – 0,00 zł; 01.2025 – 0,00 zł;",
		"; 09.2026 – 0,00 zł; 10.2026 – 0,00 zł; 11.2026 – 512,34 zł."} {
		if !strings.Contains(desc, want) {
			t.Errorf("balance chart description lacks %q:\n%s", want, desc)
		}
	}
	if n := strings.Count(desc, " zł"); n != 24 {
		t.Errorf("balance chart description states %d figures, want 24", n)
	}

	// The fee: three changes, the current 355,65 zł from 01.01.2026.
	body = c.get("/ebok/premises/" + id(f.Flat) + "/fees").Body
	title, desc = descOf(t, body, "fee-chart")
	if title != "Opłata miesięczna po kolejnych zmianach" {
		t.Errorf("fee chart title %q", title)
	}
	if !strings.HasPrefix(desc, "Opłata obowiązująca od dnia: 01.01.2025 – ") || !strings.HasSuffix(desc, "; 01.01.2026 – 355,65 zł.") || strings.Count(desc, " zł") != 3 {
		t.Errorf("fee chart description %q, want three figures from 01.01.2025 to 355,65 zł from 01.01.2026", desc)
	}
}

// The staff home shows what waits as numbers with sparklines of the last
// eight weeks, each stating its weekly figures.
func TestStaffDashboardSparklines(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	admin := env.client(t, "ebok.test")
	admin.login("staff", adminLogin)
	fields := applicationFields()
	fields.Set("portal", "ebok")
	fields.Set("doc_kind", "id_card")
	fields.Set("doc_last3", "ABC")
	fields.Set("delivery", "print")
	if r := admin.post("/staff/applications", fields); r.Code != http.StatusSeeOther {
		t.Fatalf("desk application: HTTP %d", r.Code)
	}
	res := env.client(t, "ebok.test")
	res.login("ebok", residentLogin)
	if r := res.postMultipart("/ebok/messages", url.Values{"premises": {id(f.Flat)}, "topic": {"fault"}, "location": {"premises"},
		"subject": {"Cieknie kran"}, "body": {"W łazience"}}, nil); r.Code != http.StatusSeeOther {
		t.Fatalf("message: HTTP %d", r.Code)
	}
	body := admin.get("/staff").Body
	// Today is Saturday 21.11.2026: the last week began on 15.11.2026,
	// the first of the eight on 27.09.2026.
	weeks := "tydzień od 27.09.2026 – 0; tydzień od 04.10.2026 – 0; tydzień od 11.10.2026 – 0; tydzień od 18.10.2026 – 0; " +
		"tydzień od 25.10.2026 – 0; tydzień od 01.11.2026 – 0; tydzień od 08.11.2026 – 0; tydzień od 15.11.2026 – "
	for _, c := range []struct{ id, desc string }{
		{"spark-apps", "Wnioski złożone w kolejnych tygodniach (najstarszy pierwszy): " + weeks + "1."},
		{"spark-bank", "Wpłaty do przypisania, przyjęte w kolejnych tygodniach (najstarszy pierwszy): " + weeks + "0."},
		{"spark-messages", "Wiadomości od mieszkańców w kolejnych tygodniach (najstarszy pierwszy): " + weeks + "1."},
	} {
		if _, desc := descOf(t, body, c.id); desc != c.desc {
			t.Errorf("%s:\n got %q\nwant %q", c.id, desc, c.desc)
		}
	}
	mustContain(t, body, "Wnioski o dostęp czekające na decyzję: 1. Złożone: 1, w weryfikacji: 0.", "Wpłaty do przypisania: 0.", "Nieprzeczytane wiadomości: 1.")
	// Estate staff do not handle the bank queue.
	estate := env.client(t, "ebok.test")
	estate.login("staff", estateLogin)
	body = estate.get("/staff").Body
	mustNotContain(t, body, "spark-bank")
}
