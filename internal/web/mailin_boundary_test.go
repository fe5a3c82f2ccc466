package web

import (
	"context"
	"testing"

	"github.com/ebok/ebok/internal/messages"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// TestMailInJoinsOnlyTheSendersOwnThreads: e-mail read from a
// cooperative's mailbox joins a thread only of its own cooperative and of
// the person whose address sent it, whatever its In-Reply-To and
// References name. A resident of a writing to b's mailbox is a stranger
// there; a resident naming a neighbour's reply or letter, or b's, opens a
// thread of their own; a returned-mail notice read in b's mailbox does
// nothing to a's letter it quotes.
func TestMailInJoinsOnlyTheSendersOwnThreads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		env := newEnv(t, db)
		a := addCoop(t, env, "a", "a.test", "Kowalski", "Nowak", 0)
		b := addCoop(t, env, "b", "b.test", "Wiśniewski", "Zieliński", 100)
		idsA, idsB := seedModules(t, env, a), seedModules(t, env, b)
		// Zdzisław of a writes from an address b does not know.
		exec(t, db, `UPDATE persons SET email = 'zdzislaw.a@example.pl' WHERE coop_id = $1 AND id = $2`, a.ID, a.Other)
		// and, since the letter went out, co-owns the husband's flat: the
		// letter's e-mail is still not his to answer.
		exec(t, db, `INSERT INTO title_holders (coop_id, title_id, person_id, share_num, share_den)
			SELECT coop_id, id, $2, 1, 3 FROM titles WHERE coop_id = $1 AND premises_id = $3`, a.ID, a.Other, a.Flat)
		// Staff's replies and the letters went out by e-mail with these
		// Message-IDs (to the husband of each cooperative).
		for _, c := range []struct {
			coop, thread, copy int64
			slug               string
		}{{a.ID, idsA["thread"], idsA["copy"], "a"}, {b.ID, idsB["thread"], idsB["copy"], "b"}} {
			exec(t, db, `INSERT INTO messages (coop_id, thread_id, kind, author, body, channel, mail_id, created_at)
				VALUES ($1, $2, 'reply', 'Administracja', 'Odpowiedź', 'ebok', $3, $4)`, c.coop, c.thread, "<reply-"+c.slug+"@ebok.test>", now)
			exec(t, db, `UPDATE letter_recipients SET message_id = $3, channel = 'email', status = 'sent' WHERE coop_id = $1 AND id = $2`,
				c.coop, c.copy, "<letter-"+c.slug+"@ebok.test>")
		}
		threadMessages := func(coop, thread int64) int {
			t.Helper()
			var n int
			if err := db.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM messages WHERE coop_id = $1 AND thread_id = $2`, coop, thread).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		husbandA, husbandB := threadMessages(a.ID, idsA["thread"]), threadMessages(b.ID, idsB["thread"])
		rowsB := coopRows(t, db, b.ID)
		take := func(coop int64, m messages.Mail) (messages.Outcome, int64) {
			t.Helper()
			m.Text, m.Raw, m.At = "Treść", []byte("raw"), now
			out, err := env.srv.Messages.Take(ctx, coop, m)
			if err != nil {
				t.Fatal(err)
			}
			var thread *int64
			if err := db.Read().QueryRowContext(ctx, `SELECT thread_id FROM mail_in WHERE coop_id = $1 AND message_id = $2`,
				coop, m.MessageID).Scan(&thread); err != nil {
				t.Fatal(err)
			}
			if thread == nil {
				return out, 0
			}
			return out, *thread
		}
		all := []string{"<reply-a@ebok.test>", "<letter-a@ebok.test>"}

		// a's resident at b's mailbox, answering a's reply and letter.
		if out, thread := take(b.ID, messages.Mail{MessageID: "<m1@x>", From: "zdzislaw.a@example.pl", Subject: "Re: Pismo",
			References: all}); out != messages.TookTriage || thread != 0 {
			t.Errorf("a's resident at b's mailbox: %s, thread %d; want triage", out, thread)
		}
		// A neighbour in a names the husband's reply and letter.
		out, thread := take(a.ID, messages.Mail{MessageID: "<m2@x>", From: "zdzislaw.a@example.pl", Subject: "Re: Pismo", References: all})
		if out != messages.TookThread || thread == idsA["thread"] {
			t.Errorf("neighbour naming the husband's thread: %s, thread %d (the husband's is %d)", out, thread, idsA["thread"])
		}
		var owner, letter int64
		var letterID *int64
		if err := db.Read().QueryRowContext(ctx, `SELECT person_id, letter_id FROM message_threads WHERE coop_id = $1 AND id = $2`,
			a.ID, thread).Scan(&owner, &letterID); err != nil {
			t.Fatal(err)
		}
		if letterID != nil {
			letter = *letterID
		}
		if owner != a.Other || letter != 0 {
			t.Errorf("neighbour's mail filed in a thread of person %d about letter %d; want person %d, no letter", owner, letter, a.Other)
		}
		// a's husband (whose address b's husband shares) at a's mailbox
		// names b's reply and letter.
		out, thread = take(a.ID, messages.Mail{MessageID: "<m3@x>", From: "lukasz@example.pl", Subject: "Re: Pismo",
			References: []string{"<reply-b@ebok.test>", "<letter-b@ebok.test>"}})
		if out != messages.TookThread || thread == idsB["thread"] || thread == idsA["thread"] {
			t.Errorf("a's husband naming b's thread: %s, thread %d", out, thread)
		}
		// Returned mail in b's mailbox quoting a's letter.
		if out, _ := take(b.ID, messages.Mail{MessageID: "<m4@x>", From: "mailer-daemon@poczta.example", Subject: "Undelivered",
			Bounce: &messages.Bounce{MessageIDs: []string{"<letter-a@ebok.test>"}, Reason: "550 no such user"}}); out != messages.TookTriage {
			t.Errorf("b's mailbox returning a's letter: %s, want triage", out)
		}
		copyStatus := func() string {
			t.Helper()
			var status string
			if err := db.Read().QueryRowContext(ctx, `SELECT status FROM letter_recipients WHERE id = $1`, idsA["copy"]).Scan(&status); err != nil {
				t.Fatal(err)
			}
			return status
		}
		if s := copyStatus(); s != "sent" {
			t.Errorf("a's letter after b's mailbox returned it: %s, want sent", s)
		}
		if n := threadMessages(a.ID, idsA["thread"]); n != husbandA {
			t.Errorf("a's husband's thread has %d messages, had %d", n, husbandA)
		}
		if n := threadMessages(b.ID, idsB["thread"]); n != husbandB {
			t.Errorf("b's husband's thread has %d messages, had %d", n, husbandB)
		}
		after := coopRows(t, db, b.ID)
		delete(after, "mail_in")
		delete(after, "mail_in_files")
		delete(rowsB, "mail_in")
		delete(rowsB, "mail_in_files")
		after["audit_log"], rowsB["audit_log"] = "", ""
		if changed := changedTables(rowsB, after); len(changed) > 0 {
			t.Errorf("mail changed b's %v", changed)
		}
		// The same notice in a's own mailbox does return a's letter.
		if out, _ := take(a.ID, messages.Mail{MessageID: "<m5@x>", From: "mailer-daemon@poczta.example", Subject: "Undelivered",
			Bounce: &messages.Bounce{MessageIDs: []string{"<letter-a@ebok.test>"}, Reason: "550 no such user"}}); out != messages.TookBounce {
			t.Errorf("a's mailbox returning a's letter: %s, want bounce", out)
		}
		if s := copyStatus(); s != "post" {
			t.Errorf("a's letter after a's mailbox returned it: %s, want post", s)
		}
	})
}
