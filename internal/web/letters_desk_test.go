package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// composeDraft posts a letter to the flat and returns the draft's path.
func composeDraft(t *testing.T, c *client, flat int64, body string) string {
	t.Helper()
	r := c.post("/staff/letters", urlValues("kind", "general", "subject", "Wymiana wodomierzy", "body", body,
		"rule", "premises", "rule_value", id(flat)))
	loc := r.Header.Get("Location")
	if r.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/staff/letters/") {
		t.Fatalf("compose: HTTP %d %s\n%s", r.Code, loc, r.Body)
	}
	return loc
}

// A bold run in the middle of a sentence keeps the spaces around it: the
// letter reads "że od 1 lutego wymieniamy", not "żeod 1 lutegowymieniamy".
func TestLetterBoldRunKeepsTheSpacesAroundIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		admin := env.client(t, "ebok.test")
		admin.login("staff", adminLogin)
		loc := composeDraft(t, admin, f.Flat, "Informujemy, że **od 1 lutego** wymieniamy wodomierze.\n\n- punkt **ważny** dla wszystkich")
		r := admin.get(loc + "/preview.pdf?person=" + id(f.Husband) + "&premises=" + id(f.Flat))
		if r.Code != http.StatusOK {
			t.Fatalf("preview: HTTP %d", r.Code)
		}
		text := strings.Join(strings.Fields(pdfText(t, []byte(r.Body))), " ")
		mustContain(t, text, "Informujemy, że od 1 lutego wymieniamy wodomierze.", "punkt ważny dla wszystkich")
	})
}

// An estate administration does not see the cooperative's postal batches
// it has no letter in, nor a button to mark a batch printed (a batch holds
// the whole cooperative's letters: marking it is the office's, and the
// button answered "not found").
func TestEstateStaffSeeOnlyTheirLettersOfPostalBatches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		admin := env.client(t, "ebok.test")
		admin.login("staff", adminLogin)
		loc := composeDraft(t, admin, f.Flat, "Treść dla [imie_nazwisko].")
		if r := admin.post(loc+"/send", nil); r.Code != http.StatusSeeOther {
			t.Fatalf("send: HTTP %d\n%s", r.Code, r.Body)
		}
		if _, err := env.srv.LettersWorker.ProcessOnce(ctx); err != nil {
			t.Fatal(err)
		}
		mustContain(t, admin.get("/staff/letters").Body, `action="/staff/batches/`, "/letters.pdf")
		estate := env.client(t, "ebok.test")
		estate.login("staff", estateLogin)
		page := estate.get("/staff/letters")
		if page.Code != http.StatusOK {
			t.Fatalf("estate letters: HTTP %d", page.Code)
		}
		mustNotContain(t, page.Body, "/staff/batches/", "Oznacz jako wydrukowaną")
		mustContain(t, page.Body, "Brak paczek pocztowych.")
		// The estate's own letter (to the flat's two holders) shows in the
		// batch with its files, counted alone.
		own := composeDraft(t, estate, f.Flat, "Treść dla [imie_nazwisko].")
		if r := estate.post(own+"/send", nil); r.Code != http.StatusSeeOther {
			t.Fatalf("estate send: HTTP %d\n%s", r.Code, r.Body)
		}
		if _, err := env.srv.LettersWorker.ProcessOnce(ctx); err != nil {
			t.Fatal(err)
		}
		page = estate.get("/staff/letters")
		mustContain(t, unlabelled(page.Body), `<td>1</td><td class="num">2</td>`, "/letters.pdf")
		mustNotContain(t, page.Body, "Oznacz jako wydrukowaną", "/printed")
		mustContain(t, unlabelled(admin.get("/staff/letters").Body), `<td>1</td><td class="num">4</td>`)
	})
}
