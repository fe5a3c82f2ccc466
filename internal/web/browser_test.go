package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// The tests in this file run in real headless Chromium (see
// browser_helpers_test.go). Run them with `go test -run Browser -v`.

// TestBrowserResidentSeesPremisesAndBalances logs a resident in through the
// e-BOK panel, reads the premises and balances, and logs out.
func TestBrowserResidentSeesPremisesAndBalances(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		b := newBrowserSite(t, db)
		b.open("/")
		b.noConsoleProblems("home page")

		if status := b.logIn("#ebok", residentLogin, password); status != http.StatusOK {
			t.Fatalf("after the e-BOK login: HTTP %d", status)
		}
		if got := b.location().Path; got != "/ebok" {
			t.Fatalf("after the e-BOK login the browser is at %q, want /ebok", got)
		}
		ck := b.cookies()[sessionCookie]
		if ck == nil {
			t.Fatal("no session cookie after the login")
		}
		if !ck.HTTPOnly || ck.SameSite != network.CookieSameSiteLax {
			t.Errorf("session cookie: HttpOnly=%v SameSite=%q, want HttpOnly and Lax", ck.HTTPOnly, ck.SameSite)
		}

		if got := b.text("h1"); got != "Moje lokale" {
			t.Errorf("h1 %q, want %q", got, "Moje lokale")
		}
		cards := b.texts(".card")
		card := func(heading string) string {
			for _, c := range cards {
				if strings.HasPrefix(c, heading+"\n") {
					return c
				}
			}
			t.Errorf("no card headed %q among %q", heading, cards)
			return ""
		}
		flat := card("Mieszkanie: ul. Mickiewicza 5/12")
		mustContain(t, flat, "Do zapłaty: 512,34 zł", "udział 1/2", "Stan na podstawie księgowań do 01.11.2026")
		garage := card("Garaż: ul. Mickiewicza 5")
		mustContain(t, garage, "Nadpłata: 20,00 zł")
		mustNotContain(t, garage, "Do zapłaty")
		if len(cards) != 2 {
			t.Errorf("%d premises shown, want 2 (the flat and the garage): %q", len(cards), cards)
		}
		// The raw page text keeps the no-break space between amount and currency.
		if raw := eval[string](b, `document.querySelector(".card .balance.arrears .amount").textContent`); raw != "512,34\u00a0zł" {
			t.Errorf("arrears amount %q, want %q", raw, "512,34\u00a0zł")
		}

		// He is a member, so the page offers the way to IKCS.
		notice := b.text("aside.notice")
		mustContain(t, notice, "Jesteś członkiem spółdzielni", "Numer rejestru członkowskiego: 1001")
		if got := b.text(`aside.notice a[href="/ikcs"]`); got != "Przejdź do IKCS" {
			t.Errorf("IKCS entry link %q, want %q", got, "Przejdź do IKCS")
		}
		b.noConsoleProblems("e-BOK page")

		// Log out with the button in the header.
		logout := `header form[action="/logout"] button[type="submit"]`
		if got := b.text(logout); got != "Wyloguj się" {
			t.Fatalf("logout button %q, want %q", got, "Wyloguj się")
		}
		if status := b.submit(logout); status != http.StatusOK {
			t.Fatalf("after logout: HTTP %d", status)
		}
		if got := b.location().Path; got != "/" {
			t.Errorf("after logout the browser is at %q, want /", got)
		}
		if _, ok := b.cookies()[sessionCookie]; ok {
			t.Error("the session cookie survived the logout")
		}
		b.open("/ebok")
		if u := b.location(); u.Path != "/" || u.Fragment != "ebok" {
			t.Errorf("/ebok after logout shows %s, want the home page at /#ebok", u)
		}
		if !b.visible("#ebok-login") {
			t.Error("/ebok after logout: no e-BOK login form")
		}
		mustNotContain(t, eval[string](b, `document.body.innerText`), "512,34")
	})
}

// TestBrowserMemberLogsInToIKCS logs a member in through the IKCS panel.
func TestBrowserMemberLogsInToIKCS(t *testing.T) {
	b := newBrowserSite(t, storetest.Open(t, store.SQLite))
	b.open("/")
	if status := b.logIn("#ikcs", memberLogin, password); status != http.StatusOK {
		t.Fatalf("after the IKCS login: HTTP %d", status)
	}
	if got := b.location().Path; got != "/ikcs" {
		t.Fatalf("after the IKCS login the browser is at %q, want /ikcs", got)
	}
	if got := b.text("h1"); got != "Internetowe Konto Członka Spółdzielni" {
		t.Errorf("h1 %q, want %q", got, "Internetowe Konto Członka Spółdzielni")
	}
	facts := eval[map[string]string](b, `Object.fromEntries([...document.querySelectorAll("dl.facts dt")]
		.map(dt => [dt.innerText, dt.nextElementSibling ? dt.nextElementSibling.innerText : ""]))`)
	if got := facts["Numer rejestru członkowskiego"]; got != "1001" {
		t.Errorf("register number %q, want 1001 (facts: %q)", got, facts)
	}
	if got := facts["Członek od"]; got != "01.05.2010" {
		t.Errorf("member since %q, want 01.05.2010", got)
	}
	mustContain(t, b.text(".lead"), "Konto członka spółdzielni: Łukasz Kowalski.")
	mustContain(t, b.text("header"), "Zalogowano jako Łukasz Kowalski")
	b.noConsoleProblems("IKCS page")
}

// TestBrowserWrongPasswordShowsPolishError submits a wrong password and
// checks the error lands beside the e-BOK form and no session starts.
func TestBrowserWrongPasswordShowsPolishError(t *testing.T) {
	b := newBrowserSite(t, storetest.Open(t, store.SQLite))
	b.open("/")
	if status := b.logIn("#ebok", residentLogin, "złe-hasło-ąć"); status != http.StatusUnauthorized {
		t.Errorf("wrong password: HTTP %d, want 401", status)
	}
	// The answer is the home page again, with both panels.
	if got := b.text("h1"); got != "Spółdzielnia Mieszkaniowa „a”" {
		t.Errorf("h1 %q, want the home page", got)
	}
	if !b.visible("#ikcs-login") || !b.visible("#ebok-login") {
		t.Error("the home page with both login panels is not shown")
	}

	if !b.visible(".error-summary") {
		t.Fatal("no visible .error-summary")
	}
	mustContain(t, b.text(".error-summary"), "Popraw błąd", "Login lub hasło są nieprawidłowe")
	// The 401 is deliberate; Chromium logs it as a failed load.
	b.noConsoleProblems("home page after a failed login", "status of 401 (Unauthorized) ["+b.url("/ebok/login")+"]")
	// app.js moves focus to the summary so that screen readers announce it.
	if !eval[bool](b, `document.activeElement === document.querySelector("#ebok .error-summary")`) {
		t.Errorf("focus is on %q, want the error summary", eval[string](b, `document.activeElement.outerHTML.slice(0, 80)`))
	}

	// The error belongs to the e-BOK panel, not to the IKCS one.
	if got := eval[int](b, `document.querySelectorAll("#ebok .error-message").length`); got != 1 {
		t.Errorf("%d error messages in the e-BOK panel, want 1", got)
	}
	if got := eval[int](b, `document.querySelectorAll("#ikcs .error-message, #ikcs .error-summary, #ikcs [aria-invalid]").length`); got != 0 {
		t.Errorf("%d error marks in the IKCS panel, want 0", got)
	}
	mustContain(t, b.text("#ebok .error-message"), "Błąd:", "Login lub hasło są nieprawidłowe")
	login := eval[map[string]string](b, `(() => { const e = document.querySelector("#ebok-login");
		return {value: e.value, invalid: e.getAttribute("aria-invalid") || "", describedby: e.getAttribute("aria-describedby") || ""}; })()`)
	if login["invalid"] != "true" {
		t.Errorf("e-BOK login field aria-invalid=%q, want true", login["invalid"])
	}
	if login["value"] != residentLogin {
		t.Errorf("e-BOK login field holds %q, want the typed %q", login["value"], residentLogin)
	}
	if !slices.Contains(strings.Fields(login["describedby"]), "ebok-login-error") {
		t.Errorf("e-BOK login field aria-describedby=%q, want it to name the error message", login["describedby"])
	}
	if got := eval[string](b, `document.querySelector("#ebok-password").value`); got != "" {
		t.Errorf("the password came back in the form: %q", got)
	}

	if _, ok := b.cookies()[sessionCookie]; ok {
		t.Error("a failed login set a session cookie")
	}
	b.open("/ebok")
	if u := b.location(); u.Path != "/" {
		t.Errorf("/ebok after a failed login shows %s, want the home page", u)
	}
}

// TestBrowserPhoneAndKeyboard checks the home page on a small phone screen
// and that the first Tab reaches the skip link.
func TestBrowserPhoneAndKeyboard(t *testing.T) {
	b := newBrowserSite(t, storetest.Open(t, store.SQLite))
	b.run("phone viewport", chromedp.EmulateViewport(375, 740, chromedp.EmulateScale(2)))
	b.open("/")
	b.noConsoleProblems("home page")

	if w := eval[int](b, `window.innerWidth`); w != 375 {
		t.Fatalf("viewport %d px wide, want 375", w)
	}
	sizes := eval[[]int](b, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`)
	if sizes[0] > sizes[1] {
		t.Errorf("horizontal scroll at 375 px: scrollWidth %d > clientWidth %d", sizes[0], sizes[1])
	}
	for _, panel := range []string{"#ikcs", "#ebok"} {
		for _, sel := range []string{panel, panel + "-login", panel + "-password", panel + ` button[type="submit"]`} {
			if !b.visible(sel) {
				t.Errorf("%s is not visible at 375 px", sel)
			}
		}
		// Nothing of the panel sticks out to the side.
		if r := eval[[]float64](b, fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect(); return [r.left, r.right]; })()`, panel)); r[0] < 0 || r[1] > 375 {
			t.Errorf("%s spans %.0f–%.0f px of a 375 px screen", panel, r[0], r[1])
		}
	}

	// E-BOK, which most visitors need, is no lower than IKCS on a phone.
	if tops := eval[[]float64](b, `["#ebok", "#ikcs"].map(s => document.querySelector(s).getBoundingClientRect().top)`); tops[0] > tops[1] {
		t.Errorf("at 375 px the E-BOK panel starts at %.0f px, below IKCS at %.0f px", tops[0], tops[1])
	}

	// From the top of the page, the first Tab focuses the skip link, which
	// then shows on screen; Enter jumps to the content.
	b.run("press Tab", chromedp.KeyEvent(kb.Tab))
	focus := eval[map[string]string](b, `(() => { const e = document.activeElement;
		return {tag: e.tagName, cls: e.className, href: e.getAttribute("href") || "", text: e.innerText}; })()`)
	if focus["cls"] != "skip" || focus["href"] != "#main" || focus["text"] != "Przejdź do treści" {
		t.Fatalf("first Tab focused %q, want the skip link to #main", focus)
	}
	if r := eval[[]float64](b, `(() => { const r = document.activeElement.getBoundingClientRect(); return [r.left, r.top, r.width]; })()`); r[0] < 0 || r[1] < 0 || r[2] == 0 {
		t.Errorf("the focused skip link is off screen at %v", r)
	}
	b.run("press Enter", chromedp.KeyEvent(kb.Enter))
	if u := b.location(); u.Fragment != "main" {
		t.Errorf("Enter on the skip link went to %s, want #main", u)
	}
}

// TestBrowserLoginWorksWithoutJavaScript logs in with script execution
// disabled: the forms are plain HTML.
func TestBrowserLoginWorksWithoutJavaScript(t *testing.T) {
	b := newBrowserSite(t, storetest.Open(t, store.SQLite))
	b.run("disable JavaScript", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	b.open("/")
	// Proof that the page's script is off: app.js would focus the error
	// summary after a failed login.
	if status := b.logIn("#ebok", residentLogin, "złe-hasło"); status != http.StatusUnauthorized {
		t.Fatalf("wrong password without JavaScript: HTTP %d, want 401", status)
	}
	if eval[bool](b, `document.activeElement === document.querySelector(".error-summary")`) {
		t.Fatal("app.js ran: JavaScript is not disabled")
	}
	mustContain(t, b.text("#ebok .error-message"), "Login lub hasło są nieprawidłowe")

	// The server put the login back into the form; type only the password.
	if got := eval[string](b, `document.querySelector("#ebok-login").value`); got != residentLogin {
		t.Fatalf("e-BOK login field holds %q after the failed try, want %q", got, residentLogin)
	}
	b.run("type the password", typeText("#ebok-password", password))
	if status := b.submit(`#ebok form button[type="submit"]`); status != http.StatusOK {
		t.Fatalf("login without JavaScript: HTTP %d", status)
	}
	if got := b.location().Path; got != "/ebok" {
		t.Fatalf("after the login without JavaScript the browser is at %q, want /ebok", got)
	}
	mustContain(t, b.text("main"), "Mieszkanie: ul. Mickiewicza 5/12", "512,34 zł")
}

// TestBrowserConsoleWatcherSeesCSPViolations proves that the console
// checks of the other tests can fail: a page with inline script under the
// server's Content-Security-Policy must be reported.
func TestBrowserConsoleWatcherSeesCSPViolations(t *testing.T) {
	b := startBrowser(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", contentSecurityPolicy)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><title>x</title><p>x</p><script>document.title = "ran"</script>`)
	}))
	b.open("/")
	if got := eval[string](b, `document.title`); got == "ran" {
		t.Fatal("the inline script ran despite the CSP")
	}
	problems := b.consoleProblems()
	if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, "Content Security Policy") }) {
		t.Errorf("the watcher missed the CSP violation; it saw %q", problems)
	}
}
