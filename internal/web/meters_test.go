package web

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/meters"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// fixtureMeters are meters of the fixture's flat and of the other estate's
// flat.
type fixtureMeters struct {
	Cold, Hot, Heat, OtherCold int64
}

// addMeters gives the flat cold and hot water and heat meters, the cold
// one with an accepted reading of 100 m³ a month ago, and the other flat a
// cold water meter. The reading window is days 15..25: today, the 21st, is
// inside it.
func addMeters(t *testing.T, env *testEnv, f fixtureCoop) fixtureMeters {
	t.Helper()
	meter := func(premises int64, kind, serial string) int64 {
		return exec(t, env.db, `INSERT INTO meters (coop_id, premises_id, kind, serial, installed_on)
			VALUES ($1, $2, $3, $4, '2020-01-01') RETURNING id`, f.ID, premises, kind, serial)
	}
	m := fixtureMeters{
		Cold: meter(f.Flat, "cold_water", "WZ-"+f.Slug+"-1"), Hot: meter(f.Flat, "hot_water", "WC-"+f.Slug+"-1"),
		Heat: meter(f.Flat, "heat", "C-"+f.Slug+"-1"), OtherCold: meter(f.OtherFlat, "cold_water", "WZ-"+f.Slug+"-2"),
	}
	exec(t, env.db, `INSERT INTO meter_readings (coop_id, meter_id, read_on, value, source, status, created_at)
		VALUES ($1, $2, '2026-10-21', 100000, 'import', 'accepted', $3)`, f.ID, m.Cold, now)
	exec(t, env.db, `INSERT INTO reading_windows (coop_id, from_day, to_day) VALUES ($1, 15, 25)`, f.ID)
	return m
}

// readingsOf lists a meter's readings, newest first.
func readingsOf(t *testing.T, env *testEnv, f fixtureCoop, meter int64) []meters.Reading {
	t.Helper()
	h, err := (&meters.Service{DB: env.db, Now: time.Now}).History(context.Background(), f.ID, meter)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func readingPath(premises, meter int64) string {
	return "/ebok/premises/" + id(premises) + "/meters/" + id(meter) + "/readings"
}

func TestResidentMetersOutsideTheWindow(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	m := addMeters(t, env, f)
	exec(t, db, `UPDATE reading_windows SET from_day = 1, to_day = 10 WHERE coop_id = $1`, f.ID)
	c := env.client(t, "ebok.test")
	c.login("ebok", residentLogin)
	r := c.get("/ebok/premises/" + id(f.Flat) + "/meters")
	if r.Code != http.StatusOK {
		t.Fatalf("meters page: %d", r.Code)
	}
	mustContain(t, r.Body, "Liczniki i odczyty", "Woda zimna", "Woda ciepła", "Ciepło", "WZ-a-1", "100,000 m³", "21.10.2026",
		"przyjęty", "Odczyty przyjmujemy od 01.12.2026 do 10.12.2026.", "Historia odczytów")
	mustNotContain(t, r.Body, `name="value"`, "WZ-a-2")
	r = c.post(readingPath(f.Flat, m.Cold), url.Values{"value": {"105"}})
	if r.Code != http.StatusUnprocessableEntity {
		t.Fatalf("reading outside the window: %d", r.Code)
	}
	mustContain(t, r.Body, "Odczyty przyjmujemy od 01.12.2026 do 10.12.2026. Wyślij odczyt w tym terminie.")
	if n := len(readingsOf(t, env, f, m.Cold)); n != 1 {
		t.Errorf("%d readings after a refused one, want 1", n)
	}
}

func TestResidentSubmitsReadings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		m := addMeters(t, env, f)
		c := env.client(t, "ebok.test")
		c.login("ebok", residentLogin)
		page := "/ebok/premises/" + id(f.Flat) + "/meters"
		r := c.get(page)
		mustContain(t, r.Body, "Odczyty przyjmujemy do 25.11.2026 włącznie.", `action="`+readingPath(f.Flat, m.Cold)+`"`,
			`for="f-value-`+id(m.Cold)+`"`, "Stan licznika w m³", "Stan licznika w GJ",
			"Poprzedni odczyt: 100,000 m³ z dnia 21.10.2026.", "To będzie pierwszy odczyt tego licznika.")
		mustNotContain(t, r.Body, "Potwierdzam")

		field := `id="f-value-` + id(m.Cold) + `-error"`
		for _, tt := range []struct{ typed, message string }{
			{"sto", "Wpisz stan licznika cyframi, np. 123,456."},
			{"105,1234", "Wpisz najwyżej trzy cyfry po przecinku."},
			{"99,999", "Stan licznika nie może być niższy niż w poprzednim odczycie."},
		} {
			r = c.post(readingPath(f.Flat, m.Cold), url.Values{"value": {tt.typed}})
			if r.Code != http.StatusUnprocessableEntity {
				t.Errorf("%q: %d, want 422", tt.typed, r.Code)
			}
			mustContain(t, r.Body, tt.message, field, `aria-invalid="true"`, `value="`+tt.typed+`"`,
				`class="error-summary"`, `href="#f-value-`+id(m.Cold)+`"`)
		}
		// 90 m³ in a month is far above the 60 m³ allowed for 31 days.
		r = c.post(readingPath(f.Flat, m.Cold), url.Values{"value": {"190"}})
		if r.Code != http.StatusUnprocessableEntity {
			t.Fatalf("implausible jump: %d, want 422", r.Code)
		}
		mustContain(t, r.Body, "zużycie 90,000 m³ od odczytu z dnia 21.10.2026", "Potwierdzam, że odczyt jest poprawny",
			`name="confirm" value="yes"`, `value="190"`)
		if n := len(readingsOf(t, env, f, m.Cold)); n != 1 {
			t.Fatalf("%d readings after refused ones, want 1", n)
		}
		r = c.post(readingPath(f.Flat, m.Cold), url.Values{"value": {"190"}, "confirm": {"yes"}})
		if r.Code != http.StatusSeeOther || r.Header.Get("Location") != page+"?sent="+id(m.Cold)+"#m-"+id(m.Cold) {
			t.Fatalf("confirmed reading: %d %s", r.Code, r.Header.Get("Location"))
		}
		got := readingsOf(t, env, f, m.Cold)
		if len(got) != 2 || got[0].Value != 190_000 || got[0].Status != meters.Submitted || got[0].Source != meters.FromResident {
			t.Fatalf("stored readings = %+v", got)
		}
		if r := c.post(readingPath(f.Flat, m.Heat), url.Values{"value": {" 12.5 "}}); r.Code != http.StatusSeeOther {
			t.Errorf("a first heat reading: %d", r.Code)
		}
		r = c.get(page + "?sent=" + id(m.Heat))
		mustContain(t, r.Body, "Dziękujemy. Odczyt został zapisany", "190,000", "90,000", "czeka na sprawdzenie", "12,500 GJ", "mieszkaniec")
	})
}

func TestMeterPagesRefuseOtherResidents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		m := addMeters(t, env, f)
		other := env.client(t, "ebok.test")
		if r := other.login("ebok", "E0000003"); r.Code != http.StatusSeeOther {
			t.Fatalf("login: %d", r.Code)
		}
		if r := other.get("/ebok/premises/" + id(f.OtherFlat) + "/meters"); r.Code != http.StatusOK {
			t.Fatalf("own meters: %d", r.Code)
		}
		for name, r := range map[string]response{
			"page":                      other.get("/ebok/premises/" + id(f.Flat) + "/meters"),
			"post to their premises":    other.post(readingPath(f.Flat, m.Cold), url.Values{"value": {"105"}}),
			"their meter under my flat": other.post(readingPath(f.OtherFlat, m.Cold), url.Values{"value": {"105"}}),
		} {
			if r.Code != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", name, r.Code)
			}
		}
		owner := env.client(t, "ebok.test")
		owner.login("ebok", residentLogin)
		if r := owner.post(readingPath(f.Flat, m.OtherCold), url.Values{"value": {"1"}}); r.Code != http.StatusNotFound {
			t.Errorf("another flat's meter under my flat: %d, want 404", r.Code)
		}
		if n := len(readingsOf(t, env, f, m.Cold)) + len(readingsOf(t, env, f, m.OtherCold)); n != 1 {
			t.Errorf("%d readings stored, want only the fixture's", n)
		}
	})
}

func TestStaffDecideReadings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		m := addMeters(t, env, f)
		res := env.client(t, "ebok.test")
		res.login("ebok", residentLogin)
		for meter, v := range map[int64]string{m.Cold: "105,5", m.Hot: "20", m.Heat: "3"} {
			if r := res.post(readingPath(f.Flat, meter), url.Values{"value": {v}}); r.Code != http.StatusSeeOther {
				t.Fatalf("submit: %d", r.Code)
			}
		}
		pendingOther := exec(t, db, `INSERT INTO meter_readings (coop_id, meter_id, read_on, value, source, status, created_at)
			VALUES ($1, $2, '2026-11-21', 7000, 'resident', 'submitted', $3) RETURNING id`, f.ID, m.OtherCold, now)
		cold, hot, heat := readingsOf(t, env, f, m.Cold)[0].ID, readingsOf(t, env, f, m.Hot)[0].ID, readingsOf(t, env, f, m.Heat)[0].ID

		admin := env.client(t, "ebok.test")
		admin.login("staff", adminLogin)
		r := admin.get("/staff/readings")
		if r.Code != http.StatusOK {
			t.Fatalf("/staff/readings: %d", r.Code)
		}
		mustContain(t, r.Body, "Odczyty liczników do sprawdzenia", "Odczyty czekające na decyzję: 4.", "ul. Mickiewicza 5/12",
			"ul. Żeromskiego 9/1", "105,500 m³", "100,000", "5,500", `action="/staff/readings/`+id(cold)+`/accept"`)

		r = admin.post("/staff/readings/"+id(cold)+"/accept", nil)
		if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/staff/readings" {
			t.Fatalf("accept: %d to %q", r.Code, r.Header.Get("Location"))
		}
		// The queue says, once, what was decided.
		mustContain(t, admin.get("/staff/readings").Body, `<div class="flash" role="status" id="flash"><p>Odczyt przyjęty.</p></div>`, "Odczyty czekające na decyzję: 3.")
		mustNotContain(t, admin.get("/staff/readings").Body, `class="flash"`)
		r = admin.post("/staff/readings/"+id(cold)+"/accept", nil)
		if r.Code != http.StatusConflict {
			t.Errorf("accepting twice: %d, want 409", r.Code)
		}
		mustContain(t, r.Body, "Ten odczyt został już rozpatrzony.")

		r = admin.post("/staff/readings/"+id(hot)+"/correct", url.Values{"value": {"2,0"}, "note": {" "}})
		if r.Code != http.StatusUnprocessableEntity {
			t.Errorf("correcting without a reason: %d", r.Code)
		}
		mustContain(t, r.Body, "Podaj powód (najwyżej 500 znaków).", `href="#correct-note-`+id(hot)+`"`, `value="2,0"`)
		r = admin.post("/staff/readings/"+id(hot)+"/correct", url.Values{"value": {"dwa"}, "note": {"Zdjęcie"}})
		mustContain(t, r.Body, "Wpisz stan licznika cyframi", `href="#correct-value-`+id(hot)+`"`, `value="Zdjęcie"`)
		if r := admin.post("/staff/readings/"+id(hot)+"/correct", url.Values{"value": {"2,0"}, "note": {"Przecinek w złym miejscu"}}); r.Code != http.StatusSeeOther {
			t.Fatalf("correct: %d", r.Code)
		}
		h := readingsOf(t, env, f, m.Hot)
		if len(h) != 2 || h[0].Status != meters.Accepted || h[0].Source != meters.FromStaff || h[0].Value != 2_000 ||
			h[1].ID != hot || h[1].Status != meters.Rejected || h[1].Note != "Przecinek w złym miejscu" {
			t.Errorf("hot water history after the correction = %+v", h)
		}
		if r := admin.post("/staff/readings/"+id(heat)+"/reject", url.Values{"note": {""}}); r.Code != http.StatusUnprocessableEntity {
			t.Errorf("rejecting without a reason: %d", r.Code)
		}
		if r := admin.post("/staff/readings/"+id(heat)+"/reject", url.Values{"note": {"Licznik wymieniony"}}); r.Code != http.StatusSeeOther {
			t.Errorf("reject: %d", r.Code)
		}

		// The premises page shows staff the whole story, without a form.
		r = admin.get("/staff/premises/" + id(f.Flat) + "/meters")
		if r.Code != http.StatusOK {
			t.Fatalf("staff meters page: %d", r.Code)
		}
		mustContain(t, r.Body, "Przecinek w złym miejscu", "odrzucony", "spółdzielnia", "Licznik wymieniony", `href="/staff/readings"`)
		mustNotContain(t, r.Body, `name="value"`)

		// Estate A's administration sees and decides its estate only.
		estate := env.client(t, "ebok.test")
		estate.login("staff", estateLogin)
		r = estate.get("/staff/readings")
		mustContain(t, r.Body, "Nie ma odczytów czekających na decyzję.")
		mustNotContain(t, r.Body, "Żeromskiego")
		if r := estate.post("/staff/readings/"+id(pendingOther)+"/accept", nil); r.Code != http.StatusNotFound {
			t.Errorf("estate A accepting estate B's reading: %d, want 404", r.Code)
		}
		if r := estate.get("/staff/premises/" + id(f.OtherFlat) + "/meters"); r.Code != http.StatusNotFound {
			t.Errorf("estate A reading estate B's meters: %d, want 404", r.Code)
		}

		// The membership department may look but not decide.
		if _, err := env.auth.CreateUser(context.Background(), authUser(f.ID, "czlonkowski", "membership")); err != nil {
			t.Fatal(err)
		}
		clerk := env.client(t, "ebok.test")
		clerk.login("staff", "czlonkowski")
		r = clerk.get("/staff/readings")
		mustContain(t, r.Body, "ul. Żeromskiego 9/1")
		mustNotContain(t, r.Body, "/accept")
		if r := clerk.post("/staff/readings/"+id(pendingOther)+"/accept", nil); r.Code != http.StatusForbidden {
			t.Errorf("membership accepting: %d, want 403", r.Code)
		}
	})
}

// TestMeterMessagesExist checks the keys this feature's code and pages use,
// and those they build from kinds, statuses and sources, in every language.
func TestMeterMessagesExist(t *testing.T) {
	c := i18n.New()
	use := regexp.MustCompile(`(?:\.T\(?|page\(r,)\s*"([a-z_]+(?:\.[a-z_]+)+)"`)
	var keys []string
	for _, f := range []string{"meters.go", "templates/premises_meters.html", "templates/staff_readings.html"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range use.FindAllStringSubmatch(string(b), -1) {
			keys = append(keys, m[1])
		}
	}
	if len(keys) < 40 {
		t.Fatalf("found only %d keys; is the pattern still right?", len(keys))
	}
	for _, k := range meters.Kinds {
		keys = append(keys, "meters.kind."+string(k), "meters.unit."+string(k))
	}
	for _, s := range meters.Statuses {
		keys = append(keys, "meters.status."+string(s))
	}
	for _, s := range meters.Sources {
		keys = append(keys, "meters.source."+string(s))
	}
	for _, key := range decisions {
		keys = append(keys, key)
	}
	keys = append(keys, "meters.tab", "readings.nav")
	for _, k := range keys {
		for _, lang := range i18n.Langs {
			if !c.Has(lang, k) {
				t.Errorf("%q missing in %s", k, lang)
			}
		}
	}
}
