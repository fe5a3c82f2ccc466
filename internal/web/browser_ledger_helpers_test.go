package web

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// ledgerBrowserTimeout bounds everything one test of
// browser_ledger_test.go does in the browser: these walks are longer than
// the ones browserTimeout was chosen for.
const ledgerBrowserTimeout = 60 * time.Second

// withTimeout gives the browser a new deadline, d from now, in place of the
// one startBrowser set. The tab stays the same; the test's cleanups still
// close it.
func (b *browser) withTimeout(d time.Duration) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(b.ctx), d)
	b.t.Cleanup(cancel)
	b.ctx = ctx
}

// replaceText selects whatever the field holds and types text over it, as
// a person does with Ctrl+A and typing; Polish letters arrive intact.
func replaceText(sel, text string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Focus(chromedp.CSS(sel), chromedp.NodeVisible),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).select()`, sel)),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: text})
			return err
		}),
	)
}

// download is one file the browser saved.
type download struct {
	Name string // the name the server suggested (Content-Disposition)
	URL  string // where it came from
	Data []byte
}

// download clicks the element, which must start a download rather than
// load a page, and returns the file Chromium saved into a fresh temporary
// directory (under the GUID of the download, as allowAndName names it).
func (b *browser) download(sel string) download {
	b.t.Helper()
	dir := b.t.TempDir()
	ctx, cancel := context.WithTimeout(b.ctx, submitTimeout)
	defer cancel()
	// Subscribe before the click, so that no event is lost.
	begins := chromedp.Events(ctx, cdpbrowser.DownloadWillBegin)
	progress := chromedp.Events(ctx, cdpbrowser.DownloadProgress)
	_, err := chromedp.Call(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior:      cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName,
		DownloadPath:  dir,
		EventsEnabled: new(true),
	})
	if err != nil {
		b.t.Fatalf("allow downloads: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)); err != nil {
		b.t.Fatalf("click %s: %v", sel, err)
	}
	var guid string
	for ev, err := range progress {
		if err != nil {
			if errors.Is(err, context.DeadlineExceeded) && b.ctx.Err() == nil {
				b.t.Fatalf("click %s: no download completed within %v", sel, submitTimeout)
			}
			b.t.Fatalf("click %s: waiting for the download: %v", sel, err)
		}
		if ev.State == cdpbrowser.DownloadProgressStateCanceled {
			b.t.Fatalf("click %s: the download %s was canceled", sel, ev.GUID)
		}
		if ev.State == cdpbrowser.DownloadProgressStateCompleted {
			guid = ev.GUID
			break
		}
	}
	d := download{}
	for ev, err := range begins {
		if err != nil {
			b.t.Fatalf("click %s: no downloadWillBegin for download %s: %v", sel, guid, err)
		}
		if ev.GUID == guid {
			d.Name, d.URL = ev.SuggestedFilename, ev.URL
			break
		}
	}
	d.Data, err = os.ReadFile(filepath.Join(dir, guid))
	if err != nil {
		b.t.Fatalf("click %s: the completed download: %v", sel, err)
	}
	return d
}

// cells is the visible text of each cell of each row matching the CSS
// selector, with no-break spaces turned into spaces.
func (b *browser) cells(rowSel string) [][]string {
	b.t.Helper()
	rows := eval[[][]string](b, fmt.Sprintf(`[...document.querySelectorAll(%q)].map(r => [...r.cells].map(c => c.innerText.trim()))`, rowSel))
	for _, r := range rows {
		for i := range r {
			r[i] = nbsp(r[i])
		}
	}
	return rows
}

// staffLogIn logs in at /staff/login with the fixture's password.
func (b *browser) staffLogIn(login string) {
	b.t.Helper()
	b.open("/staff/login")
	b.run("fill the staff login", typeText("#staff-login", login), typeText("#staff-password", password))
	if status := b.submit(`form[action="/staff/login"] button[type="submit"]`); status != 200 {
		b.t.Fatalf("staff login: HTTP %d\n%s", status, b.text("main"))
	}
	if got := b.location().Path; got != "/staff" {
		b.t.Fatalf("after the staff login the browser is at %q, want /staff\n%s", got, b.text("main"))
	}
}
