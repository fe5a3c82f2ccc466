package letters

import (
	"context"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// TestClaimReadsPendingRecipientsInOrder pins migration 00032: the
// worker's claim takes the first pending recipients in id order straight
// from an index, instead of reading every pending recipient and sorting
// them for each batch (a letter to 10,000 people is claimed 500 times).
// Most rows here are no longer pending, as in a cooperative that has sent
// letters before.
func TestClaimReadsPendingRecipientsInOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := build(t, db, 300)
		for range 3 {
			c, err := f.s.Compose(ctx, f.actor(0), letter(Rule{Kind: RuleAll}), nil)
			if err != nil {
				t.Fatal(err)
			}
			st, err := f.s.Send(ctx, f.actor(0), c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if st == Awaiting {
				if err := f.s.Approve(ctx, f.actor(1), c.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		// The first two letters went out long ago.
		if _, err := db.WriteConn().ExecContext(ctx, `UPDATE letter_recipients SET status = 'queued'
				WHERE letter_id < (SELECT MAX(id) FROM letters)`); err != nil {
			t.Fatal(err)
		}
		pending := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE status = 'pending'`)
		if all := f.count(t, `SELECT COUNT(*) FROM letter_recipients`); pending < 300 || all < 3*pending {
			t.Fatalf("%d pending of %d recipients: want at least 300, a third or less", pending, all)
		}
		if err := db.Analyze(ctx, "letter_recipients"); err != nil {
			t.Fatal(err)
		}
		pick := strings.NewReplacer("$3", "$1", "$4", "$2").Replace(claim.Pick)
		plan := storetest.Plan(t, db, `SELECT id FROM letter_recipients WHERE `+pick, dbTime(f.s.Now()), 20)
		if !strings.Contains(plan, "letter_recipients_pending") {
			t.Errorf("claim plan:\n%s\nwant it to read letter_recipients_pending", plan)
		}
		if strings.Contains(plan, "TEMP B-TREE") || strings.Contains(plan, "Sort") {
			t.Errorf("claim plan:\n%s\nwant no sorting: the index gives the order", plan)
		}
	})
}
