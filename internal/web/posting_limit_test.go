package web

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/ebok/ebok/internal/ledgercsv"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// A manual posting above the imports' limit is refused at the amount field
// (it used to be booked, and two of them wrapped the balance round and
// broke the premises' overview with "integer overflow"); the overview
// still answers afterwards.
func TestStaffPostingAboveTheLimitIsRefused(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	staff := env.client(t, "ebok.test")
	staff.login("staff", adminLogin)
	base := "/staff/premises/" + id64(f.Flat)
	for range 2 {
		r := staff.post(base+"/postings", url.Values{"kind": {"charge"}, "booked_on": {"21.11.2026"},
			"amount": {"92233720368547758,07"}, "reason": {"Literówka"}})
		if r.Code != http.StatusUnprocessableEntity {
			t.Fatalf("posting of the largest amount: %d, want 422", r.Code)
		}
		mustContain(t, r.Body, "Kwota jest za duża: najwyżej "+ledgercsv.MaxAmount.Format()+".")
	}
	if r := staff.get(base + "/overview"); r.Code != http.StatusOK {
		t.Errorf("overview after the refused postings: %d", r.Code)
	}
}
