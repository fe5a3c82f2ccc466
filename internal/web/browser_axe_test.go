package web

import (
	"context"
	_ "embed"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/register"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// axe-core, vendored unchanged from npm (testdata/axe/README.md).
//
//go:embed testdata/axe/axe.min.js
var axeSource string

// axeWidths are the widths every page is checked at: a phone and a laptop.
var axeWidths = []int64{375, 1280}

// axeViolation is one rule axe-core found broken, with the nodes it names.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// axeRun runs axe-core on the page shown now and returns its serious and
// critical violations. The page must have axe loaded (useAxe).
const axeRun = `(async () => {
	if (typeof axe === "undefined") throw new Error("axe-core is not loaded in the page");
	const r = await axe.run(document, {resultTypes: ["violations"]});
	return r.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => ({
		id: v.id, impact: v.impact, help: v.help,
		nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " " + n.html.slice(0, 120)),
	}));
})()`

// offScreen lists what lies beyond the right edge of the screen: the page
// itself when it scrolls sideways, and each table cell of a number (the
// header cells, hidden on phones, aside).
const offScreen = `(() => {
	const cw = document.documentElement.clientWidth, out = [];
	if (document.documentElement.scrollWidth > cw) out.push("the page scrolls sideways: " + document.documentElement.scrollWidth + " > " + cw + " px");
	for (const c of document.querySelectorAll("td.num, tbody th.num, tfoot th.num")) {
		const r = c.getBoundingClientRect();
		if (r.width > 0 && (r.right > cw + 0.5 || r.left < -0.5)) out.push("a number off-screen (" + Math.round(r.left) + "–" + Math.round(r.right) + " px): " + c.innerText.slice(0, 30));
	}
	return out;
})()`

// useAxe makes the tab load axe-core into every document it opens, before
// the page's own scripts (and whatever its Content-Security-Policy says).
func (b *browser) useAxe() {
	b.t.Helper()
	if _, err := chromedp.Call(b.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: axeSource}); err != nil {
		b.t.Fatalf("load axe-core into every page: %v", err)
	}
}

// axeCheck runs axe-core at each width on the page shown now and returns
// one line per serious or critical violation.
func (b *browser) axeCheck(state string) []string {
	b.t.Helper()
	var found []string
	for _, w := range axeWidths {
		b.run(fmt.Sprintf("%d px viewport", w), chromedp.EmulateViewport(w, 800))
		vs, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
		if err != nil {
			b.t.Fatalf("axe-core on %s at %d px: %v", state, w, err)
		}
		for _, v := range vs {
			found = append(found, fmt.Sprintf("%s at %d px: %s (%s): %s — %d node(s): %s",
				state, w, v.ID, v.Impact, v.Help, len(v.Nodes), strings.Join(v.Nodes, " | ")))
		}
		// No amount off-screen: the page does not scroll sideways, and
		// every number cell of every table lies inside the screen.
		for _, p := range eval[[]string](b, offScreen) {
			found = append(found, fmt.Sprintf("%s at %d px: %s", state, w, p))
		}
	}
	return found
}

// setSession puts a session token in the browser's cookie jar, in place of
// whoever was logged in before ("" logs out).
func (b *browser) setSession(token string) {
	b.t.Helper()
	if _, err := chromedp.Call(b.ctx, network.DeleteCookies, network.DeleteCookiesParams{Name: sessionCookie, URL: b.url("/")}); err != nil {
		b.t.Fatalf("delete the session cookie: %v", err)
	}
	if token == "" {
		return
	}
	httpOnly := true
	if _, err := chromedp.Call(b.ctx, network.SetCookie, network.SetCookieParams{Name: sessionCookie, Value: token, URL: b.url("/"), HTTPOnly: &httpOnly}); err != nil {
		b.t.Fatalf("set the session cookie: %v", err)
	}
}

// axeState is one page as one user sees it.
type axeState struct {
	who, path string
	// then, when set, acts on the page before the check (a form sent
	// empty, to see its errors).
	then string
}

// TestBrowserAxeEveryPage checks every page, as each kind of user and each
// staff role sees it, with axe-core at 375 and 1280 px: no serious or
// critical violation anywhere, no sideways scrolling, no amount off-screen.
func TestBrowserAxeEveryPage(t *testing.T) {
	skipWithoutChromium(t)
	ctx := context.Background()
	env := newEnv(t, storetest.Open(t, store.SQLite))
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	addFees(t, env, f)
	m := addMeters(t, env, f)
	// A year's use of cold water, for the meters' chart.
	exec(t, env.db, `INSERT INTO meter_readings (coop_id, meter_id, read_on, value, source, status, created_at)
		VALUES ($1, $2, '2025-10-21', 80000, 'import', 'accepted', $3)`, f.ID, m.Cold, now)
	pub, _, mem := libraryFixture(t, env, f.ID)
	for _, role := range []auth.Role{auth.RoleMembership, auth.RoleSettlements, auth.RoleFinance, auth.RoleBoard} {
		if _, err := env.auth.CreateUser(ctx, authUser(f.ID, "m-"+string(role), string(role))); err != nil {
			t.Fatal(err)
		}
	}

	// Something in every list: an application at the desk, a message
	// with a reply, a letter sent to the flat.
	admin := sessionOf(t, env, env.srv, "ebok.test", f.ID, auth.Staff, adminLogin)
	fields := applicationFields()
	fields.Set("portal", "ebok")
	fields.Set("doc_kind", "id_card")
	fields.Set("doc_last3", "ABC")
	fields.Set("delivery", "print")
	r := admin.post("/staff/applications", fields)
	application := regexp.MustCompile(`^/staff/applications/\d+`).FindString(r.Header.Get("Location"))
	if application == "" {
		t.Fatalf("desk application: HTTP %d %q\n%s", r.Code, r.Header.Get("Location"), r.Body)
	}
	resident := sessionOf(t, env, env.srv, "ebok.test", f.ID, auth.Resident, residentLogin)
	r = resident.postMultipart("/ebok/messages", url.Values{"premises": {id(f.Flat)}, "topic": {"fault"}, "location": {"premises"},
		"subject": {"Cieknie kran"}, "body": {"W łazience"}}, nil)
	thread := regexp.MustCompile(`^/ebok/messages/(\d+)`).FindStringSubmatch(r.Header.Get("Location"))
	if thread == nil {
		t.Fatalf("message: HTTP %d %q", r.Code, r.Header.Get("Location"))
	}
	if r := admin.post("/staff/messages/"+thread[1]+"/reply", url.Values{"body": {"Hydraulik przyjdzie we wtorek."}, "next": {"in_progress"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("reply: HTTP %d", r.Code)
	}
	r = admin.post("/staff/letters", urlValues("kind", "general", "subject", "Wymiana wodomierzy", "body", "Treść dla [imie_nazwisko].",
		"rule", "premises", "rule_value", id(f.Flat)))
	letter := r.Header.Get("Location")
	if r.Code != http.StatusSeeOther || !strings.HasPrefix(letter, "/staff/letters/") {
		t.Fatalf("letter: HTTP %d %q", r.Code, letter)
	}
	if r := admin.post(letter+"/send", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("send the letter: HTTP %d", r.Code)
	}
	if _, err := env.srv.LettersWorker.ProcessOnce(ctx); err != nil {
		t.Fatal(err)
	}
	payment := entryID(t, env.db, f.ID, f.Flat, "payment", "Wpłata")
	// An e-mail given up on, to be sent again from /staff/outbox.
	if err := env.db.InTx(ctx, func(tx *store.Tx) error {
		id, err := env.srv.Letters.Outbox.Queue(ctx, tx, f.ID, mail.Message{To: "ewa@example.pl", Subject: "Odpowiedź w sprawie zgłoszenia", Text: "Treść."})
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE outbox SET status = 'failed', attempts = 10, last_error = '421 4.4.2 connection timed out' WHERE id = $1`, id)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// A register long enough to be paged.
	var entries []register.Entry
	for i := range 120 {
		entries = append(entries, register.Entry{CoopID: f.ID, Direction: register.In, Channel: register.EBOK, At: now.Add(-time.Hour),
			Correspondent: "Łukasz Kowalski", Subject: "Zgłoszenie", Source: "axe", SourceID: int64(i + 1)})
	}
	if _, err := env.srv.Register.EnterAll(ctx, entries); err != nil {
		t.Fatal(err)
	}

	flat := "/premises/" + id(f.Flat)
	states := []axeState{
		{who: "anonymous", path: "/"},
		{who: "anonymous", path: "/", then: `#ebok form button[type="submit"]`},
		{who: "anonymous", path: "/staff/login"},
		{who: "anonymous", path: "/password/forgot"},
		{who: "anonymous", path: "/password/reset?token=nieważny"},
		{who: "anonymous", path: "/unlock?token=nieważny"},
		{who: "anonymous", path: "/apply/ebok"},
		{who: "anonymous", path: "/apply/ebok", then: `form.long-form button[type="submit"]`},
		{who: "anonymous", path: "/apply/ikcs"},
		{who: "anonymous", path: "/apply/sent"},
		{who: "anonymous", path: "/apply/confirm?token=nieważny"},
		{who: "anonymous", path: "/regulations/ebok"},
		{who: "anonymous", path: "/regulations/ikcs"},
		{who: "anonymous", path: "/library"},
		{who: "anonymous", path: "/library/" + id(pub)},
		{who: "anonymous", path: "/nie-ma-takiej-strony"},

		{who: "resident", path: "/ebok"},
		{who: "resident", path: "/ebok/logins"},
		{who: "resident", path: "/ebok" + flat},
		{who: "resident", path: "/ebok" + flat + "/ledger"},
		{who: "resident", path: "/ebok" + flat + "/fees"},
		{who: "resident", path: "/ebok" + flat + "/settlements"},
		{who: "resident", path: "/ebok" + flat + "/meters"},
		{who: "resident", path: "/ebok/premises/" + id(f.Garage)},
		{who: "resident", path: "/ebok/letters"},
		{who: "resident", path: "/ebok/messages"},
		{who: "resident", path: "/ebok/messages/new"},
		{who: "resident", path: "/ebok/messages/new", then: `form.long-form button[type="submit"]`},
		{who: "resident", path: "/ebok/messages/" + thread[1]},
		{who: "resident", path: "/library"},
		{who: "resident", path: "/password/change"},
		{who: "resident", path: "/account/2fa"},
		{who: "resident", path: "/staff"}, // refused

		{who: "member", path: "/ikcs"},
		{who: "member", path: "/ikcs/logins"},
		{who: "member", path: "/ikcs/library"},
		{who: "member", path: "/ikcs/library?q=fundusz"},
		{who: "member", path: "/ikcs/library/" + id(mem)},
		{who: "member", path: "/ikcs/library/downloads"},

		{who: "admin", path: "/staff"},
		{who: "admin", path: "/staff?q=kowalski"},
		{who: "admin", path: "/staff/persons/" + id(f.Husband)},
		{who: "admin", path: "/staff" + flat},
		{who: "admin", path: "/staff" + flat + "/overview"},
		{who: "admin", path: "/staff" + flat + "/ledger"},
		{who: "admin", path: "/staff" + flat + "/fees"},
		{who: "admin", path: "/staff" + flat + "/settlements"},
		{who: "admin", path: "/staff" + flat + "/meters"},
		{who: "admin", path: "/staff" + flat + "/payments/" + id(payment)},
		{who: "admin", path: "/staff/applications"},
		{who: "admin", path: "/staff/applications/new"},
		{who: "admin", path: application},
		{who: "admin", path: "/staff/regulations/ebok"},
		{who: "admin", path: "/staff/readings"},
		{who: "admin", path: "/staff/fees"},
		{who: "admin", path: "/staff/charges"},
		{who: "admin", path: "/staff/import"},
		{who: "admin", path: "/staff/bank"},
		{who: "admin", path: "/staff/letters"},
		{who: "admin", path: letter + "?find=kowalski"},
		{who: "admin", path: letter + "?find=nikt"},
		{who: "admin", path: "/staff/letters/new"},
		{who: "admin", path: letter},
		{who: "admin", path: "/staff/audit"},
		{who: "admin", path: "/staff/messages"},
		{who: "admin", path: "/staff/messages/" + thread[1]},
		{who: "admin", path: "/staff/announcements"},
		{who: "admin", path: "/staff/mail"},
		{who: "admin", path: "/staff/outbox"},
		{who: "admin", path: "/staff/register"},
		{who: "admin", path: "/staff/register?page=2"},
		{who: "admin", path: "/staff/register?from=32.13.2026"},
		{who: "admin", path: "/staff/library"},
		{who: "admin", path: "/staff/library/" + id(mem)},

		{who: "estate", path: "/staff"},
		{who: "estate", path: "/staff/readings"},
		{who: "estate", path: "/staff" + flat + "/ledger"},
		{who: "membership", path: "/staff"},
		{who: "membership", path: "/staff/applications"},
		{who: "settlements", path: "/staff"},
		{who: "settlements", path: "/staff/fees"},
		{who: "finance", path: "/staff"},
		{who: "finance", path: "/staff/bank"},
		{who: "board", path: "/staff"},
		{who: "board", path: "/staff/audit"},
		{who: "board", path: "/staff/library"},
	}
	logins := map[string]struct {
		kind  auth.Kind
		login string
	}{
		"resident": {auth.Resident, residentLogin}, "member": {auth.Member, memberLogin},
		"admin": {auth.Staff, adminLogin}, "estate": {auth.Staff, estateLogin},
		"membership": {auth.Staff, "m-membership"}, "settlements": {auth.Staff, "m-settlements"},
		"finance": {auth.Staff, "m-finance"}, "board": {auth.Staff, "m-board"},
	}

	b := startBrowser(t, env.srv)
	b.withTimeout(10 * time.Minute)
	b.useAxe()
	var violations []string
	who := ""
	began := time.Now()
	for i, st := range states {
		if st.who != who {
			token := ""
			if l, ok := logins[st.who]; ok {
				token = sessionOf(t, env, env.srv, "", f.ID, l.kind, l.login).cookies[sessionCookie].Value
			}
			b.setSession(token)
			who = st.who
		}
		name := st.who + " " + st.path
		b.run("reset the viewport", chromedp.EmulateViewport(1280, 800))
		b.open(st.path)
		// A lost session would check the home page over and over.
		if want, _, _ := strings.Cut(st.path, "?"); b.location().Path != want {
			t.Errorf("%s: the browser is at %s", name, b.location())
		}
		if st.then != "" {
			b.submit(st.then)
			name += " (sent empty)"
		}
		violations = append(violations, b.axeCheck(name)...)
		if dir := os.Getenv("EBOK_BROWSER_SHOTS"); dir != "" {
			b.phoneShot(dir, fmt.Sprintf("axe-%02d-%s", i, st.who))
		}
	}
	t.Logf("axe-core %s: %d page states × %d widths checked in %v, %d serious or critical violations",
		axeVersion(), len(states), len(axeWidths), time.Since(began).Round(time.Second), len(violations))
	for _, v := range violations {
		t.Error(v)
	}
}

// phoneShot saves a full-page screenshot at 375 px as dir/name.png.
func (b *browser) phoneShot(dir, name string) {
	b.t.Helper()
	b.run("375 px viewport", chromedp.EmulateViewport(375, 800))
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// axeVersion is the vendored axe-core's version, from its banner.
func axeVersion() string {
	v, _, _ := strings.Cut(strings.TrimPrefix(axeSource, "/*! axe v"), "\n")
	return v
}

// TestBrowserAxeCheckCanFail plants violations axe-core must find, so that
// the check above cannot pass by finding nothing: an image without a text
// alternative, a field without a label, a table that scrolls sideways
// where the keyboard cannot reach it, and an amount beyond the screen's
// right edge.
func TestBrowserAxeCheckCanFail(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html lang="pl"><head><title>Próba</title></head><body><main>
<h1>Próba</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="20" height="20">
<input type="text" name="kwota">
<div style="overflow-x:auto;width:200px"><table><tr><td style="white-space:nowrap">`+strings.Repeat("512,34 zł ", 40)+`</td></tr></table></div>
<table style="width:2000px"><tr><td>Saldo</td><td class="num" style="padding-left:1800px">512,34 zł</td></tr></table>
</main></body></html>`)
	})
	b := startBrowser(t, mux)
	b.useAxe()
	b.open("/")
	got := strings.Join(b.axeCheck("planted"), "\n")
	for _, rule := range []string{"image-alt (", "label (", "scrollable-region-focusable (", "the page scrolls sideways:", "a number off-screen ("} {
		for _, w := range axeWidths {
			if !strings.Contains(got, fmt.Sprintf("planted at %d px: %s", w, rule)) {
				t.Errorf("the check did not report %q at %d px; it reported:\n%s", rule, w, got)
			}
		}
	}
}
