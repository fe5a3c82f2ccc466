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

func TestPreviewChargesMatchesTheRunAndPostsNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coopID, _, _, _ := demoCoop(t, db)
		svc := &ledger.Service{DB: db, Now: time.Now}
		by := audit.Actor{CoopID: coopID, Name: "system"}
		if _, err := svc.PreviewCharges(ctx, coopID, civil.Month{Year: 2027, Month: 2}, today); !errors.Is(err, ledger.ErrRunTooEarly) {
			t.Errorf("February 2027 in November 2026: %v", err)
		}
		nov, err := svc.PreviewCharges(ctx, coopID, civil.Month{Year: 2026, Month: 11}, today)
		if err != nil || nov.Accounts != 0 || nov.Charged != 60 || len(nov.Sample) != 0 {
			t.Fatalf("November (charged by the demo): %+v %v", nov, err)
		}
		dec := civil.Month{Year: 2026, Month: 12}
		p, err := svc.PreviewCharges(ctx, coopID, dec, today)
		if err != nil {
			t.Fatal(err)
		}
		var posted int
		if err := db.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM ledger_entries WHERE coop_id = $1 AND period = '2026-12'`, coopID).Scan(&posted); err != nil {
			t.Fatal(err)
		}
		if posted != 0 {
			t.Fatalf("the preview posted %d entries", posted)
		}
		if p.Accounts+p.NoRates+p.Charged != 60 || p.Charged != 0 || len(p.Sample) != 5 {
			t.Errorf("December preview: %d charged, %d without rates, %d done before, sample %d; want 60 premises in all and a sample of 5",
				p.Accounts, p.NoRates, p.Charged, len(p.Sample))
		}
		for _, s := range p.Sample {
			var sum money.Amount
			for _, l := range s.Lines {
				sum += l.Amount
			}
			if s.Address == "" || sum != s.Total || s.Total <= 0 {
				t.Errorf("sample %+v", s)
			}
		}
		res, err := svc.RunCharges(ctx, by, dec, 10, today)
		if err != nil {
			t.Fatal(err)
		}
		if res.Accounts != p.Accounts || res.Entries != p.Entries || res.Total != p.Total {
			t.Errorf("run %+v, preview said %d accounts, %d entries, %s", res, p.Accounts, p.Entries, p.Total)
		}
	})
}
