package mail

import (
	"bytes"
	"context"
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
