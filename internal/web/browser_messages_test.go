package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

func TestBrowserResidentMessageAndStaffReply(t *testing.T) {
	skipWithoutChromium(t)
	env := newEnv(t, storetest.Open(t, store.SQLite))
	addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	b := startBrowser(t, env.srv)
	scan := writeScan(t)

	// 1. The resident writes from /ebok, with a file.
	b.open("/")
	if status := b.logIn("#ebok", residentLogin, password); status != http.StatusOK {
		t.Fatalf("resident login: HTTP %d", status)
	}
	b.open("/ebok")
	if status := b.submit(`main a[href="/ebok/messages"]`); status != http.StatusOK {
		t.Fatalf("the link to the messages: HTTP %d", status)
	}
	b.open("/ebok/messages/new")
	b.run("write the message",
		chromedp.SetValue(chromedp.CSS("#f-topic"), "settlements"),
		typeText("#f-subject", "Nadpłata za wodę"),
		typeText("#f-body", "Proszę o zwrot nadpłaty na konto."),
		chromedp.SetUploadFiles(chromedp.CSS("#f-files"), []string{scan}),
	)
	if status := b.submit(`form.long-form button[type="submit"]`); status != http.StatusOK {
		t.Fatalf("sending: HTTP %d\n%s", status, b.text("main"))
	}
	thread := b.location().Path
	if !strings.HasPrefix(thread, "/ebok/messages/") {
		t.Fatalf("after sending the browser is at %q\n%s", thread, b.text("main"))
	}
	mustContain(t, b.text("main"), "pod numerem 1/2026", "Nadpłata za wodę", "skan.jpg", "Proszę o zwrot nadpłaty na konto.")
	b.noConsoleProblems("message sent")

	// 2. Staff reply from the desk.
	staff := b.secondContext("staff")
	staff.staffLogIn(adminLogin)
	staff.open("/staff/messages")
	if status := staff.submit(`main table a[href^="/staff/messages/"]`); status != http.StatusOK {
		t.Fatalf("opening the thread: HTTP %d", status)
	}
	staff.run("write the reply", typeText("#f-reply", "Nadpłatę zwrócimy w ciągu 7 dni."))
	if status := staff.submit(`form[action$="/reply"] button[type="submit"]`); status != http.StatusOK {
		t.Fatalf("replying: HTTP %d\n%s", status, staff.text("main"))
	}
	mustContain(t, staff.text("main"), "Odpowiedź wysłano.")

	// 3. The resident sees the reply.
	b.open(thread)
	mustContain(t, b.text("main"), "Nadpłatę zwrócimy w ciągu 7 dni.", "czeka na odpowiedź mieszkańca")
	b.noConsoleProblems("reply read")
}
