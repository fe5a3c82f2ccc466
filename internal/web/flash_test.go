package web

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// flashRe finds the banner a page shows after an action.
var flashRe = regexp.MustCompile(`<div class="flash" role="status" id="flash"><p>([^<]*)</p></div>`)

// landing follows the redirect of an action and returns the page it lands
// on with its banner; it fails the test when the action did not redirect.
func landing(t *testing.T, c *client, r response, wantPath string) (page response, banner string) {
	t.Helper()
	if r.Code != http.StatusSeeOther {
		t.Fatalf("action answered %d, want a redirect to %s\n%.2000s", r.Code, wantPath, r.Body)
	}
	loc := r.Header.Get("Location")
	if u, err := url.Parse(loc); err != nil || u.Path != wantPath {
		t.Fatalf("action redirected to %q, want %s", loc, wantPath)
	}
	page = c.get(loc)
	if m := flashRe.FindStringSubmatch(page.Body); m != nil {
		banner = strings.ReplaceAll(m[1], "\u00a0", " ")
	}
	// Once: the same page again has no banner.
	if again := c.get(loc); flashRe.MatchString(again.Body) {
		t.Errorf("%s shows the banner a second time", loc)
	}
	return page, banner
}

func TestFlashAfterStaffActions(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	staff := env.client(t, "ebok.test")
	staff.login("staff", adminLogin)
	base := "/staff/premises/" + id64(f.Flat)

	t.Run("posting", func(t *testing.T) {
		r := staff.post(base+"/postings", url.Values{"kind": {"payment"}, "booked_on": {"21.11.2026"},
			"amount": {"100,00"}, "reason": {"Wpłata w kasie"}})
		page, banner := landing(t, staff, r, base+"/ledger")
		if want := "Zaksięgowano wpłatę 100,00 zł na lokal ul. Mickiewicza 5/12. Widać ją w kartotece poniżej."; banner != want {
			t.Errorf("banner %q, want %q", banner, want)
		}
		mustContain(t, page.Body, "Wpłata w kasie")
	})
	t.Run("settlement", func(t *testing.T) {
		r := staff.post(base+"/settlements", urlValues("kind", "water", "from", "01.01.2026", "to", "30.06.2026",
			"consumption", "42,315", "cost", "812,40", "advances", "700,00"))
		_, banner := landing(t, staff, r, base+"/settlements")
		if want := "Zapisano rozliczenie lokalu ul. Mickiewicza 5/12 (wynik: 112,40 zł) i zaksięgowano jego wynik."; banner != want {
			t.Errorf("banner %q, want %q", banner, want)
		}
	})
	t.Run("fees", func(t *testing.T) {
		r := staff.post("/staff/fees/components", urlValues("code", "smieci", "name", "Wywóz odpadów", "base", "persons"))
		_, banner := landing(t, staff, r, "/staff/fees")
		if want := "Dodano składnik opłat „Wywóz odpadów”."; banner != want {
			t.Errorf("banner %q, want %q", banner, want)
		}
		comp := regexp.MustCompile(`<option value="(\d+)"[^>]*>Wywóz odpadów`).FindStringSubmatch(staff.get("/staff/fees").Body)
		if comp == nil {
			t.Fatal("the new component is not offered for a rate")
		}
		r = staff.post("/staff/fees/rates", urlValues("component", comp[1], "kind", "flat", "scope", "coop", "rate", "30,00", "from", "01.12.2026"))
		_, banner = landing(t, staff, r, "/staff/fees")
		if want := "Zapisano stawkę 30,00 zł obowiązującą od 01.12.2026."; banner != want {
			t.Errorf("banner %q, want %q", banner, want)
		}
	})
	t.Run("application", func(t *testing.T) {
		fields := applicationFields()
		fields.Set("portal", "ebok")
		fields.Set("doc_kind", "id_card")
		fields.Set("doc_last3", "7k2")
		r := staff.post("/staff/applications", fields)
		page, banner := landing(t, staff, r, r.Header.Get("Location"))
		id := strings.TrimPrefix(r.Header.Get("Location"), "/staff/applications/")
		if want := "Przyjęto wniosek nr " + id + ". Poniżej lista kontrolna do sprawdzenia."; banner != want {
			t.Errorf("banner %q, want %q", banner, want)
		}
		mustContain(t, page.Body, "Łukasz")
		r = staff.post("/staff/applications/"+id+"/signature", url.Values{"signature": {"missing"}})
		_, banner = landing(t, staff, r, "/staff/applications/"+id)
		if want := "Zapisano: na wniosku nr " + id + " brak podpisu."; banner != want {
			t.Errorf("banner %q, want %q", banner, want)
		}
	})
}

func TestFlashIsBoundToItsSessionAndSigned(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	staff := env.client(t, "ebok.test")
	staff.login("staff", adminLogin)
	other := env.client(t, "ebok.test")
	other.login("staff", adminLogin)
	base := "/staff/premises/" + id64(f.Flat)
	r := staff.post(base+"/postings", url.Values{"kind": {"charge"}, "booked_on": {"21.11.2026"}, "amount": {"7,00"}, "reason": {"Klucz"}})
	ck := staff.cookies[flashCookie]
	if ck == nil || ck.MaxAge != 60 || !ck.HttpOnly {
		t.Fatalf("flash cookie %+v, want one of 60 s, HttpOnly", ck)
	}
	if strings.Contains(ck.Value, "Klucz") || strings.Contains(ck.Value, "7,00") {
		t.Errorf("flash cookie %q carries the text in the clear", ck.Value)
	}
	// Another session holding the cookie sees nothing.
	other.cookies[flashCookie] = ck
	if flashRe.MatchString(other.get(base + "/ledger").Body) {
		t.Error("another session showed the banner")
	}
	// A changed message (or signature) is dropped.
	_, sig, _ := strings.Cut(ck.Value, ".")
	forged := *ck
	forged.Value = base64.RawURLEncoding.EncodeToString([]byte("flash.component\x1fPrzelej 1000 zł")) + "." + sig
	staff.cookies[flashCookie] = &forged
	if flashRe.MatchString(staff.get(base + "/ledger").Body) {
		t.Error("a forged banner was shown")
	}
	// The genuine one shows once in its own session.
	staff.cookies[flashCookie] = ck
	_, banner := landing(t, staff, r, base+"/ledger")
	if !strings.HasPrefix(banner, "Zaksięgowano naliczenie 7,00 zł") {
		t.Errorf("banner %q", banner)
	}
	// A node with another key does not show it; one with the same key does
	// (several nodes share EBOK_FLASH_KEY or the data directory's file).
	staff.post(base+"/postings", url.Values{"kind": {"charge"}, "booked_on": {"21.11.2026"}, "amount": {"8,00"}, "reason": {"Klucz 2"}})
	ck = staff.cookies[flashCookie]
	key := env.srv.FlashKey
	env.srv.FlashKey = []byte(strings.Repeat("x", 64))
	if flashRe.MatchString(staff.get(base + "/ledger").Body) {
		t.Error("a node with another key showed the banner")
	}
	env.srv.FlashKey = append([]byte(nil), key...)
	staff.cookies[flashCookie] = ck
	if !strings.Contains(staff.get(base+"/ledger").Body, "Zaksięgowano naliczenie 8,00") {
		t.Error("a node with the same key did not show the banner")
	}
}

// TestChecklistFlagsLoginAndRole: a desk application from someone who
// already has a login, claiming a role the register contradicts, is
// flagged in the checklist; an application the register bears out is not.
func TestChecklistFlagsLoginAndRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		staff := env.client(t, "ebok.test")
		staff.login("staff", adminLogin)
		fields := applicationFields()
		fields.Set("portal", "ebok")
		fields.Set("role", "tenant") // Łukasz Kowalski holds a cooperative ownership right
		fields.Set("doc_kind", "id_card")
		fields.Set("doc_last3", "7k2")
		r := staff.post("/staff/applications", fields)
		page, _ := landing(t, staff, r, r.Header.Get("Location"))
		mustContain(t, page.Body, "<strong>Istniejący login</strong>: Wnioskodawca ma już login "+residentLogin+" do tego serwisu.",
			"<strong>Deklarowana rola</strong>: Wnioskodawca podaje, że jest najemcą, a według kartoteki ma do lokalu prawo spółdzielcze albo własność.")

		// The owner's role, which the register bears out, raises no flag;
		// without a login of the person's own there is none for it either.
		exec(t, db, `UPDATE users SET disabled_at = $1 WHERE login = $2 RETURNING id`, now, residentLogin)
		mustContain(t, staff.post(r.Header.Get("Location")+"/reject", url.Values{"reason": {"Błędna rola"}}).Header.Get("Location"), "/staff/applications/")
		fields.Set("role", "owner")
		r = staff.post("/staff/applications", fields)
		page, _ = landing(t, staff, r, r.Header.Get("Location"))
		mustNotContain(t, page.Body, "Istniejący login", "Deklarowana rola")
	})
}

// TestBrowserChargeRunPreviewAndBanner: in Chromium, the charge run shows
// its preview, runs on the confirmation only, and the page it lands on
// says what was posted in a banner at the top, once.
func TestBrowserChargeRunPreviewAndBanner(t *testing.T) {
	skipWithoutChromium(t)
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	addFees(t, env, f)
	b := startBrowser(t, env.srv)
	b.open("/staff/login")
	b.run("fill the staff login", typeText("#staff-login", adminLogin), typeText("#staff-password", password))
	if status := b.submit(`form[action="/staff/login"] button[type="submit"]`); status != http.StatusOK {
		t.Fatalf("staff login: HTTP %d", status)
	}
	b.open("/staff/charges")
	if got := b.text("#f-month-hint"); !strings.Contains(got, "Wpisano następny miesiąc, 12.2026") {
		t.Errorf("month hint %q", got)
	}
	if status := b.submit("#preview-button"); status != http.StatusOK {
		t.Fatalf("preview: HTTP %d", status)
	}
	if got := b.text("#preview-accounts") + " " + b.text("#preview-total"); got != "2 706,15 zł" {
		t.Errorf("preview says %q, want 2 premises, 706,15 zł", got)
	}
	if b.visible("#flash") {
		t.Error("a banner before anything was run")
	}
	if status := b.submit("#confirm"); status != http.StatusOK {
		t.Fatalf("confirm: HTTP %d", status)
	}
	if got := b.location().Path; got != "/staff/charges" {
		t.Errorf("landed on %s", got)
	}
	want := "Naliczono opłaty za miesiąc 12.2026: lokale: 2, pozycje: 6, razem 706,15 zł. Pominięto lokale naliczone wcześniej: 0."
	if got := b.text("#flash"); got != want {
		t.Errorf("banner %q, want %q", got, want)
	}
	// The banner is the first thing in the page's main part.
	if first := eval[string](b, `document.querySelector("main").firstElementChild.id`); first != "flash" {
		t.Errorf("main starts with #%s, not the banner", first)
	}
	b.checkWidths("staff_charges_done", []int64{375, 1280})
	b.open("/staff/charges")
	if b.visible("#flash") {
		t.Error("the banner shows again on a reload")
	}
}
