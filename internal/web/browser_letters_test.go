package web

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/documents/pdftext"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// fetchPDF fetches a path in the page's session and returns its bytes.
func (b *browser) fetchPDF(path string) []byte {
	b.t.Helper()
	expr := fmt.Sprintf(`fetch(%q, {credentials: "same-origin"}).then(r => r.arrayBuffer()).then(b => {
		let s = ""; const u = new Uint8Array(b); for (let i = 0; i < u.length; i++) s += String.fromCharCode(u[i]); return btoa(s); })`, path)
	enc, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("fetch %s: %v", path, err)
	}
	data, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		b.t.Fatalf("fetch %s: %v", path, err)
	}
	return data
}

// pdfTextOf is a PDF's text; it skips without pdftotext and fails on any
// other error (an unreadable PDF is a defect, not a reason to skip).
func pdfTextOf(t *testing.T, data []byte) string {
	t.Helper()
	text, err := pdftext.Text(data)
	if errors.Is(err, pdftext.ErrMissing) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(text), " ")
}

// Staff write a letter to a building, preview it and send it; the
// consenting resident finds it in the inbox and opens it; the postal batch
// holds the others' letters with their addresses in the envelope window.
func TestBrowserLetterToABuilding(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		skipWithoutChromium(t)
		ctx := context.Background()
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		exec(t, db, `INSERT INTO consents (coop_id, person_id, kind, granted, source, recorded_at)
			VALUES ($1, $2, 'ekorespondencja', TRUE, 'test', $3)`, f.ID, f.Husband, now)
		var building int64
		if err := db.Read().QueryRowContext(ctx, `SELECT building_id FROM premises WHERE id = $1`, f.Flat).Scan(&building); err != nil {
			t.Fatal(err)
		}
		b := startBrowser(t, env.srv)
		b.staffLogIn(adminLogin)
		b.open("/staff/letters/new")
		b.run("fill the letter",
			typeText("#f-subject", "Przegląd instalacji gazowej"),
			typeText("#f-case", "TI.7010.3.2026"),
			typeText("#f-body", "Uprzejmie informujemy, że w lokalu [adres_lokalu] odbędzie się **przegląd** instalacji gazowej."),
			chromedp.SetValue(chromedp.CSS("#f-rule"), "building"),
			chromedp.SetValue(chromedp.CSS("#f-rule-building"), fmt.Sprint(building)))
		if status := b.submit(`form[action="/staff/letters"] button[type="submit"]`); status != http.StatusOK {
			t.Fatalf("compose: HTTP %d\n%s", status, b.text("main"))
		}
		if got := b.text("#recipient-count"); got != "Liczba adresatów: 3" {
			t.Fatalf("count %q\n%s", got, b.text("main"))
		}
		href := eval[string](b, `document.querySelector(".preview-list a").getAttribute("href")`)
		preview := pdfTextOf(t, b.fetchPDF(href))
		mustContain(t, preview, "Przegląd instalacji gazowej", "ul. Mickiewicza 5", "Znak sprawy: TI.7010.3.2026", "strona 1 z 1")
		if status := b.submit("#send"); status != http.StatusOK {
			t.Fatalf("send: HTTP %d", status)
		}
		if got := b.text("#letter-status"); got != "W trakcie wysyłki" {
			t.Errorf("status after sending %q", got)
		}
		if _, err := env.srv.LettersWorker.ProcessOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if sent, err := env.srv.Worker.ProcessOnce(ctx); err != nil || sent != 2 {
			t.Fatalf("mail worker sent %d, %v", sent, err)
		}
		if err := env.srv.Letters.Follow(ctx); err != nil {
			t.Fatal(err)
		}
		b.open(b.location().Path)
		if v := eval[string](b, `document.getElementById("letter-progress").getAttribute("value")`); v != "3" {
			t.Errorf("progress value %s, want 3\n%s", v, b.text("main"))
		}
		b.submit(`header form[action="/logout"] button[type="submit"]`)

		b.open("/")
		if status := b.logIn("#ebok", residentLogin, password); status != http.StatusOK {
			t.Fatalf("resident login: HTTP %d", status)
		}
		mustContain(t, b.text("#letters-link"), "nieprzeczytane pisma: 2")
		b.open("/ebok/letters")
		rows := b.texts("tbody tr")
		if len(rows) != 2 || !strings.Contains(rows[0], "Nowe") || !strings.Contains(rows[0], "Przegląd instalacji gazowej") {
			t.Fatalf("inbox rows %q", rows)
		}
		letter := eval[string](b, `document.querySelector("tbody tr a").getAttribute("href")`)
		text := pdfTextOf(t, b.fetchPDF(letter))
		mustContain(t, text, "Łukasz Kowalski", "Przegląd instalacji gazowej", "Nr dziennika: ")
		b.open("/ebok/letters")
		if rows := b.texts("tbody tr"); strings.Count(strings.Join(rows, "\n"), "Nowe") != 1 {
			t.Errorf("after opening one: %q", rows)
		}

		by := audit.Actor{CoopID: f.ID, Name: audit.ActorSystem}
		batches, err := env.srv.Letters.Batches(ctx, by)
		if err != nil || len(batches) != 1 || batches[0].Letters != 1 {
			t.Fatalf("batches %+v, %v", batches, err)
		}
		batch, err := env.srv.Letters.BatchPDF(ctx, by, batches[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		words, err := pdftext.Words(batch.Data)
		if errors.Is(err, pdftext.ErrMissing) {
			t.Skip(err)
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{"Małgorzata", "Kowalskia", "00-002"} {
			if found := pdftext.Find(words, w); len(found) == 0 || !found[0].InWindow() {
				t.Errorf("%s at %+v, not in the window", w, found)
			}
		}
		b.noConsoleProblems("letters")
	})
}
