package demo

import (
	"math/rand/v2"
	"testing"

	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/text"
)

func TestMonthlyFee(t *testing.T) {
	tests := []struct {
		name    string
		rates   []ComponentRate
		area    int64
		persons int
		want    money.Amount
	}{
		{"no components", nil, 4830, 3, 0},
		// 1,85 zł/m² × 48,30 m² = 89,355 zł → 89,36 zł (half up)
		{"area rounds half up", []ComponentRate{{BaseArea, 185}}, 4830, 3, 8936},
		// 3 gr/m² × 48,30 m² = 1,449 zł → 1,45 zł
		{"area rounds up above half", []ComponentRate{{BaseArea, 3}}, 4830, 0, 145},
		// 1 gr/m² × 0,50 m² = 0,5 gr → 1 gr; × 0,49 m² → 0 gr
		{"exact half", []ComponentRate{{BaseArea, 1}}, 50, 0, 1},
		{"below half", []ComponentRate{{BaseArea, 1}}, 49, 0, 0},
		// 54,00 zł per person × 3
		{"persons", []ComponentRate{{BasePersons, 5400}}, 4830, 3, 16200},
		{"premises", []ComponentRate{{BasePremises, 600}}, 4830, 3, 600},
		{"volume is metered, not monthly", []ComponentRate{{BaseVolume, 1500}}, 4830, 3, 0},
		// A flat of 48,30 m² with 3 residents:
		//   eksploatacja 1,85 × 48,30 = 89,3550 → 89,36
		//   fundusz remontowy 1,20 × 48,30 = 57,96
		//   woda 54,00 × 3 = 162,00
		//   domofon 6,00
		//   total 315,32 zł
		{"flat", []ComponentRate{{BaseArea, 185}, {BaseArea, 120}, {BasePersons, 5400}, {BasePremises, 600}}, 4830, 3, 31532},
		// A garage of 18,37 m²: 0,95 × 18,37 = 17,4515 → 17,45; plus 25,00 → 42,45 zł
		{"garage", []ComponentRate{{BaseArea, 95}, {BasePremises, 2500}}, 1837, 0, 4245},
		// Each component is rounded on its own: 2 × round(0,5 gr) = 2 gr, not round(1 gr).
		{"rounded per component", []ComponentRate{{BaseArea, 1}, {BaseArea, 1}}, 50, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MonthlyFee(tt.rates, tt.area, tt.persons); got != tt.want {
				t.Errorf("MonthlyFee = %d gr, want %d gr", got, tt.want)
			}
		})
	}
}

func TestScheduleRises(t *testing.T) {
	s := newSchedule(newModelRand(1), 2016, 2026)
	for y := 1; y < len(s.rate); y++ {
		for k := 0; k < numKinds; k++ {
			for c := range components {
				if s.rate[y][k][c] < s.rate[y-1][k][c] {
					t.Errorf("year %d kind %s component %s: rate fell from %d to %d", 2016+y, kindNames[k], components[c].code, s.rate[y-1][k][c], s.rate[y][k][c])
				}
			}
		}
		if s.fee(2016+y, kindFlat, 4830, 3) <= s.fee(2016+y-1, kindFlat, 4830, 3) {
			t.Errorf("flat fee did not rise in %d", 2016+y)
		}
	}
}

func TestIdentifiers(t *testing.T) {
	r := newModelRand(7)
	for i := 0; i < 1000; i++ {
		if nip := randomNIP(r); !ValidNIP(nip) {
			t.Fatalf("randomNIP() = %s, invalid", nip)
		}
		if regon := randomREGON(r); !ValidREGON(regon) {
			t.Fatalf("randomREGON() = %s, invalid", regon)
		}
		if krs := randomKRS(r); len(krs) != 10 || !text.Digits(krs) {
			t.Fatalf("randomKRS() = %s", krs)
		}
	}
	// Published examples of valid numbers.
	for _, nip := range []string{"5260250274", "7740001454"} {
		if !ValidNIP(nip) {
			t.Errorf("ValidNIP(%s) = false", nip)
		}
	}
	if ValidNIP("5260250275") {
		t.Error("ValidNIP accepted a wrong check digit")
	}
	for _, regon := range []string{"010016565", "000331501"} {
		if !ValidREGON(regon) {
			t.Errorf("ValidREGON(%s) = false", regon)
		}
	}
	if ValidREGON("010016566") {
		t.Error("ValidREGON accepted a wrong check digit")
	}
}

func TestFemaleSurname(t *testing.T) {
	for in, want := range map[string]string{"Kowalski": "Kowalska", "Wiśniewski": "Wiśniewska", "Nowicki": "Nowicka", "Zawadzki": "Zawadzka", "Nowak": "Nowak", "Mróz": "Mróz"} {
		if got := femaleSurname(in); got != want {
			t.Errorf("femaleSurname(%s) = %s, want %s", in, got, want)
		}
	}
}

func newModelRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 1)) }
