package web

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// The tests in this file walk the routes to an account end to end in real
// headless Chromium, with mail going through the real outbox worker and a
// real SMTP server (smtp_helpers_test.go). Nothing happens outside ebok but
// what a person would do: type, click, read mail.
//
// With EBOK_BROWSER_SHOTS=/some/dir they also save screenshots of the
// application form and the staff's application page at 375 and 1280 px.

// TestBrowserElectronicApplicationPath: an applicant files for e-BOK
// online, confirms by the mailed link, staff accept in their panel, the
// credentials arrive by mail, and the resident logs in, sets his own
// password and sees his flat.
func TestBrowserElectronicApplicationPath(t *testing.T) {
	skipWithoutChromium(t)
	began := time.Now()
	env := newEnv(t, storetest.Open(t, store.SQLite))
	addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	post := newPostOffice(t, env)
	b := startBrowser(t, env.srv)
	scan := writeScan(t)

	// 1. The application form, filled in as a person would.
	b.open("/apply/ebok")
	if got := b.text("h1"); got != "Wniosek o dostęp do e-BOK" {
		t.Fatalf("h1 %q, want the e-BOK application form", got)
	}
	b.checkWidths("apply_form", []int64{375, 1280})
	b.run("fill in the application",
		typeText("#f-first_name", "Łukasz"),
		typeText("#f-last_name", "Kowalski"),
		typeText("#f-street", "ul. Mickiewicza 5/12"),
		typeText("#f-postal_code", "00-002"),
		typeText("#f-city", "Warszawa"),
		typeText("#f-email", "lukasz@example.pl"),
		typeText("#f-phone", "600 100 200"),
		typeText("#f-premises_street", "Mickiewicza"),
		typeText("#f-premises_house", "5"),
		typeText("#f-premises_number", "12"),
		chromedp.Click(chromedp.CSS("#role-owner"), chromedp.NodeVisible),
		chromedp.Click(chromedp.CSS("#f-accept_rules"), chromedp.NodeVisible),
		chromedp.Click(chromedp.CSS("#f-ekorespondencja"), chromedp.NodeVisible),
		chromedp.SetUploadFiles(chromedp.CSS("#f-files"), []string{scan}),
	)
	form := eval[map[string]string](b, `(() => {
		const f = document.querySelector("form.long-form"), d = new FormData(f);
		const o = {};
		for (const [k, v] of d.entries()) o[k] = typeof v === "string" ? v : "file:" + v.name + ":" + v.type + ":" + v.size;
		return o; })()`)
	st, _ := os.Stat(scan)
	for k, want := range map[string]string{
		"first_name": "Łukasz", "last_name": "Kowalski", "city": "Warszawa", "premises_street": "Mickiewicza",
		"premises_house": "5", "premises_number": "12", "email": "lukasz@example.pl", "role": "owner",
		"accept_rules": "yes", "ekorespondencja": "yes", "portal": "ebok",
		"files": fmt.Sprintf("file:skan.jpg:image/jpeg:%d", st.Size()),
	} {
		if form[k] != want {
			t.Errorf("form field %s holds %q before sending, want %q", k, form[k], want)
		}
	}
	b.shots("apply_form")
	if status := b.submit(`form.long-form button[type="submit"]`); status != http.StatusOK {
		t.Fatalf("sending the application: HTTP %d\n%s", status, b.text("main"))
	}
	if got := b.location().Path; got != "/apply/sent" {
		t.Fatalf("after sending the application the browser is at %q, want /apply/sent\n%s", got, b.text("main"))
	}
	if got := b.text("h1"); got != "Sprawdź skrzynkę e-mail" {
		t.Errorf("h1 %q, want %q", got, "Sprawdź skrzynkę e-mail")
	}
	mustContain(t, b.text("main"), "Wysłaliśmy link potwierdzający na adres podany we wniosku")
	b.noConsoleProblems("application form")

	// 2. The confirmation link comes by mail.
	confirm := post.next("lukasz@example.pl")
	if confirm.Subject != "Potwierdź wniosek o dostęp do e-BOK" {
		t.Errorf("confirmation subject %q", confirm.Subject)
	}
	mustContain(t, confirm.Text, "Dzień dobry,\n", "złożono wniosek o dostęp do e-BOK (numer ")
	mustNotContain(t, confirm.Text, "Łukasz")
	num := regexp.MustCompile(`\(numer (\d+)\)`).FindStringSubmatch(confirm.Text)
	if num == nil {
		t.Fatalf("no application number in the confirmation mail:\n%s", confirm.Text)
	}
	appID := num[1]
	b.open(confirm.link(t, "/apply/confirm"))
	if got := b.text("h1"); got != "Potwierdź wniosek" {
		t.Fatalf("the confirmation link shows %q, want %q\n%s", got, "Potwierdź wniosek", b.text("main"))
	}
	button := `main form[action="/apply/confirm"] button[type="submit"]`
	if got := b.text(button); got != "Potwierdzam i składam wniosek" {
		t.Fatalf("confirmation button %q", got)
	}
	if status := b.submit(button); status != http.StatusOK {
		t.Fatalf("confirming: HTTP %d", status)
	}
	if got := b.text("h1"); got != "Wniosek złożony" {
		t.Fatalf("after confirming h1 %q, want %q\n%s", got, "Wniosek złożony", b.text("main"))
	}
	mustContain(t, b.text("main"), "Twój wniosek ma numer "+appID+".", "rozpatrzy go do 05.12.2026")
	b.noConsoleProblems("confirmation")
	post.deliver(0) // confirming sends nothing

	// 3. Staff, in a browser context of their own, accept it.
	staff := b.secondContext("staff")
	staff.open("/staff/login")
	staff.run("fill the staff login", typeText("#staff-login", adminLogin), typeText("#staff-password", password))
	if status := staff.submit(`form[action="/staff/login"] button[type="submit"]`); status != http.StatusOK {
		t.Fatalf("staff login: HTTP %d", status)
	}
	if got := staff.location().Path; got != "/staff" {
		t.Fatalf("after the staff login the browser is at %q, want /staff", got)
	}
	staff.open("/staff/applications")
	rows := staff.texts("table tbody tr")
	if len(rows) != 1 {
		t.Fatalf("%d applications in the queue, want 1: %q", len(rows), rows)
	}
	mustContain(t, rows[0], appID, "Łukasz Kowalski", "e-BOK · przez internet", "Mickiewicza 5/12", "Złożony", "05.12.2026")
	if status := staff.submit(`table a[href="/staff/applications/` + appID + `"]`); status != http.StatusOK {
		t.Fatalf("opening the application: HTTP %d", status)
	}
	if got := staff.text("h1"); got != "Wniosek nr "+appID+": Łukasz Kowalski" {
		t.Errorf("application page h1 %q", got)
	}
	checks := staff.checklist()
	for item, want := range map[string]string{
		"Wszystkie dane we wniosku":                                "Spełnione Wszystkie dane we wniosku: Wniosek jest kompletny.",
		"E-mail potwierdzony i zgodny z adresem do korespondencji": "Spełnione E-mail potwierdzony i zgodny z adresem do korespondencji: Potwierdzony i zgodny z kartoteką.",
		"Tytuł prawny do lokalu / członkostwo":                     "Spełnione Tytuł prawny do lokalu / członkostwo: Obecny tytuł: spółdzielcze własnościowe prawo do lokalu.",
		"Podpis na formularzu":                                     "Do sprawdzenia Podpis na formularzu: Sprawdź załącznik i zaznacz, czy jest podpis.",
	} {
		if got := checks[item]; got != want {
			t.Errorf("checklist %q: %q, want %q", item, got, want)
		}
	}
	data := staff.text("main")
	mustContain(t, data, "lukasz@example.pl", "Właściciel (nie członek)", fmt.Sprintf("skan.jpg (image/jpeg, %d B", st.Size()))
	mustContain(t, staff.text(`form[action$="/accept"]`), "Przyjąć można dopiero, gdy wszystkie punkty weryfikacji są spełnione.")
	// Staff work at desks; at 375 px the staff header is known to stick
	// out (its links do not wrap), which is only logged.
	staff.checkWidths("staff_application", []int64{1280}, 375)
	staff.shots("staff_application")

	staff.choose("#sig-yes")
	if got := staff.text(`label[for="sig-yes"]`); got != "Podpis jest" {
		t.Errorf("signature choice %q, want %q", got, "Podpis jest")
	}
	if status := staff.submit(`form[action="/staff/applications/` + appID + `/signature"] button[type="submit"]`); status != http.StatusOK {
		t.Fatalf("recording the signature: HTTP %d", status)
	}
	if got := staff.location().Path; got != "/staff/applications/"+appID {
		t.Errorf("after the signature the browser is at %q", got)
	}
	if got := staff.checklist()["Podpis na formularzu"]; got != "Spełnione Podpis na formularzu: Podpis jest (sprawdził(a): Administrator)." {
		t.Errorf("signature check after recording it: %q", got)
	}
	mustNotContain(t, staff.text(`form[action$="/accept"]`), "Przyjąć można dopiero")

	staff.choose("#d-email")
	if !eval[bool](staff, `document.querySelector("#d-email").checked && !document.querySelector("#d-print").checked`) {
		t.Error("delivery by e-mail is not the chosen one")
	}
	accept := `form[action="/staff/applications/` + appID + `/accept"] button[type="submit"]`
	if got := staff.text(accept); got != "Przyjmij i wydaj dane logowania" {
		t.Fatalf("accept button %q", got)
	}
	if status := staff.submit(accept); status != http.StatusOK {
		t.Fatalf("accepting: HTTP %d\n%s", status, staff.text("main"))
	}
	if got := staff.text("h1"); got != "Dane logowania wydane" {
		t.Fatalf("after accepting h1 %q, want %q\n%s", got, "Dane logowania wydane", staff.text("main"))
	}
	facts := eval[map[string]string](staff, `Object.fromEntries([...document.querySelectorAll("dl.credentials dt")]
		.map(dt => [dt.innerText, dt.nextElementSibling ? dt.nextElementSibling.innerText : ""]))`)
	if facts["Login"] != residentLogin {
		t.Errorf("issued login %q, want %q (facts %q)", facts["Login"], residentLogin, facts)
	}
	// Sent by e-mail, the start password is not shown on screen.
	if shown, ok := facts["Hasło startowe"]; ok {
		t.Errorf("start password %q on the staff page, though it went by e-mail", shown)
	}
	mustContain(t, staff.text("main"), "Łukasz Kowalski otrzymuje dostęp do e-BOK.", "Dane wysłaliśmy na adres lukasz@example.pl.")
	staff.noConsoleProblems("staff pages")

	// 4. The credentials come by mail.
	cred := post.next("lukasz@example.pl")
	if cred.Subject != "Dane do logowania do e-BOK" {
		t.Errorf("credentials subject %q", cred.Subject)
	}
	mustContain(t, cred.Text, "Dzień dobry,\n\nTwój wniosek o dostęp do e-BOK został przyjęty.")
	login := regexp.MustCompile(`(?m)^Login: (\S+)$`).FindStringSubmatch(cred.Text)
	start := regexp.MustCompile(`(?m)^Hasło startowe: (\S+)$`).FindStringSubmatch(cred.Text)
	where := regexp.MustCompile(`Zaloguj się tutaj: (\S+)`).FindStringSubmatch(cred.Text)
	if login == nil || start == nil || where == nil {
		t.Fatalf("no login, start password or login address in the credentials mail:\n%s", cred.Text)
	}
	if login[1] != residentLogin || !regexp.MustCompile(`^\S{5}-\S{5}-\S{5}$`).MatchString(start[1]) {
		t.Errorf("the mail gives login %q and password %q; want %q and three groups of five", login[1], start[1], residentLogin)
	}
	u, err := url.Parse(where[1])
	if err != nil || u.Path != "/" || u.Fragment != "ebok" {
		t.Fatalf("login address %q in the mail, want the home page at #ebok", where[1])
	}

	// 5. The resident logs in with them, in his own browser, and must set
	// his own password first.
	b.open(u.Path + "#" + u.Fragment)
	if status := b.logIn("#ebok", login[1], start[1]); status != http.StatusOK {
		t.Fatalf("login with the start password: HTTP %d\n%s", status, b.text("main"))
	}
	if got := b.location().Path; got != "/password/change" {
		t.Fatalf("after logging in with the start password the browser is at %q, want /password/change", got)
	}
	if got := b.text("h1"); got != "Zmień hasło" {
		t.Errorf("h1 %q, want %q", got, "Zmień hasło")
	}
	mustContain(t, b.text("main .lead"), "Logujesz się hasłem startowym. Zanim przejdziesz dalej, ustaw własne hasło.")
	const newPassword = "zielony rower nad Wisłą"
	b.run("fill in the password change",
		typeText("#f-current", start[1]),
		typeText("#f-new", newPassword),
		typeText("#f-repeat", newPassword),
	)
	if status := b.submit(`main form.long-form button[type="submit"]`); status != http.StatusOK {
		t.Fatalf("changing the password: HTTP %d\n%s", status, b.text("main"))
	}
	if got := b.location().Path; got != "/ebok" {
		t.Fatalf("after the password change the browser is at %q, want /ebok\n%s", got, b.text("main"))
	}
	if got := b.text("h1"); got != "Moje lokale" {
		t.Errorf("h1 %q, want %q", got, "Moje lokale")
	}
	mustContain(t, b.text("main"), "Mieszkanie: ul. Mickiewicza 5/12", "Do zapłaty: 512,34 zł")
	b.noConsoleProblems("resident pages")
	post.deliver(0)

	// The typed password is what now works; the start password is spent.
	c := env.client(t, "ebok.test")
	if r := c.post("/ebok/login", url.Values{"login": {residentLogin}, "password": {start[1]}}); r.Code != http.StatusUnauthorized {
		t.Errorf("the start password works again: HTTP %d", r.Code)
	}
	if r := c.post("/ebok/login", url.Values{"login": {residentLogin}, "password": {newPassword}}); r.Code != http.StatusSeeOther {
		t.Errorf("the new password typed in the browser does not log in: HTTP %d", r.Code)
	}
	t.Logf("the electronic application path took %v", time.Since(began).Round(time.Millisecond))
}

// TestBrowserLockoutAndUnlockByEmail: five wrong passwords lock the
// account, the right one then fails alike, and the mailed link unlocks it.
func TestBrowserLockoutAndUnlockByEmail(t *testing.T) {
	skipWithoutChromium(t)
	began := time.Now()
	env := newEnv(t, storetest.Open(t, store.SQLite))
	addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	post := newPostOffice(t, env)
	b := startBrowser(t, env.srv)
	const refused = "Login lub hasło są nieprawidłowe"
	unauthorized := "status of 401 (Unauthorized) [" + b.url("/ebok/login") + "]"

	// attempt types pass into the e-BOK panel of the page shown (the login
	// stays in the field after a refusal) and expects a refusal.
	attempt := func(n int, pass string) {
		t.Helper()
		if got := eval[string](b, `document.querySelector("#ebok-login").value`); got != residentLogin {
			t.Fatalf("attempt %d: the login field holds %q, want %q", n, got, residentLogin)
		}
		b.run("type the password", typeText("#ebok-password", pass))
		if status := b.submit(`#ebok form button[type="submit"]`); status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: HTTP %d, want 401", n, status)
		}
		if got := b.location().Path; got != "/ebok/login" {
			t.Errorf("attempt %d: the browser is at %q", n, got)
		}
		mustContain(t, b.text("#ebok .error-summary"), "Popraw błąd", refused)
		mustContain(t, b.text("#ebok .error-message"), "Błąd:", refused)
		if _, ok := b.cookies()[sessionCookie]; ok {
			t.Fatalf("attempt %d set a session cookie", n)
		}
	}

	b.open("/")
	b.run("type the login", typeText("#ebok-login", residentLogin))
	for i := 1; i <= 5; i++ {
		attempt(i, fmt.Sprintf("złe hasło nr %d", i))
		if i == 4 {
			post.deliver(0) // four failures lock nothing
		}
	}
	// Locked: the right password now fails exactly like a wrong one.
	lockedPage := b.text("#ebok")
	attempt(6, password)
	if got := b.text("#ebok"); got != lockedPage {
		t.Errorf("the locked account answers the right password with\n%q\nbut a wrong one with\n%q", got, lockedPage)
	}
	b.noConsoleProblems("failed logins", unauthorized)

	msg := post.next("lukasz@example.pl")
	if msg.Subject != "Twoje konto zostało zablokowane" {
		t.Errorf("unlock mail subject %q", msg.Subject)
	}
	mustContain(t, msg.Text, "Dzień dobry,\n\npo pięciu nieudanych próbach logowania konto E0000001 zostało czasowo zablokowane.", "działa 30 minut, jeden raz")
	post.deliver(0) // the sixth attempt sent no second mail

	b.open(msg.link(t, "/unlock"))
	if got := b.text("h1"); got != "Odblokuj konto" {
		t.Fatalf("the unlock link shows %q, want %q\n%s", got, "Odblokuj konto", b.text("main"))
	}
	mustContain(t, b.text("main"), "Kliknij przycisk, aby odblokować swoje konto.")
	button := `main form[action="/unlock"] button[type="submit"]`
	if got := b.text(button); got != "Odblokuj konto" {
		t.Fatalf("unlock button %q", got)
	}
	if status := b.submit(button); status != http.StatusOK {
		t.Fatalf("unlocking: HTTP %d", status)
	}
	mustContain(t, b.text("main"), "Konto jest odblokowane. Możesz się zalogować.")
	back := `main a[href="/#ebok"]`
	if got := b.text(back); got == "" {
		t.Fatalf("no link back to the e-BOK login after unlocking:\n%s", b.text("main"))
	}
	if status := b.submit(back); status != http.StatusOK {
		t.Fatalf("back to the login: HTTP %d", status)
	}
	if status := b.logIn("#ebok", residentLogin, password); status != http.StatusOK {
		t.Fatalf("login after unlocking: HTTP %d\n%s", status, b.text("main"))
	}
	if got := b.location().Path; got != "/ebok" {
		t.Fatalf("after unlocking and logging in the browser is at %q, want /ebok\n%s", got, b.text("main"))
	}
	mustContain(t, b.text("main"), "Mieszkanie: ul. Mickiewicza 5/12", "512,34 zł")
	b.noConsoleProblems("after unlocking", unauthorized)
	post.deliver(0)
	t.Logf("lockout and unlock took %v", time.Since(began).Round(time.Millisecond))
}

// writeScan writes a small real JPEG, a "signed form", for upload.
func writeScan(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 160, 100))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	for x := 20; x < 140; x++ { // a signature of sorts
		img.Set(x, 70+(x/7)%5, color.Black)
	}
	path := filepath.Join(t.TempDir(), "skan.jpg")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := jpeg.Encode(f, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// secondContext opens a tab in a new, isolated browser context (its own
// cookies) of the same Chromium, on the same server. name tells its
// failure screenshot apart.
func (b *browser) secondContext(name string) *browser {
	b.t.Helper()
	nb := &browser{t: b.t, base: b.base}
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext(), chromedp.WithListener(nb.watch))
	b.t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		b.t.Fatalf("open a second browser context: %v", err)
	}
	nb.ctx = ctx
	b.t.Cleanup(func() { // runs before cancel
		if !b.t.Failed() {
			return
		}
		sctx, scancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer scancel()
		png, err := chromedp.Run(sctx, chromedp.FullScreenshot(100))
		if err != nil {
			b.t.Logf("no failure screenshot of the %s tab: %v", name, err)
			return
		}
		n := strings.NewReplacer("/", "_", `\`, "_", ":", "_", " ", "_").Replace(b.t.Name())
		path := filepath.Join(failureDir, n+"_"+name+".png")
		if err := os.MkdirAll(failureDir, 0o755); err == nil {
			if err := os.WriteFile(path, png, 0o644); err == nil {
				b.t.Logf("screenshot of the failed %s tab: %s", name, path)
			}
		}
	})
	return nb
}

// checklist maps each verification item of a staff application page to
// its text ("<state> <item>: <note>").
func (b *browser) checklist() map[string]string {
	b.t.Helper()
	return eval[map[string]string](b, `Object.fromEntries([...document.querySelectorAll("ul.checklist li")]
		.map(li => [li.querySelector("strong").innerText, li.innerText.replace(/\s+/g, " ").trim()]))`)
}

// checkWidths fails the test when the page scrolls sideways at one of the
// widths in must; at the widths in note it only logs that. It restores the
// window afterwards.
func (b *browser) checkWidths(page string, must []int64, note ...int64) {
	b.t.Helper()
	for _, w := range must {
		if problem := b.sidewaysScroll(w); problem != "" {
			b.t.Errorf("%s %s", page, problem)
		}
	}
	for _, w := range note {
		if problem := b.sidewaysScroll(w); problem != "" {
			b.t.Logf("layout note: %s %s", page, problem)
		}
	}
	b.run("reset the viewport", chromedp.ResetViewport())
}

// sidewaysScroll sets the viewport w px wide and says what makes the page
// scroll sideways, or "" when nothing does.
func (b *browser) sidewaysScroll(w int64) string {
	b.t.Helper()
	b.run(fmt.Sprintf("%d px viewport", w), chromedp.EmulateViewport(w, 800))
	sizes := eval[[]int](b, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`)
	if sizes[0] <= sizes[1] {
		return ""
	}
	// The innermost elements that stick out name the culprit.
	wide := eval[[]string](b, `(() => {
		const cw = document.documentElement.clientWidth;
		const out = [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > cw + 0.5);
		return out.filter(e => !out.some(o => o !== e && e.contains(o))).slice(0, 5)
			.map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + String(e.className).trim().split(/\s+/).join(".") : "") +
				" " + JSON.stringify(e.innerText.slice(0, 30)) + " right=" + Math.round(e.getBoundingClientRect().right));
	})()`)
	return fmt.Sprintf("scrolls sideways at %d px: scrollWidth %d > clientWidth %d (sticking out: %q)", w, sizes[0], sizes[1], wide)
}

// shots saves full-page screenshots at 375 and 1280 px to the directory
// named by EBOK_BROWSER_SHOTS, when it is set.
func (b *browser) shots(page string) {
	b.t.Helper()
	dir := os.Getenv("EBOK_BROWSER_SHOTS")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	for _, w := range []int64{375, 1280} {
		b.run(fmt.Sprintf("%d px viewport", w), chromedp.EmulateViewport(w, 800))
		png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			b.t.Fatalf("screenshot of %s at %d px: %v", page, w, err)
		}
		path := filepath.Join(dir, fmt.Sprintf("%s-%d.png", page, w))
		if err := os.WriteFile(path, png, 0o644); err != nil {
			b.t.Fatal(err)
		}
		b.t.Logf("screenshot: %s", path)
	}
	// The phone's screen, one screenful at a time, as a person sees it.
	b.run("375 px viewport", chromedp.EmulateViewport(375, 800))
	height := eval[int](b, `document.documentElement.scrollHeight`)
	for i, y := 0, 0; y < height; i, y = i+1, y+800 {
		b.run("scroll", chromedp.Evaluate[chromedp.Void](fmt.Sprintf("window.scrollTo(0, %d)", y)))
		png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			b.t.Fatalf("screenshot of %s at 375 px: %v", page, err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-375-screen%d.png", page, i+1)), png, 0o644); err != nil {
			b.t.Fatal(err)
		}
	}
	b.run("scroll back and reset the viewport", chromedp.Evaluate[chromedp.Void]("window.scrollTo(0, 0)"), chromedp.ResetViewport())
}
