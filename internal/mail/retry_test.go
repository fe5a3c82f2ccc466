package mail

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

func TestTemporaryFailureRetriesWithSameMessageID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		srv := startSMTP(t, "", "")
		clock := newClock()
		coop := insertCoop(t, db)
		w := newWorker(t, db, smtpSender(t, testConfig(srv)), clock, "node-a")
		w.Backoff = func(attempt int) time.Duration { return time.Duration(attempt) * 10 * time.Minute }
		id := enqueue(t, db, coop, Message{To: "jan@example.test", Subject: "Odczyt wodomierza", Text: "Prosimy o odczyt."}, clock.Now())
		stored := readRow(t, db, id).messageID

		srv.FailNext(2)
		steps := []struct {
			advance      time.Duration
			wantSent     int
			wantAttempts int
			wantStatus   string
			wantTries    int // DATA transactions the server has seen so far
			wantNext     time.Duration
		}{
			{0, 0, 1, "pending", 1, 10 * time.Minute},                                 // 451
			{10*time.Minute - time.Microsecond, 0, 1, "pending", 1, 10 * time.Minute}, // not due yet
			{time.Microsecond, 0, 2, "pending", 2, 10*time.Minute + 20*time.Minute},   // 451 again
			{19 * time.Minute, 0, 2, "pending", 2, 30 * time.Minute},                  // not due yet
			{time.Minute, 1, 3, "sent", 3, 30 * time.Minute},                          // accepted
		}
		start := clock.Now()
		for i, s := range steps {
			clock.Advance(s.advance)
			sent, err := w.ProcessOnce(ctx)
			if err != nil || sent != s.wantSent {
				t.Fatalf("step %d: ProcessOnce = %d, %v; want %d", i, sent, err, s.wantSent)
			}
			row := readRow(t, db, id)
			if row.attempts != s.wantAttempts || row.status != s.wantStatus || row.leaseOwner != nil {
				t.Errorf("step %d: row = %+v, want %d attempts, %s, no lease", i, row, s.wantAttempts, s.wantStatus)
			}
			if want := dbTime(start.Add(s.wantNext)); !row.nextAttemptAt.Equal(want) {
				t.Errorf("step %d: next_attempt_at = %v, want %v", i, row.nextAttemptAt, want)
			}
			if s.wantStatus == "pending" && !strings.Contains(row.lastError, "451") {
				t.Errorf("step %d: last_error = %q, want the 451 reply", i, row.lastError)
			}
			if s.wantStatus == "sent" && row.lastError != "" {
				t.Errorf("step %d: last_error = %q after success", i, row.lastError)
			}
			accepted, rejected := srv.Messages()
			if len(accepted)+len(rejected) != s.wantTries {
				t.Errorf("step %d: server saw %d tries, want %d", i, len(accepted)+len(rejected), s.wantTries)
			}
		}
		accepted, rejected := srv.Messages()
		for _, m := range append(rejected, accepted...) {
			if got := parseMail(t, m.Data).header.Get("Message-Id"); got != stored {
				t.Errorf("attempt carried Message-ID %q, want %q", got, stored)
			}
		}
	})
}

func TestMaxAttemptsMarksFailed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		srv := startSMTP(t, "", "")
		srv.FailNext(100)
		clock := newClock()
		coop := insertCoop(t, db)
		w := newWorker(t, db, smtpSender(t, testConfig(srv)), clock, "node-a")
		w.MaxAttempts = 3
		id := enqueue(t, db, coop, Message{To: "jan@example.test", Subject: "Temat", Text: "Treść"}, clock.Now())
		other := enqueue(t, db, coop, Message{To: "ewa@example.test", Subject: "Temat", Text: "Treść"}, clock.Now().Add(24*time.Hour))

		wantStatus := []string{"pending", "pending", "failed"}
		for i, want := range wantStatus {
			if _, err := w.ProcessOnce(ctx); err != nil {
				t.Fatal(err)
			}
			row := readRow(t, db, id)
			if row.status != want || row.attempts != i+1 {
				t.Errorf("after attempt %d: %s with %d attempts, want %s with %d", i+1, row.status, row.attempts, want, i+1)
			}
			// Default backoff: 1, 2, 4 minutes.
			clock.Advance(DefaultBackoff(i + 1))
		}
		clock.Advance(time.Hour)
		if _, err := w.ProcessOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if _, rejected := srv.Messages(); len(rejected) != 3 {
			t.Errorf("server saw %d tries, want 3 (none after failing)", len(rejected))
		}
		row := readRow(t, db, id)
		if row.status != "failed" || row.attempts != 3 || row.lastError == "" || row.sentAt != nil {
			t.Errorf("failed row = %+v", row)
		}
		if pending, failed, err := Depth(ctx, db.Read()); err != nil || pending != 1 || failed != 1 {
			t.Errorf("Depth = %d, %d, %v; want 1 pending (not yet due), 1 failed", pending, failed, err)
		}
		if r := readRow(t, db, other); r.status != "pending" || r.attempts != 0 {
			t.Errorf("message not yet due was touched: %+v", r)
		}
	})
}

func TestDefaultBackoff(t *testing.T) {
	for _, c := range []struct {
		attempt int
		want    time.Duration
	}{{1, time.Minute}, {2, 2 * time.Minute}, {3, 4 * time.Minute}, {6, 32 * time.Minute}, {7, time.Hour}, {50, time.Hour}} {
		if got := DefaultBackoff(c.attempt); got != c.want {
			t.Errorf("DefaultBackoff(%d) = %v, want %v", c.attempt, got, c.want)
		}
	}
}

// A permanent refusal (550) fails the message at once, with the reply as
// its last error: retrying would only be refused again.
func TestPermanentRefusalFailsAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		srv := startSMTP(t, "", "")
		clock := newClock()
		coop := insertCoop(t, db)
		w := newWorker(t, db, smtpSender(t, testConfig(srv)), clock, "node-a")
		id := enqueue(t, db, coop, Message{To: "nikt@example.test", Subject: "Pismo", Text: "Treść."}, clock.Now())
		srv.RefuseNext(1)
		if sent, err := w.ProcessOnce(ctx); err != nil || sent != 0 {
			t.Fatalf("ProcessOnce = %d, %v", sent, err)
		}
		row := readRow(t, db, id)
		if row.status != "failed" || row.attempts != 1 || !strings.Contains(row.lastError, "550") {
			t.Errorf("row = %+v, want failed after 1 attempt with the 550 reply", row)
		}
		clock.Advance(24 * time.Hour)
		if _, err := w.ProcessOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if accepted, rejected := srv.Messages(); len(accepted)+len(rejected) != 1 {
			t.Errorf("%d tries, want 1", len(accepted)+len(rejected))
		}
	})
}

// With the defaults, a message the server keeps refusing for the moment
// (451) is tried again for two days: still due again after the attempt 47
// hours after the first, given up at the first attempt 48 hours or more
// after it (48 hours 3 minutes: 1, 2, 4 … 32 minutes, then every hour).
func TestDefaultRetriesLastTwoDays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		srv := startSMTP(t, "", "")
		srv.FailNext(1000)
		clock := newClock()
		coop := insertCoop(t, db)
		w := newWorker(t, db, smtpSender(t, testConfig(srv)), clock, "node-a")
		w.MaxAttempts, w.Backoff = 0, nil // the defaults
		id := enqueue(t, db, coop, Message{To: "jan@example.test", Subject: "Temat", Text: "Treść"}, clock.Now())
		first := clock.Now()
		var last time.Duration
		for range 200 {
			if _, err := w.ProcessOnce(ctx); err != nil {
				t.Fatal(err)
			}
			row := readRow(t, db, id)
			last = clock.Now().Sub(first)
			if row.status == "failed" {
				break
			}
			if row.status != "pending" {
				t.Fatalf("after %s: %s", last, row.status)
			}
			clock.Advance(row.nextAttemptAt.Sub(clock.Now()))
		}
		row := readRow(t, db, id)
		if row.status != "failed" {
			t.Fatalf("still %s after %d attempts", row.status, row.attempts)
		}
		if last < 48*time.Hour || last >= 48*time.Hour+time.Hour {
			t.Errorf("given up %s after the first attempt, want 48 hours or just over", last)
		}
		if _, rejected := srv.Messages(); len(rejected) != row.attempts || row.attempts != 54 {
			t.Errorf("%d attempts recorded, %d seen by the server", row.attempts, len(rejected))
		}
	})
}
