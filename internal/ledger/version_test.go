package ledger_test

import (
	"context"
	"testing"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// TestVersion: an account's ledger version changes with every entry and
// every allocation of a payment, and not with another account's.
func TestVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		b := newSmallBooks(t, db)
		version := func(acc int64) string {
			t.Helper()
			v, err := b.svc.Version(ctx, acc)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		seen := map[string]bool{version(b.acc): true}
		changed := func(what string) {
			t.Helper()
			v := version(b.acc)
			if seen[v] {
				t.Fatalf("after %s the version is %s, seen before", what, v)
			}
			seen[v] = true
		}
		charge := b.entry(b.coop, b.acc, ledger.KindCharge, d(2026, 10, 1), d(2026, 10, 10), 50000, "Opłaty")
		changed("a charge")
		payment := b.entry(b.coop, b.acc, ledger.KindPayment, d(2026, 10, 5), civil.Date{}, -50000, "Wpłata")
		changed("a payment")
		if err := b.svc.SetTarget(ctx, b.by, b.acc, payment, charge, "Wpłata za październik"); err != nil {
			t.Fatal(err)
		}
		changed("an allocation")
		if err := b.svc.SetTarget(ctx, b.by, b.acc, payment, 0, "Jednak od najstarszych"); err != nil {
			t.Fatal(err)
		}
		changed("an allocation taken back")
		before := version(b.acc)
		b.entry(b.coop, b.acc2, ledger.KindCharge, d(2026, 10, 1), d(2026, 10, 10), 50000, "Opłaty sąsiada")
		if version(b.acc) != before {
			t.Fatal("another account's entry changed the version")
		}
	})
}
