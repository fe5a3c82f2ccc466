package mail

import (
	"bytes"
	"context"
	"strconv"
	"sync"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// keepSender keeps every message handed to it.
type keepSender struct {
	mu  sync.Mutex
	got []Outgoing
}

func (s *keepSender) Send(_ context.Context, o Outgoing) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, o)
	return nil
}

// A batch's messages reach the Sender with every attachment whole and in
// order, those read with the batch and those too large for it (read just
// before sending) alike.
func TestWorkerSendsSmallAndLargeAttachmentsWhole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coop := insertCoop(t, db)
		clock := newClock()
		small, large, empty := randomBytes(t, 1000), randomBytes(t, preloadMax+1), []byte{}
		ms := []Message{
			{To: "a@example.test", Subject: "1", Text: "x", Attachments: []Attachment{{Filename: "s.bin", Data: small}, {Filename: "l.bin", Data: large}, {Filename: "e.txt", Data: empty}}},
			{To: "b@example.test", Subject: "2", Text: "x"},
			{To: "c@example.test", Subject: "3", Text: "x", Attachments: []Attachment{{Filename: "l.bin", Data: large}, {Filename: "s.bin", Data: small}}},
		}
		for _, m := range ms {
			enqueue(t, db, coop, m, clock.Now())
		}
		s := &keepSender{}
		w := newWorker(t, db, s, clock, "node-a")
		w.Parallel = 2
		if sent, err := w.ProcessOnce(ctx); err != nil || sent != 3 {
			t.Fatalf("ProcessOnce = %d, %v; want 3", sent, err)
		}
		bySubject := map[string]Outgoing{}
		for _, o := range s.got {
			bySubject[o.Subject] = o
		}
		for _, m := range ms {
			o := bySubject[m.Subject]
			if o.To != m.To || len(o.Attachments) != len(m.Attachments) {
				t.Fatalf("message %s sent as %+v", m.Subject, o)
			}
			for i, a := range m.Attachments {
				if got := o.Attachments[i]; got.Filename != a.Filename || !bytes.Equal(got.Data, a.Data) {
					t.Errorf("message %s, attachment %d: %s of %d bytes, want %s of %d", m.Subject, i, got.Filename, len(got.Data), a.Filename, len(a.Data))
				}
			}
		}
	})
}

// TestWorkerRefreshesStatisticsOfAMassMailing: on PostgreSQL the mail
// worker refreshes the planner's statistics of the outbox once it has
// claimed 500 messages (store.Growth), so that a first mass mailing is not
// sent with plans made while the outbox was empty.
func TestWorkerRefreshesStatisticsOfAMassMailing(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, store.Postgres)
	coop := insertCoop(t, db)
	clock := newClock()
	o := &Outbox{Domain: testDomain, Now: clock.Now}
	ms := make([]Message, 520)
	for i := range ms {
		ms[i] = Message{To: "m" + strconv.Itoa(i) + "@example.test", Subject: "Ogłoszenie", Text: "x"}
	}
	if err := db.InTx(ctx, func(tx *store.Tx) error { _, err := o.QueueAll(ctx, tx, coop, ms); return err }); err != nil {
		t.Fatal(err)
	}
	before := storetest.Analyses(t, db, "outbox")
	sender := &keepSender{}
	w := &Worker{DB: db, Sender: sender, From: testFrom, Now: clock.Now, Batch: 100}
	for {
		n, err := w.ProcessOnce(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	if len(sender.got) != len(ms) {
		t.Fatalf("%d messages sent, want %d", len(sender.got), len(ms))
	}
	if storetest.Analyses(t, db, "outbox") == before {
		t.Errorf("outbox not analysed after %d messages were claimed", len(ms))
	}
}
