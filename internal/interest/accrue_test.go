package interest

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/money"
)

// TestAccrueHandComputed checks Accrue against examples worked out by hand
// with the statutory rates; every slice is amount × rate × days / 365,
// rounded half up to the grosz.
func TestAccrueHandComputed(t *testing.T) {
	tab := defaultTable(t)
	tests := []struct {
		name   string
		amount money.Amount
		due    civil.Date
		from   civil.Date
		to     civil.Date
		slices []Slice // only From, To, Days, Rate and Interest are compared
		total  money.Amount
	}{
		{
			// 11.01–10.03.2023: 21 + 28 + 10 = 59 days at 12,25%.
			// 1000 × 0,1225 × 59 / 365 = 19,8014 → 19,80 zł.
			name: "brief example", amount: 100000, due: day(2023, 1, 10), to: day(2023, 3, 10),
			slices: []Slice{{From: day(2023, 1, 11), To: day(2023, 3, 10), Days: 59, Rate: 1225, Interest: 1980}},
			total:  1980,
		},
		{
			// 5000 zł due 10.08.2023, paid 20.10.2023, across the cuts of
			// 7.09 and 5.10.2023:
			//   11.08–06.09: 21 + 6 = 27 days × 12,25%: 5000 × 0,1225 × 27 / 365 = 45,3082 → 45,31
			//   07.09–04.10: 24 + 4 = 28 days × 11,50%: 5000 × 0,1150 × 28 / 365 = 44,1096 → 44,11
			//   05.10–20.10: 16 days × 11,25%:         5000 × 0,1125 × 16 / 365 = 24,6575 → 24,66
			// total 45,31 + 44,11 + 24,66 = 114,08 zł.
			name: "rate change 2023-09-07", amount: 500000, due: day(2023, 8, 10), to: day(2023, 10, 20),
			slices: []Slice{
				{From: day(2023, 8, 11), To: day(2023, 9, 6), Days: 27, Rate: 1225, Interest: 4531},
				{From: day(2023, 9, 7), To: day(2023, 10, 4), Days: 28, Rate: 1150, Interest: 4411},
				{From: day(2023, 10, 5), To: day(2023, 10, 20), Days: 16, Rate: 1125, Interest: 2466},
			},
			total: 11408,
		},
		{
			// Leap year: 11.02–10.03.2024 = 19 (11–29 Feb) + 10 = 29 days
			// at 11,25%: 1000 × 0,1125 × 29 / 365 = 8,9384 → 8,94 zł.
			name: "leap February", amount: 100000, due: day(2024, 2, 10), to: day(2024, 3, 10),
			slices: []Slice{{From: day(2024, 2, 11), To: day(2024, 3, 10), Days: 29, Rate: 1125, Interest: 894}},
			total:  894,
		},
		{
			// The whole of 2024, 366 days, still over 365:
			// 1000 × 0,1125 × 366 / 365 = 112,8082 → 112,81 zł (not 112,50).
			name: "whole leap year", amount: 100000, due: day(2023, 12, 31), to: day(2024, 12, 31),
			slices: []Slice{{From: day(2024, 1, 1), To: day(2024, 12, 31), Days: 366, Rate: 1125, Interest: 11281}},
			total:  11281,
		},
		{
			// Across the change of regime on 1.01.2016:
			//   16.12–31.12.2015: 16 days × 8%: 1000 × 0,08 × 16 / 365 = 3,5068 → 3,51
			//   01.01–15.01.2016: 15 days × 7%: 1000 × 0,07 × 15 / 365 = 2,8767 → 2,88
			// total 6,39 zł.
			name: "2016 regime change", amount: 100000, due: day(2015, 12, 15), to: day(2016, 1, 15),
			slices: []Slice{
				{From: day(2015, 12, 16), To: day(2015, 12, 31), Days: 16, Rate: 800, Interest: 351},
				{From: day(2016, 1, 1), To: day(2016, 1, 15), Days: 15, Rate: 700, Interest: 288},
			},
			total: 639,
		},
		{
			// 21–22.12.2014 at 13%: 1000 × 0,13 × 2 / 365 = 0,7123 → 0,71;
			// 23–31.12.2014 at 8%:  1000 × 0,08 × 9 / 365 = 1,9726 → 1,97.
			name: "23.12.2014 change", amount: 100000, due: day(2014, 12, 20), to: day(2014, 12, 31),
			slices: []Slice{
				{From: day(2014, 12, 21), To: day(2014, 12, 22), Days: 2, Rate: 1300, Interest: 71},
				{From: day(2014, 12, 23), To: day(2014, 12, 31), Days: 9, Rate: 800, Interest: 197},
			},
			total: 268,
		},
		{
			// 2000 zł due 30.04.2025, up to 10.07.2025, across the May and
			// July 2025 cuts:
			//   01.05–07.05: 7 days × 11,25%:            2000 × 0,1125 × 7 / 365 = 4,3151 → 4,32
			//   08.05–02.07: 24 + 30 + 2 = 56 days × 10,75%: 2000 × 0,1075 × 56 / 365 = 32,9863 → 32,99
			//   03.07–10.07: 8 days × 10,50%:            2000 × 0,1050 × 8 / 365 = 4,6027 → 4,60
			// total 41,91 zł.
			name: "2025 cuts", amount: 200000, due: day(2025, 4, 30), to: day(2025, 7, 10),
			slices: []Slice{
				{From: day(2025, 5, 1), To: day(2025, 5, 7), Days: 7, Rate: 1125, Interest: 432},
				{From: day(2025, 5, 8), To: day(2025, 7, 2), Days: 56, Rate: 1075, Interest: 3299},
				{From: day(2025, 7, 3), To: day(2025, 7, 10), Days: 8, Rate: 1050, Interest: 460},
			},
			total: 4191,
		},
		{
			// An explicit period inside the delay: only 1–31.03.2023, 31 days
			// at 12,25%: 1000 × 0,1225 × 31 / 365 = 10,4041 → 10,40 zł.
			name: "given period", amount: 100000, due: day(2023, 1, 10), from: day(2023, 3, 1), to: day(2023, 3, 31),
			slices: []Slice{{From: day(2023, 3, 1), To: day(2023, 3, 31), Days: 31, Rate: 1225, Interest: 1040}},
			total:  1040,
		},
		{
			// A period starting before the due date still starts the day after.
			name: "from before due", amount: 100000, due: day(2023, 1, 10), from: day(2023, 1, 1), to: day(2023, 3, 10),
			slices: []Slice{{From: day(2023, 1, 11), To: day(2023, 3, 10), Days: 59, Rate: 1225, Interest: 1980}},
			total:  1980,
		},
		{
			// One day late: 0,01 zł × 12,25% / 365 is far below half a grosz.
			name: "one grosz", amount: 1, due: day(2023, 1, 10), to: day(2023, 1, 11),
			slices: []Slice{{From: day(2023, 1, 11), To: day(2023, 1, 11), Days: 1, Rate: 1225, Interest: 0}},
			total:  0,
		},
		{name: "paid on the due date", amount: 100000, due: day(2023, 1, 10), to: day(2023, 1, 10)},
		{name: "paid early", amount: 100000, due: day(2023, 1, 10), to: day(2023, 1, 2)},
		{name: "zero amount", amount: 0, due: day(2023, 1, 10), to: day(2023, 3, 10)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			total, slices, err := Accrue(tt.amount, tt.due, tt.from, tt.to, tab)
			if err != nil {
				t.Fatal(err)
			}
			if total != tt.total {
				t.Errorf("total = %s, want %s", total, tt.total)
			}
			if len(slices) != len(tt.slices) {
				t.Fatalf("slices = %+v, want %+v", slices, tt.slices)
			}
			for i, s := range slices {
				w := tt.slices[i]
				w.Amount = tt.amount
				if s != w {
					t.Errorf("slice %d = %+v, want %+v", i, s, w)
				}
			}
		})
	}
}

func TestAccrueErrors(t *testing.T) {
	tab := defaultTable(t)
	tests := []struct {
		name     string
		amount   money.Amount
		due      civil.Date
		from, to civil.Date
		table    *Table
		want     error
	}{
		{"negative amount", -100, day(2023, 1, 10), civil.Date{}, day(2023, 3, 10), tab, ErrAmount},
		{"invalid due", 100, day(2023, 2, 30), civil.Date{}, day(2023, 3, 10), tab, ErrDate},
		{"zero to", 100, day(2023, 1, 10), civil.Date{}, civil.Date{}, tab, ErrDate},
		{"from after to", 100, day(2023, 1, 10), day(2023, 4, 1), day(2023, 3, 10), tab, ErrDate},
		{"before table", 100, day(2008, 1, 10), civil.Date{}, day(2009, 3, 10), tab, ErrNoRate},
		{"no table", 100, day(2023, 1, 10), civil.Date{}, day(2023, 3, 10), nil, ErrTable},
		{"overflow", math.MaxInt64, day(2016, 1, 1), civil.Date{}, day(2199, 12, 31), tab, ErrOverflow},
	}
	for _, tt := range tests {
		if _, _, err := Accrue(tt.amount, tt.due, tt.from, tt.to, tt.table); !errors.Is(err, tt.want) {
			t.Errorf("%s: error = %v, want %v", tt.name, err, tt.want)
		}
	}
}

// TestSliceInterestRoundsHalfUp checks rounding at exactly half a grosz:
// 0,01 zł × 10% × 1825 / 365 = 0,005 zł → 0,01 zł, one day less → 0,00.
func TestSliceInterestRoundsHalfUp(t *testing.T) {
	for days, want := range map[int]money.Amount{1825: 1, 1824: 0, 5475: 2 /* 0,015 → 0,02 */} {
		got, err := sliceInterest(1, 1000, days)
		if err != nil || got != want {
			t.Errorf("sliceInterest(1, 10%%, %d) = %v, %v; want %v", days, got, err, want)
		}
	}
}

// TestAccrueMergesEqualRates checks that consecutive table entries with
// the same rate give one slice, while a real change splits.
func TestAccrueMergesEqualRates(t *testing.T) {
	tab, err := NewTable([]Change{
		{From: day(2020, 1, 1), Rate: 1000, Status: StatusOfficial, Source: "a"},
		{From: day(2020, 2, 1), Rate: 1000, Status: StatusOfficial, Source: "b"},
		{From: day(2020, 3, 1), Rate: 500, Status: StatusOfficial, Source: "c"},
	})
	if err != nil {
		t.Fatal(err)
	}
	// 2020-01-02..2020-02-29 = 30 + 29 = 59 days at 10%, 2020-03-01..03-10 = 10 days at 5%.
	_, slices, err := Accrue(100000, day(2020, 1, 1), civil.Date{}, day(2020, 3, 10), tab)
	if err != nil {
		t.Fatal(err)
	}
	if len(slices) != 2 || slices[0].Days != 59 || slices[1].Days != 10 || slices[1].Rate != 500 {
		t.Errorf("slices = %+v", slices)
	}
}

// TestAccrueProperties checks, on random inputs from a fixed seed, that
// slices tile the late days, carry the table's rate, add up to the total,
// and that interest never falls when the period or the amount grows.
func TestAccrueProperties(t *testing.T) {
	tab := defaultTable(t)
	rng := rand.New(rand.NewPCG(2026, 3))
	start := day(2009, 1, 1)
	span := day(2027, 1, 1).DaysSince(start)
	for n := range 2000 {
		amount := money.Amount(rng.Int64N(100_000_000)) // up to 1 000 000 zł
		due := start.AddDays(rng.IntN(span))
		to := due.AddDays(rng.IntN(1500) - 30)
		name := fmt.Sprintf("#%d %s due %s to %s", n, amount, due, to)

		total, slices, err := Accrue(amount, due, civil.Date{}, to, tab)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkSlices(t, name, tab, amount, due, to, total, slices)

		later := to.AddDays(1 + rng.IntN(400))
		if more, _, err := Accrue(amount, due, civil.Date{}, later, tab); err != nil || more < total {
			t.Fatalf("%s: interest to %s = %s, %v; less than %s", name, later, more, err, total)
		}
		bigger := amount + money.Amount(rng.Int64N(1_000_000))
		if more, _, err := Accrue(bigger, due, civil.Date{}, to, tab); err != nil || more < total {
			t.Fatalf("%s: interest on %s = %s, %v; less than %s", name, bigger, more, err, total)
		}
	}
}

// checkSlices asserts the structural properties of Accrue's result.
func checkSlices(t *testing.T, name string, tab *Table, amount money.Amount, due, to civil.Date, total money.Amount, slices []Slice) {
	t.Helper()
	late := max(to.DaysSince(due), 0)
	if amount == 0 {
		late = 0
	}
	var sum money.Amount
	days := 0
	next := due.AddDays(1)
	for i, s := range slices {
		if s.From != next || s.To.Before(s.From) || s.Days != s.To.DaysSince(s.From)+1 || s.Amount != amount {
			t.Fatalf("%s: slice %d %+v does not follow %s", name, i, s, next)
		}
		for _, d := range []civil.Date{s.From, s.To} {
			if r, _ := tab.RateOn(d); r != s.Rate {
				t.Fatalf("%s: slice %d rate %v, table has %v on %s", name, i, s.Rate, r, d)
			}
		}
		if i > 0 && slices[i-1].Rate == s.Rate {
			t.Fatalf("%s: slices %d and %d share a rate", name, i-1, i)
		}
		sum += s.Interest
		days += s.Days
		next = s.To.AddDays(1)
	}
	if sum != total || days != late {
		t.Fatalf("%s: slices add to %s over %d days; total %s over %d days", name, sum, days, total, late)
	}
}

// ExampleAccrue shows the interest on 1000,00 zł due 10.01.2023 and paid
// 10.03.2023.
func ExampleAccrue() {
	tab, err := Default()
	if err != nil {
		panic(err)
	}
	due := civil.Date{Year: 2023, Month: time.January, Day: 10}
	paid := civil.Date{Year: 2023, Month: time.March, Day: 10}
	total, slices, err := Accrue(100000, due, civil.Date{}, paid, tab)
	if err != nil {
		panic(err)
	}
	for _, s := range slices {
		fmt.Printf("%s–%s: %d dni × %s = %s\n", s.From.Format(), s.To.Format(), s.Days, s.Rate, s.Interest.Plain())
	}
	fmt.Println("razem", total.Plain())
	// Output:
	// 11.01.2023–10.03.2023: 59 dni × 12,25% = 19.80
	// razem 19.80
}
