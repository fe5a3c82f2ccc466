package ledger_test

import (
	"context"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/demo"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

var today = civil.Date{Year: 2026, Month: 11, Day: 21}

// TestDemoChargesAgreeWithTheFeeBreakdown: every monthly charge the demo
// posted equals the fee breakdown the resident sees for that month, and
// the ledger view's running balance ends at the account's balance.
func TestDemoChargesAgreeWithTheFeeBreakdown(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		res, err := demo.Generate(ctx, db, demo.Options{Seed: 7, Premises: 60, Today: today,
			HashPassword: func(string) (string, error) {
				return "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", nil
			}})
		if err != nil {
			t.Fatal(err)
		}
		svc := &ledger.Service{DB: db, Now: time.Now}
		rows, err := db.Read().QueryContext(ctx, `SELECT a.id, a.premises_id, e.period, e.amount FROM ledger_entries e
			JOIN accounts a ON a.coop_id = e.coop_id AND a.id = e.account_id
			WHERE e.coop_id = $1 AND e.kind = 'charge' AND e.component IS NULL AND e.period IN ('2017-01', '2021-06', '2026-11')
			ORDER BY a.id, e.period`, res.CoopID)
		if err != nil {
			t.Fatal(err)
		}
		type charge struct {
			account, premises int64
			period            string
			amount            money.Amount
		}
		var charges []charge
		for rows.Next() {
			var c charge
			if err := rows.Scan(&c.account, &c.premises, &c.period, &c.amount); err != nil {
				t.Fatal(err)
			}
			charges = append(charges, c)
		}
		rows.Close()
		if len(charges) < 60 {
			t.Fatalf("only %d charges sampled", len(charges))
		}
		for _, c := range charges {
			m, err := civil.ParseMonth(c.period)
			if err != nil {
				t.Fatal(err)
			}
			fs, err := svc.Fees(ctx, res.CoopID, c.premises, m.FirstDay())
			if err != nil {
				t.Fatal(err)
			}
			if fs.Total != c.amount {
				t.Errorf("premises %d, %s: charged %s, breakdown says %s", c.premises, c.period, c.amount, fs.Total)
			}
		}
		// The ledger view's closing balance is the account's balance.
		for _, c := range charges[:10] {
			v, err := svc.Ledger(ctx, res.CoopID, c.account, ledger.Filter{Year: 2026})
			if err != nil {
				t.Fatal(err)
			}
			b, err := svc.Balances(ctx, res.CoopID, []int64{c.account})
			if err != nil {
				t.Fatal(err)
			}
			if v.Closing != b[c.account].Amount {
				t.Errorf("account %d: ledger closes at %s, balance %s", c.account, v.Closing, b[c.account].Amount)
			}
			var sum money.Amount
			for _, m := range v.Months {
				sum += m.Debits - m.Credits
			}
			if v.Opening+sum != v.Closing {
				t.Errorf("account %d: opening %s + months %s != closing %s", c.account, v.Opening, sum, v.Closing)
			}
		}
	})
}

func TestLineAmount(t *testing.T) {
	cases := []struct {
		base    string
		rate    int64
		area    int64
		persons int
		want    money.Amount
	}{
		{ledger.BaseArea, 320, 4830, 0, 15456},   // 3,20 × 48,30 = 154,56
		{ledger.BaseArea, 273, 4838, 0, 13208},   // 2,73 × 48,38 = 132,0774 → 132,08
		{ledger.BaseArea, 100, 4850, 0, 4850},    // exact
		{ledger.BaseArea, 1, 50, 0, 1},           // 0,005 → half up → 0,01
		{ledger.BaseArea, -320, 4830, 0, -15456}, // a negative rate rounds symmetrically
		{ledger.BasePersons, 4500, 0, 3, 13500},
		{ledger.BasePremises, 773, 0, 0, 773},
		{ledger.BaseVolume, 1500, 4830, 3, 0},
	}
	for _, c := range cases {
		if got := ledger.LineAmount(c.base, c.rate, c.area, c.persons); got != c.want {
			t.Errorf("LineAmount(%s, %d, %d, %d) = %d, want %d", c.base, c.rate, c.area, c.persons, got, c.want)
		}
	}
}
