package demo

import (
	"math/rand/v2"

	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/money"
)

// Bases of fee components, as in fee_components.base (see package ledger).
const (
	BaseArea     = ledger.BaseArea
	BasePersons  = ledger.BasePersons
	BasePremises = ledger.BasePremises
	BaseVolume   = ledger.BaseVolume
)

// ComponentRate is one fee component's rate in force for a premises.
type ComponentRate struct {
	Base string // BaseArea, BasePersons, BasePremises or BaseVolume
	Rate int64  // grosze per unit of the base
}

// MonthlyFee returns the monthly fee of a premises with the given usable
// area (in hundredths of a square metre, as premises.usable_area) and
// number of declared residents, under the rates in force: the sum of
// ledger.LineAmount over the components, so the demo charges exactly what
// the fee breakdown shows.
func MonthlyFee(rates []ComponentRate, usableArea int64, persons int) money.Amount {
	var sum money.Amount
	for _, c := range rates {
		sum += ledger.LineAmount(c.Base, c.Rate, usableArea, persons)
	}
	return sum
}

// Premises kinds, in the order used by the rate tables.
const (
	kindFlat = iota
	kindCommercial
	kindGarage
	kindParking
	numKinds
)

var kindNames = [numKinds]string{"flat", "commercial", "garage", "parking"}

// component is one line of the fee schedule (wymiar opłat) with its
// starting rate per premises kind (grosze per unit; 0 = not charged) and
// the range of its yearly rise in per mille.
type component struct {
	code, name, base string
	start            [numKinds]int64
	riseMin, riseMax int
}

var components = []component{
	{"eksploatacja", "Eksploatacja i utrzymanie nieruchomości", BaseArea, [numKinds]int64{185, 420, 95, 0}, 20, 70},
	{"fundusz_remontowy", "Fundusz remontowy", BaseArea, [numKinds]int64{120, 160, 60, 0}, 30, 90},
	{"co_zaliczka", "Centralne ogrzewanie – zaliczka", BaseArea, [numKinds]int64{285, 300, 0, 0}, 0, 60},
	{"woda_zaliczka", "Woda i ścieki – zaliczka", BasePersons, [numKinds]int64{5400, 0, 0, 0}, 20, 70},
	{"odpady", "Wywóz odpadów komunalnych", BasePersons, [numKinds]int64{1400, 0, 0, 0}, 40, 160},
	{"domofon", "Domofon i antena zbiorcza", BasePremises, [numKinds]int64{600, 900, 0, 0}, 0, 40},
	{"garaz_postoj", "Opłata za garaż / miejsce postojowe", BasePremises, [numKinds]int64{0, 0, 2500, 5500}, 10, 60},
}

// schedule holds the cooperative-level rate of every component for every
// premises kind and year of the ledger, effective each 1 January.
type schedule struct {
	firstYear int
	// rate[year-firstYear][kind][component]
	rate [][numKinds][]int64
}

// newSchedule draws the rates of the years firstYear to lastYear: the
// starting rates, each raised every January within its component's range.
func newSchedule(r *rand.Rand, firstYear, lastYear int) *schedule {
	s := &schedule{firstYear: firstYear}
	cur := make([][numKinds]int64, len(components))
	for c := range components {
		cur[c] = components[c].start
	}
	for y := firstYear; y <= lastYear; y++ {
		if y > firstYear {
			for c, comp := range components {
				rise := comp.riseMin + r.IntN(comp.riseMax-comp.riseMin+1)
				if comp.code == "co_zaliczka" && (y == 2022 || y == 2023) {
					rise += 180 // the energy price shock
				}
				for k := range cur[c] {
					cur[c][k] += (cur[c][k]*int64(rise) + 500) / 1000
				}
			}
		}
		var row [numKinds][]int64
		for k := 0; k < numKinds; k++ {
			row[k] = make([]int64, len(components))
			for c := range components {
				row[k][c] = cur[c][k]
			}
		}
		s.rate = append(s.rate, row)
	}
	return s
}

// fee is the monthly fee of a premises in year y.
func (s *schedule) fee(year int, kind int, area int64, persons int) int64 {
	rates := s.rate[year-s.firstYear][kind]
	var buf [8]ComponentRate
	cr := buf[:0]
	for c, comp := range components {
		if rates[c] > 0 {
			cr = append(cr, ComponentRate{Base: comp.base, Rate: rates[c]})
		}
	}
	return int64(MonthlyFee(cr, area, persons))
}
