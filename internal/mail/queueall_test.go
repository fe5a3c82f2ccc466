package mail

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// QueueAll stores each message as Queue does: its own row and Message-ID,
// its attachments in order (the first one readable by FirstAttachment),
// and it wakes the worker once the transaction commits.
func TestQueueAllStoresEachMessage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coop := insertCoop(t, db)
		a, b := randomBytes(t, 3000), randomBytes(t, 100)
		ms := []Message{
			{To: "jan@example.test", Subject: "Pismo 1", Text: "Treść", Attachments: []Attachment{{Filename: "1.pdf", Data: a}, {Filename: "x.bin", Data: b}}},
			{To: " ewa@example.test ", Subject: "Pismo 2", Text: "Treść"},
			{To: "ola@example.test", Subject: "Pismo 3", Text: "Treść", Attachments: []Attachment{{Filename: "3.pdf", Data: b}}},
		}
		woken := 0
		o := &Outbox{Domain: testDomain, Now: time.Now, Wake: func() { woken++ }}
		var qs []Queued
		err := db.InTx(ctx, func(tx *store.Tx) error {
			var err error
			qs, err = o.QueueAll(ctx, tx, coop, ms)
			return err
		})
		if err != nil || len(qs) != 3 || woken != 1 {
			t.Fatalf("queued %+v, woken %d times, %v", qs, woken, err)
		}
		for i, q := range qs {
			r := readRow(t, db, q.ID)
			var to, subject string
			if err := db.Read().QueryRowContext(ctx, `SELECT to_addr, subject FROM outbox WHERE id = $1`, q.ID).Scan(&to, &subject); err != nil {
				t.Fatal(err)
			}
			if r.messageID != q.MessageID || r.status != "pending" || to != strings.TrimSpace(ms[i].To) || subject != ms[i].Subject {
				t.Errorf("message %d stored as %+v to %q %q, queued as %+v", i, r, to, subject, q)
			}
		}
		if f, err := FirstAttachment(ctx, db.Read(), qs[0].ID); err != nil || f.Filename != "1.pdf" || !bytes.Equal(f.Data, a) {
			t.Errorf("first attachment of message 1: %q, %v", f.Filename, err)
		}
		var names []string
		rows, err := db.Read().QueryContext(ctx, `SELECT filename FROM outbox_attachments WHERE outbox_id = $1 ORDER BY id`, qs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				t.Fatal(err)
			}
			names = append(names, n)
		}
		if len(names) != 2 || names[0] != "1.pdf" || names[1] != "x.bin" || countRows(t, db, "outbox_attachments") != 3 {
			t.Errorf("attachments of message 1: %v", names)
		}
	})
}
