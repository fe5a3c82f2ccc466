package letters

import (
	"context"
	"testing"

	"github.com/ebok/ebok/internal/access"
	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// Withdrawing the consent takes effect at once: an e-mail waiting in the
// outbox is withdrawn and its letter goes to the postal batch, a letter
// not yet rendered is rendered for the post, and other people's e-mails
// are left as they are.
func TestWithdrawnConsentMovesLettersToPost(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 50)
		f.s.Consents = &access.Service{DB: db, Now: f.s.Now, Loc: f.s.Loc}
		id, _ := sendToBuilding(t, f) // two consenting recipients, e-mails queued
		queued := f.ids(t, `SELECT DISTINCT person_id FROM letter_recipients WHERE letter_id = $1 AND status = 'queued' ORDER BY person_id`, id)
		if len(queued) != 2 {
			t.Fatalf("e-mails queued to %d people, want 2", len(queued))
		}
		resident := audit.Actor{CoopID: f.coopID, Name: "resident:test"}
		if err := f.s.SetConsent(ctx, resident, queued[0], false, "resident:test"); err != nil {
			t.Fatal(err)
		}
		all := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1 AND person_id = $2`, id, queued[0])
		if n := f.count(t, `SELECT COUNT(*) FROM letter_recipients r JOIN outbox o ON o.id = r.outbox_id
			WHERE r.letter_id = $1 AND r.person_id = $2 AND r.status = 'post' AND r.batch_id IS NOT NULL
			AND r.reason = 'Cofnięto zgodę na e-Korespondencję' AND o.status = 'failed'`, id, queued[0]); n != all || n == 0 {
			t.Errorf("withdrawn: %d of %d letters moved to post with their e-mails withdrawn", n, all)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM letter_recipients r JOIN outbox o ON o.id = r.outbox_id
			WHERE r.letter_id = $1 AND r.person_id = $2 AND (r.status <> 'queued' OR o.status <> 'pending')`, id, queued[1]); n != 0 {
			t.Errorf("the other consenting resident's e-mails: %d touched, want 0", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM consents WHERE person_id = $1 AND granted = FALSE`, queued[0]); n != 1 {
			t.Errorf("%d withdrawals recorded, want 1", n)
		}
	})
}

// A letter not yet rendered when the consent is withdrawn is printed.
func TestWithdrawnConsentBeforeRendering(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 50)
		f.s.Consents = &access.Service{DB: db, Now: f.s.Now, Loc: f.s.Loc}
		rule := f.firstBuilding(t)
		rcs, err := f.s.Resolve(ctx, f.actor(0), rule)
		if err != nil || len(rcs) == 0 {
			t.Fatalf("%d recipients, %v", len(rcs), err)
		}
		person := rcs[0].PersonID
		f.consent(t, person, "lokator@example.org")
		c, err := f.s.Compose(ctx, f.actor(0), letter(rule), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Send(ctx, f.actor(0), c.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.s.SetConsent(ctx, audit.Actor{CoopID: f.coopID, Name: "resident:test"}, person, false, "resident:test"); err != nil {
			t.Fatal(err)
		}
		w := &Worker{S: f.s, Node: "test", Batch: 50}
		for range 20 {
			if n, err := w.ProcessOnce(ctx); err != nil || n == 0 {
				break
			}
		}
		if n := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1 AND person_id = $2 AND status = 'post'
			AND channel = 'post' AND outbox_id IS NULL`, c.ID, person); n == 0 {
			t.Error("the letter of a withdrawn consent was not printed")
		}
		if n := f.count(t, `SELECT COUNT(*) FROM outbox WHERE to_addr = 'lokator@example.org'`); n != 0 {
			t.Errorf("%d e-mails queued after the withdrawal, want 0", n)
		}
	})
}
