package demo

// The cooperative, its estates, buildings and premises, and the premises
// reserved for the demo logins.

import (
	"fmt"
	"strconv"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/nrb"
)

// buildCoop draws the cooperative: name, seat, registry numbers, its bank
// account and the sort code and prefix of the virtual accounts.
func (m *model) buildCoop() {
	r := m.r
	name := pick(r, coopNames)
	city := pick(r, coopCities)
	domain := "sm-" + asciiFold(name) + ".example"
	m.coop = coopRec{
		name:          "Spółdzielnia Mieszkaniowa „" + name + "”",
		shortName:     "SM „" + name + "”",
		street:        fmt.Sprintf("ul. %s %d", pick(r, streets), 1+r.IntN(40)),
		postal:        city.postal,
		city:          city.name,
		nip:           randomNIP(r),
		regon:         randomREGON(r),
		krs:           randomKRS(r),
		sortCode:      randomSortCode(r),
		accountPrefix: fmt.Sprintf("%04d", 7000+r.IntN(3000)),
		phone:         landline(r, 40+r.IntN(50)),
		email:         "biuro@" + domain,
		website:       "https://www." + domain,
		domain:        domain,
	}
	main, err := nrb.New(m.coop.sortCode, "0000"+string(digits(r, 12, true)))
	if err != nil {
		panic(err) // the parts are digits of the right length by construction
	}
	m.coop.bankAccount = string(main)
}

// kindsFor returns the shuffled premises kinds of an estate of n premises:
// about 85% flats, 8% garages, 4% parking spaces and 3% commercial, each
// kind at least once when the estate is large enough.
func (m *model) kindsFor(n int) []uint8 {
	share := func(pm int) int {
		c := (n*pm + 500) / 1000
		if c == 0 && n >= 20 {
			c = 1
		}
		return c
	}
	garages, parking, commercial := share(80), share(40), share(30)
	kinds := make([]uint8, 0, n)
	for i := 0; i < n-garages-parking-commercial; i++ {
		kinds = append(kinds, kindFlat)
	}
	for range garages {
		kinds = append(kinds, kindGarage)
	}
	for range parking {
		kinds = append(kinds, kindParking)
	}
	for range commercial {
		kinds = append(kinds, kindCommercial)
	}
	m.r.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	return kinds
}

// buildEstates draws n premises in about one estate per thousand (two at
// least), each with an office, a few streets and buildings of 30 to 60
// premises.
func (m *model) buildEstates(n int) {
	r := m.r
	nEstates := max(2, (n+500)/1000)
	streetOrder := r.Perm(len(streets))
	streetNext := make([]int, len(streets)) // next house number on each street
	for i := range streetNext {
		streetNext[i] = 1 + r.IntN(4)
	}
	nextStreet := 0
	m.premises = make([]premisesRec, 0, n)
	for e := 0; e < nEstates; e++ {
		size := n / nEstates
		if e < n%nEstates {
			size++
		}
		officeStreet := streets[streetOrder[nextStreet%len(streets)]]
		name := "Osiedle " + estateNames[e%len(estateNames)] + romanNumerals[(e/len(estateNames))%len(romanNumerals)]
		local := asciiFold(estateNames[e%len(estateNames)])
		if k := e / len(estateNames); k > 0 {
			local += strconv.Itoa(k + 1)
		}
		m.estates = append(m.estates, estateRec{
			code:   fmt.Sprintf("O%02d", e+1),
			name:   name,
			street: fmt.Sprintf("ul. %s %d lok. U1", officeStreet, 1+r.IntN(30)),
			postal: m.coop.postal,
			city:   m.coop.city,
			phone:  landline(r, 40+r.IntN(50)),
			email:  "ads." + local + "@" + m.coop.domain,
		})
		kinds := m.kindsFor(size)
		// The estate's streets: about eight buildings to a street.
		nStreets := max(2, size/45/8+1)
		estStreets := make([]int, nStreets)
		for i := range estStreets {
			estStreets[i] = streetOrder[nextStreet%len(streets)]
			nextStreet++
		}
		for len(kinds) > 0 {
			bs := 30 + r.IntN(31)
			switch {
			case len(kinds) <= 60:
				bs = len(kinds)
			case len(kinds)-bs < 30:
				bs = len(kinds) - 30
			}
			st := estStreets[r.IntN(len(estStreets))]
			num := strconv.Itoa(streetNext[st])
			if r.IntN(12) == 0 {
				num += string(rune('A' + r.IntN(3)))
			}
			streetNext[st] += 1 + r.IntN(2)
			m.addBuilding(int32(e), "ul. "+streets[st], num, kinds[:bs])
			kinds = kinds[bs:]
		}
	}
}

// addBuilding adds a building of the estate with premises of the given
// kinds: flats numbered floor by floor, then the other kinds, each kind
// numbered from 1 with its own prefix.
func (m *model) addBuilding(estate int32, street, number string, kinds []uint8) {
	r := m.r
	b := buildingRec{
		estate: estate, street: street, number: number,
		postal: m.coop.postal, city: m.coop.city,
		built:         civil.Date{Year: 1965 + r.IntN(max(1, min(2012, m.start.Year-3)-1965+1)), Month: time.Month(1 + r.IntN(12)), Day: 1 + r.IntN(28)},
		firstPremises: int32(len(m.premises)),
		nPrems:        int32(len(kinds)),
	}
	bi := int32(len(m.buildings))
	m.buildings = append(m.buildings, b)
	var count [numKinds]int
	for _, k := range kinds {
		count[k]++
	}
	storeys := 5
	if count[kindFlat] > 40 {
		storeys = 11
	}
	perFloor := max(1, (count[kindFlat]+storeys-1)/storeys)
	prefix := [numKinds]string{"", "U", "G", "P"}
	for k := uint8(0); k < numKinds; k++ {
		for i := 0; i < count[k]; i++ {
			p := premisesRec{building: bi, estate: estate, kind: k, number: prefix[k] + strconv.Itoa(i+1), floor: noFloor, title0: -1}
			switch k {
			case kindFlat:
				p.floor = int8(i / perFloor)
				p.rooms = int8(pickWeighted(r, []int{10, 35, 35, 15, 5}) + 1)
				lo, hi := [6]int{0, 2500, 3600, 4800, 6200, 7500}[p.rooms], [6]int{0, 3800, 5400, 7200, 8800, 9500}[p.rooms]
				p.area = int64(lo + r.IntN(hi-lo+1))
				p.persons = int8(1 + r.IntN(min(5, int(p.rooms)+1)))
			case kindCommercial:
				p.floor = 0
				p.area = int64(3000 + r.IntN(r.IntN(27001)+1))
			case kindGarage:
				p.area = int64(1500 + r.IntN(701))
			case kindParking:
				p.floor = -1
				p.area = int64(1200 + r.IntN(301))
			}
			m.premises = append(m.premises, p)
		}
	}
}

// pickDemoPremises reserves, in the first estate, a flat, a garage and a
// parking space for the demo resident and another flat for the demo member.
func (m *model) pickDemoPremises() {
	m.demoFlat, m.demoGarage, m.demoPark, m.demoMemberFlat = -1, -1, -1, -1
	for i := range m.premises {
		p := &m.premises[i]
		if p.estate != 0 {
			break
		}
		switch {
		case p.kind == kindFlat && m.demoFlat < 0:
			m.demoFlat = int32(i)
		case p.kind == kindFlat && m.demoMemberFlat < 0:
			m.demoMemberFlat = int32(i)
		case p.kind == kindGarage && m.demoGarage < 0:
			m.demoGarage = int32(i)
		case p.kind == kindParking && m.demoPark < 0:
			m.demoPark = int32(i)
		}
	}
}

// isDemoPremises tells whether premises i is one of the demo logins'.
func (m *model) isDemoPremises(i int) bool {
	x := int32(i)
	return x == m.demoFlat || x == m.demoGarage || x == m.demoPark || x == m.demoMemberFlat
}

// flatAddress returns the postal address of premises p.
func (m *model) flatAddress(p *premisesRec) (street, postal, city string) {
	b := &m.buildings[p.building]
	switch p.kind {
	case kindFlat:
		return fmt.Sprintf("%s %s m. %s", b.street, b.number, p.number), b.postal, b.city
	case kindCommercial:
		return fmt.Sprintf("%s %s lok. %s", b.street, b.number, p.number), b.postal, b.city
	}
	return b.street + " " + b.number, b.postal, b.city
}
