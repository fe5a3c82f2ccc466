package mail

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"regexp"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

func TestEnqueueRejectsInvalidMessages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coop := insertCoop(t, db)
		good := Message{To: "jan@example.test", Subject: "Temat", Text: "Treść"}
		cases := []struct {
			name string
			edit func(*Message)
		}{
			{"no recipient", func(m *Message) { m.To = "" }},
			{"bad recipient", func(m *Message) { m.To = "jan(at)example.test" }},
			{"two recipients", func(m *Message) { m.To = "jan@example.test, ewa@example.test" }},
			{"empty subject", func(m *Message) { m.Subject = "  " }},
			{"subject of control characters only", func(m *Message) { m.Subject = "\r\n\t" }},
			{"empty text", func(m *Message) { m.Text = "\n" }},
			{"attachment without name", func(m *Message) { m.Attachments = []Attachment{{Data: []byte("x")}} }},
			{"attachment with bad type", func(m *Message) {
				m.Attachments = []Attachment{{Filename: "a.pdf", ContentType: "pdf; ;", Data: []byte("x")}}
			}},
		}
		for _, c := range cases {
			m := good
			c.edit(&m)
			err := db.InTx(ctx, func(tx *store.Tx) error {
				_, _, err := queueIn(ctx, tx, coop, m, time.Now(), testDomain)
				return err
			})
			if !errors.Is(err, ErrInvalidMessage) {
				t.Errorf("%s: err = %v, want ErrInvalidMessage", c.name, err)
			}
		}
		err := db.InTx(ctx, func(tx *store.Tx) error {
			_, _, err := queueIn(ctx, tx, coop, good, time.Now(), "")
			return err
		})
		if err == nil {
			t.Error("empty Message-ID domain accepted")
		}
		if n := countRows(t, db, "outbox"); n != 0 {
			t.Errorf("%d rows written by rejected messages", n)
		}
	})
}

// A line break, tab or other control character in a subject or an
// attachment's name (typed by staff or a resident) is folded to one space
// on the way in: the mail goes, and the value stays on its header line.
func TestEnqueueFoldsSubjectAndFileNameToOneLine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coop := insertCoop(t, db)
		m := Message{To: "jan@example.test", Subject: "Temat\r\nBcc: x@example.test\t\x7f koniec", Text: "Treść",
			Attachments: []Attachment{{Filename: "pismo\r\nX-Injected: 1.pdf", ContentType: "application/pdf", Data: []byte("%PDF-")}}}
		id := enqueue(t, db, coop, m, time.Now())
		var subject, filename string
		if err := db.Read().QueryRowContext(ctx, `SELECT o.subject, a.filename FROM outbox o
			JOIN outbox_attachments a ON a.outbox_id = o.id WHERE o.id = $1`, id).Scan(&subject, &filename); err != nil {
			t.Fatal(err)
		}
		if subject != "Temat Bcc: x@example.test koniec" || filename != "pismo X-Injected: 1.pdf" {
			t.Errorf("stored subject %q, file name %q", subject, filename)
		}
		if m.Subject != "Temat\r\nBcc: x@example.test\t\x7f koniec" || m.Attachments[0].Filename != "pismo\r\nX-Injected: 1.pdf" {
			t.Error("the caller's message was changed")
		}
	})
}

func TestEnqueueStoresMessage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coop := insertCoop(t, db)
		data := randomBytes(t, 2048)
		now := time.Date(2026, 11, 21, 10, 0, 0, 987654321, time.FixedZone("CET", 3600))
		m := Message{To: " jan@example.test ", Subject: "Temat", Text: "Treść",
			Attachments: []Attachment{{Filename: "dane.bin", Data: data}, {Filename: "pusty.txt", ContentType: "text/plain", Data: nil}}}
		id1 := enqueue(t, db, coop, m, now)
		id2 := enqueue(t, db, coop, m, now)
		r1, r2 := readRow(t, db, id1), readRow(t, db, id2)
		re := regexp.MustCompile(`^<[0-9a-f]{32}@ebok\.test>$`)
		if !re.MatchString(r1.messageID) || r1.messageID == r2.messageID {
			t.Errorf("Message-IDs %q, %q: want two distinct <hex@ebok.test>", r1.messageID, r2.messageID)
		}
		if want := now.UTC().Truncate(time.Microsecond); !r1.nextAttemptAt.Equal(want) || !r1.createdAt.Equal(want) {
			t.Errorf("due %v, created %v; want both %v", r1.nextAttemptAt, r1.createdAt, want)
		}
		rows, err := db.Read().QueryContext(ctx, `SELECT filename, content_type, data, sha256
			FROM outbox_attachments WHERE outbox_id = $1 ORDER BY id`, id1)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var got []Attachment
		for rows.Next() {
			var a Attachment
			var sum string
			if err := rows.Scan(&a.Filename, &a.ContentType, &a.Data, &sum); err != nil {
				t.Fatal(err)
			}
			if h := sha256.Sum256(a.Data); sum != hex.EncodeToString(h[:]) {
				t.Errorf("%s: stored sha256 %s does not match its data", a.Filename, sum)
			}
			got = append(got, a)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].ContentType != "application/octet-stream" || string(got[0].Data) != string(data) ||
			got[1].Filename != "pusty.txt" || len(got[1].Data) != 0 {
			t.Errorf("stored attachments = %+v", got)
		}
	})
}

// The outbox wakes the worker only after the transaction that queued mail
// commits: never before, and never for one that rolls back.
func TestOutboxWakesAfterCommitOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coop := insertCoop(t, db)
		wakes := 0
		outbox := &Outbox{Domain: testDomain, Now: time.Now, Wake: func() { wakes++ }}
		m := Message{To: "jan@example.test", Subject: "Temat", Text: "Treść"}
		err := db.InTx(ctx, func(tx *store.Tx) error {
			_, err := outbox.Queue(ctx, tx, coop, m)
			if wakes != 0 {
				t.Error("woke the worker before the commit")
			}
			return err
		})
		if err != nil || wakes != 1 {
			t.Fatalf("after commit: err %v, wakes %d, want 1", err, wakes)
		}
		boom := errors.New("boom")
		err = db.InTx(ctx, func(tx *store.Tx) error {
			if _, err := outbox.Queue(ctx, tx, coop, m); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) || wakes != 1 {
			t.Fatalf("after rollback: err %v, wakes %d, want 1", err, wakes)
		}
	})
}

func TestQueueWithIDReturnsTheStoredMessageID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coop := insertCoop(t, db)
		outbox := &Outbox{Domain: testDomain, Now: time.Now}
		var id int64
		var msgID string
		err := db.InTx(ctx, func(tx *store.Tx) error {
			var err error
			id, msgID, err = outbox.QueueWithID(ctx, tx, coop, Message{To: "jan@example.test", Subject: "Temat", Text: "Treść"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		var stored string
		if err := db.Read().QueryRowContext(ctx, `SELECT message_id FROM outbox WHERE id = $1`, id).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if msgID == "" || msgID != stored {
			t.Errorf("QueueWithID gave Message-ID %q, the outbox holds %q", msgID, stored)
		}
	})
}
