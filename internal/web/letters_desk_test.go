package web

import (
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
