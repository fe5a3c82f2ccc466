package letters

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// fakeSender accepts every message but those to refuse, which it refuses
// for good.
type fakeSender struct {
	mu     sync.Mutex
	refuse string
	got    []mail.Outgoing
}

// Send records o or refuses it.
func (f *fakeSender) Send(_ context.Context, o mail.Outgoing) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if o.To == f.refuse {
		return fmt.Errorf("%w: 550 5.1.1 no such user", mail.ErrPermanent)
	}
	f.got = append(f.got, o)
	return nil
}

// sendToBuilding composes and sends a letter to the first building, with
// two consenting recipients, and runs the letters worker until it is done.
func sendToBuilding(t *testing.T, f *fixture) (letterID int64, emails []string) {
	t.Helper()
	ctx := context.Background()
	rule := f.firstBuilding(t)
	rcs, err := f.s.Resolve(ctx, f.actor(0), rule)
	if err != nil || len(rcs) < 4 {
		t.Fatalf("%d recipients, %v", len(rcs), err)
	}
	for i, rc := range rcs[:2] {
		emails = append(emails, fmt.Sprintf("lokator%d@example.org", i))
		f.consent(t, rc.PersonID, emails[i])
	}
	c, err := f.s.Compose(ctx, f.actor(0), letter(rule), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Send(ctx, f.actor(0), c.ID); err != nil {
		t.Fatal(err)
	}
	w := &Worker{S: f.s, Node: "test", Batch: 3}
	for range 100 {
		n, err := w.ProcessOnce(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	return c.ID, emails
}

// The worker queues every recipient once: e-mail with the PDF to those
// who consented, the postal batch for the rest, each entered in the
// register with its number on the letter; the letter is then sent.
func TestWorkerQueuesEachRecipientOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 50)
		id, _ := sendToBuilding(t, f)
		total := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1`, id)
		queued := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1 AND status = 'queued'
			AND outbox_id IS NOT NULL AND message_id LIKE '<%@ebok.test>'`, id)
		post := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1 AND status = 'post' AND batch_id IS NOT NULL`, id)
		if queued == 0 || post == 0 || queued+post != total {
			t.Fatalf("%d queued by e-mail, %d on paper, of %d", queued, post, total)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM outbox`); n != queued {
			t.Errorf("%d messages in the outbox for %d e-mails", n, queued)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM register_entries e JOIN letter_recipients r ON r.register_id = e.id
			AND e.source = 'letter_recipient' AND e.source_id = r.id WHERE r.letter_id = $1`, id); n != total {
			t.Errorf("%d register entries for %d recipients", n, total)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM outbox_attachments`); n != queued {
			t.Errorf("%d attachments for %d e-mails", n, queued)
		}
		l, err := f.s.Get(ctx, f.actor(0), id)
		if err != nil || l.Status != Sent {
			t.Errorf("letter %+v, %v", l, err)
		}
		// Each channel's letter as stored: by e-mail its PDF is the
		// e-mail's attachment, on paper its own.
		for _, ch := range []string{"email", "post"} {
			var rid, personID int64
			var no string
			if err := db.Read().QueryRowContext(ctx, `SELECT id, person_id, register_no FROM letter_recipients
				WHERE letter_id = $1 AND channel = $2 ORDER BY id LIMIT 1`, id, ch).Scan(&rid, &personID, &no); err != nil {
				t.Fatal(err)
			}
			file, err := f.s.Download(ctx, f.coopID, personID, rid)
			if err != nil || !strings.HasPrefix(string(file.Data), "%PDF-") || !strings.HasSuffix(no, "/2026") {
				t.Errorf("stored letter by %s: %q…, register no %q, %v", ch, file.Data[:min(8, len(file.Data))], no, err)
			}
		}
		if n := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1 AND channel = 'email' AND pdf IS NOT NULL`, id); n != 0 {
			t.Errorf("%d letters by e-mail store their PDF twice", n)
		}
	})
}

// An e-mail refused for good, or bounced later, moves its recipient to
// the postal batch with the reason; accepted e-mails become sent; an
// unknown Message-ID is ignored.
func TestFailedAndBouncedEmailsMoveToPost(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 50)
		id, emails := sendToBuilding(t, f)
		sender := &fakeSender{refuse: emails[0]}
		mw := &mail.Worker{DB: db, Sender: sender, From: "bok@example.org", Now: f.s.Now}
		if _, err := mw.ProcessOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Follow(ctx); err != nil {
			t.Fatal(err)
		}
		var reason, channel string
		if err := db.Read().QueryRowContext(ctx, `SELECT reason, channel FROM letter_recipients WHERE letter_id = $1 AND email = $2 AND status = 'post'`,
			id, emails[0]).Scan(&reason, &channel); err != nil {
			t.Fatalf("refused recipient not on paper: %v", err)
		}
		if !strings.Contains(reason, "550") || channel != "post" {
			t.Errorf("reason %q, channel %s", reason, channel)
		}
		var msgID string
		var sentAt, outboxSentAt time.Time
		var on civil.Date
		if err := db.Read().QueryRowContext(ctx, `SELECT r.message_id, r.sent_at, r.delivered_on, o.sent_at FROM letter_recipients r
			JOIN outbox o ON o.id = r.outbox_id WHERE r.letter_id = $1 AND r.email = $2 AND r.status = 'sent'`,
			id, emails[1]).Scan(&msgID, &sentAt, &on, &outboxSentAt); err != nil {
			t.Fatalf("accepted e-mail not sent: %v", err)
		}
		if !sentAt.Equal(outboxSentAt) || on != civil.DateOf(sentAt.In(f.s.Loc)) {
			t.Errorf("sent at %v, delivered on %v; the server took it at %v", sentAt, on, outboxSentAt)
		}
		if known, err := f.s.Bounced(ctx, f.coopID, "<unknown@example.org>", "550 nope"); err != nil || known {
			t.Fatalf("a Message-ID of no letter: known %v, %v", known, err)
		}
		if known, err := f.s.Bounced(ctx, f.coopID, strings.Trim(msgID, "<>"), "550 5.2.2 mailbox full"); err != nil || !known {
			t.Fatalf("the letter's Message-ID: known %v, %v", known, err)
		}
		// A second notice of the same mail is the letter's too, and
		// changes nothing.
		if known, err := f.s.Bounced(ctx, f.coopID, msgID, "550 again"); err != nil || !known {
			t.Fatalf("a second notice: known %v, %v", known, err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1 AND channel = 'email'`, id); n != 0 {
			t.Errorf("%d still by e-mail after the bounce", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE reason = '550 5.2.2 mailbox full' AND batch_id IS NOT NULL`); n != 1 {
			t.Errorf("bounce not moved to post")
		}
	})
}

// Two workers sending the same letter at once queue each recipient once:
// one e-mail and one register entry per recipient.
func TestConcurrentWorkersQueueOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 60)
		for _, id := range f.ids(t, `SELECT id FROM persons WHERE coop_id = $1 AND id % 2 = 0`, f.coopID) {
			f.consent(t, id, fmt.Sprintf("p%d@example.org", id))
		}
		estate := f.ids(t, `SELECT id FROM estates WHERE coop_id = $1 ORDER BY id`, f.coopID)[0]
		c, err := f.s.Compose(ctx, f.actor(0), letter(Rule{Kind: RuleEstate, Value: itoa(estate)}), nil)
		if err != nil {
			t.Fatal(err)
		}
		if st, err := f.s.Send(ctx, f.actor(0), c.ID); err != nil || st != Sending {
			t.Fatalf("send: %s %v", st, err)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 2)
		for _, node := range []string{"a", "b"} {
			w := &Worker{S: f.s, Node: node, Batch: 3}
			wg.Go(func() {
				for {
					n, err := w.ProcessOnce(ctx)
					if err != nil {
						errs <- err
						return
					}
					var left int
					if err := db.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM letter_recipients WHERE status = 'pending'`).Scan(&left); err != nil {
						errs <- err
						return
					}
					if n == 0 && left == 0 {
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		emails := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1 AND channel = 'email'`, c.ID)
		if n := f.count(t, `SELECT COUNT(*) FROM outbox`); n != emails || emails == 0 {
			t.Errorf("%d e-mails queued for %d recipients by e-mail", n, emails)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM register_entries`); n != c.Recipients {
			t.Errorf("%d register entries for %d recipients", n, c.Recipients)
		}
	})
}

// TestWorkerRefreshesStatisticsOfAMassLetter: on PostgreSQL the letters
// worker refreshes the planner's statistics of the tables a letter to
// hundreds grows (store.Growth: first at 500 recipients queued).
func TestWorkerRefreshesStatisticsOfAMassLetter(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, store.Postgres)
	f := build(t, db, 450)
	c, err := f.s.Compose(ctx, f.actor(0), letter(Rule{Kind: RuleAll}), nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Recipients < 500 {
		t.Fatalf("%d recipients: the fixture needs at least 500", c.Recipients)
	}
	if _, err := f.s.Send(ctx, f.actor(0), c.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.s.Approve(ctx, f.actor(1), c.ID); err != nil {
		t.Fatal(err)
	}
	before := map[string]int{}
	tables := []string{"letter_recipients", "outbox", "outbox_attachments"}
	for _, table := range tables {
		before[table] = storetest.Analyses(t, db, table)
	}
	w := &Worker{S: f.s, Node: "test"}
	for {
		n, err := w.ProcessOnce(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	for _, table := range tables {
		if storetest.Analyses(t, db, table) == before[table] {
			t.Errorf("%s: not analysed after %d recipients were queued", table, c.Recipients)
		}
	}
}

// Run queues a letter in several batches at once, each batch's last
// transaction overlapping the next batch, and marks the letter sent as
// soon as the last batch is queued, not at the next poll (an hour here).
// It runs three batches at once on SQLite and two on PostgreSQL.
func TestRunQueuesEveryBatchAndFinishesTheLetter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		f := newFixture(t, db, 50)
		s := *f.s
		w := &Worker{S: &s, Node: "run", Batch: 3, Poll: time.Hour}
		s.Wake = w.Wake
		c, err := s.Compose(ctx, f.actor(0), letter(f.firstBuilding(t)), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Send(ctx, f.actor(0), c.ID); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { w.Run(ctx); close(done) }()
		defer func() { cancel(); <-done }()
		want := map[store.Dialect]int{store.SQLite: 3, store.Postgres: 2}[db.Dialect()]
		deadline := time.Now().Add(time.Minute)
		for {
			l, err := s.Get(ctx, f.actor(0), c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if l.Status == Sent {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("letter still %q a minute after sending", l.Status)
			}
			time.Sleep(20 * time.Millisecond)
		}
		total := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1`, c.ID)
		if total <= 3*w.Parallel {
			t.Fatalf("%d recipients: too few for more than one round of %d batches of 3", total, w.Parallel)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1 AND status IN ('queued', 'post')`, c.ID); n != total {
			t.Errorf("%d of %d recipients queued or on paper", n, total)
		}
		if w.Parallel != want {
			t.Errorf("%d batches at once on %s, want %d", w.Parallel, db.Dialect(), want)
		}
	})
}
