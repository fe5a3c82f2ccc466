package letters

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// A worker that stops after step 1 of queueing (its recipients entered in
// the register, their letters stored as entered) leaves them pending under
// a lease; once the lease has run out, another worker queues them under
// the same register numbers and words and enters nothing twice.
func TestBatchTakenOverAfterEnteringKeepsItsRegisterEntries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 50)
		rule := f.firstBuilding(t)
		rcs, err := f.s.Resolve(ctx, f.actor(0), rule)
		if err != nil || len(rcs) < 4 {
			t.Fatalf("%d recipients, %v", len(rcs), err)
		}
		f.consent(t, rcs[0].PersonID, "pierwszy@example.org")
		c, err := f.s.Compose(ctx, f.actor(0), letter(rule), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Send(ctx, f.actor(0), c.ID); err != nil {
			t.Fatal(err)
		}

		// Worker a claims three recipients and gets through step 1 only.
		a := &Worker{S: f.s, Node: "a", Batch: 3}
		a.init()
		leaseUntil := dbTime(f.s.Now().Add(a.Lease))
		ids, err := db.ClaimIDs(ctx, claim, "a", leaseUntil, dbTime(f.s.Now()), a.Batch)
		if err != nil || len(ids) != 3 {
			t.Fatalf("claimed %v, %v", ids, err)
		}
		b := &batch{node: "a", leaseUntil: leaseUntil}
		if err := f.s.loadBatch(ctx, b, ids); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.enterAll(ctx, b); err != nil {
			t.Fatal(err)
		}
		entered := enteredAs(t, f, ids)
		for _, id := range ids {
			if e := entered[id]; e.registerID == 0 || e.registerNo == "" || e.content == "" || e.status != "pending" {
				t.Fatalf("recipient %d after step 1: %+v", id, e)
			}
		}

		// Worker b, after a's lease of 2 minutes has run out, queues all.
		later := newService(t, db, 2*time.Minute+time.Second)
		w := &Worker{S: later, Node: "b", Batch: 50}
		for range 10 {
			n, err := w.ProcessOnce(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				break
			}
		}
		after := enteredAs(t, f, ids)
		for _, id := range ids {
			was, is := entered[id], after[id]
			if is.status != "queued" && is.status != "post" {
				t.Errorf("recipient %d: status %q after the take-over", id, is.status)
			}
			if is.registerID != was.registerID || is.registerNo != was.registerNo || is.content != was.content {
				t.Errorf("recipient %d: entered as %d %s, queued as %d %s (words the same: %v)",
					id, was.registerID, was.registerNo, is.registerID, is.registerNo, is.content == was.content)
			}
		}
		if n := f.count(t, `SELECT COUNT(*) FROM register_entries WHERE coop_id = $1 AND source = 'letter_recipient'`, f.coopID); n != c.Recipients {
			t.Errorf("%d register entries for %d recipients", n, c.Recipients)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1 AND status = 'pending'`, c.ID); n != 0 {
			t.Errorf("%d recipients still pending", n)
		}
	})
}

// entry is a recipient's register entry and state.
type entry struct {
	registerID         int64
	registerNo, status string
	content            string
}

// enteredAs reads the recipients' register entries and states.
func enteredAs(t *testing.T, f *fixture, ids []int64) map[int64]entry {
	t.Helper()
	out := map[int64]entry{}
	for _, id := range ids {
		var e entry
		err := f.db.Read().QueryRowContext(context.Background(), `SELECT COALESCE(register_id, 0), COALESCE(register_no, ''),
			status, COALESCE(content, '') FROM letter_recipients WHERE id = $1`, id).Scan(&e.registerID, &e.registerNo, &e.status, &e.content)
		if err != nil {
			t.Fatal(fmt.Errorf("recipient %d: %w", id, err))
		}
		out[id] = e
	}
	return out
}
