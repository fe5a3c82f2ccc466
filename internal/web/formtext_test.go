package web

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// Text no browser sends and no column takes (NUL, bytes that are not
// UTF-8) is refused before any handler, in a query, a URL-encoded form or
// a multipart one, with a page that says so; nothing is stored. On
// PostgreSQL it ended in a raw database error.
func TestFormTextMustBeStorable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		staff := env.client(t, "ebok.test")
		staff.login("staff", adminLogin)
		base := "/staff/premises/" + id64(f.Flat)
		before := count(t, db, "ledger_entries")
		for _, reason := range []string{"Wpłata\x00w kasie", "Wp\xc5ata w kasie"} {
			r := staff.post(base+"/postings", url.Values{"kind": {"payment"}, "booked_on": {"21.11.2026"}, "amount": {"100,00"}, "reason": {reason}})
			if r.Code != http.StatusBadRequest {
				t.Errorf("posting with %q: %d", reason, r.Code)
			}
			mustContain(t, r.Body, "Wysłany tekst zawiera znaki, których nie można zapisać")
		}
		if n := count(t, db, "ledger_entries"); n != before {
			t.Errorf("%d entries stored from refused postings", n-before)
		}
		if r := staff.get("/staff?q=Kowal%C5"); r.Code != http.StatusBadRequest {
			t.Errorf("search with a broken query: %d", r.Code)
		}
		if r := staff.get("/staff?q=Kowalski"); r.Code != http.StatusOK {
			t.Errorf("search: %d", r.Code)
		}
		res := env.client(t, "ebok.test")
		res.login("ebok", residentLogin)
		r := res.postMultipart("/ebok/messages", url.Values{"premises": {id(f.Flat)}, "topic": {"estate"},
			"subject": {"Awaria\x00"}, "body": {"Treść"}}, nil)
		if r.Code != http.StatusBadRequest {
			t.Errorf("message with NUL: %d", r.Code)
		}
		if n := count(t, db, "messages"); n != 0 {
			t.Errorf("%d messages stored", n)
		}
		// Polish text as browsers send it passes.
		r = staff.post(base+"/postings", url.Values{"kind": {"payment"}, "booked_on": {"21.11.2026"}, "amount": {"100,00"}, "reason": {"Wpłata w kasie — źdźbło"}})
		if r.Code != http.StatusSeeOther {
			t.Errorf("a Polish posting: %d", r.Code)
		}
	})
}
