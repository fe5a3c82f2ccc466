package ledger_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// TestLedgerProperties checks, on random ledgers of every kind of entry
// with random allocations, what must hold whatever the entries:
//   - the balance is the sum of the entries;
//   - every year's view opens with the balance before it, runs the balance
//     entry by entry, sums its months, and closes where the next opens;
//     the last closes at the balance, with or without a kind filter;
//   - from any day, the view opens no earlier, at the sum of the entries
//     before it, and lists nothing earlier;
//   - what Arrears says is unpaid (listed, plus the earlier sum) is the
//     balance less posted interest when that is owed, and nothing when it
//     is overpaid; no debt owes more than its amount.
func TestLedgerProperties(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		b := newSmallBooks(t, db)
		rng := rand.New(rand.NewPCG(2026, 11))
		for round := range 6 {
			_, acc := b.addAccount(b.coop, fmt.Sprintf("p%d", round))
			type entry struct {
				kind   string
				on     civil.Date
				amount money.Amount
				id     int64
			}
			var entries []entry
			var sum money.Amount
			var posted money.Amount
			var debts, credits []int64
			start := d(2021, 1, 1)
			for range 20 + rng.IntN(40) {
				on := start.AddDays(rng.IntN(6 * 365))
				e := entry{on: on}
				switch rng.IntN(6) {
				case 0, 1:
					e.kind, e.amount = ledger.KindCharge, money.Amount(1+rng.IntN(200000))
				case 2, 3:
					e.kind, e.amount = ledger.KindPayment, -money.Amount(1+rng.IntN(250000))
				case 4:
					e.kind, e.amount = ledger.KindCorrection, money.Amount(rng.IntN(40000)-20000)
					if e.amount == 0 {
						e.amount = 1
					}
				default:
					if rng.IntN(2) == 0 {
						e.kind, e.amount = ledger.KindInterest, money.Amount(1+rng.IntN(5000))
						posted += e.amount
					} else {
						e.kind, e.amount = ledger.KindSettlement, money.Amount(rng.IntN(60000)-30000)
					}
				}
				due := civil.Date{}
				if e.kind == ledger.KindCharge {
					due = on.AddDays(rng.IntN(20))
				}
				e.id = b.entry(b.coop, acc, e.kind, on, due, e.amount, e.kind)
				entries = append(entries, e)
				sum += e.amount
				switch {
				case e.kind == ledger.KindInterest:
				case e.amount > 0:
					debts = append(debts, e.id)
				case e.amount < 0:
					credits = append(credits, e.id)
				}
			}
			// Staff allocate some payments to random debts.
			for _, p := range credits {
				if len(debts) > 0 && rng.IntN(3) == 0 {
					if err := b.svc.SetTarget(ctx, b.by, acc, p, debts[rng.IntN(len(debts))], "losowo"); err != nil {
						t.Fatal(err)
					}
				}
			}

			bal, err := b.svc.Balances(ctx, b.coop, []int64{acc})
			if err != nil {
				t.Fatal(err)
			}
			if bal[acc].Amount != sum || bal[acc].Entries != len(entries) {
				t.Fatalf("round %d: balance %v of %d entries, want %v of %d", round, bal[acc].Amount, bal[acc].Entries, sum, len(entries))
			}
			first, err := b.svc.Ledger(ctx, b.coop, acc, ledger.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			next := money.Amount(0)
			for i := len(first.Years) - 1; i >= 0; i-- {
				y := first.Years[i]
				v, err := b.svc.Ledger(ctx, b.coop, acc, ledger.Filter{Year: y})
				if err != nil {
					t.Fatal(err)
				}
				if v.Opening != next {
					t.Fatalf("round %d, %d opens at %v, the year before closed at %v", round, y, v.Opening, next)
				}
				run := v.Opening
				for _, e := range v.Entries {
					run += e.Amount
					if e.Balance != run {
						t.Fatalf("round %d, %d: entry %d balance %v, want %v", round, y, e.ID, e.Balance, run)
					}
				}
				var debits, creditsSum money.Amount
				for _, m := range v.Months {
					debits += m.Debits
					creditsSum += m.Credits
				}
				if v.Opening+debits-creditsSum != v.Closing || run != v.Closing {
					t.Fatalf("round %d, %d: opening %v + %v − %v, run %v, closing %v", round, y, v.Opening, debits, creditsSum, run, v.Closing)
				}
				for _, k := range ledger.Kinds {
					kv, err := b.svc.Ledger(ctx, b.coop, acc, ledger.Filter{Year: y, Kind: k})
					if err != nil || kv.Closing != v.Closing || kv.Opening != v.Opening {
						t.Fatalf("round %d, %d, kind %s: %v–%v, want %v–%v (%v)", round, y, k, kv.Opening, kv.Closing, v.Opening, v.Closing, err)
					}
				}
				next = v.Closing
			}
			if next != sum {
				t.Fatalf("round %d: the last year closes at %v, the balance is %v", round, next, sum)
			}
			// From a random day: the opening is the sum before it.
			from := start.AddDays(rng.IntN(6 * 365))
			fv, err := b.svc.Ledger(ctx, b.coop, acc, ledger.Filter{From: from})
			if err != nil {
				t.Fatal(err)
			}
			if len(fv.Years) > 0 {
				if fv.OpeningOn.Before(from) {
					t.Fatalf("round %d: from %v opens on %v", round, from, fv.OpeningOn)
				}
				var before money.Amount
				for _, e := range entries {
					if e.on.Before(fv.OpeningOn) {
						before += e.amount
					}
				}
				if fv.Opening != before {
					t.Fatalf("round %d: from %v opens on %v at %v, want %v", round, from, fv.OpeningOn, fv.Opening, before)
				}
			}
			for _, e := range fv.Entries {
				if e.BookedOn.Before(from) {
					t.Fatalf("round %d: entry of %v listed from %v", round, e.BookedOn, from)
				}
			}

			asOf := d(2027, 12, 31)
			for _, since := range []civil.Date{{}, from} {
				a, err := b.svc.Arrears(ctx, b.coop, acc, asOf, since)
				if err != nil {
					t.Fatal(err)
				}
				unpaid := a.Earlier
				for _, u := range a.Unpaid {
					if u.Outstanding <= 0 || u.Outstanding > u.Amount {
						t.Fatalf("round %d: debt %d owes %v of %v", round, u.ID, u.Outstanding, u.Amount)
					}
					unpaid += u.Outstanding
				}
				want := max(sum-posted, 0)
				if unpaid != want {
					t.Fatalf("round %d (since %v): unpaid %v, want max(balance %v − posted interest %v, 0) = %v", round, since, unpaid, sum, posted, want)
				}
			}
		}
	})
}
