package messages

import (
	"context"
	"testing"

	"github.com/ebok/ebok/internal/access"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/documents"
	"github.com/ebok/ebok/internal/mail"
)

// consents grants e-Korespondencja to the persons listed.
type consents map[int64]bool

// CurrentConsent reports the person's consent.
func (c consents) CurrentConsent(_ context.Context, _, personID int64) (access.Consent, error) {
	return access.Consent{Granted: c[personID]}, nil
}

func TestReplyShowsAndMailsToConsentingResidents(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		renderer, err := documents.NewRenderer()
		if err != nil {
			t.Fatal(err)
		}
		f.svc.Outbox = &mail.Outbox{Domain: "ebok.test", Now: f.svc.Now}
		f.svc.Documents, f.svc.Consents = renderer, consents{f.jan: true}
		by, sc := f.staffActor(f.settl, auth.RoleSettlements, 0)
		got := f.open(t, TopicSettlements, "")
		if err := f.svc.Reply(ctx, by, sc, got.ThreadID, Reply{Author: "Dział rozliczeń", Body: "Saldo jest zerowe.\nPozdrawiamy."}); err != nil {
			t.Fatal(err)
		}
		v, _ := f.svc.MyThread(ctx, f.coop, f.jan, got.ThreadID)
		if len(v.Messages) != 2 || v.Messages[1].Kind != KindReply || v.Status != StatusWaiting || !v.DueOn.IsZero() {
			t.Fatalf("after the reply: %+v", v)
		}
		var to, mailID, kept, ct string
		if err := f.db.Read().QueryRowContext(ctx, `SELECT o.to_addr, o.message_id, a.content_type FROM outbox o
			JOIN outbox_attachments a ON a.outbox_id = o.id WHERE o.coop_id = $1`, f.coop).Scan(&to, &mailID, &ct); err != nil {
			t.Fatal(err)
		}
		if err := f.db.Read().QueryRowContext(ctx, `SELECT mail_id FROM messages WHERE coop_id = $1 AND kind = 'reply'`, f.coop).Scan(&kept); err != nil {
			t.Fatal(err)
		}
		if to != "jan@example.pl" || ct != "application/pdf" || kept != mailID {
			t.Errorf("mail to %q (%s), Message-ID %q kept as %q", to, ct, mailID, kept)
		}
		// Without consent, the reply shows in ebok only.
		f.svc.Consents = consents{}
		if err := f.svc.Reply(ctx, by, sc, got.ThreadID, Reply{Author: "D", Body: "Jeszcze jedno."}); err != nil {
			t.Fatal(err)
		}
		var n int
		f.db.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE coop_id = $1`, f.coop).Scan(&n)
		if n != 1 {
			t.Errorf("%d mails, want 1", n)
		}
	})
}
