package messages

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/register"
	"github.com/ebok/ebok/internal/uploads"
)

// bounces records the notifications passed on; it knows the Message-IDs
// of the letters ebok "sent".
type bounces struct {
	mu  sync.Mutex
	got []string
}

// Bounced records one notification.
func (b *bounces) Bounced(_ context.Context, _ int64, messageID, reason string) (bool, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.got = append(b.got, messageID+" "+reason)
	return strings.HasPrefix(messageID, "<letter-"), nil
}

func TestTakeRoutesMail(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		b := &bounces{}
		f.svc.Bounces = b
		got := f.open(t, TopicSettlements, "")
		exec(t, f.db, `UPDATE messages SET mail_id = '<reply-7@ebok.test>' WHERE coop_id = $1 AND id = $2`, f.coop, got.MessageID)
		take := func(m Mail, want Outcome) {
			t.Helper()
			if m.Raw == nil {
				m.Raw = []byte("raw")
			}
			out, err := f.svc.Take(ctx, f.coop, m)
			if err != nil || out != want {
				t.Fatalf("%s: %q, %v; want %q", m.MessageID, out, err, want)
			}
		}
		reply := Mail{MessageID: "<a@x>", From: "jan@example.pl", Subject: "Re: Sprawa", Text: "Dziękuję",
			References: []string{"<other@x>", "<reply-7@ebok.test>"}}
		take(reply, TookThread)
		take(reply, TakenAlready) // a second node, or the next poll
		v, _ := f.svc.MyThread(ctx, f.coop, f.jan, got.ThreadID)
		if len(v.Messages) != 2 || v.Messages[1].Channel != "email" || v.Messages[1].Register != "2/2026" {
			t.Fatalf("thread after the mail: %+v", v.Messages)
		}
		e, _ := f.svc.Register.Of(ctx, f.coop, "message", v.Messages[1].ID)
		if e.Channel != register.Email || e.PersonID != f.jan {
			t.Errorf("register entry %+v", e)
		}
		// Ewa's address answering Jan's thread opens her own thread, never his.
		take(Mail{MessageID: "<b@x>", From: "ewa@example.pl", Subject: "Pytanie", Text: "Czy…", References: []string{"<reply-7@ebok.test>"}}, TookThread)
		if ts, _ := f.svc.Mine(ctx, f.coop, f.ewa); len(ts) != 1 || ts[0].Department != DeptEstate || ts[0].EstateID != f.estateB {
			t.Errorf("ewa's threads %+v", ts)
		}
		take(Mail{MessageID: "<c@x>", From: "obcy@example.com", Subject: "Wniosek", Text: "W załączniku"}, TookTriage)
		// The returned mail names two Message-IDs (a forwarding server's
		// and ebok's): each is tried until one is a letter's.
		take(Mail{MessageID: "<d@x>", From: "mailer-daemon@example.pl",
			Bounce: &Bounce{MessageIDs: []string{"<relay-1@example.pl>", "<letter-3@ebok.test>", "<after@x>"}, Reason: "550 no such user"}}, TookBounce)
		if len(b.got) != 2 || b.got[1] != "<letter-3@ebok.test> 550 no such user" {
			t.Errorf("bounces %q", b.got)
		}
		// A failure of mail ebok did not send, and a bounce naming no
		// mail at all, go to staff's triage list; a delay warning is
		// taken and passed to nobody.
		take(Mail{MessageID: "<e@x>", From: "mailer-daemon@example.pl", Bounce: &Bounce{MessageIDs: []string{"<someone-else@x>"}, Reason: "550"}}, TookTriage)
		take(Mail{MessageID: "<f@x>", From: "postmaster@example.pl", Bounce: &Bounce{Reason: "550"}}, TookTriage)
		take(Mail{MessageID: "<g@x>", From: "mailer-daemon@example.pl", Bounce: &Bounce{MessageIDs: []string{"<letter-4@ebok.test>"}, Delayed: true}}, TookBounce)
		if len(b.got) != 3 {
			t.Errorf("bounces after the unknown and the delayed ones %q, want only <someone-else@x> added", b.got)
		}
		// An out-of-office reply from Jan's own address answering his
		// thread joins no thread.
		take(Mail{MessageID: "<h@x>", From: "jan@example.pl", Subject: "Automatyczna odpowiedź: Re: Sprawa", Text: "Jestem na urlopie",
			References: []string{"<reply-7@ebok.test>"}, Automatic: true}, TookTriage)
		if v, _ = f.svc.MyThread(ctx, f.coop, f.jan, got.ThreadID); len(v.Messages) != 2 {
			t.Errorf("%d messages in Jan's thread after an automatic reply, want 2", len(v.Messages))
		}
		// An attachment the policy refused is named at the end of the
		// message, with the reason, in Jan's thread.
		take(Mail{MessageID: "<i@x>", From: "jan@example.pl", Subject: "Re: Sprawa", Text: "Umowa w załączniku",
			References: []string{"<reply-7@ebok.test>"}, Skipped: []Skipped{{Name: "umowa.docx", Why: uploads.ErrType}}}, TookThread)
		v, _ = f.svc.MyThread(ctx, f.coop, f.jan, got.ThreadID)
		if body := v.Messages[len(v.Messages)-1].Body; !strings.HasPrefix(body, "Umowa w załączniku\n\n") ||
			!strings.Contains(body, "„umowa.docx” nie został przyjęty: dozwolone są pliki PDF, JPEG i PNG") {
			t.Errorf("message with a refused attachment: %q", body)
		}
		// Mail from Jan's address that the cooperative's mail server found
		// forged joins no thread: staff read it in triage, told why.
		take(Mail{MessageID: "<j@x>", From: "jan@example.pl", Subject: "Re: Sprawa", Text: "Proszę zwrócić nadpłatę na konto 11…",
			References: []string{"<reply-7@ebok.test>"}, SenderFailed: true, SenderWhy: "dmarc=fail"}, TookTriage)
		if v, _ = f.svc.MyThread(ctx, f.coop, f.jan, got.ThreadID); len(v.Messages) != 3 {
			t.Errorf("%d messages in Jan's thread after a forged mail, want 3", len(v.Messages))
		}
		triaged, err := f.svc.Triage(ctx, f.coop)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, m := range triaged {
			if m.MessageID == "<j@x>" {
				found = strings.HasPrefix(m.Text, "[Nadawca niepotwierdzony: serwer pocztowy spółdzielni stwierdził dmarc=fail") &&
					strings.HasSuffix(m.Text, "Proszę zwrócić nadpłatę na konto 11…")
			}
		}
		if !found {
			t.Errorf("the forged mail is not in triage with its note: %+v", triaged)
		}
		_, sc := f.staffActor(f.admin, auth.RoleAdmin, 0)
		if ts, _ := f.svc.Inbox(ctx, f.coop, sc, Filter{}); len(ts) != 2 {
			t.Errorf("%d threads in the admin's desk, want 2 (no triage mail among them)", len(ts))
		}
	})
}
