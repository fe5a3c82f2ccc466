package web

import (
	"bytes"
	"io"
	"net/http"
	osexec "os/exec"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// A member logs in through the IKCS panel, opens the library from the
// IKCS home, searches "uchwala fundusz remontowy" without Polish letters,
// finds the resolution with its words marked, opens it and downloads its
// PDF with the browser's session; pdftotext reads the resolution's text.
func TestBrowserMemberSearchesTheLibrary(t *testing.T) {
	skipWithoutChromium(t)
	if _, err := osexec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	env := newEnv(t, storetest.Open(t, store.SQLite))
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	libraryFixture(t, env, f.ID)
	b := startBrowser(t, env.srv)
	b.open("/")
	if status := b.logIn("#ikcs", memberLogin, password); status != http.StatusOK || b.location().Path != "/ikcs" {
		t.Fatalf("IKCS login: %d at %s", status, b.location())
	}
	if status := b.submit(`main a[href="/ikcs/library"]`); status != http.StatusOK {
		t.Fatalf("library: %d", status)
	}
	b.run("type the query", typeText("#l-q", "uchwala fundusz remontowy"))
	if status := b.submit(`form[role="search"] button[type="submit"]`); status != http.StatusOK {
		t.Fatalf("search: %d", status)
	}
	if got := strings.Join(b.texts(".library-hit mark"), " "); !strings.Contains(got, "Uchwała") || !strings.Contains(got, "fundusz remontowy") {
		t.Errorf("marked %q", got)
	}
	if got := b.text(".library-hit a"); got != "Uchwała w sprawie funduszu remontowego" {
		t.Fatalf("first hit %q", got)
	}
	if status := b.submit(".library-hit a"); status != http.StatusOK {
		t.Fatalf("document: %d", status)
	}
	href := eval[string](b, `document.querySelector(".library-files a").getAttribute("href")`)
	req, err := http.NewRequest(http.MethodGet, b.url(href), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range b.cookies() {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("download %s: %d %s, %v", href, resp.StatusCode, resp.Header.Get("Content-Type"), err)
	}
	cmd := osexec.Command("pdftotext", "-q", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil || !strings.Contains(strings.Join(strings.Fields(string(out)), " "), "Odpis na fundusz remontowy") {
		t.Errorf("pdftotext: %v, %q", err, out)
	}
	b.noConsoleProblems("library")
}
