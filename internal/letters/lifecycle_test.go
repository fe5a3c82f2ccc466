package letters

import (
	"context"
	"errors"
	"testing"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// A letter to more than 100 recipients waits for a second, different
// staff member's approval; both steps are audited, and approval fixes the
// recipients with their channels.
func TestLargeLetterNeedsASecondStaffMember(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 120)
		c, err := f.s.Compose(ctx, f.actor(0), letter(Rule{Kind: RuleAll}), nil)
		if err != nil {
			t.Fatal(err)
		}
		if c.Recipients <= ApprovalThreshold {
			t.Fatalf("only %d recipients", c.Recipients)
		}
		st, err := f.s.Send(ctx, f.actor(0), c.ID)
		if err != nil || st != Awaiting {
			t.Fatalf("send: %s, %v", st, err)
		}
		if _, err := f.s.Send(ctx, f.actor(0), c.ID); err == nil {
			t.Error("sent twice")
		}
		wantProblem(t, f.s.Approve(ctx, f.actor(0), c.ID), "letters.err.same_approver")
		if n := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1`, c.ID); n != 0 {
			t.Fatalf("%d recipients before approval", n)
		}
		if err := f.s.Approve(ctx, f.actor(1), c.ID); err != nil {
			t.Fatal(err)
		}
		l, err := f.s.Get(ctx, f.actor(0), c.ID)
		if err != nil || l.Status != Sending || l.ApprovedBy != f.staff[1] || l.Recipients != c.Recipients {
			t.Fatalf("after approval: %+v, %v", l, err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1 AND status = 'pending'`, c.ID); n != c.Recipients {
			t.Errorf("%d pending recipients, want %d", n, c.Recipients)
		}
		for _, a := range []string{"letter.drafted", "letter.submitted", "letter.approved"} {
			if f.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = $1 AND subject = $2`, a, letterSubject(c.ID)) != 1 {
				t.Errorf("no audit entry %s", a)
			}
		}
	})
}

// A small letter is sent at once; consenting recipients with an e-mail go
// by e-mail, the others and every letter needing a signed receipt by post.
func TestChannelPerRecipient(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 50)
		building := f.ids(t, `SELECT id FROM buildings WHERE coop_id = $1 ORDER BY id`, f.coopID)[0]
		rcs, err := f.s.Resolve(ctx, f.actor(0), Rule{Kind: RuleBuilding, Value: itoa(building)})
		if err != nil || len(rcs) < 2 {
			t.Fatalf("%d recipients, %v", len(rcs), err)
		}
		f.consent(t, rcs[0].PersonID, "a@example.org")
		for _, receipt := range []bool{false, true} {
			l := letter(Rule{Kind: RuleBuilding, Value: itoa(building)})
			l.SignedReceipt = receipt
			c, err := f.s.Compose(ctx, f.actor(0), l, nil)
			if err != nil {
				t.Fatal(err)
			}
			if st, err := f.s.Send(ctx, f.actor(0), c.ID); err != nil || st != Sending {
				t.Fatalf("send: %s %v", st, err)
			}
			emails := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1 AND channel = 'email'`, c.ID)
			want := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1 AND person_id = $2`, c.ID, rcs[0].PersonID)
			if receipt {
				want = 0
			}
			if emails != want || want < 0 {
				t.Errorf("signed receipt %v: %d by e-mail, want %d", receipt, emails, want)
			}
		}
	})
}

// The notice periods of fee notices, pinned at their edges.
func TestEarliestEffective(t *testing.T) {
	d := func(y, m, day int) civil.Date { return civil.Date{Year: y, Month: timeMonth(m), Day: day} }
	cases := []struct {
		src       ChargeSource
		delivered civil.Date
		want      civil.Date
	}{
		{CoopCharges, d(2026, 11, 21), d(2027, 3, 1)},
		{CoopCharges, d(2026, 11, 30), d(2027, 3, 1)}, // three months end on 28 February
		{CoopCharges, d(2026, 12, 1), d(2027, 4, 1)},
		{CoopCharges, d(2026, 10, 31), d(2027, 2, 1)},
		{CoopCharges, d(2027, 11, 30), d(2028, 3, 1)}, // 29 February 2028
		{UtilityCharges, d(2026, 11, 21), d(2026, 12, 5)},
		{UtilityCharges, d(2026, 12, 20), d(2027, 1, 3)},
	}
	for _, c := range cases {
		if got := EarliestEffective(c.src, c.delivered); !got.Equal(c.want) {
			t.Errorf("%s delivered %s: %s, want %s", c.src, c.delivered, got, c.want)
		}
	}
}

// A fee notice taking effect too early is stored with a warning naming
// the earliest lawful date (composed 21.11.2026, delivered by post by
// 5.12.2026: 1.04.2027 for the cooperative's charges).
func TestFeeNoticeWarnsOfTheNoticePeriod(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 50)
		l := letter(Rule{Kind: RuleAll})
		l.Kind, l.ChargeSource = FeeNotice, CoopCharges
		_, err := f.s.Compose(ctx, f.actor(0), l, nil)
		wantProblem(t, err, "letters.err.effective_on")
		for _, c := range []struct {
			eff  civil.Date
			warn bool
		}{{civil.Date{Year: 2027, Month: 3, Day: 1}, true}, {civil.Date{Year: 2027, Month: 4, Day: 1}, false}} {
			l.EffectiveOn = c.eff
			got, err := f.s.Compose(ctx, f.actor(0), l, nil)
			if err != nil {
				t.Fatal(err)
			}
			if (len(got.Warnings) == 1) != c.warn {
				t.Fatalf("effective %s: warnings %+v", c.eff, got.Warnings)
			}
			if c.warn && got.Warnings[0].Args[1] != "01.04.2027" {
				t.Errorf("earliest date %v", got.Warnings[0].Args)
			}
		}
	})
}

// A letter of an estate administration reaches only its estate, even
// when an administrator of the whole cooperative approves or sends it;
// other estates' staff do not see it.
func TestEstateLetterStaysInItsEstate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 50)
		estates := f.ids(t, `SELECT id FROM estates WHERE coop_id = $1 ORDER BY id`, f.coopID)
		staff := f.actor(0)
		staff.EstateID = estates[0]
		c, err := f.s.Compose(ctx, staff, letter(Rule{Kind: RuleAll}), nil)
		if err != nil {
			t.Fatal(err)
		}
		other := f.actor(1)
		other.EstateID = estates[1]
		if _, err := f.s.Get(ctx, other, c.ID); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("another estate's staff see the letter: %v", err)
		}
		if _, err := f.s.Send(ctx, f.actor(1), c.ID); err != nil {
			t.Fatal(err)
		}
		outside := f.count(t, `SELECT COUNT(*) FROM letter_recipients r JOIN premises p ON p.id = r.premises_id
			JOIN buildings b ON b.id = p.building_id WHERE r.letter_id = $1 AND b.estate_id <> $2`, c.ID, estates[0])
		if all := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1`, c.ID); outside != 0 || all != c.Recipients {
			t.Errorf("%d of %d recipients outside the estate (composed for %d)", outside, all, c.Recipients)
		}
	})
}
