package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/ebok/ebok/internal/messages"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
	"github.com/ebok/ebok/internal/uploads"
)

func TestMailedFormBecomesAnApplicationInOneStep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		scan, err := messages.Attachments.Check("formularz.jpg", testJPEG)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.srv.Messages.Take(context.Background(), f.ID, messages.Mail{MessageID: "<w@x>", From: "lukasz.k@poczta.example",
			Subject: "Wniosek o dostęp", Text: "W załączniku", Files: []uploads.File{scan}, Raw: []byte("raw"), At: now}); err != nil {
			t.Fatal(err)
		}
		res := env.client(t, "ebok.test")
		res.login("ebok", residentLogin)
		mustNotContain(t, res.get("/ebok/messages").Body, "Wniosek o dostęp")
		staff := env.client(t, "ebok.test")
		staff.login("staff", adminLogin)
		list := staff.get("/staff/mail").Body
		mustContain(t, list, "Wniosek o dostęp", "lukasz.k@poczta.example")
		mailID := regexp.MustCompile(`/staff/mail/(\d+)`).FindStringSubmatch(list)[1]
		mustContain(t, staff.get("/staff/mail/"+mailID).Body, "formularz.jpg", "Utwórz wniosek")
		form := url.Values{"first_name": {"Łukasz"}, "last_name": {"Kowalski"}, "street": {"ul. Mickiewicza 5/12"},
			"postal_code": {"00-002"}, "city": {"Warszawa"}, "phone": {"600 100 200"}, "premises_street": {"ul. Mickiewicza"},
			"premises_house": {"5"}, "premises_number": {"12"}, "role": {"owner"}, "accept_rules": {"yes"}}
		r := staff.post("/staff/mail/"+mailID+"/application?portal=ebok", form)
		if r.Code != http.StatusSeeOther {
			t.Fatalf("application: %d", r.Code)
		}
		app := staff.get(r.Header.Get("Location")).Body
		mustContain(t, app, "lukasz.k@poczta.example", "lukasz@example.pl", "formularz.jpg")
		mustNotContain(t, staff.get("/staff/mail").Body, "Wniosek o dostęp")
	})
}
