package mail

import (
	"context"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

func TestLeases(t *testing.T) {
	cases := []struct {
		name      string
		leased    bool          // by a node that died
		leaseLeft time.Duration // until that lease runs out
		wantSent  int
	}{
		{"free", false, 0, 1},
		{"held by another node", true, time.Minute, 0},
		{"expired", true, -time.Second, 1},
		{"expiring now", true, 0, 1},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coop := insertCoop(t, db)
		for _, c := range cases {
			clock := newClock()
			s := &gateSender{}
			w := newWorker(t, db, s, clock, "node-a")
			id := enqueue(t, db, coop, Message{To: "jan@example.test", Subject: c.name, Text: "Treść"}, clock.Now())
			if c.leased {
				setLease(t, db, id, "node-dead", clock.Now().Add(c.leaseLeft))
			}
			sent, err := w.ProcessOnce(ctx)
			if err != nil || sent != c.wantSent || s.count() != c.wantSent {
				t.Errorf("%s: ProcessOnce = %d, %v (sender got %d); want %d", c.name, sent, err, s.count(), c.wantSent)
			}
			// Clear the way for the next case.
			err = db.InTx(ctx, func(tx *store.Tx) error {
				_, err := tx.ExecContext(ctx, "UPDATE outbox SET status = 'sent' WHERE id = $1", id)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	})
}

// stealingSender simulates a takeover: while it sends, another node claims
// the message.
type stealingSender struct{ db *store.DB }

func (s stealingSender) Send(ctx context.Context, o Outgoing) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE outbox SET lease_owner = 'node-b' WHERE message_id = $1", o.MessageID)
		return err
	})
}

func TestLostLeaseIsNotOverwritten(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		coop := insertCoop(t, db)
		clock := newClock()
		id := enqueue(t, db, coop, Message{To: "jan@example.test", Subject: "Temat", Text: "Treść"}, clock.Now())
		w := newWorker(t, db, stealingSender{db}, clock, "node-a")
		sent, err := w.ProcessOnce(context.Background())
		if err != nil || sent != 1 {
			t.Errorf("ProcessOnce = %d, %v; want 1, nil", sent, err)
		}
		r := readRow(t, db, id)
		if r.status != "pending" || r.leaseOwner == nil || *r.leaseOwner != "node-b" || r.attempts != 0 {
			t.Errorf("row = %+v, want it left to node-b", r)
		}
	})
}

func setLease(t *testing.T, db *store.DB, id int64, owner string, until time.Time) {
	t.Helper()
	ctx := context.Background()
	err := db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE outbox SET lease_owner = $1, lease_until = $2 WHERE id = $3", owner, dbTime(until), id)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
