package ledger_test

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/ledgercsv"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// A manual posting or a settlement is held to the limit the imports keep
// (ledgercsv.MaxAmount): two charges of the largest amount the form reads
// wrapped the running balance round (the ledger page and the statement
// showed a few złoty) and made every SUM of the account fail with
// "integer overflow", so the premises' overview answered 500.
func TestPostRefusesAmountsBeyondTheImportLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		b := newSmallBooks(t, db)
		for _, tc := range []struct {
			kind   string
			amount money.Amount
			ok     bool
		}{
			{ledger.KindCharge, ledgercsv.MaxAmount, true},
			{ledger.KindPayment, -ledgercsv.MaxAmount, true},
			{ledger.KindCharge, ledgercsv.MaxAmount + 1, false},
			{ledger.KindCharge, math.MaxInt64, false},
			{ledger.KindInterest, math.MaxInt64, false},
			{ledger.KindPayment, -ledgercsv.MaxAmount - 1, false},
			{ledger.KindPayment, math.MinInt64, false},
			{ledger.KindCorrection, math.MaxInt64, false},
			{ledger.KindCorrection, math.MinInt64, false},
		} {
			p := ledger.Posting{AccountID: b.acc, Kind: tc.kind, BookedOn: today, Amount: tc.amount, Reason: "Korekta ręczna"}
			_, err := b.svc.Post(ctx, b.by, p, today)
			switch {
			case tc.ok && err != nil:
				t.Errorf("%s %d: %v", tc.kind, tc.amount, err)
			case !tc.ok && !errors.Is(err, ledger.ErrAmountTooLarge):
				t.Errorf("%s %d: %v, want ErrAmountTooLarge", tc.kind, tc.amount, err)
			}
		}
		if n := b.count(`SELECT COUNT(*) FROM ledger_entries`); n != 2 {
			t.Errorf("%d entries posted, want the 2 within the limit", n)
		}
		for _, st := range []ledger.Settlement{
			{Kind: "water", Cost: math.MaxInt64},
			{Kind: "heating", Advances: math.MaxInt64},
			{Kind: "water", Cost: ledgercsv.MaxAmount + 1, Advances: 1},
		} {
			st.From, st.To = civil.Date{Year: 2026, Month: 1, Day: 1}, civil.Date{Year: 2026, Month: 6, Day: 30}
			if _, err := b.svc.RecordSettlement(ctx, b.by, b.premises, st, today); !errors.Is(err, ledger.ErrBadSettlement) {
				t.Errorf("settlement cost %d advances %d: %v, want ErrBadSettlement", st.Cost, st.Advances, err)
			}
		}
	})
}
