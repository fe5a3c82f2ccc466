package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/ebok/ebok/internal/store"
)

// The browser tests drive a real headless Chromium against the real Server
// on a loopback port. CI installs Chromium; elsewhere the tests skip.
const (
	chromiumPath = "/usr/bin/chromium"
	// browserTimeout bounds everything one test does in the browser.
	browserTimeout = 60 * time.Second
	// submitTimeout bounds the wait for the page a form submission loads.
	submitTimeout = 20 * time.Second
	// failureDir, under the package directory, receives a full-page
	// screenshot of every failed browser test.
	failureDir = "testdata/failures"
)

// browser is one Chromium with one tab, pointed at one test server.
type browser struct {
	t    *testing.T
	ctx  context.Context // chromedp context of the tab, bounded by browserTimeout
	base *url.URL        // the test server, http://127.0.0.1:port

	mu       sync.Mutex
	problems []string // console errors, uncaught exceptions, CSP violations
}

// newBrowserSite builds the fixture cooperative in db, serves the real
// Server on 127.0.0.1 and opens Chromium on it.
func newBrowserSite(t *testing.T, db *store.DB) *browser {
	t.Helper()
	skipWithoutChromium(t)
	env := newEnv(t, db)
	addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	return startBrowser(t, env.srv)
}

func skipWithoutChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("browser tests skipped: %s not found; install it with `apt-get install -y chromium` (CI installs it)", chromiumPath)
	}
}

// startBrowser serves h on a loopback port and starts a headless Chromium
// with a fresh profile that stays off the network. On failure the test
// leaves a full-page screenshot in testdata/failures.
func startBrowser(t *testing.T, h http.Handler) *browser {
	t.Helper()
	skipWithoutChromium(t)
	profile := t.TempDir() // removed after the browser has exited (cleanups run last-in first-out)

	ts := httptest.NewServer(h) // listens on 127.0.0.1
	t.Cleanup(ts.Close)
	base, err := url.Parse(ts.URL)
	if err != nil {
		t.Fatal(err)
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests run as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(profile),
	)
	// The browser lives on a context without the test's deadline, so that a
	// test that timed out can still be photographed; the actions of the
	// test run on b.ctx, which carries the deadline.
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc) // waits for the browser process to exit

	b := &browser{t: t, base: base}
	tabCtx, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithListener(b.watch))
	t.Cleanup(cancelTab)
	// The first action binds the browser's life to its context, so it gets
	// tabCtx itself, with a watchdog instead of a deadline.
	watchdog := time.AfterFunc(browserTimeout, cancelTab)
	err = chromedp.Do(tabCtx)
	watchdog.Stop()
	if err != nil {
		t.Fatalf("start %s: %v", chromiumPath, err)
	}
	ctx, cancel := context.WithTimeout(tabCtx, browserTimeout)
	t.Cleanup(cancel)
	b.ctx = ctx
	t.Cleanup(func() { b.screenshotOnFailure(tabCtx) })
	return b
}

// watch runs in the tab's event loop: it must be quick and send no command.
func (b *browser) watch(ev any) {
	var p string
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		p = "uncaught exception: " + d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			p += " " + d.Exception.Description
		}
		p += fmt.Sprintf(" (%s:%d)", d.URL, d.LineNumber+1)
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError {
			return
		}
		var args []string
		for _, a := range ev.Args {
			if len(a.Value) > 0 {
				args = append(args, string(a.Value))
			} else {
				args = append(args, a.Description)
			}
		}
		p = "console.error: " + strings.Join(args, " ")
	case *log.EventEntryAdded:
		// CSP violations arrive here, with source "security".
		if ev.Entry.Level != log.EntryLevelError {
			return
		}
		p = fmt.Sprintf("log error (%s): %s", ev.Entry.Source, ev.Entry.Text)
		if ev.Entry.URL != "" {
			p += " [" + ev.Entry.URL + "]"
		}
	default:
		return
	}
	b.mu.Lock()
	b.problems = append(b.problems, p)
	b.mu.Unlock()
}

// consoleProblems returns what the watcher has seen so far.
func (b *browser) consoleProblems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.problems...)
}

// noConsoleProblems fails the test if the page logged an error, threw, or
// broke the Content-Security-Policy, except for problems containing one of
// the expected strings.
func (b *browser) noConsoleProblems(where string, expected ...string) {
	b.t.Helper()
	for _, p := range b.consoleProblems() {
		if !slices.ContainsFunc(expected, func(e string) bool { return strings.Contains(p, e) }) {
			b.t.Errorf("%s: %s", where, p)
		}
	}
}

// screenshotOnFailure saves a full-page PNG of a failed test to
// testdata/failures/<TestName>.png.
func (b *browser) screenshotOnFailure(tabCtx context.Context) {
	t := b.t
	if !t.Failed() {
		return
	}
	ctx, cancel := context.WithTimeout(tabCtx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("no failure screenshot: %v", err)
		return
	}
	if err := os.MkdirAll(failureDir, 0o755); err != nil {
		t.Logf("no failure screenshot: %v", err)
		return
	}
	name := strings.NewReplacer("/", "_", `\`, "_", ":", "_", " ", "_").Replace(t.Name())
	path := filepath.Join(failureDir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Logf("no failure screenshot: %v", err)
		return
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	t.Logf("screenshot of the failed page: %s", path)
}

// url is the absolute address of path on the test server.
func (b *browser) url(path string) string {
	return b.base.String() + path
}

// run runs steps in the tab and stops the test on an error.
func (b *browser) run(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// choose clicks the radio button or checkbox sel, as a person does, and
// checks that it took. A click can miss while the page is still laid out
// again (after a viewport change, on a loaded machine): then it clicks
// again, three times at most.
func (b *browser) choose(sel string) {
	b.t.Helper()
	for range 3 {
		b.run("click "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
		if eval[bool](b, fmt.Sprintf(`document.querySelector(%q).checked`, sel)) {
			return
		}
	}
	b.t.Fatalf("%s is not checked after three clicks", sel)
}

// open navigates to path and waits for the page to load.
func (b *browser) open(path string) {
	b.t.Helper()
	b.run("open "+path, chromedp.Navigate(b.url(path)))
}

// submit clicks the element and waits for the page that the click loads,
// returning its HTTP status (after any redirects).
func (b *browser) submit(sel string) int64 {
	b.t.Helper()
	// A click that loads nothing would wait for the whole test's deadline.
	ctx, cancel := context.WithTimeout(b.ctx, submitTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	if errors.Is(err, context.DeadlineExceeded) && b.ctx.Err() == nil {
		b.t.Fatalf("click %s: no page loaded within %v", sel, submitTimeout)
	}
	if err != nil {
		b.t.Fatalf("click %s: %v", sel, err)
	}
	return resp.Status
}

// typeText focuses the field and inserts text as an input method would, so
// that Polish letters arrive intact (key events drop ą, ć, ł).
func typeText(sel, text string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Focus(chromedp.CSS(sel), chromedp.NodeVisible),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: text})
			return err
		}),
	)
}

// logIn fills the login form of one panel (#ebok or #ikcs) and submits it
// with its button, returning the status of the page that follows.
func (b *browser) logIn(panel, login, pass string) int64 {
	b.t.Helper()
	b.run("fill the "+panel+" form",
		typeText(panel+"-login", login),
		typeText(panel+"-password", pass),
	)
	return b.submit(panel + ` form button[type="submit"]`)
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// text is the visible text of the first element matching the CSS selector,
// with no-break spaces turned into spaces; "" when nothing matches.
func (b *browser) text(sel string) string {
	b.t.Helper()
	return nbsp(eval[string](b, fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e ? e.innerText : ""; })()`, sel)))
}

// texts is the visible text of every element matching the CSS selector.
func (b *browser) texts(sel string) []string {
	b.t.Helper()
	v := eval[[]string](b, fmt.Sprintf(`[...document.querySelectorAll(%q)].map(e => e.innerText)`, sel))
	for i := range v {
		v[i] = nbsp(v[i])
	}
	return v
}

// visible reports whether the first element matching the CSS selector is
// rendered with a size and not hidden.
func (b *browser) visible(sel string) bool {
	b.t.Helper()
	return eval[bool](b, fmt.Sprintf(`(() => {
		const e = document.querySelector(%q);
		if (!e) return false;
		const r = e.getBoundingClientRect(), s = getComputedStyle(e);
		return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none";
	})()`, sel))
}

// location is the address of the page shown now.
func (b *browser) location() *url.URL {
	b.t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatalf("location: %v", err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		b.t.Fatalf("location %q: %v", loc, err)
	}
	return u
}

// cookies are the browser's cookies for the test server, by name.
func (b *browser) cookies() map[string]*network.Cookie {
	b.t.Helper()
	res, err := chromedp.Call(b.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{b.url("/")}})
	if err != nil {
		b.t.Fatalf("cookies: %v", err)
	}
	m := map[string]*network.Cookie{}
	for _, c := range res.Cookies {
		m[c.Name] = c
	}
	return m
}

// nbsp turns the no-break spaces of Polish amounts ("512,34 zł") into
// plain spaces.
func nbsp(s string) string { return strings.ReplaceAll(s, "\u00a0", " ") }
