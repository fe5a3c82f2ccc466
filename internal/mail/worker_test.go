package mail

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

const (
	polishSubject = "Zawiadomienie o opłatach — zażółć gęślą jaźń ĄĘŁŻŹÓŚĆŃ"
	polishText    = "Szanowna Pani,\n\nw załączniku przesyłamy zawiadomienie. Łączna kwota: 512,34 zł.\nąęłżźóśćń\n"
	polishHTML    = "<p>Szanowna Pani,</p><p>w załączniku przesyłamy zawiadomienie. Łączna kwota: <b>512,34&nbsp;zł</b>.</p>"
)

func newWorker(t *testing.T, db *store.DB, s Sender, clock *fakeClock, node string) *Worker {
	t.Helper()
	w := &Worker{DB: db, Sender: s, From: testFrom, Node: node, Batch: 10,
		Logger: slog.New(slog.NewTextHandler(t.Output(), nil))}
	if clock != nil {
		w.Now = clock.Now
	}
	return w
}

func smtpSender(t *testing.T, cfg SMTPConfig) *SMTPSender {
	t.Helper()
	s, err := NewSMTPSender(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func normalizeNL(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

func TestEndToEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		srv := startSMTP(t, "", "")
		clock := newClock()
		coop := insertCoop(t, db)
		w := newWorker(t, db, smtpSender(t, testConfig(srv)), clock, "node-a")
		pdf := pdfLike(t)
		csv := []byte("lokal;kwota\r\n12/3;512,34\r\nŁódź;0,00\n")
		m := Message{
			To: "Anna Żółkiewska <anna@example.test>", Subject: polishSubject, Text: polishText, HTML: polishHTML,
			Attachments: []Attachment{
				{Filename: "zawiadomienie-opłaty.pdf", ContentType: "application/pdf", Data: pdf},
				{Filename: "rozliczenie.csv", ContentType: "text/csv", Data: csv},
			},
		}
		var id int64
		err := db.InTx(ctx, func(tx *store.Tx) error {
			var err error
			id, _, err = queueIn(ctx, tx, coop, m, clock.Now(), testDomain)
			tx.AfterCommit(w.Wake)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(w.wake) != 1 {
			t.Error("commit did not wake the worker")
		}
		row := readRow(t, db, id)
		if row.status != "pending" || row.attempts != 0 || !row.nextAttemptAt.Equal(dbTime(clock.Now())) {
			t.Errorf("enqueued row = %+v, want pending, 0 attempts, due %v", row, clock.Now())
		}
		if pending, failed, err := Depth(ctx, db.Read()); err != nil || pending != 1 || failed != 0 {
			t.Errorf("Depth = %d, %d, %v; want 1, 0", pending, failed, err)
		}

		sent, err := w.ProcessOnce(ctx)
		if err != nil || sent != 1 {
			t.Fatalf("ProcessOnce = %d, %v; want 1, nil", sent, err)
		}
		accepted, _ := srv.Messages()
		if len(accepted) != 1 {
			t.Fatalf("server got %d messages, want 1", len(accepted))
		}
		got := accepted[0]
		if got.From != "bok@sm-zorza.test" || len(got.To) != 1 || got.To[0] != "anna@example.test" {
			t.Errorf("envelope = %q -> %q", got.From, got.To)
		}
		checkReceived(t, got.Data, row, m)

		row = readRow(t, db, id)
		if row.status != "sent" || row.attempts != 1 || row.leaseOwner != nil || row.sentAt == nil || !row.sentAt.Equal(dbTime(clock.Now())) {
			t.Errorf("row after send = %+v", row)
		}
		if pending, failed, err := Depth(ctx, db.Read()); err != nil || pending != 0 || failed != 0 {
			t.Errorf("Depth after send = %d, %d, %v; want 0, 0", pending, failed, err)
		}
		if sent, err := w.ProcessOnce(ctx); err != nil || sent != 0 {
			t.Errorf("second ProcessOnce = %d, %v; want 0, nil", sent, err)
		}
		if accepted, _ := srv.Messages(); len(accepted) != 1 {
			t.Errorf("server got %d messages after a second round, want 1", len(accepted))
		}
	})
}

// checkReceived compares a received message with what was enqueued.
func checkReceived(t *testing.T, raw []byte, row outboxRow, m Message) {
	t.Helper()
	p := parseMail(t, raw)
	if ids := p.header["Message-Id"]; len(ids) != 1 || ids[0] != row.messageID {
		t.Errorf("Message-ID headers = %q, want exactly [%q]", ids, row.messageID)
	}
	if !strings.HasPrefix(row.messageID, "<") || !strings.HasSuffix(row.messageID, "@"+testDomain+">") {
		t.Errorf("stored Message-ID %q is not <...@%s>", row.messageID, testDomain)
	}
	if p.subject != m.Subject {
		t.Errorf("subject = %q, want %q", p.subject, m.Subject)
	}
	if date, err := p.header.Date(); err != nil || !date.Equal(row.createdAt.Truncate(time.Second)) {
		t.Errorf("Date = %v (%v), want %v", date, err, row.createdAt.Truncate(time.Second))
	}
	from, err := p.header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != "Spółdzielnia Mieszkaniowa „Zorza”" || from[0].Address != "bok@sm-zorza.test" {
		t.Errorf("From = %v (%v)", from, err)
	}
	to, err := p.header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != "Anna Żółkiewska" || to[0].Address != "anna@example.test" {
		t.Errorf("To = %v (%v)", to, err)
	}
	if normalizeNL(p.text) != m.Text {
		t.Errorf("text = %q, want %q", p.text, m.Text)
	}
	if normalizeNL(p.html) != m.HTML {
		t.Errorf("html = %q, want %q", p.html, m.HTML)
	}
	if len(p.attachments) != len(m.Attachments) {
		t.Fatalf("got %d attachments, want %d", len(p.attachments), len(m.Attachments))
	}
	for i, want := range m.Attachments {
		got := p.attachments[i]
		if got.Filename != want.Filename || got.ContentType != want.ContentType {
			t.Errorf("attachment %d = %q %q, want %q %q", i, got.Filename, got.ContentType, want.Filename, want.ContentType)
		}
		if !bytes.Equal(got.Data, want.Data) {
			t.Errorf("attachment %q: %d bytes differ from the %d sent", want.Filename, len(got.Data), len(want.Data))
		}
	}
}

func TestRollbackWritesAndSendsNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		srv := startSMTP(t, "", "")
		coop := insertCoop(t, db)
		w := newWorker(t, db, smtpSender(t, testConfig(srv)), nil, "node-a")
		boom := errors.New("boom")
		err := db.InTx(ctx, func(tx *store.Tx) error {
			m := Message{To: "jan@example.test", Subject: "Temat", Text: "Treść",
				Attachments: []Attachment{{Filename: "a.bin", Data: []byte{1, 2, 3}}}}
			if _, _, err := queueIn(ctx, tx, coop, m, time.Now(), testDomain); err != nil {
				return err
			}
			tx.AfterCommit(w.Wake)
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx = %v, want boom", err)
		}
		if n := countRows(t, db, "outbox"); n != 0 {
			t.Errorf("%d outbox rows after rollback", n)
		}
		if n := countRows(t, db, "outbox_attachments"); n != 0 {
			t.Errorf("%d attachment rows after rollback", n)
		}
		if len(w.wake) != 0 {
			t.Error("rollback woke the worker")
		}
		if sent, err := w.ProcessOnce(ctx); err != nil || sent != 0 {
			t.Errorf("ProcessOnce = %d, %v; want 0, nil", sent, err)
		}
		if accepted, rejected := srv.Messages(); len(accepted)+len(rejected) != 0 {
			t.Errorf("server got %d messages", len(accepted)+len(rejected))
		}
	})
}
