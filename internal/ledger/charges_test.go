package ledger_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

func TestRunCharges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coopID, accountID, _, _ := demoCoop(t, db)
		svc := &ledger.Service{DB: db, Now: time.Now}
		by := audit.Actor{CoopID: coopID, Name: "system"}
		var premisesID int64
		if err := db.Read().QueryRowContext(ctx, `SELECT premises_id FROM accounts WHERE id = $1`, accountID).Scan(&premisesID); err != nil {
			t.Fatal(err)
		}
		dec := civil.Month{Year: 2026, Month: 12}
		fs, err := svc.Fees(ctx, coopID, premisesID, dec.FirstDay())
		if err != nil {
			t.Fatal(err)
		}
		before, _ := svc.Balances(ctx, coopID, []int64{accountID})
		if _, err := svc.RunCharges(ctx, by, civil.Month{Year: 2027, Month: 2}, 10, today); !errors.Is(err, ledger.ErrRunTooEarly) {
			t.Errorf("February 2027 in November 2026: %v", err)
		}
		// November is charged already (by the demo): nothing posted.
		res, err := svc.RunCharges(ctx, by, civil.Month{Year: 2026, Month: 11}, 10, today)
		if err != nil || res.Entries != 0 || res.Skipped != 60 {
			t.Fatalf("November: %+v %v", res, err)
		}
		res, err = svc.RunCharges(ctx, by, dec, 10, today)
		if err != nil {
			t.Fatal(err)
		}
		if res.Accounts == 0 || res.Entries < res.Accounts || res.Skipped != 0 {
			t.Fatalf("December: %+v", res)
		}
		after, _ := svc.Balances(ctx, coopID, []int64{accountID})
		if got := after[accountID].Amount - before[accountID].Amount; got != fs.Total {
			t.Errorf("account charged %s, breakdown says %s", got, fs.Total)
		}
		// One entry per component, due on the 10th, visible in the ledger.
		v, err := svc.Statement(ctx, coopID, accountID, dec.FirstDay(), dec.LastDay(), civil.Date{})
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Entries) != len(fs.Lines) {
			t.Errorf("%d entries for %d components", len(v.Entries), len(fs.Lines))
		}
		for _, e := range v.Entries {
			if e.Kind != ledger.KindCharge || e.Component == "" || e.DueOn != (civil.Date{Year: 2026, Month: 12, Day: 10}) || e.Period != "2026-12" {
				t.Errorf("entry %+v", e)
			}
		}
		// Running the month again posts nothing.
		again, err := svc.RunCharges(ctx, by, dec, 10, today)
		if err != nil || again.Entries != 0 || again.Skipped != res.Accounts {
			t.Errorf("second run: %+v %v", again, err)
		}
		var total money.Amount
		if err := db.Read().QueryRowContext(ctx, `SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE coop_id = $1 AND period = '2026-12'`, coopID).Scan(&total); err != nil {
			t.Fatal(err)
		}
		if total != res.Total {
			t.Errorf("posted %s, run says %s", total, res.Total)
		}
	})
}
