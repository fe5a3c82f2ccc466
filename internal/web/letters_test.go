package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/mailin"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// Who may reach a letter: estate staff only their estate's, a resident
// only their own; an unknown merge field is refused in Polish.
func TestLettersAreSeenOnlyByTheirPeople(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		admin := env.client(t, "ebok.test")
		admin.login("staff", adminLogin)
		form := urlValues("kind", "general", "subject", "Wymiana wodomierzy", "body", "Treść [nieznane].",
			"rule", "premises", "rule_value", id(f.Flat))
		r := admin.post("/staff/letters", form)
		if r.Code != http.StatusUnprocessableEntity {
			t.Fatalf("unknown field: HTTP %d", r.Code)
		}
		mustContain(t, r.Body, "nieznane pola korespondencji seryjnej: [nieznane]")
		// Everything wrong at once, each linked to its field; what was
		// typed stays.
		bad := urlValues("kind", "fee_notice", "subject", " ", "body", "Treść [nieznane].", "rule", "premises", "rule_value", id(f.Flat))
		r = admin.post("/staff/letters", bad)
		if r.Code != http.StatusUnprocessableEntity {
			t.Fatalf("three problems: HTTP %d", r.Code)
		}
		mustContain(t, r.Body, `<a href="#f-subject">Należy podać temat pisma.</a>`, `<a href="#f-effective">`, `<a href="#f-source">`,
			`<a href="#f-body">Pismo zawiera nieznane pola korespondencji seryjnej: [nieznane].`, "Treść [nieznane].")
		form.Set("body", "Treść dla [imie_nazwisko].")
		r = admin.post("/staff/letters", form)
		loc := r.Header.Get("Location")
		if r.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/staff/letters/") {
			t.Fatalf("compose: HTTP %d %s\n%s", r.Code, loc, r.Body)
		}
		mustContain(t, admin.get(loc).Body, "Liczba adresatów: 2")
		estate := env.client(t, "ebok.test")
		estate.login("staff", estateLogin)
		if r := estate.get(loc); r.Code != http.StatusNotFound {
			t.Errorf("estate staff opened the cooperative's letter: HTTP %d", r.Code)
		}
		// The draft can be edited until it is sent, by its people only.
		mustContain(t, admin.get(loc+"/edit").Body, `action="`+loc+`/edit"`, "Wymiana wodomierzy")
		if r := estate.get(loc + "/edit"); r.Code != http.StatusNotFound {
			t.Errorf("estate staff opened the draft's edit form: HTTP %d", r.Code)
		}
		form.Set("subject", "Wymiana wodomierzy i podzielników")
		if r := admin.post(loc+"/edit", form); r.Code != http.StatusSeeOther || r.Header.Get("Location") != loc {
			t.Fatalf("edit: HTTP %d %s\n%s", r.Code, r.Header.Get("Location"), r.Body)
		}
		mustContain(t, admin.get(loc).Body, "Wymiana wodomierzy i podzielników")
		if r := admin.post(loc+"/send", nil); r.Code != http.StatusSeeOther {
			t.Fatalf("send: HTTP %d\n%s", r.Code, r.Body)
		}
		if r := admin.post(loc+"/edit", form); r.Code != http.StatusUnprocessableEntity {
			t.Errorf("edit after sending: HTTP %d", r.Code)
		}
		if _, err := env.srv.LettersWorker.ProcessOnce(ctx); err != nil {
			t.Fatal(err)
		}
		prog := admin.get(loc + "/progress")
		if prog.Code != http.StatusOK || !strings.Contains(prog.Body, `"total":2`) || !strings.Contains(prog.Body, "Do przygotowania: 0") {
			t.Errorf("progress: HTTP %d %s", prog.Code, prog.Body)
		}
		// Both went on paper: the letter's page leads to the postal
		// batches to print.
		mustContain(t, admin.get(loc).Body, `<p id="to-batches"><a href="/staff/letters#batches">`)
		mustContain(t, admin.get("/staff/letters").Body, `<h2 id="batches">`)
		if r := estate.get(loc + "/progress"); r.Code != http.StatusNotFound {
			t.Errorf("estate staff read the progress: HTTP %d", r.Code)
		}
		var copyID int64
		if err := db.Read().QueryRowContext(ctx, `SELECT id FROM letter_recipients WHERE person_id = $1`, f.Husband).Scan(&copyID); err != nil {
			t.Fatal(err)
		}
		owner := env.client(t, "ebok.test")
		owner.login("ebok", residentLogin)
		mustContain(t, owner.get("/ebok/letters").Body, "Wymiana wodomierzy")
		if r := owner.get("/ebok/letters/" + id(copyID) + "/attachments/1"); r.Code != http.StatusNotFound {
			t.Errorf("attachment of a letter without any: HTTP %d", r.Code)
		}
		if r := owner.get("/ebok/letters/" + id(copyID)); r.Code != http.StatusOK || !strings.HasPrefix(r.Body, "%PDF-") {
			t.Errorf("owner: HTTP %d", r.Code)
		}
		other := env.client(t, "ebok.test")
		other.login("ebok", "E0000003")
		if r := other.get("/ebok/letters/" + id(copyID)); r.Code != http.StatusNotFound {
			t.Errorf("another resident opened the letter: HTTP %d", r.Code)
		}
	})
}

// Issue 9 §5: a resident's e-mail answering a letter joins that letter's
// thread in the staff inbox and the resident's messages; the same answer
// from an address nobody has on file joins nothing and waits for triage.
// The answer comes in through the mail-in folder `ebok serve` reads
// without IMAP.
func TestAnswerToALetterByMailJoinsItsThread(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		exec(t, db, `INSERT INTO consents (coop_id, person_id, kind, granted, source, recorded_at)
			VALUES ($1, $2, 'ekorespondencja', TRUE, 'test', $3)`, f.ID, f.Husband, now)
		admin := env.client(t, "ebok.test")
		admin.login("staff", adminLogin)
		sendToFlat(t, env, admin, f)
		letterMail := newPostOffice(t, env).next("lukasz@example.pl")
		if err := env.srv.Letters.Follow(ctx); err != nil {
			t.Fatal(err)
		}
		msgID := letterMail.Header.Get("Message-ID")
		if msgID == "" {
			t.Fatal("the letter's e-mail has no Message-ID")
		}

		dir := t.TempDir()
		answer := func(name, from, id string) {
			raw := "From: " + from + "\r\nTo: sm@ebok.test\r\nSubject: Re: Wymiana wodomierzy\r\nMessage-ID: <" + id + "@example.pl>\r\n" +
				"In-Reply-To: " + msgID + "\r\nReferences: " + msgID + "\r\n\r\nProszę o termin po 15:00.\r\n"
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, []byte(raw), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(path, now.Add(-time.Minute), now.Add(-time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		answer("a.eml", "Łukasz Kowalski <Lukasz@Example.pl>", "odp-1")
		answer("b.eml", "obcy@example.com", "odp-2")
		folder := &mailin.Folder{Dir: dir, Taker: env.srv.Messages, CoopID: f.ID, Now: func() time.Time { return now },
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
		if n, err := folder.Once(ctx); err != nil || n != 2 {
			t.Fatalf("folder took %d: %v", n, err)
		}

		var letter, thread int64
		if err := db.Read().QueryRowContext(ctx, `SELECT id FROM letters WHERE coop_id = $1`, f.ID).Scan(&letter); err != nil {
			t.Fatal(err)
		}
		if err := db.Read().QueryRowContext(ctx, `SELECT id FROM message_threads WHERE coop_id = $1 AND person_id = $2 AND letter_id = $3`,
			f.ID, f.Husband, letter).Scan(&thread); err != nil {
			t.Fatalf("no thread of the letter for its addressee: %v", err)
		}
		mustContain(t, admin.get("/staff/messages").Body, "Odpowiedź na pismo: Wymiana wodomierzy")
		// Both sides reach the letter answered from the thread: staff its
		// page with the delivery report, the resident their copy's PDF.
		mustContain(t, admin.get("/staff/messages/"+id(thread)).Body, "Proszę o termin po 15:00.",
			`<dd id="letter"><a href="/staff/letters/`+id(letter)+`">`)
		var copyID int64
		if err := db.Read().QueryRowContext(ctx, `SELECT id FROM letter_recipients WHERE letter_id = $1 AND person_id = $2`,
			letter, f.Husband).Scan(&copyID); err != nil {
			t.Fatal(err)
		}
		owner := env.client(t, "ebok.test")
		owner.login("ebok", residentLogin)
		mustContain(t, owner.get("/ebok/messages/"+id(thread)).Body, "Odpowiedź na pismo: Wymiana wodomierzy", "Proszę o termin po 15:00.",
			`<dd id="letter"><a href="/ebok/letters/`+id(copyID)+`">`)
		if r := owner.get("/ebok/letters/" + id(copyID)); r.Code != http.StatusOK || !strings.HasPrefix(r.Body, "%PDF-") {
			t.Errorf("the letter linked from the thread: HTTP %d", r.Code)
		}
		var threads int
		if err := db.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM message_threads WHERE coop_id = $1`, f.ID).Scan(&threads); err != nil || threads != 1 {
			t.Errorf("%d threads, want only the addressee's: %v", threads, err)
		}
		tri, err := env.srv.Messages.Triage(ctx, f.ID)
		if err != nil || len(tri) != 1 || tri[0].From != "obcy@example.com" {
			t.Errorf("triage %+v: %v", tri, err)
		}
	})
}

// sendToFlat has staff compose a letter ("Wymiana wodomierzy") to the
// holders of the fixture's flat and send it, and the letters worker queue
// it; it returns the letter's page.
func sendToFlat(t *testing.T, env *testEnv, staff *client, f fixtureCoop) string {
	t.Helper()
	r := staff.post("/staff/letters", urlValues("kind", "general", "subject", "Wymiana wodomierzy", "body", "Treść.",
		"rule", "premises", "rule_value", id(f.Flat)))
	loc := r.Header.Get("Location")
	if r.Code != http.StatusSeeOther {
		t.Fatalf("compose: HTTP %d\n%s", r.Code, r.Body)
	}
	if r := staff.post(loc+"/send", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("send: HTTP %d\n%s", r.Code, r.Body)
	}
	if _, err := env.srv.LettersWorker.ProcessOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	return loc
}
