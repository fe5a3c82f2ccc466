package interest

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/ebok/ebok/internal/money"
)

func TestAllocate(t *testing.T) {
	jan := Debt{ID: "2023-01", DueOn: day(2023, 1, 10), Amount: 50000}
	feb := Debt{ID: "2023-02", DueOn: day(2023, 2, 10), Amount: 50000}
	mar := Debt{ID: "2023-03", DueOn: day(2023, 3, 10), Amount: 50000}
	tests := []struct {
		name     string
		debts    []Debt
		payments []Payment
		want     []Allocation
	}{
		{
			name:     "oldest first, split across debts",
			debts:    []Debt{mar, jan, feb}, // input order does not matter
			payments: []Payment{{ID: "p1", PaidOn: day(2023, 3, 15), Amount: 70000}},
			want: []Allocation{
				{PaymentID: "p1", DebtID: "2023-01", PaidOn: day(2023, 3, 15), Amount: 50000},
				{PaymentID: "p1", DebtID: "2023-02", PaidOn: day(2023, 3, 15), Amount: 20000},
			},
		},
		{
			name:  "payments taken by date",
			debts: []Debt{jan, feb},
			payments: []Payment{
				{ID: "late", PaidOn: day(2023, 3, 1), Amount: 50000},
				{ID: "early", PaidOn: day(2023, 1, 20), Amount: 30000},
			},
			want: []Allocation{
				{PaymentID: "early", DebtID: "2023-01", PaidOn: day(2023, 1, 20), Amount: 30000},
				{PaymentID: "late", DebtID: "2023-01", PaidOn: day(2023, 3, 1), Amount: 20000},
				{PaymentID: "late", DebtID: "2023-02", PaidOn: day(2023, 3, 1), Amount: 30000},
			},
		},
		{
			name:     "targeted payment, rest oldest first",
			debts:    []Debt{jan, feb, mar},
			payments: []Payment{{ID: "p1", PaidOn: day(2023, 3, 15), Amount: 60000, Target: "2023-03"}},
			want: []Allocation{
				{PaymentID: "p1", DebtID: "2023-03", PaidOn: day(2023, 3, 15), Amount: 50000},
				{PaymentID: "p1", DebtID: "2023-01", PaidOn: day(2023, 3, 15), Amount: 10000},
			},
		},
		{
			name:     "unknown target falls back to oldest first",
			debts:    []Debt{jan},
			payments: []Payment{{ID: "p1", PaidOn: day(2023, 1, 5), Amount: 10000, Target: "nope"}},
			want:     []Allocation{{PaymentID: "p1", DebtID: "2023-01", PaidOn: day(2023, 1, 5), Amount: 10000}},
		},
		{
			name:  "overpayment stays as credit",
			debts: []Debt{jan},
			payments: []Payment{
				{ID: "p1", PaidOn: day(2023, 1, 5), Amount: 80000},
				{ID: "p2", PaidOn: day(2023, 1, 6), Amount: 1000},
			},
			want: []Allocation{
				{PaymentID: "p1", DebtID: "2023-01", PaidOn: day(2023, 1, 5), Amount: 50000},
				{PaymentID: "p1", Credit: true, PaidOn: day(2023, 1, 5), Amount: 30000},
				{PaymentID: "p2", Credit: true, PaidOn: day(2023, 1, 6), Amount: 1000},
			},
		},
		{
			name:     "payment before a charge is due settles it",
			debts:    []Debt{feb},
			payments: []Payment{{ID: "p1", PaidOn: day(2023, 1, 30), Amount: 50000}},
			want:     []Allocation{{PaymentID: "p1", DebtID: "2023-02", PaidOn: day(2023, 1, 30), Amount: 50000}},
		},
		{
			name:  "zero and negative amounts are ignored",
			debts: []Debt{{ID: "z", DueOn: day(2023, 1, 1)}, {ID: "n", DueOn: day(2023, 1, 1), Amount: -500}, jan},
			payments: []Payment{
				{ID: "zero", PaidOn: day(2023, 1, 2)},
				{ID: "neg", PaidOn: day(2023, 1, 2), Amount: -100},
				{ID: "p", PaidOn: day(2023, 1, 3), Amount: 100},
			},
			want: []Allocation{{PaymentID: "p", DebtID: "2023-01", PaidOn: day(2023, 1, 3), Amount: 100}},
		},
		{name: "nothing", want: []Allocation{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Allocate(tt.debts, tt.payments)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Allocate =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

// randomCase makes debts with unique IDs and payments, some targeted, with
// dates in 2023–2025 and amounts that can be zero.
func randomCase(rng *rand.Rand) ([]Debt, []Payment) {
	start := day(2023, 1, 1)
	debts := make([]Debt, rng.IntN(12))
	for i := range debts {
		debts[i] = Debt{
			ID:     fmt.Sprintf("d%d", i),
			DueOn:  start.AddDays(rng.IntN(900)),
			Amount: money.Amount(rng.Int64N(200_000)),
		}
	}
	payments := make([]Payment, rng.IntN(12))
	for i := range payments {
		payments[i] = Payment{
			ID:     fmt.Sprintf("p%d", i),
			PaidOn: start.AddDays(rng.IntN(1000)),
			Amount: money.Amount(rng.Int64N(250_000)),
		}
		if len(debts) > 0 && rng.IntN(4) == 0 {
			payments[i].Target = debts[rng.IntN(len(debts))].ID
		}
	}
	return debts, payments
}

// TestAllocateProperties checks, on random cases from a fixed seed, that
// no debt gets more than it owes, that payments are neither lost nor
// invented, and that credit arises only once every debt is settled.
func TestAllocateProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for n := range 3000 {
		debts, payments := randomCase(rng)
		allocs := Allocate(debts, payments)

		perDebt := map[string]money.Amount{}
		perPayment := map[string]money.Amount{}
		var allocated, credit, owed, paid money.Amount
		for _, a := range allocs {
			if a.Amount <= 0 {
				t.Fatalf("case %d: non-positive allocation %+v", n, a)
			}
			perPayment[a.PaymentID] += a.Amount
			if a.Credit {
				credit += a.Amount
				continue
			}
			perDebt[a.DebtID] += a.Amount
			allocated += a.Amount
		}
		for _, d := range debts {
			if perDebt[d.ID] > d.Amount {
				t.Fatalf("case %d: debt %s of %s got %s", n, d.ID, d.Amount, perDebt[d.ID])
			}
			owed += d.Amount
		}
		for _, p := range payments {
			if perPayment[p.ID] != p.Amount {
				t.Fatalf("case %d: payment %s of %s allocated %s", n, p.ID, p.Amount, perPayment[p.ID])
			}
			paid += p.Amount
		}
		if allocated > paid || allocated+credit != paid {
			t.Fatalf("case %d: allocated %s + credit %s, paid %s", n, allocated, credit, paid)
		}
		if allocated != min(owed, paid) || credit != max(paid-owed, 0) {
			t.Fatalf("case %d: owed %s, paid %s, allocated %s, credit %s", n, owed, paid, allocated, credit)
		}
	}
}
