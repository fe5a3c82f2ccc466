package letters

import (
	"context"
	"testing"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// A fee notice's delivery day is kept per premises: the day the mail
// server took the e-mail, in the cooperative's zone; unknown on paper.
func TestFeeNoticeDeliveryDayPerPremises(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 50)
		rule := f.firstBuilding(t)
		rcs, err := f.s.Resolve(ctx, f.actor(0), rule)
		if err != nil {
			t.Fatal(err)
		}
		f.consent(t, rcs[0].PersonID, "a@example.org")
		l := letter(rule)
		l.Kind, l.ChargeSource, l.EffectiveOn = FeeNotice, CoopCharges, civil.Date{Year: 2027, Month: 4, Day: 1}
		c, err := f.s.Compose(ctx, f.actor(0), l, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Send(ctx, f.actor(0), c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := (&Worker{S: f.s, Node: "t", Batch: 50}).ProcessOnce(ctx); err != nil {
			t.Fatal(err)
		}
		mw := &mail.Worker{DB: db, Sender: &fakeSender{}, From: "bok@example.org", Now: f.s.Now}
		if _, err := mw.ProcessOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Follow(ctx); err != nil {
			t.Fatal(err)
		}
		ns, err := f.s.FeeNotices(ctx, f.coopID, rcs[0].PremisesID)
		if err != nil || len(ns) == 0 {
			t.Fatalf("notices %+v, %v", ns, err)
		}
		for _, n := range ns {
			want := civil.Date{}
			if n.Channel == "email" {
				want = today
			}
			if !n.DeliveredOn.Equal(want) || !n.EffectiveOn.Equal(l.EffectiveOn) {
				t.Errorf("notice %+v, want delivered %s", n, want)
			}
		}
	})
}
