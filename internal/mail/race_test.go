package mail

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// TestConcurrentWorkersSendEachMessageOnce races two workers (two nodes,
// the second sending three at a time) over one outbox: every message must
// reach the server exactly once.
func TestConcurrentWorkersSendEachMessageOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		srv := startSMTP(t, "", "")
		coop := insertCoop(t, db)
		const n = 100
		want := map[string]bool{}
		err := db.InTx(ctx, func(tx *store.Tx) error {
			for i := range n {
				m := Message{To: fmt.Sprintf("lokator%d@example.test", i), Subject: fmt.Sprintf("Wiadomość %d", i), Text: "Treść"}
				id, _, err := queueIn(ctx, tx, coop, m, time.Now(), testDomain)
				if err != nil {
					return err
				}
				var msgID string
				if err := tx.QueryRowContext(ctx, "SELECT message_id FROM outbox WHERE id = $1", id).Scan(&msgID); err != nil {
					return err
				}
				want[msgID] = true
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}

		sender := smtpSender(t, testConfig(srv))
		sentBy := make([]int, 2)
		var wg sync.WaitGroup
		for i := range sentBy {
			w := newWorker(t, db, sender, nil, fmt.Sprintf("node-%d", i))
			w.Batch = 7
			w.Parallel = 1 + 2*i
			wg.Go(func() {
				deadline := time.Now().Add(15 * time.Second)
				for time.Now().Before(deadline) {
					sent, err := w.ProcessOnce(ctx)
					if err != nil {
						t.Errorf("%s: %v", w.Node, err)
						return
					}
					sentBy[i] += sent
					if pending, _, err := Depth(ctx, db.Read()); err != nil || pending == 0 {
						if err != nil {
							t.Errorf("depth: %v", err)
						}
						return
					}
				}
				t.Errorf("%s: outbox not empty after 15 s", w.Node)
			})
		}
		wg.Wait()
		t.Logf("sent by node-0: %d, node-1: %d", sentBy[0], sentBy[1])
		if sentBy[0]+sentBy[1] != n {
			t.Errorf("workers report %d sent, want %d", sentBy[0]+sentBy[1], n)
		}

		accepted, rejected := srv.Messages()
		if len(rejected) != 0 {
			t.Errorf("%d rejected", len(rejected))
		}
		seen := map[string]int{}
		for _, m := range accepted {
			seen[parseMail(t, m.Data).header.Get("Message-Id")]++
		}
		for id := range want {
			if seen[id] != 1 {
				t.Errorf("message %s received %d times, want once", id, seen[id])
			}
		}
		if len(seen) != n || len(accepted) != n {
			t.Errorf("server got %d messages with %d distinct Message-IDs, want %d", len(accepted), len(seen), n)
		}
		var notSent int
		if err := db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM outbox WHERE status <> 'sent' OR attempts <> 1 OR lease_owner IS NOT NULL").Scan(&notSent); err != nil {
			t.Fatal(err)
		}
		if notSent != 0 {
			t.Errorf("%d rows not cleanly sent", notSent)
		}
	})
}
