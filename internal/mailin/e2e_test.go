package mailin

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/messages"
	"github.com/ebok/ebok/internal/register"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// unknownMail comes from an address that is nobody's on file.
const unknownMail = "From: obcy@example.com\r\nSubject: Wniosek\r\nMessage-ID: <u-1@example.com>\r\n\r\nW załączniku wniosek.\r\n"

// awayMail is Jan's mail program answering the staff reply by itself.
const awayMail = "From: Jan Kowalski <jan@example.pl>\r\nSubject: =?utf-8?q?Automatyczna_odpowied=C5=BA:_Re:_Cieknie_kran?=\r\n" +
	"Message-ID: <away-1@example.pl>\r\nIn-Reply-To: <reply-7@ebok.test>\r\nAuto-Submitted: auto-replied\r\n\r\nJestem na urlopie.\r\n"

// bounced records what Bounces heard.
type bounced struct {
	mu  sync.Mutex
	ids []string
}

// Bounced records the returned mail's Message-ID, and knows every one.
func (b *bounced) Bounced(_ context.Context, _ int64, messageID, _ string) (bool, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.ids = append(b.ids, messageID)
	return true, nil
}

// run executes one statement, returning the id when it has RETURNING.
func run(t *testing.T, db *store.DB, q string, args ...any) int64 {
	t.Helper()
	var id int64
	err := db.InTx(context.Background(), func(tx *store.Tx) error {
		return tx.QueryRowContext(context.Background(), q+" RETURNING id", args...).Scan(&id)
	})
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return id
}

// mailFixture is a cooperative with Jan Kowalski, his flat and a fault
// thread staff answered with the mail <reply-7@ebok.test>.
type mailFixture struct {
	coop, jan, thread int64
	svc               *messages.Service
	bounces           *bounced
}

func newMailFixture(t *testing.T, db *store.DB) mailFixture {
	t.Helper()
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	coop := storetest.InsertCoop(t, db, "sm")
	estate := run(t, db, `INSERT INTO estates (coop_id, code, name, office_street, office_postal_code, office_city, office_phone, office_email)
		VALUES ($1, 'A', 'A', '', '', '', '', '')`, coop)
	building := run(t, db, `INSERT INTO buildings (coop_id, estate_id, street, number, postal_code, city) VALUES ($1, $2, 'ul. Lipowa', '1', '00-001', 'Warszawa')`, coop, estate)
	flat := run(t, db, `INSERT INTO premises (coop_id, building_id, kind, number, usable_area) VALUES ($1, $2, 'flat', '3', 5000)`, coop, building)
	jan := run(t, db, `INSERT INTO persons (coop_id, first_name, last_name, street, postal_code, city, email, created_at)
		VALUES ($1, 'Jan', 'Kowalski', '', '', '', 'jan@example.pl', $2)`, coop, now)
	thread := run(t, db, `INSERT INTO message_threads (coop_id, person_id, premises_id, estate_id, topic, department, subject, status, created_at, updated_at)
		VALUES ($1, $2, $3, $4, 'fault', 'technical', 'Cieknie kran', 'waiting', $5, $5)`, coop, jan, flat, estate, now)
	run(t, db, `INSERT INTO messages (coop_id, thread_id, kind, channel, author, body, created_at, mail_id)
		VALUES ($1, $2, 'reply', 'ebok', 'Administracja', 'Hydraulik we wtorek.', $3, '<reply-7@ebok.test>')`, coop, thread, now)
	b := &bounced{}
	svc := &messages.Service{DB: db, Now: clock, Loc: time.UTC, Bounces: b,
		Register: &register.Service{DB: db, Now: clock, Loc: time.UTC}}
	return mailFixture{coop: coop, jan: jan, thread: thread, svc: svc, bounces: b}
}

func TestMailboxToThreadsOnBothEngines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newMailFixture(t, db)
		coop, jan, thread, svc, b := f.coop, f.jan, f.thread, f.svc, f.bounces
		cfg := startIMAP(t, replyMail, bounceMail, unknownMail, awayMail)
		logger := slog.New(slog.NewTextHandler(io.Discard, nil))
		nodeA := &Poller{Config: cfg, Taker: svc, CoopID: coop, Logger: logger}
		nodeB := &Poller{Config: cfg, Taker: svc, CoopID: coop, Logger: logger}
		if n, err := nodeA.Once(ctx); err != nil || n != 4 {
			t.Fatalf("node A took %d: %v", n, err)
		}
		if n, err := nodeB.Once(ctx); err != nil || n != 0 {
			t.Errorf("node B took %d after A: %v", n, err)
		}
		v, err := svc.MyThread(ctx, coop, jan, thread)
		if err != nil {
			t.Fatal(err)
		}
		last := v.Messages[len(v.Messages)-1]
		if len(v.Messages) != 2 || last.Body != "Dziękuję, kran działa." || last.Register != "1/2026" ||
			len(last.Attachments) != 1 || v.Status != messages.StatusNew {
			t.Errorf("thread after the mail: %+v", v)
		}
		// The automatic reply from Jan's own address joins no thread: it
		// waits on the triage list beside the stranger's mail.
		tri, _ := svc.Triage(ctx, coop)
		from := map[string]bool{}
		for _, m := range tri {
			from[m.From] = true
		}
		if len(tri) != 2 || !from["obcy@example.com"] || !from["jan@example.pl"] {
			t.Errorf("triage %+v", tri)
		}
		if len(b.ids) != 1 || b.ids[0] != "<letter-3@ebok.test>" {
			t.Errorf("bounces %q", b.ids)
		}
	})
}
