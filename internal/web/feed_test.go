package web

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// TestLedgerPageAcrossNodes: on PostgreSQL with the change feed, a node
// serves a kept ledger page without counting entries, and still shows a
// posting made on another node (within the moment the notification
// takes) and its own postings at once.
func TestLedgerPageAcrossNodes(t *testing.T) {
	dsn := storetest.DSN(t, store.Postgres)
	dbA, dbB := storetest.OpenAt(t, dsn), storetest.OpenAt(t, dsn)
	if _, err := dbA.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	env := newEnv(t, dbA)
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	storetest.FollowLedger(t, dbA)

	resident := env.client(t, "ebok.test")
	resident.login("ebok", residentLogin)
	path := "/ebok/premises/" + id64(f.Flat) + "/ledger"
	mustNotContain(t, resident.get(path).Body, "Dopłata z węzła B")
	kept := false
	for k := range env.srv.pageCache.m {
		kept = kept || strings.HasPrefix(k, "ledger\x00g")
	}
	if !kept {
		t.Fatal("the page was not kept under the feed's generation")
	}

	// Node B posts; node A is not told but by the database.
	exec(t, dbB, `INSERT INTO ledger_entries (coop_id, account_id, kind, booked_on, amount, description, created_at)
		VALUES ($1, $2, 'charge', '2026-11-20', 1234, 'Dopłata z węzła B', $3)`, f.ID, f.FlatAccount, now)
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(resident.get(path).Body, "Dopłata z węzła B"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("node B's posting did not show on node A within 5 s")
		}
	}

	// A posting on node A shows on node A at once.
	staff := env.client(t, "ebok.test")
	staff.login("staff", adminLogin)
	r := staff.post("/staff/premises/"+id64(f.Flat)+"/postings", url.Values{"kind": {"correction"}, "booked_on": {"21.11.2026"},
		"amount": {"5,00"}, "direction": {"credit"}, "reason": {"Korekta na węźle A"}})
	if r.Code != 303 {
		t.Fatalf("posting: %d", r.Code)
	}
	mustContain(t, resident.get(path).Body, "Korekta na węźle A")
}
