package ledger_test

import (
	"context"
	"errors"
	"testing"

	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// The ledger service itself refuses an amount whose sign does not fit the
// kind of posting, and zero, whoever calls it (not only the staff form):
// a payment lowers the balance, a charge or interest raises it, and a
// correction goes either way.
func TestPostRefusesAmountsThatDoNotFitTheKind(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		b := newSmallBooks(t, db)
		for _, tc := range []struct {
			kind   string
			amount int64
			ok     bool
		}{
			{ledger.KindPayment, -100, true},
			{ledger.KindPayment, 100, false},
			{ledger.KindPayment, 0, false},
			{ledger.KindCharge, 100, true},
			{ledger.KindCharge, -100, false},
			{ledger.KindCharge, 0, false},
			{ledger.KindInterest, 1, true},
			{ledger.KindInterest, -1, false},
			{ledger.KindInterest, 0, false},
			{ledger.KindCorrection, 100, true},
			{ledger.KindCorrection, -100, true},
			{ledger.KindCorrection, 0, false},
		} {
			p := ledger.Posting{AccountID: b.acc, Kind: tc.kind, BookedOn: today, Amount: money.Amount(tc.amount), Reason: "Korekta ręczna"}
			_, err := b.svc.Post(ctx, b.by, p, today)
			switch {
			case tc.ok && err != nil:
				t.Errorf("%s %d: %v", tc.kind, tc.amount, err)
			case !tc.ok && !errors.Is(err, ledger.ErrBadAmount):
				t.Errorf("%s %d: %v, want ErrBadAmount", tc.kind, tc.amount, err)
			}
		}
		if n := b.count(`SELECT COUNT(*) FROM ledger_entries`); n != 5 {
			t.Errorf("%d entries posted, want the 5 that fit", n)
		}
	})
}
