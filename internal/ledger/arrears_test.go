package ledger_test

import (
	"context"
	"testing"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// TestArrears: 1000,00 zł due 10.04.2026 (A) and 1000,00 zł due
// 10.06.2026 (B), 500,00 zł paid 20.05.2026, on 30.06.2026 at 9,25%.
// The payment settles half of A; unpaid are 500,00 of A (81 days late)
// and B (20 days late).
//
// A: 500 × 9,25% × 40/365 = 5,068 → 5,07 on the part paid 20.05, and
// 500 × 9,25% × 81/365 = 10,264 → 10,26 on the rest: 15,33.
// B: 1000 × 9,25% × 20/365 = 5,068 → 5,07. Together 20,40.
func TestArrears(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		b := newSmallBooks(t, db)
		a := b.entry(b.coop, b.acc, ledger.KindCharge, d(2026, 4, 1), d(2026, 4, 10), 100000, "Opłaty za 04.2026")
		bb := b.entry(b.coop, b.acc, ledger.KindCharge, d(2026, 6, 1), d(2026, 6, 10), 100000, "Opłaty za 06.2026")
		b.entry(b.coop, b.acc, ledger.KindPayment, d(2026, 5, 20), civil.Date{}, -50000, "Wpłata")
		b.entry(b.coop, b.acc2, ledger.KindCharge, d(2026, 4, 1), d(2026, 4, 10), 70000, "Opłaty sąsiada")

		got, err := b.svc.Arrears(ctx, b.coop, b.acc, d(2026, 6, 30), civil.Date{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Unpaid) != 2 || got.Earlier != 0 {
			t.Fatalf("arrears = %+v", got)
		}
		ua, ub := got.Unpaid[0], got.Unpaid[1]
		if ua.ID != a || ua.Outstanding != 50000 || ua.DaysLate != 81 || ua.Interest != 1533 || ua.Description != "Opłaty za 04.2026" {
			t.Errorf("A = %+v", ua)
		}
		if ub.ID != bb || ub.Outstanding != 100000 || ub.DaysLate != 20 || ub.Interest != 507 {
			t.Errorf("B = %+v", ub)
		}
		if got.Accrued.Total != 2040 || got.Since() != d(2026, 4, 10) {
			t.Errorf("interest %v, since %v; want 20,40 since 10.04.2026", got.Accrued.Total, got.Since())
		}
		// The same as Interest says.
		if acc, err := b.svc.Interest(ctx, b.coop, b.acc, d(2026, 6, 30)); err != nil || acc != got.Accrued {
			t.Errorf("Interest = %+v, %v; Arrears has %+v", acc, err, got.Accrued)
		}
		// Allocated to B, the payment leaves A whole and half of B.
		payment := b.count(`SELECT id FROM ledger_entries WHERE account_id = $1 AND kind = 'payment'`, b.acc)
		if err := b.svc.SetTarget(ctx, b.by, b.acc, int64(payment), bb, "Wpłata za czerwiec"); err != nil {
			t.Fatal(err)
		}
		got, err = b.svc.Arrears(ctx, b.coop, b.acc, d(2026, 6, 30), civil.Date{})
		if err != nil || len(got.Unpaid) != 2 || got.Unpaid[0].Outstanding != 100000 || got.Unpaid[1].Outstanding != 50000 {
			t.Errorf("after the allocation = %+v, %v", got, err)
		}
		// A holding that began 01.05.2026 lists B and sums what is left
		// of A.
		got, err = b.svc.Arrears(ctx, b.coop, b.acc, d(2026, 6, 30), d(2026, 5, 1))
		if err != nil || len(got.Unpaid) != 1 || got.Unpaid[0].ID != bb || got.Earlier != 100000 {
			t.Errorf("from 01.05.2026 = %+v, %v", got, err)
		}
		// Nothing due yet is not late.
		got, err = b.svc.Arrears(ctx, b.coop, b.acc, d(2026, 6, 5), civil.Date{})
		if err != nil || len(got.Unpaid) != 2 || got.Unpaid[1].DaysLate != 0 || got.Unpaid[1].Interest != 0 {
			t.Errorf("before B is due = %+v, %v", got, err)
		}
	})
}
