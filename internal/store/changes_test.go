package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// eventually polls cond for up to five seconds: notifications arrive a
// moment after the commit that sends them.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("after 5 s: %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestLedgerFeed: on PostgreSQL a node's feed moves on when another node
// writes a ledger entry or an allocation (by notification), and at once
// when this node commits a write; it is not live before it listens nor
// after its connection is killed, and comes back by itself. SQLite has
// no feed.
func TestLedgerFeed(t *testing.T) {
	if f := storetest.Open(t, store.SQLite).FollowLedger(); f != nil {
		t.Fatal("SQLite has a ledger feed")
	}
	dsn := storetest.DSN(t, store.Postgres)
	ctx := context.Background()
	node, other := storetest.OpenAt(t, dsn), storetest.OpenAt(t, dsn)
	if _, err := node.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	coop := storetest.InsertCoop(t, other, "a")
	exec := func(db *store.DB, q string, args ...any) {
		t.Helper()
		if err := db.InTx(ctx, func(tx *store.Tx) error { _, err := tx.ExecContext(ctx, q, args...); return err }); err != nil {
			t.Fatal(err)
		}
	}
	exec(other, `INSERT INTO estates (coop_id, code, name, office_street, office_postal_code, office_city, office_phone, office_email)
		VALUES ($1, 'A', 'A', 'ul. Biurowa 1', '00-001', 'Warszawa', '', '')`, coop)
	exec(other, `INSERT INTO buildings (coop_id, estate_id, street, number, postal_code, city)
		SELECT $1, id, 'ul. Mickiewicza', '5', '00-002', 'Warszawa' FROM estates WHERE coop_id = $1`, coop)
	exec(other, `INSERT INTO premises (coop_id, building_id, kind, number, usable_area, persons)
		SELECT $1, id, 'flat', '1', 4830, 2 FROM buildings WHERE coop_id = $1`, coop)
	exec(other, `INSERT INTO accounts (coop_id, premises_id, nrb, opened_on) SELECT $1, id, '10109010140000000000000001', '2020-01-01' FROM premises WHERE coop_id = $1`, coop)

	if _, live := node.FollowLedger().Generation(); live {
		t.Fatal("live before it listens")
	}
	feed := storetest.FollowLedger(t, node)

	gen := func() uint64 { g, _ := feed.Generation(); return g }
	before := gen()
	insertEntry := func(db *store.DB) {
		exec(db, `INSERT INTO ledger_entries (coop_id, account_id, kind, booked_on, amount, description, created_at)
			SELECT $1, id, 'charge', '2026-11-01', 100, 'x', $2 FROM accounts WHERE coop_id = $1`, coop, time.Now().UTC())
	}
	insertEntry(other)
	eventually(t, "another node's entry moves the feed on", func() bool { return gen() > before })

	// This node's own commit moves it on before any notification.
	before = gen()
	insertEntry(node)
	if gen() == before {
		t.Fatal("this node's commit did not move the feed on at once")
	}

	// An allocation from another node.
	before = gen()
	exec(other, `INSERT INTO payment_targets (coop_id, account_id, payment_entry_id, target_entry_id, reason, created_at)
		SELECT $1, account_id, MIN(id), MAX(id), 'r', $2 FROM ledger_entries WHERE coop_id = $1 GROUP BY account_id`, coop, time.Now().UTC())
	eventually(t, "another node's allocation moves the feed on", func() bool { return gen() > before })

	// Kill the listening connection: the feed stops being live, then
	// listens again by itself.
	pid := feed.PID()
	exec(other, `SELECT pg_terminate_backend($1)`, int64(pid))
	eventually(t, "a new connection", func() bool { _, live := feed.Generation(); return live && feed.PID() != pid })
	before = gen()
	insertEntry(other)
	eventually(t, "notifications after the reconnect", func() bool { return gen() > before })
}
