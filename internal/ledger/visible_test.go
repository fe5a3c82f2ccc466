package ledger_test

import (
	"context"
	"testing"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// TestLedgerFrom: with Filter.From, entries before it are not listed, and
// the balance on that day opens the ledger; years before it are not
// offered.
func TestLedgerFrom(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		b := newSmallBooks(t, db)
		// The seller's time: charged 300,00, paid 250,00; the buyer's from
		// 15.03.2026: charged 400,00, paid 100,00.
		b.entry(b.coop, b.acc, ledger.KindCharge, d(2025, 12, 1), d(2025, 12, 10), 30000, "Opłaty sprzedającego")
		b.entry(b.coop, b.acc, ledger.KindPayment, d(2026, 3, 2), civil.Date{}, -25000, "Wpłata sprzedającego")
		b.entry(b.coop, b.acc, ledger.KindCharge, d(2026, 4, 1), d(2026, 4, 10), 40000, "Opłaty kupującego")
		b.entry(b.coop, b.acc, ledger.KindPayment, d(2026, 4, 9), civil.Date{}, -10000, "Wpłata kupującego")

		from := d(2026, 3, 15)
		v, err := b.svc.Ledger(ctx, b.coop, b.acc, ledger.Filter{From: from})
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Years) != 1 || v.Years[0] != 2026 || v.Year != 2026 {
			t.Errorf("years = %v, year %d; want only 2026", v.Years, v.Year)
		}
		if v.OpeningOn != from || v.Opening != 5000 || v.Closing != 35000 {
			t.Errorf("opening %v on %v, closing %v; want 50,00 on 15.03.2026 and 350,00", v.Opening, v.OpeningOn, v.Closing)
		}
		if len(v.Entries) != 2 || v.Entries[0].Description != "Opłaty kupującego" || v.Entries[0].Balance != 45000 {
			t.Errorf("entries = %+v", v.Entries)
		}
		for _, m := range v.Months {
			if m.Month.Month < 4 {
				t.Errorf("a month before the holding is summed: %+v", m)
			}
		}
		// Asking for the seller's year gives the buyer's first year.
		if v, err := b.svc.Ledger(ctx, b.coop, b.acc, ledger.Filter{From: from, Year: 2025}); err != nil || v.Year != 2026 || len(v.Entries) != 2 {
			t.Errorf("year 2025 with From = %+v, %v", v, err)
		}
		// Without From (staff) everything is there.
		all, err := b.svc.Ledger(ctx, b.coop, b.acc, ledger.Filter{Year: 2026})
		if err != nil || len(all.Years) != 2 || len(all.Entries) != 3 || all.Opening != 30000 || all.OpeningOn != d(2026, 1, 1) {
			t.Errorf("without From = %+v, %v", all, err)
		}
		// Nothing booked since From: no years, nothing listed.
		empty, err := b.svc.Ledger(ctx, b.coop, b.acc, ledger.Filter{From: d(2026, 11, 1)})
		if err != nil || len(empty.Years) != 0 || len(empty.Entries) != 0 {
			t.Errorf("nothing since From = %+v, %v", empty, err)
		}
	})
}
