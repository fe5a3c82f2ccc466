package web

import (
	"net/http"
	osexec "os/exec"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// A member logs in through the IKCS panel, opens the coming general
// meeting from the navigation, files a draft resolution before the
// deadline (first part 20 December 2026, deadline 5 December, today 21
// November) and downloads the receipt, which pdftotext reads.
func TestBrowserMemberFilesADraftResolution(t *testing.T) {
	skipWithoutChromium(t)
	if _, err := osexec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	env := newEnv(t, storetest.Open(t, store.SQLite))
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	m := meetingFixture(t, env, f, "2026-12-20", true)
	b := startBrowser(t, env.srv)
	b.open("/")
	if status := b.logIn("#ikcs", memberLogin, password); status != http.StatusOK || b.location().Path != "/ikcs" {
		t.Fatalf("IKCS login: %d at %s", status, b.location())
	}
	if status := b.submit(`a[href="/ikcs/meetings"]`); status != http.StatusOK {
		t.Fatalf("meetings: %d", status)
	}
	if status := b.submit(`a[href="/ikcs/meetings/` + id(m.ID) + `"]`); status != http.StatusOK {
		t.Fatalf("meeting: %d", status)
	}
	if got := nbsp(b.text("#draft-title + p")); !strings.Contains(got, "do 05.12.2026 włącznie") {
		t.Errorf("deadline shown: %q", got)
	}
	b.run("write the draft",
		typeText("#d-title", "Projekt uchwały w sprawie budowy placu zabaw"),
		typeText("#d-body", "Walne Zgromadzenie postanawia wybudować plac zabaw przy ul. Mickiewicza 5."))
	if status := b.submit(`.meeting-draft button[type="submit"]`); status != http.StatusOK {
		t.Fatalf("file the draft: %d", status)
	}
	if got := b.text(`.notice[role="status"]`); !strings.Contains(got, "Projekt uchwały został zgłoszony") {
		t.Errorf("notice %q", got)
	}
	if got := b.text(".meeting-drafts tbody tr"); !strings.Contains(got, "Projekt uchwały w sprawie budowy placu zabaw") {
		t.Errorf("drafts row %q", got)
	}
	href := eval[string](b, `document.querySelector(".meeting-drafts a").getAttribute("href")`)
	text := pdfTextOf(t, b.fetchPDF(href))
	for _, want := range []string{"Potwierdzenie złożenia projektu uchwały", "Projekt uchwały w sprawie budowy placu zabaw", "21.11.2026", "plac zabaw przy ul. Mickiewicza 5"} {
		if !strings.Contains(text, want) {
			t.Errorf("receipt lacks %q: %s", want, text)
		}
	}
	b.noConsoleProblems("meeting")
}
