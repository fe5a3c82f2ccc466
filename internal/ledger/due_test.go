package ledger_test

import (
	"context"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/demo"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// TestBalanceDueAgreesWithBalancesAndNextDue: the overview's one-pass
// BalanceDue gives what Balances and NextDue give apart, for every account
// of a demo (those without entries too), before and after the due day, in
// a month already charged and in one not yet.
func TestBalanceDueAgreesWithBalancesAndNextDue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		res, err := demo.Generate(ctx, db, demo.Options{Seed: 11, Premises: 60, Today: today,
			HashPassword: func(string) (string, error) {
				return "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", nil
			}})
		if err != nil {
			t.Fatal(err)
		}
		svc := &ledger.Service{DB: db, Now: time.Now}
		rows, err := db.Read().QueryContext(ctx, `SELECT id, premises_id FROM accounts WHERE coop_id = $1 ORDER BY id`, res.CoopID)
		if err != nil {
			t.Fatal(err)
		}
		type account struct{ id, premises int64 }
		var accounts []account
		for rows.Next() {
			var a account
			if err := rows.Scan(&a.id, &a.premises); err != nil {
				t.Fatal(err)
			}
			accounts = append(accounts, a)
		}
		rows.Close()
		if len(accounts) < 40 {
			t.Fatalf("only %d accounts", len(accounts))
		}
		days := []civil.Date{today, {Year: 2026, Month: 11, Day: 5}, {Year: 2026, Month: 12, Day: 20}, {Year: 2020, Month: 3, Day: 1}}
		for _, a := range accounts {
			for _, day := range days {
				for _, dueDay := range []int{10, 25} {
					balances, err := svc.Balances(ctx, res.CoopID, []int64{a.id})
					if err != nil {
						t.Fatal(err)
					}
					want, err := svc.NextDue(ctx, res.CoopID, a.id, a.premises, dueDay, day)
					if err != nil {
						t.Fatal(err)
					}
					b, d, err := svc.BalanceDue(ctx, res.CoopID, a.id, a.premises, dueDay, day)
					if err != nil {
						t.Fatal(err)
					}
					wantB := balances[a.id]
					if !b.PostedAt.Equal(wantB.PostedAt) || b.AccountID != wantB.AccountID || b.Amount != wantB.Amount ||
						b.LastBooked != wantB.LastBooked || b.Entries != wantB.Entries {
						t.Fatalf("account %d: BalanceDue balance %+v, Balances %+v", a.id, b, wantB)
					}
					if d != want {
						t.Fatalf("account %d on %v, due day %d: BalanceDue due %+v, NextDue %+v", a.id, day, dueDay, d, want)
					}
				}
			}
		}
	})
}
