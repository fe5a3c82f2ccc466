package mail

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// gateSender records messages; when gate is set, each Send first reports
// on started and then waits for gate to close.
type gateSender struct {
	started chan string
	gate    chan struct{}

	mu   sync.Mutex
	sent []string
}

func (s *gateSender) Send(ctx context.Context, o Outgoing) error {
	if s.gate != nil {
		s.started <- o.MessageID
		<-s.gate
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, o.MessageID)
	return nil
}

func (s *gateSender) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sent)
}

func TestRunWakesOnCommit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		coop := insertCoop(t, db)
		s := &gateSender{}
		w := newWorker(t, db, s, nil, "node-a")
		w.PollInterval = time.Hour // only Wake can start a second round
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { w.Run(ctx); close(done) }()
		time.Sleep(100 * time.Millisecond) // let the first, empty round pass

		// Outbox.Queue wakes the worker once the transaction commits.
		outbox := &Outbox{Domain: testDomain, Now: time.Now, Wake: w.Wake}
		err := db.InTx(ctx, func(tx *store.Tx) error {
			_, err := outbox.Queue(ctx, tx, coop, Message{To: "jan@example.test", Subject: "Temat", Text: "Treść"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(5 * time.Second)
		for s.count() == 0 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if s.count() != 1 {
			t.Errorf("sent %d messages after Wake, want 1", s.count())
		}
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("Run did not return after cancel")
		}
	})
}

func TestRunFinishesMessageInHandOnCancel(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		coop := insertCoop(t, db)
		ids := make([]int64, 3)
		for i := range ids {
			ids[i] = enqueue(t, db, coop, Message{To: "jan@example.test", Subject: "Temat", Text: "Treść"}, time.Now())
		}
		s := &gateSender{started: make(chan string, 1), gate: make(chan struct{})}
		w := newWorker(t, db, s, nil, "node-a")
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { w.Run(ctx); close(done) }()

		var inHand string
		select {
		case inHand = <-s.started:
		case <-time.After(5 * time.Second):
			t.Fatal("nothing was sent")
		}
		cancel()
		select {
		case <-done:
			t.Fatal("Run returned with a message in hand")
		case <-time.After(50 * time.Millisecond):
		}
		close(s.gate)
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("Run did not return after the message in hand")
		}

		for _, id := range ids {
			r := readRow(t, db, id)
			switch {
			case r.messageID == inHand:
				if r.status != "sent" || r.leaseOwner != nil {
					t.Errorf("message in hand: %+v, want sent", r)
				}
			case r.status != "pending" || r.attempts != 0 || r.leaseOwner != nil:
				t.Errorf("message not started: %+v, want pending with its lease released", r)
			}
		}
		if s.count() != 1 {
			t.Errorf("sent %d, want only the one in hand", s.count())
		}
	})
}
