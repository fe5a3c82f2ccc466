package audit

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// testClock is a clock tests move by hand.
type testClock struct{ now time.Time }

func (c *testClock) Now() time.Time { return c.now }

// dailyOn is a node's daily anchoring of the one chain c to dir.
func dailyOn(db *store.DB, clock *testClock, node, dir string, c Chain) *DailyAnchors {
	r := &Anchorer{DB: db, Now: clock.Now, Dir: dir, Catalogue: i18n.New(), Domain: "ebok.test"}
	return &DailyAnchors{Anchorer: r, Node: node,
		Chains: func(context.Context) ([]Chain, error) { return []Chain{c}, nil }}
}

// runCount runs d and returns how many chains it anchored.
func runCount(t *testing.T, d *DailyAnchors) int {
	t.Helper()
	done, err := d.Run(context.Background())
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return len(done)
}

// A chain is anchored at once when it never was, then not again before 24
// hours have passed, and again at 24 hours to the second; a second node
// sharing the database anchors nothing the first one did.
func TestDailyAnchorsOncePerDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coop := storetest.InsertCoop(t, db, "dzienna")
		appendSamples(t, db, coop, 3)
		dir := t.TempDir()
		start := time.Date(2026, 11, 20, 2, 15, 0, 0, time.UTC)
		clock := &testClock{now: start}
		c := Chain{CoopID: coop, Slug: "dzienna", Name: "SM Dzienna"}
		a, b := dailyOn(db, clock, "node-a", dir, c), dailyOn(db, clock, "node-b", dir, c)

		steps := []struct {
			at   time.Duration
			node *DailyAnchors
			want int
		}{
			{0, a, 1},                          // none yet: at start
			{0, b, 0},                          // the other node: done today
			{time.Hour, a, 0},                  // restarted within the day
			{24*time.Hour - time.Second, b, 0}, // a second short of a day
			{24*time.Hour - time.Second, a, 0}, //
			{24 * time.Hour, b, 1},             // a day: due, whichever node looks
			{24 * time.Hour, a, 0},             //
			{48*time.Hour - time.Second, a, 0}, //
			{48 * time.Hour, a, 1},             //
		}
		for i, s := range steps {
			clock.now = start.Add(s.at)
			if got := runCount(t, s.node); got != s.want {
				t.Fatalf("step %d (+%v, %s): anchored %d chains, want %d", i, s.at, s.node.Node, got, s.want)
			}
		}
		anchors, err := ReadAnchors(dir, db.ChainKey())
		if err != nil || len(anchors) != 3 {
			t.Fatalf("%d anchors in the folder (%v), want 3", len(anchors), err)
		}
		if _, err := VerifyAnchored(ctx, db.Read(), db.ChainKey(), coop, anchors); err != nil {
			t.Errorf("chain against the daily anchors: %v", err)
		}
		next, err := a.Next(ctx)
		if want := start.Add(72 * time.Hour); err != nil || !next.Equal(want) {
			t.Errorf("Next = %v, %v; want %v", next, err, want)
		}
	})
}

// failingSender refuses every message.
type failingSender struct{ tries int }

func (f *failingSender) Send(context.Context, mail.Outgoing) error {
	f.tries++
	return errors.New("550 mailbox unavailable")
}

// A run that cannot mail its anchor fails, names the chain, and keeps the
// chain's lease: no node tries again within the hour, one does after it.
func TestDailyAnchorsRetryFailedRunAfterLease(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coop := storetest.InsertCoop(t, db, "zawodna")
		appendSamples(t, db, coop, 2)
		start := time.Date(2026, 11, 20, 2, 15, 0, 0, time.UTC)
		clock := &testClock{now: start}
		c := Chain{CoopID: coop, Slug: "zawodna", Name: "SM Zawodna"}
		a, b := dailyOn(db, clock, "node-a", "", c), dailyOn(db, clock, "node-b", "", c)
		sender := &failingSender{}
		for _, d := range []*DailyAnchors{a, b} {
			d.Anchorer.To, d.Anchorer.Send = []string{"zarzad@example.test"}, sender
		}
		if _, err := a.Run(ctx); err == nil || !strings.Contains(err.Error(), "zawodna") || !strings.Contains(err.Error(), "550") {
			t.Fatalf("run with a refusing server = %v, want an error naming the chain and the refusal", err)
		}
		clock.now = start.Add(anchorLease - time.Second)
		if n := runCount(t, b); n != 0 || sender.tries != 1 {
			t.Fatalf("within the lease: anchored %d, %d tries; want 0, 1", n, sender.tries)
		}
		if next, err := b.Next(ctx); err != nil || !next.Equal(start.Add(anchorLease)) {
			t.Errorf("Next = %v, %v; want the end of the lease", next, err)
		}
		clock.now = start.Add(anchorLease)
		if _, err := b.Run(ctx); err == nil || sender.tries != 2 {
			t.Errorf("after the lease: %v, %d tries; want a second failed try", err, sender.tries)
		}
	})
}

// Neither a folder nor addresses, or addresses without a sender, is a
// setup that cannot anchor.
func TestAnchorerCheck(t *testing.T) {
	if err := (&Anchorer{}).Check(); err == nil {
		t.Error("no folder and no addresses accepted")
	}
	if err := (&Anchorer{To: []string{"zarzad@example.test"}}).Check(); err == nil {
		t.Error("addresses without a sender accepted")
	}
	if err := (&Anchorer{Dir: os.TempDir()}).Check(); err != nil {
		t.Error(err)
	}
}
