package letters

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// With the mail server down longer than the retries last, every e-mail is
// given up on: staff see each one with the server's reason; a letter's
// went to the postal batch and is not sent again, any other is queued
// again at staff's word (audited) and delivered once the server is back.
func TestFailedMailIsListedAndSentAgain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 50)
		srv, mw, advance := downServer(t, f, 2) // a real SMTP server on 127.0.0.1, answering 451 while down
		letterID, _ := sendToBuilding(t, f)
		var plainID int64
		err := db.InTx(ctx, func(tx *store.Tx) error {
			var err error
			plainID, err = f.s.Outbox.Queue(ctx, tx, f.coopID, mail.Message{To: "jan@example.org", Subject: "Odpowiedź na wiadomość", Text: "Treść odpowiedzi."})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		letterMails := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1 AND channel = 'email'`, letterID)
		for range 3 {
			advance(2 * time.Minute)
			if _, err := mw.ProcessOnce(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.s.Follow(ctx); err != nil {
			t.Fatal(err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1 AND status = 'post' AND channel = 'post'
			AND message_id IS NOT NULL`, letterID); n != letterMails {
			t.Fatalf("%d of the letter's %d e-mails moved to the postal batch", n, letterMails)
		}

		list, total, err := f.s.FailedMail(ctx, f.actor(0), 1)
		if err != nil || total != letterMails+1 || len(list) != total {
			t.Fatalf("%d failed e-mails listed of %d, %v; want %d", len(list), total, err, letterMails+1)
		}
		var plain FailedMail
		for _, m := range list {
			if m.ID == plainID {
				plain = m
			} else if m.LetterID != letterID {
				t.Errorf("e-mail %d (%s) named letter %d, want %d", m.ID, m.To, m.LetterID, letterID)
			}
			if m.Attempts != 2 || m.Reason == "" {
				t.Errorf("e-mail %d: %d attempts, reason %q", m.ID, m.Attempts, m.Reason)
			}
		}
		if plain.ID == 0 || plain.LetterID != 0 || plain.To != "jan@example.org" || plain.Subject != "Odpowiedź na wiadomość" {
			t.Fatalf("the e-mail that is no letter's: %+v", plain)
		}

		for _, m := range list {
			if m.LetterID != 0 {
				if err := f.s.RetryMail(ctx, f.actor(0), m.ID); !errors.Is(err, ErrLetterOnPaper) {
					t.Errorf("a letter's e-mail sent again: %v", err)
				}
			}
		}
		estate := f.actor(0)
		estate.EstateID = 1
		if err := f.s.RetryMail(ctx, estate, plainID); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("estate staff retried the cooperative's e-mail: %v", err)
		}
		if l, n, err := f.s.FailedMail(ctx, estate, 1); err != nil || n != 0 || len(l) != 0 {
			t.Errorf("estate staff see %d of %d failed e-mails, %v", len(l), n, err)
		}
		other := storetest.InsertCoop(t, db, "inna")
		if err := f.s.RetryMail(ctx, audit.Actor{CoopID: other, UserID: f.staff[0], Name: "staff:test"}, plainID); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("another cooperative's staff retried the e-mail: %v", err)
		}
		if err := f.s.RetryMail(ctx, f.actor(0), plainID); err != nil {
			t.Fatal(err)
		}
		if err := f.s.RetryMail(ctx, f.actor(0), plainID); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("an e-mail queued again twice: %v", err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'mail.retried' AND subject = $1`, "outbox:"+itoa(plainID)); n != 1 {
			t.Errorf("%d audit entries for the retry, want 1", n)
		}
		if _, n, err := f.s.FailedMail(ctx, f.actor(0), 1); err != nil || n != letterMails {
			t.Errorf("%d failed e-mails left, %v; want the letter's %d", n, err, letterMails)
		}

		srv.setDown(false)
		advance(time.Minute)
		if _, err := mw.ProcessOnce(ctx); err != nil {
			t.Fatal(err)
		}
		got, n := srv.counts()
		if n != 1 || len(got) != 1 {
			t.Errorf("%d e-mails accepted (%d distinct) after the retry, want only the one queued again", n, len(got))
		}
		if f.count(t, `SELECT COUNT(*) FROM outbox WHERE id = $1 AND status = 'sent'`, plainID) != 1 {
			t.Error("the e-mail queued again is not sent")
		}
	})
}
