package web

import (
	"context"
	"net/http"
	"regexp"
	"testing"

	"github.com/ebok/ebok/internal/messages"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// A mail marked dealt with without an application leaves the list with a
// word saying so (it vanished without one), and the word says where the
// mail still is.
func TestTriagedMailDismissedSaysSo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		if _, err := env.srv.Messages.Take(context.Background(), f.ID, messages.Mail{MessageID: "<r@x>", From: "reklama@sklep.example",
			Subject: "Promocja na farby", Text: "Tylko dziś!", Raw: []byte("raw"), At: now}); err != nil {
			t.Fatal(err)
		}
		staff := env.client(t, "ebok.test")
		staff.login("staff", adminLogin)
		mailID := regexp.MustCompile(`/staff/mail/(\d+)`).FindStringSubmatch(staff.get("/staff/mail").Body)[1]
		r := staff.post("/staff/mail/"+mailID+"/dismiss", nil)
		if r.Code != http.StatusSeeOther {
			t.Fatalf("dismiss: %d", r.Code)
		}
		page := staff.get(r.Header.Get("Location")).Body
		mustContain(t, page, "Wiadomość „Promocja na farby” od reklama@sklep.example oznaczono jako rozpatrzoną bez wniosku; pozostaje w skrzynce pocztowej spółdzielni.",
			"Brak poczty do rozpatrzenia.")
	})
}
