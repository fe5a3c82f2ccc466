package mail

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// The e-mails given up on come 50 a page, the most recently queued first;
// Requeue puts one back as new, and only a failed one of the cooperative.
func TestFailedPagesAndRequeue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coop := insertCoop(t, db)
		other := storetest.InsertCoop(t, db, "inna")
		base := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
		var ids []int64
		for i := range 52 {
			err := db.InTx(ctx, func(tx *store.Tx) error {
				id, _, err := queueIn(ctx, tx, coop, Message{To: fmt.Sprintf("p%d@example.test", i), Subject: fmt.Sprintf("Temat %02d", i), Text: "Treść"},
					base.Add(time.Duration(i)*time.Minute), testDomain)
				ids = append(ids, id)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		// All but the last failed, the last is still pending.
		if _, err := db.WriteConn().ExecContext(ctx, `UPDATE outbox SET status = 'failed', attempts = 10, last_error = '451 4.3.0 try later',
			lease_owner = 'node', lease_until = $2 WHERE id <> $1`, ids[51], base); err != nil {
			t.Fatal(err)
		}
		first, total, err := FailedPage(ctx, db.Read(), coop, 1)
		if err != nil || total != 51 || len(first) != 50 {
			t.Fatalf("page 1: %d of %d, %v; want 50 of 51", len(first), total, err)
		}
		if first[0].Subject != "Temat 50" || first[49].Subject != "Temat 01" || first[0].Reason != "451 4.3.0 try later" || first[0].Attempts != 10 {
			t.Errorf("page 1 from %+v to %+v", first[0], first[49])
		}
		second, total, err := FailedPage(ctx, db.Read(), coop, 2)
		if err != nil || total != 51 || len(second) != 1 || second[0].Subject != "Temat 00" {
			t.Fatalf("page 2: %+v of %d, %v", second, total, err)
		}
		if l, n, err := FailedPage(ctx, db.Read(), other, 1); err != nil || n != 0 || len(l) != 0 {
			t.Errorf("another cooperative sees %d of %d, %v", len(l), n, err)
		}

		woken := 0
		o := &Outbox{Domain: testDomain, Wake: func() { woken++ }}
		later := base.Add(48 * time.Hour)
		requeue := func(coopID, id int64) error {
			return db.InTx(ctx, func(tx *store.Tx) error { return o.Requeue(ctx, tx, coopID, id, later) })
		}
		if err := requeue(other, ids[0]); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another cooperative requeued the e-mail: %v", err)
		}
		if err := requeue(coop, ids[51]); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a pending e-mail requeued: %v", err)
		}
		if err := requeue(coop, ids[0]); err != nil {
			t.Fatal(err)
		}
		var status string
		var attempts int
		var next time.Time
		var owner *string
		if err := db.Read().QueryRowContext(ctx, `SELECT status, attempts, next_attempt_at, lease_owner FROM outbox WHERE id = $1`, ids[0]).
			Scan(&status, &attempts, &next, &owner); err != nil {
			t.Fatal(err)
		}
		if status != "pending" || attempts != 0 || !next.Equal(later) || owner != nil || woken != 1 {
			t.Errorf("requeued: %s, %d attempts, due %s, lease %v, worker woken %d times", status, attempts, next, owner, woken)
		}
		if _, n, _ := FailedPage(ctx, db.Read(), coop, 1); n != 50 {
			t.Errorf("%d failed after the requeue, want 50", n)
		}
	})
}
