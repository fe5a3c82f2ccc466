package interest

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/money"
)

// TestStatementHandComputed: fees of 500,00 zł due 10.01 and 10.02.2023,
// 700,00 zł paid 10.03.2023, report on 31.03.2023, all at 12,25%.
//
//	January, paid 10.03: 11.01–10.03 = 59 days: 500 × 0,1225 × 59 / 365 = 9,9007 → 9,90
//	February, 200 paid 10.03: 11.02–10.03 = 18 + 10 = 28 days:
//	                          200 × 0,1225 × 28 / 365 = 1,8795 → 1,88
//	February, 300 unpaid:     11.02–31.03 = 18 + 31 = 49 days:
//	                          300 × 0,1225 × 49 / 365 = 4,9336 → 4,93
//
// Interest 9,90 + 1,88 + 4,93 = 16,71 zł; 300,00 zł still owed.
func TestStatementHandComputed(t *testing.T) {
	tab := defaultTable(t)
	debts := []Debt{
		{ID: "2023-01", DueOn: day(2023, 1, 10), Amount: 50000},
		{ID: "2023-02", DueOn: day(2023, 2, 10), Amount: 50000},
	}
	payments := []Payment{
		{ID: "p1", PaidOn: day(2023, 3, 10), Amount: 70000},
		{ID: "after", PaidOn: day(2023, 4, 1), Amount: 30000}, // after asOf: left out
	}
	r, err := Statement(debts, payments, day(2023, 3, 31), tab)
	if err != nil {
		t.Fatal(err)
	}
	if r.Outstanding != 30000 || r.Interest != 1671 || r.Credit != 0 || len(r.Allocations) != 2 {
		t.Fatalf("report totals: outstanding %s, interest %s, credit %s, %d allocations",
			r.Outstanding, r.Interest, r.Credit, len(r.Allocations))
	}
	jan, feb := r.Debts[0], r.Debts[1]
	if jan.Paid != 50000 || jan.Outstanding != 0 || jan.Interest != 990 || len(jan.Portions) != 1 {
		t.Errorf("January line = %+v", jan)
	}
	if p := jan.Portions[0]; !p.Paid() || p.PaidOn != day(2023, 3, 10) || p.PaymentID != "p1" || p.Slices[0].Days != 59 {
		t.Errorf("January portion = %+v", p)
	}
	if feb.Paid != 20000 || feb.Outstanding != 30000 || feb.Interest != 188+493 || len(feb.Portions) != 2 {
		t.Fatalf("February line = %+v", feb)
	}
	paidPart, unpaid := feb.Portions[0], feb.Portions[1]
	if paidPart.Amount != 20000 || paidPart.Interest != 188 || paidPart.Slices[0].Days != 28 {
		t.Errorf("February paid portion = %+v", paidPart)
	}
	if unpaid.Paid() || unpaid.Amount != 30000 || unpaid.Interest != 493 || unpaid.Slices[0].To != day(2023, 3, 31) {
		t.Errorf("February unpaid portion = %+v", unpaid)
	}
	// The outstanding amount over time.
	for d, want := range map[civil.Date]money.Amount{
		day(2023, 2, 1): 50000, day(2023, 3, 9): 50000, day(2023, 3, 10): 30000, day(2023, 12, 31): 30000,
	} {
		if got := feb.OutstandingOn(d); got != want {
			t.Errorf("February OutstandingOn(%s) = %s, want %s", d, got, want)
		}
	}
}

// TestStatementAcrossRateChange: 1000,00 zł due 10.08.2023 paid in two
// halves, on 6.09 and on 20.10.2023.
//
//	first half, 11.08–06.09 = 27 days × 12,25%: 500 × 0,1225 × 27 / 365 = 4,5308 → 4,53
//	second half:
//	  11.08–06.09 = 27 days × 12,25%: 500 × 0,1225 × 27 / 365 = 4,5308 → 4,53
//	  07.09–04.10 = 28 days × 11,50%: 500 × 0,1150 × 28 / 365 = 4,4110 → 4,41
//	  05.10–20.10 = 16 days × 11,25%: 500 × 0,1125 × 16 / 365 = 2,4658 → 2,47
//
// Interest 4,53 + 4,53 + 4,41 + 2,47 = 15,94 zł.
func TestStatementAcrossRateChange(t *testing.T) {
	r, err := Statement(
		[]Debt{{ID: "d", DueOn: day(2023, 8, 10), Amount: 100000}},
		[]Payment{
			{ID: "b", PaidOn: day(2023, 10, 20), Amount: 50000},
			{ID: "a", PaidOn: day(2023, 9, 6), Amount: 50000},
		},
		day(2023, 12, 31), defaultTable(t))
	if err != nil {
		t.Fatal(err)
	}
	line := r.Debts[0]
	if r.Interest != 1594 || line.Outstanding != 0 || len(line.Portions) != 2 {
		t.Fatalf("report = %+v", r)
	}
	if got := line.Portions[0]; got.PaymentID != "a" || got.Interest != 453 || len(got.Slices) != 1 {
		t.Errorf("first portion = %+v", got)
	}
	if got := line.Portions[1]; got.PaymentID != "b" || got.Interest != 453+441+247 || len(got.Slices) != 3 {
		t.Errorf("second portion = %+v", got)
	}
}

func TestStatementCreditAndEarlyPayment(t *testing.T) {
	// 600,00 zł paid 5.01 covers January's 500,00 zł before it is due (no
	// interest) and leaves 100,00 zł that settles part of February in
	// advance; 400,00 zł of February is unpaid on 15.02: 11.02–15.02 =
	// 5 days × 12,25%: 400 × 0,1225 × 5 / 365 = 0,6712 → 0,67 zł.
	r, err := Statement(
		[]Debt{{ID: "jan", DueOn: day(2023, 1, 10), Amount: 50000}, {ID: "feb", DueOn: day(2023, 2, 10), Amount: 50000}},
		[]Payment{{ID: "p", PaidOn: day(2023, 1, 5), Amount: 60000}},
		day(2023, 2, 15), defaultTable(t))
	if err != nil {
		t.Fatal(err)
	}
	if r.Interest != 67 || r.Outstanding != 40000 || r.Credit != 0 {
		t.Errorf("report: interest %s, outstanding %s, credit %s", r.Interest, r.Outstanding, r.Credit)
	}
	// Overpaid: everything settled, 200,00 zł credit, no interest.
	r, err = Statement(
		[]Debt{{ID: "jan", DueOn: day(2023, 1, 10), Amount: 50000}},
		[]Payment{{ID: "p", PaidOn: day(2023, 1, 10), Amount: 70000}},
		day(2023, 6, 30), defaultTable(t))
	if err != nil {
		t.Fatal(err)
	}
	if r.Interest != 0 || r.Outstanding != 0 || r.Credit != 20000 {
		t.Errorf("overpaid report: interest %s, outstanding %s, credit %s", r.Interest, r.Outstanding, r.Credit)
	}
}

func TestStatementErrors(t *testing.T) {
	tab := defaultTable(t)
	ok := []Debt{{ID: "d", DueOn: day(2023, 1, 10), Amount: 100}}
	tests := []struct {
		name     string
		debts    []Debt
		payments []Payment
		asOf     civil.Date
		table    *Table
		want     error
	}{
		{"negative debt", []Debt{{ID: "d", DueOn: day(2023, 1, 10), Amount: -1}}, nil, day(2023, 2, 1), tab, ErrAmount},
		{"negative payment", ok, []Payment{{ID: "p", PaidOn: day(2023, 1, 1), Amount: -1}}, day(2023, 2, 1), tab, ErrAmount},
		{"bad due date", []Debt{{ID: "d", Amount: 100}}, nil, day(2023, 2, 1), tab, ErrDate},
		{"bad payment date", ok, []Payment{{ID: "p", Amount: 100}}, day(2023, 2, 1), tab, ErrDate},
		{"bad asOf", ok, nil, civil.Date{}, tab, ErrDate},
		{"before table", []Debt{{ID: "d", DueOn: day(2005, 1, 10), Amount: 100}}, nil, day(2023, 2, 1), tab, ErrNoRate},
		{"no table", ok, nil, day(2023, 2, 1), nil, ErrTable},
	}
	for _, tt := range tests {
		if _, err := Statement(tt.debts, tt.payments, tt.asOf, tt.table); !errors.Is(err, tt.want) {
			t.Errorf("%s: error = %v, want %v", tt.name, err, tt.want)
		}
	}
}

// TestStatementProperties checks, on random cases from a fixed seed, that
// the total outstanding is debts − payments when positive and the credit
// payments − debts when positive, that each line adds up, and that
// interest never falls as the report's day moves on.
func TestStatementProperties(t *testing.T) {
	tab := defaultTable(t)
	rng := rand.New(rand.NewPCG(42, 1))
	for n := range 1000 {
		debts, payments := randomCase(rng)
		asOf := day(2026, 1, 1) // after every payment
		r, err := Statement(debts, payments, asOf, tab)
		if err != nil {
			t.Fatalf("case %d: %v", n, err)
		}
		var owed, paid, interest money.Amount
		for _, d := range debts {
			owed += d.Amount
		}
		for _, p := range payments {
			paid += p.Amount
		}
		if r.Outstanding != max(owed-paid, 0) || r.Credit != max(paid-owed, 0) {
			t.Fatalf("case %d: owed %s, paid %s; outstanding %s, credit %s", n, owed, paid, r.Outstanding, r.Credit)
		}
		for i, line := range r.Debts {
			var portions, portionInterest money.Amount
			for _, p := range line.Portions {
				portions += p.Amount
				portionInterest += p.Interest
			}
			if portions != line.Debt.Amount || line.Paid+line.Outstanding != line.Debt.Amount ||
				portionInterest != line.Interest || line.OutstandingOn(asOf) != line.Outstanding {
				t.Fatalf("case %d: line %d does not add up: %+v", n, i, line)
			}
			interest += line.Interest
		}
		if interest != r.Interest {
			t.Fatalf("case %d: lines' interest %s, report %s", n, interest, r.Interest)
		}
		later, err := Statement(debts, payments, asOf.AddDays(1+rng.IntN(500)), tab)
		if err != nil || later.Interest < r.Interest {
			t.Fatalf("case %d: interest later %s (%v), now %s", n, later.Interest, err, r.Interest)
		}
	}
}
