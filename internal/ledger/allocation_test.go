package ledger_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/interest"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// smallBooks is a cooperative with two premises accounts and another
// cooperative with one, their ledgers empty.
type smallBooks struct {
	coop, otherCoop     int64
	acc, acc2, otherAcc int64
	premises            int64
	svc                 *ledger.Service
	by                  audit.Actor
	db                  *store.DB
	t                   *testing.T
	accounts            int // accounts added, for unique numbers
}

func newSmallBooks(t *testing.T, db *store.DB) *smallBooks {
	t.Helper()
	rates, err := interest.Default()
	if err != nil {
		t.Fatal(err)
	}
	b := &smallBooks{svc: &ledger.Service{DB: db, Rates: rates, Now: time.Now}, db: db, t: t}
	b.coop = storetest.InsertCoop(t, db, "a")
	b.otherCoop = storetest.InsertCoop(t, db, "b")
	b.premises, b.acc = b.addAccount(b.coop, "1")
	_, b.acc2 = b.addAccount(b.coop, "2")
	_, b.otherAcc = b.addAccount(b.otherCoop, "1")
	b.by = audit.Actor{CoopID: b.coop, Name: "staff:test", IP: "192.0.2.1"}
	return b
}

// addAccount adds a flat (in a new estate and building) with its account.
func (b *smallBooks) addAccount(coopID int64, number string) (premises, account int64) {
	t := b.t
	t.Helper()
	b.accounts++
	n := b.accounts
	estate := insertID(t, b.db, `INSERT INTO estates (coop_id, code, name, office_street, office_postal_code, office_city, office_phone, office_email)
		VALUES ($1, $2, 'Osiedle', 'ul. Biurowa 1', '00-001', 'Warszawa', '', '') RETURNING id`, coopID, fmt.Sprintf("E%d", n))
	building := insertID(t, b.db, `INSERT INTO buildings (coop_id, estate_id, street, number, postal_code, city)
		VALUES ($1, $2, 'ul. Mickiewicza', '5', '00-002', 'Warszawa') RETURNING id`, coopID, estate)
	premises = insertID(t, b.db, `INSERT INTO premises (coop_id, building_id, kind, number, usable_area, persons)
		VALUES ($1, $2, 'flat', $3, 4830, 2) RETURNING id`, coopID, building, number)
	account = insertID(t, b.db, `INSERT INTO accounts (coop_id, premises_id, nrb, opened_on) VALUES ($1, $2, $3, '2020-01-01') RETURNING id`,
		coopID, premises, fmt.Sprintf("%026d", n))
	return premises, account
}

// entry books one ledger entry; a zero due date stores none.
func (b *smallBooks) entry(coopID, account int64, kind string, booked, due civil.Date, amount money.Amount, desc string) int64 {
	b.t.Helper()
	var dueVal any
	if !due.IsZero() {
		dueVal = due
	}
	return insertID(b.t, b.db, `INSERT INTO ledger_entries (coop_id, account_id, kind, booked_on, due_on, amount, description, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, coopID, account, kind, booked, dueVal, amount, desc, time.Now().UTC())
}

func insertID(t *testing.T, db *store.DB, q string, args ...any) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.QueryRowContext(ctx, q, args...).Scan(&id) }); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return id
}

func (b *smallBooks) count(q string, args ...any) int {
	b.t.Helper()
	var n int
	if err := b.db.Read().QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		b.t.Fatal(err)
	}
	return n
}

func d(y int, m time.Month, day int) civil.Date { return civil.Date{Year: y, Month: m, Day: day} }

// TestTargetedPaymentChangesInterest: 1000,00 zł due 10.04.2026 (A) and
// 1000,00 zł due 10.06.2026 (B), 1000,00 zł paid 20.05.2026; interest up
// to 30.06.2026 at 9,25% (from 5.03.2026).
//
// Oldest first the payment settles A, 40 days late (11.04–20.05):
// 1000 × 9,25% × 40/365 = 10,137 → 10,14; B is unpaid 20 days (11.06–30.06):
// 1000 × 9,25% × 20/365 = 5,068 → 5,07; together 15,21.
//
// Allocated to B, the payment settles B before it is due (no interest) and
// A stays unpaid 81 days (11.04–30.06): 1000 × 9,25% × 81/365 = 20,527 →
// 20,53.
func TestTargetedPaymentChangesInterest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		b := newSmallBooks(t, db)
		a := b.entry(b.coop, b.acc, ledger.KindCharge, d(2026, 4, 1), d(2026, 4, 10), 100000, "Opłaty za 04.2026")
		bb := b.entry(b.coop, b.acc, ledger.KindCharge, d(2026, 5, 1), d(2026, 6, 10), 100000, "Opłaty za 06.2026")
		p := b.entry(b.coop, b.acc, ledger.KindPayment, d(2026, 5, 20), civil.Date{}, -100000, "Wpłata")
		asOf := d(2026, 6, 30)
		accrued := func() money.Amount {
			t.Helper()
			a, err := b.svc.Interest(ctx, b.coop, b.acc, asOf)
			if err != nil {
				t.Fatal(err)
			}
			return a.Total
		}
		if got := accrued(); got != 1521 {
			t.Fatalf("oldest first: interest %s, want 15,21", got)
		}
		if err := b.svc.SetTarget(ctx, b.by, b.acc, p, bb, "Tytuł przelewu: opłaty za czerwiec"); err != nil {
			t.Fatal(err)
		}
		if got := accrued(); got != 2053 {
			t.Errorf("allocated to B: interest %s, want 20,53", got)
		}
		detail, err := b.svc.Payment(ctx, b.coop, b.acc, p, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if detail.Target.ID != bb || len(detail.Settles) != 1 || detail.Settles[0].Debt.ID != bb || detail.Settles[0].Amount != 100000 || detail.Credit != 0 {
			t.Errorf("payment detail %+v", detail)
		}
		if len(detail.Debts) != 2 || detail.Debts[0].ID != a || detail.Debts[0].Outstanding != 100000 || detail.Debts[1].Outstanding != 0 {
			t.Errorf("debts %+v", detail.Debts)
		}
		// The ledger view names the charge the payment settles.
		v, err := b.svc.Ledger(ctx, b.coop, b.acc, ledger.Filter{Year: 2026})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range v.Entries {
			if want := map[int64]int64{p: bb}[e.ID]; e.Settles.ID != want {
				t.Errorf("entry %d settles %d, want %d", e.ID, e.Settles.ID, want)
			}
		}
		// The same allocation again changes nothing; back to oldest first
		// is a new decision, and the interest is as before.
		if err := b.svc.SetTarget(ctx, b.by, b.acc, p, bb, "jeszcze raz"); !errors.Is(err, ledger.ErrUnchanged) {
			t.Errorf("same allocation again: %v", err)
		}
		if err := b.svc.SetTarget(ctx, b.by, b.acc, p, 0, "Pomyłka: wpłata bez wskazania"); err != nil {
			t.Fatal(err)
		}
		if got := accrued(); got != 1521 {
			t.Errorf("back to oldest first: interest %s, want 15,21", got)
		}
		detail, err = b.svc.Payment(ctx, b.coop, b.acc, p, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if !detail.Target.IsZero() || len(detail.History) != 2 || !detail.History[0].Target.IsZero() || detail.History[1].Target.ID != bb ||
			detail.History[0].Reason != "Pomyłka: wpłata bez wskazania" || len(detail.Settles) != 1 || detail.Settles[0].Debt.ID != a {
			t.Errorf("after the change back: %+v", detail)
		}
		if n := b.count(`SELECT COUNT(*) FROM payment_targets WHERE account_id = $1`, b.acc); n != 2 {
			t.Errorf("%d allocation rows, want 2: nothing is deleted", n)
		}
		entries, err := audit.List(ctx, db.Read(), b.coop, audit.Filter{Action: audit.PaymentAllocated})
		if err != nil || len(entries) != 2 || entries[0].Details["target"] != "oldest-first" || entries[1].Details["target"] != fmt.Sprint(bb) ||
			entries[0].Subject != fmt.Sprintf("premises:%d", b.premises) {
			t.Errorf("audit %+v, %v", entries, err)
		}
	})
}

// TestSetTargetRefusals: a payment settles only a charge of its own
// account, in its own cooperative; refusals store nothing.
func TestSetTargetRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		b := newSmallBooks(t, db)
		charge := b.entry(b.coop, b.acc, ledger.KindCharge, d(2026, 10, 1), d(2026, 10, 10), 50000, "Opłaty")
		payment := b.entry(b.coop, b.acc, ledger.KindPayment, d(2026, 10, 5), civil.Date{}, -50000, "Wpłata")
		credit := b.entry(b.coop, b.acc, ledger.KindCorrection, d(2026, 10, 6), civil.Date{}, -1000, "Korekta")
		posted := b.entry(b.coop, b.acc, ledger.KindInterest, d(2026, 10, 7), civil.Date{}, 100, "Odsetki")
		neighbour := b.entry(b.coop, b.acc2, ledger.KindCharge, d(2026, 10, 1), d(2026, 10, 10), 50000, "Opłaty sąsiada")
		neighbourPayment := b.entry(b.coop, b.acc2, ledger.KindPayment, d(2026, 10, 5), civil.Date{}, -50000, "Wpłata sąsiada")
		foreign := b.entry(b.otherCoop, b.otherAcc, ledger.KindCharge, d(2026, 10, 1), d(2026, 10, 10), 50000, "Opłaty w innej spółdzielni")
		foreignPayment := b.entry(b.otherCoop, b.otherAcc, ledger.KindPayment, d(2026, 10, 5), civil.Date{}, -50000, "Wpłata w innej spółdzielni")
		foreignStaff := audit.Actor{CoopID: b.otherCoop, Name: "staff:obcy"}
		for _, c := range []struct {
			name              string
			by                audit.Actor
			account, pay, tgt int64
			reason            string
			want              error
		}{
			{"no reason", b.by, b.acc, payment, charge, "  ", ledger.ErrReasonRequired},
			{"another account's charge", b.by, b.acc, payment, neighbour, "x", ledger.ErrBadTarget},
			{"another cooperative's charge", b.by, b.acc, payment, foreign, "x", ledger.ErrBadTarget},
			{"a payment as the target", b.by, b.acc, payment, credit, "x", ledger.ErrBadTarget},
			{"interest as the target", b.by, b.acc, payment, posted, "x", ledger.ErrBadTarget},
			{"no such target", b.by, b.acc, payment, 1 << 40, "x", ledger.ErrBadTarget},
			{"another account's payment", b.by, b.acc, neighbourPayment, charge, "x", store.ErrNotFound},
			{"another cooperative's payment", b.by, b.acc, foreignPayment, charge, "x", store.ErrNotFound},
			{"a charge as the payment", b.by, b.acc, charge, charge, "x", store.ErrNotFound},
			{"another cooperative's account", b.by, b.otherAcc, foreignPayment, foreign, "x", store.ErrNotFound},
			{"staff of another cooperative", foreignStaff, b.acc, payment, charge, "x", store.ErrNotFound},
		} {
			if err := b.svc.SetTarget(ctx, c.by, c.account, c.pay, c.tgt, c.reason); !errors.Is(err, c.want) {
				t.Errorf("%s: %v, want %v", c.name, err, c.want)
			}
		}
		if n := b.count(`SELECT COUNT(*) FROM payment_targets`); n != 0 {
			t.Errorf("refusals stored %d rows", n)
		}
		if n := b.count(`SELECT COUNT(*) FROM audit_log WHERE action = $1`, string(audit.PaymentAllocated)); n != 0 {
			t.Errorf("refusals audited %d times", n)
		}
		// A crediting correction may be allocated like a payment.
		if err := b.svc.SetTarget(ctx, b.by, b.acc, credit, charge, "Korekta domofonu za październik"); err != nil {
			t.Errorf("correction: %v", err)
		}
		// Another cooperative's payment page does not exist here.
		if _, err := b.svc.Payment(ctx, b.coop, b.acc, foreignPayment, today); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("foreign payment page: %v", err)
		}
		if _, err := b.svc.Payment(ctx, b.coop, b.acc, charge, today); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a charge's payment page: %v", err)
		}
	})
}

// TestPostInterest: the unposted interest is posted once, for the amount
// computed when posting, and the ledger shows it as posted.
func TestPostInterest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		b := newSmallBooks(t, db)
		b.entry(b.coop, b.acc, ledger.KindCharge, d(2026, 4, 1), d(2026, 4, 10), 100000, "Opłaty za 04.2026")
		b.entry(b.coop, b.acc, ledger.KindCharge, d(2026, 5, 1), d(2026, 6, 10), 100000, "Opłaty za 06.2026")
		b.entry(b.coop, b.acc, ledger.KindPayment, d(2026, 5, 20), civil.Date{}, -100000, "Wpłata")
		day := d(2026, 6, 30)
		if _, _, err := b.svc.PostInterest(ctx, b.by, b.acc, day, 1521, " "); !errors.Is(err, ledger.ErrReasonRequired) {
			t.Errorf("no reason: %v", err)
		}
		if _, amount, err := b.svc.PostInterest(ctx, b.by, b.acc, day, 1000, "Odsetki"); !errors.Is(err, ledger.ErrInterestChanged) || amount != 1521 {
			t.Errorf("another amount shown: %s, %v", amount, err)
		}
		if _, _, err := b.svc.PostInterest(ctx, b.by, b.otherAcc, day, 0, "Odsetki"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another cooperative's account: %v", err)
		}
		id, amount, err := b.svc.PostInterest(ctx, b.by, b.acc, day, 1521, "Odsetki ustawowe za opóźnienie naliczone do 30.06.2026")
		if err != nil || amount != 1521 {
			t.Fatalf("post: %s, %v", amount, err)
		}
		a, err := b.svc.Interest(ctx, b.coop, b.acc, day)
		if err != nil || a.Total != 1521 || a.Posted != 1521 || a.Unposted() != 0 {
			t.Errorf("after posting: %+v, %v", a, err)
		}
		if _, _, err := b.svc.PostInterest(ctx, b.by, b.acc, day, 0, "Odsetki"); !errors.Is(err, ledger.ErrNoInterest) {
			t.Errorf("second posting: %v", err)
		}
		v, err := b.svc.Ledger(ctx, b.coop, b.acc, ledger.Filter{Year: 2026, Kind: ledger.KindInterest})
		if err != nil || len(v.Entries) != 1 || v.Entries[0].ID != id || v.Entries[0].Amount != 1521 || !v.Entries[0].BookedOn.Equal(day) || v.Closing != 101521 {
			t.Errorf("ledger %+v, %v", v, err)
		}
		entries, err := audit.List(ctx, db.Read(), b.coop, audit.Filter{Action: audit.LedgerPosted})
		if err != nil || len(entries) != 1 || entries[0].Details["kind"] != "interest" || entries[0].Details["amount"] != "15.21" {
			t.Errorf("audit %+v, %v", entries, err)
		}
		// A month later more has accrued on B, unpaid 51 days (11.06–31.07):
		// 1000 × 9,25% × 51/365 = 12,925 → 12,92; with A's 10,14 that is
		// 23,06, of which 15,21 is posted: 7,85 is left.
		later := d(2026, 7, 31)
		if _, amount, err := b.svc.PostInterest(ctx, b.by, b.acc, later, 0, "Odsetki"); !errors.Is(err, ledger.ErrInterestChanged) || amount != 785 {
			t.Errorf("a month later: %s, %v", amount, err)
		}
	})
}

// TestPostInterestOnce: forms sent at the same moment post the interest
// once.
func TestPostInterestOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		b := newSmallBooks(t, db)
		b.entry(b.coop, b.acc, ledger.KindCharge, d(2026, 4, 1), d(2026, 4, 10), 100000, "Opłaty za 04.2026")
		b.entry(b.coop, b.acc, ledger.KindCharge, d(2026, 5, 1), d(2026, 6, 10), 100000, "Opłaty za 06.2026")
		b.entry(b.coop, b.acc, ledger.KindPayment, d(2026, 5, 20), civil.Date{}, -100000, "Wpłata")
		var wg sync.WaitGroup
		errs := make([]error, 6)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, errs[i] = b.svc.PostInterest(ctx, b.by, b.acc, d(2026, 6, 30), 1521, "Odsetki")
			}()
		}
		wg.Wait()
		posted := 0
		for _, err := range errs {
			switch {
			case err == nil:
				posted++
			case !errors.Is(err, ledger.ErrNoInterest):
				t.Errorf("concurrent posting: %v", err)
			}
		}
		if n := b.count(`SELECT COUNT(*) FROM ledger_entries WHERE kind = 'interest'`); posted != 1 || n != 1 {
			t.Errorf("%d postings succeeded, %d interest entries; want 1", posted, n)
		}
	})
}

// TestManualInterestPosting: staff may post interest by hand, a positive
// amount only.
func TestManualInterestPosting(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		b := newSmallBooks(t, db)
		p := ledger.Posting{AccountID: b.acc, Kind: ledger.KindInterest, BookedOn: today, Amount: -100, Reason: "Odsetki"}
		if _, err := b.svc.Post(ctx, b.by, p, today); !errors.Is(err, ledger.ErrBadAmount) {
			t.Errorf("negative interest: %v", err)
		}
		p.Amount = 1234
		if _, err := b.svc.Post(ctx, b.by, p, today); err != nil {
			t.Fatal(err)
		}
		a, err := b.svc.Interest(ctx, b.coop, b.acc, today)
		if err != nil || a.Posted != 1234 {
			t.Errorf("posted %+v, %v", a, err)
		}
	})
}

// TestAllocationsNeverOverpay: on random ledgers with random allocations,
// some refused, no debt is settled beyond what it owes, every payment is
// accounted for in full, and the interest is never negative.
func TestAllocationsNeverOverpay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		b := newSmallBooks(t, db)
		rng := rand.New(rand.NewPCG(5, 8))
		start := d(2025, 1, 1)
		var debts, payments []int64
		for range 14 {
			booked := start.AddDays(rng.IntN(600))
			debts = append(debts, b.entry(b.coop, b.acc, ledger.KindCharge, booked, booked.AddDays(rng.IntN(20)), money.Amount(1+rng.Int64N(90000)), "Opłaty"))
			payments = append(payments, b.entry(b.coop, b.acc, ledger.KindPayment, start.AddDays(rng.IntN(650)), civil.Date{}, -money.Amount(1+rng.Int64N(120000)), "Wpłata"))
		}
		neighbour := b.entry(b.coop, b.acc2, ledger.KindCharge, start, start, 5000, "Opłaty sąsiada")
		asOf := d(2026, 11, 21)
		for round := range 25 {
			pay := payments[rng.IntN(len(payments))]
			target := debts[rng.IntN(len(debts))]
			switch rng.IntN(5) {
			case 0:
				target = 0
			case 1:
				target = neighbour
			}
			err := b.svc.SetTarget(ctx, b.by, b.acc, pay, target, fmt.Sprintf("runda %d", round))
			switch {
			case target == neighbour && !errors.Is(err, ledger.ErrBadTarget):
				t.Fatalf("round %d: a neighbour's charge: %v", round, err)
			case target != neighbour && err != nil && !errors.Is(err, ledger.ErrUnchanged):
				t.Fatalf("round %d: %v", round, err)
			}
			settled := map[int64]money.Amount{}
			for _, id := range payments {
				detail, err := b.svc.Payment(ctx, b.coop, b.acc, id, asOf)
				if err != nil {
					t.Fatal(err)
				}
				sum := detail.Credit
				for _, s := range detail.Settles {
					if s.Amount <= 0 {
						t.Fatalf("round %d: payment %d settles %s of %d", round, id, s.Amount, s.Debt.ID)
					}
					settled[s.Debt.ID] += s.Amount
					sum += s.Amount
				}
				if sum != -detail.Entry.Amount {
					t.Fatalf("round %d: payment %d of %s accounts for %s", round, id, -detail.Entry.Amount, sum)
				}
				for _, debt := range detail.Debts {
					if debt.Outstanding < 0 || debt.Outstanding > debt.Amount || settled[debt.ID] > debt.Amount {
						t.Fatalf("round %d: debt %d of %s outstanding %s, settled %s", round, debt.ID, debt.Amount, debt.Outstanding, settled[debt.ID])
					}
				}
				if detail.Target.ID != 0 && detail.Target.ID == neighbour {
					t.Fatalf("round %d: payment %d targets a neighbour's charge", round, id)
				}
			}
			a, err := b.svc.Interest(ctx, b.coop, b.acc, asOf)
			if err != nil || a.Total < 0 {
				t.Fatalf("round %d: interest %+v, %v", round, a, err)
			}
		}
	})
}

// TestAllocationBeforeFromIsNotNamed: a payment allocated to a charge
// booked before Filter.From does not name it to whoever sees the ledger
// only from that day.
func TestAllocationBeforeFromIsNotNamed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		b := newSmallBooks(t, db)
		old := b.entry(b.coop, b.acc, ledger.KindCharge, d(2025, 12, 1), d(2025, 12, 10), 30000, "Opłaty sprzedającego")
		recent := b.entry(b.coop, b.acc, ledger.KindCharge, d(2026, 4, 1), d(2026, 4, 10), 40000, "Opłaty kupującego")
		p := b.entry(b.coop, b.acc, ledger.KindPayment, d(2026, 4, 9), civil.Date{}, -30000, "Wpłata")
		settles := func(f ledger.Filter) int64 {
			t.Helper()
			v, err := b.svc.Ledger(ctx, b.coop, b.acc, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range v.Entries {
				if e.ID == p {
					return e.Settles.ID
				}
			}
			t.Fatalf("payment not listed: %+v", v.Entries)
			return 0
		}
		if err := b.svc.SetTarget(ctx, b.by, b.acc, p, old, "Dług sprzedającego"); err != nil {
			t.Fatal(err)
		}
		from := d(2026, 3, 15)
		if got := settles(ledger.Filter{Year: 2026}); got != old {
			t.Errorf("without From the payment settles %d, want %d", got, old)
		}
		if got := settles(ledger.Filter{From: from}); got != 0 {
			t.Errorf("from %s the payment names entry %d, booked before", from.Format(), got)
		}
		if err := b.svc.SetTarget(ctx, b.by, b.acc, p, recent, "Opłaty kupującego"); err != nil {
			t.Fatal(err)
		}
		if got := settles(ledger.Filter{From: from}); got != recent {
			t.Errorf("from %s the payment settles %d, want %d", from.Format(), got, recent)
		}
	})
}
