package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

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
