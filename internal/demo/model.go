package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/nrb"
)

// The in-memory register of the demo cooperative. Everything but the
// ledger is built here first (a few hundred thousand small records at
// 100,000 premises); the ledger is streamed from it. Ids are the table's
// base id plus the record's index, so children link to parents without
// lookups.

// Title kinds, as in titles.kind.
const (
	titleTenantRight = iota
	titleOwnershipRight
	titleSeparateOwnership
	titleLease
	titleNone
)

var titleKindNames = []string{"tenant_right", "ownership_right", "separate_ownership", "lease", "no_title"}

// Payment behaviour of a title's holders.
const (
	profPunctual = iota
	profOverpayer
	profDebtor        // falls behind for a while, then pays it off
	profDebtorOngoing // behind at the end of the ledger
)

// noFloor marks a premises without a floor (garages in a separate block).
const noFloor = -128

type coopRec struct {
	name, shortName, street, postal, city string
	nip, regon, krs, bankAccount          string
	sortCode, accountPrefix               string
	phone, email, website, domain         string
}

type estateRec struct {
	code, name, street, postal, city, phone, email string
}

type buildingRec struct {
	estate                int32
	street, number        string
	postal, city          string
	built                 civil.Date
	firstPremises, nPrems int32
}

type premisesRec struct {
	building, estate int32
	kind             uint8
	floor            int8
	rooms, persons   int8
	number           string
	area             int64 // hundredths of m²
	title0           int32
	nTitles          uint8
}

type personRec struct {
	first, last, company string
	street, postal, city string
	email, phone         string
	created              civil.Date
}

type titleRec struct {
	premises   int32
	kind       uint8
	profile    uint8
	start, end civil.Date // end zero: current
	holder0    int32
	nHolders   uint8
}

type holderRec struct {
	person   int32
	num, den int8
}

type memberRec struct {
	person       int32
	joined, left civil.Date
	number       string
}

// model is the generated register.
type model struct {
	r     *rand.Rand
	today civil.Date
	// the ledger covers months first..last (120 months ending with today's)
	first, last civil.Month
	start       civil.Date // first day of the ledger
	dueDay      int

	coop      coopRec
	estates   []estateRec
	buildings []buildingRec
	premises  []premisesRec
	persons   []personRec
	titles    []titleRec
	holders   []holderRec
	members   []memberRec
	sched     *schedule

	// demo logins
	demoResident, demoMember       int32 // person indexes
	demoFlat, demoGarage, demoPark int32 // premises indexes of the resident
	demoMemberFlat                 int32
	demoMembership                 int32 // index in members

	emails map[string]int // used e-mail local parts, to keep addresses unique
}

const ledgerMonths = 120

func newModel(seed int64, today civil.Date, n int) *model {
	m := &model{
		r:      rand.New(rand.NewPCG(uint64(seed), 0x6562_6f6b_6465_6d6f)),
		today:  today,
		last:   civil.MonthOf(today),
		dueDay: 10,
		emails: make(map[string]int),
	}
	m.first = m.last.AddMonths(-(ledgerMonths - 1))
	m.start = m.first.FirstDay()
	m.buildCoop()
	m.buildEstates(n)
	m.pickDemoPremises()
	m.buildTitles()
	m.assignProfiles()
	m.buildMemberships()
	m.sched = newSchedule(m.r, m.first.Year, m.last.Year)
	return m
}

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

func pickWeighted(r *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := r.IntN(total)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
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

func (m *model) isDemoPremises(i int) bool {
	x := int32(i)
	return x == m.demoFlat || x == m.demoGarage || x == m.demoPark || x == m.demoMemberFlat
}

// randomDay returns a day from lo to hi inclusive (lo when hi < lo).
func (m *model) randomDay(lo, hi civil.Date) civil.Date {
	span := hi.DaysSince(lo)
	if span <= 0 {
		return lo
	}
	return lo.AddDays(m.r.IntN(span + 1))
}

// saleDay returns a day within the ledger on which a premises changes hands.
func (m *model) saleDay() civil.Date {
	return m.randomDay(m.start.AddDays(40), m.today.AddDays(-45))
}

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

func (m *model) elsewhereAddress() (street, postal, city string) {
	r := m.r
	street = fmt.Sprintf("ul. %s %d", pick(r, streets), 1+r.IntN(80))
	if r.IntN(2) == 0 {
		street += fmt.Sprintf(" m. %d", 1+r.IntN(60))
	}
	if r.IntN(3) == 0 {
		return street, m.coop.postal, m.coop.city
	}
	c := pick(r, otherCities)
	return street, c.postal, c.name
}

// email returns a unique address built from the given words.
func (m *model) email(words ...string) string {
	local := ""
	for i, w := range words {
		if i > 0 {
			local += "."
		}
		local += asciiFold(w)
	}
	n := m.emails[local]
	m.emails[local] = n + 1
	if n > 0 {
		local += strconv.Itoa(n + 1)
	}
	return local + "@" + pick(m.r, mailDomains)
}

// companyEmail returns a unique office address in the company's own
// .example domain.
func (m *model) companyEmail(trade, brand string) string {
	domain := asciiFold(trade + " " + brand)
	n := m.emails["@"+domain]
	m.emails["@"+domain] = n + 1
	if n > 0 {
		domain += strconv.Itoa(n + 1)
	}
	return "biuro@" + domain + ".example"
}

// newPerson adds a private person.
func (m *model) newPerson(female bool, surname string, street, postal, city string, since civil.Date, needEmail bool) int32 {
	r := m.r
	p := personRec{street: street, postal: postal, city: city, created: since}
	if female {
		p.first, p.last = pick(r, femaleFirstNames), femaleSurname(surname)
	} else {
		p.first, p.last = pick(r, maleFirstNames), surname
	}
	if needEmail || r.IntN(100) < 85 {
		p.email = m.email(p.first, p.last)
	}
	if r.IntN(100) < 90 {
		p.phone = randomMobile(r)
	}
	m.persons = append(m.persons, p)
	return int32(len(m.persons) - 1)
}

// household adds the holders of a new title: one person, or (with the
// given chance in per cent) two co-holders with half shares each, mostly
// spouses sharing a surname.
func (m *model) household(pairPct int, street, postal, city string, since civil.Date) []holderRec {
	r := m.r
	surname := pick(r, surnames)
	female := r.IntN(2) == 0
	a := m.newPerson(female, surname, street, postal, city, since, false)
	if r.IntN(100) >= pairPct {
		return []holderRec{{person: a, num: 1, den: 1}}
	}
	if r.IntN(10) < 3 {
		surname = pick(r, surnames) // partners or relatives with another surname
	}
	b := m.newPerson(!female, surname, street, postal, city, since, false)
	return []holderRec{{person: a, num: 1, den: 2}, {person: b, num: 1, den: 2}}
}

func (m *model) addTitle(pi int, kind uint8, start, end civil.Date, holders []holderRec) int32 {
	t := titleRec{premises: int32(pi), kind: kind, start: start, end: end, holder0: int32(len(m.holders)), nHolders: uint8(len(holders))}
	m.holders = append(m.holders, holders...)
	m.titles = append(m.titles, t)
	ti := int32(len(m.titles) - 1)
	p := &m.premises[pi]
	if p.title0 < 0 {
		p.title0 = ti
	}
	p.nTitles++
	return ti
}

// titleStart returns when the first title to a premises began: after the
// building was finished and before the ledger starts.
func (m *model) titleStart(pi int) civil.Date {
	b := &m.buildings[m.premises[pi].building]
	return m.randomDay(b.built, m.start.AddDays(-1))
}

func (m *model) buildTitles() {
	r := m.r
	// Titles are added premises by premises, so each premises' titles are
	// consecutive (title0 .. title0+nTitles-1). Flats come first so that
	// garages and parking spaces can go to their holders; the two passes
	// write into per-premises slots that are then ordered by premises.
	type pending struct {
		kind       uint8
		start, end civil.Date
		holders    []holderRec
	}
	slots := make([][]pending, len(m.premises))
	flatsByEstate := make([][]int32, len(m.estates)) // flats held since before the ledger, never sold
	for i := range m.premises {
		p := &m.premises[i]
		if p.kind != kindFlat {
			continue
		}
		street, postal, city := m.flatAddress(p)
		kind := uint8(titleSeparateOwnership)
		switch x := r.IntN(1000); {
		case int32(i) == m.demoFlat:
			kind = titleSeparateOwnership
		case int32(i) == m.demoMemberFlat:
			kind = titleOwnershipRight
		case x < 3:
			kind = titleNone
		case x < 120:
			kind = titleTenantRight
		case x < 550:
			kind = titleOwnershipRight
		}
		start := m.titleStart(i)
		pairPct := 40
		if m.isDemoPremises(i) {
			pairPct = 0
		}
		if r.IntN(100) >= 85 {
			street, postal, city = m.elsewhereAddress()
		}
		holders := m.household(pairPct, street, postal, city, start)
		sellable := kind == titleOwnershipRight || kind == titleSeparateOwnership
		if sellable && !m.isDemoPremises(i) && r.IntN(1000) < 58 {
			sold := m.saleDay()
			slots[i] = append(slots[i], pending{kind, start, sold, holders})
			street, postal, city = m.flatAddress(p)
			if r.IntN(100) >= 90 {
				street, postal, city = m.elsewhereAddress()
			}
			next := sold.AddDays(1)
			slots[i] = append(slots[i], pending{kind, next, civil.Date{}, m.household(40, street, postal, city, next)})
			continue
		}
		slots[i] = append(slots[i], pending{kind, start, civil.Date{}, holders})
		if kind != titleNone && int32(i) != m.demoMemberFlat {
			flatsByEstate[p.estate] = append(flatsByEstate[p.estate], int32(i))
		}
	}
	var companies []int32
	for i := range m.premises {
		p := &m.premises[i]
		switch p.kind {
		case kindCommercial:
			start := m.randomDay(laterOf(m.buildings[p.building].built, civil.Date{Year: 1995, Month: 1, Day: 1}), m.start.AddDays(-1))
			tenant := m.commercialTenant(i, &companies, start)
			if r.IntN(100) < 15 {
				change := m.saleDay()
				slots[i] = append(slots[i], pending{titleLease, start, change, tenant})
				next := change.AddDays(1)
				slots[i] = append(slots[i], pending{titleLease, next, civil.Date{}, m.commercialTenant(i, &companies, next)})
				continue
			}
			slots[i] = append(slots[i], pending{titleLease, start, civil.Date{}, tenant})
		case kindGarage, kindParking:
			var kind uint8
			if p.kind == kindGarage {
				kind = []uint8{titleOwnershipRight, titleSeparateOwnership, titleLease}[pickWeighted(r, []int{45, 35, 20})]
			} else {
				kind = []uint8{titleSeparateOwnership, titleLease}[pickWeighted(r, []int{55, 45})]
			}
			var holders []holderRec
			var start civil.Date
			flats := flatsByEstate[p.estate]
			switch {
			case int32(i) == m.demoGarage || int32(i) == m.demoPark:
				kind = titleSeparateOwnership
				flat := slots[m.demoFlat][0]
				holders, start = flat.holders, m.randomDay(flat.start, m.start.AddDays(-1))
			case len(flats) > 0 && r.IntN(100) < 65:
				flat := slots[flats[r.IntN(len(flats))]][0]
				holders, start = flat.holders, m.randomDay(flat.start, m.start.AddDays(-1))
			default:
				start = m.titleStart(i)
				street, postal, city := m.elsewhereAddress()
				holders = m.household(15, street, postal, city, start)
			}
			sellable := kind == titleOwnershipRight || kind == titleSeparateOwnership
			if sellable && !m.isDemoPremises(i) && r.IntN(1000) < 50 {
				sold := m.saleDay()
				slots[i] = append(slots[i], pending{kind, start, sold, holders})
				next := sold.AddDays(1)
				street, postal, city := m.elsewhereAddress()
				slots[i] = append(slots[i], pending{kind, next, civil.Date{}, m.household(15, street, postal, city, next)})
				continue
			}
			slots[i] = append(slots[i], pending{kind, start, civil.Date{}, holders})
		}
	}
	for i := range slots {
		for _, t := range slots[i] {
			m.addTitle(i, t.kind, t.start, t.end, t.holders)
		}
	}
	m.demoResident = m.holders[m.titles[m.premises[m.demoFlat].title0].holder0].person
	m.demoMember = m.holders[m.titles[m.premises[m.demoMemberFlat].title0].holder0].person
	for _, pi := range []int32{m.demoResident, m.demoMember} {
		if m.persons[pi].email == "" {
			p := &m.persons[pi]
			p.email = m.email(p.first, p.last)
		}
	}
}

// commercialTenant returns the holder of a lease: mostly a company (at
// times one that already rents another premises), else a sole trader.
func (m *model) commercialTenant(pi int, companies *[]int32, since civil.Date) []holderRec {
	r := m.r
	if len(*companies) > 0 && r.IntN(100) < 20 {
		return []holderRec{{person: (*companies)[r.IntN(len(*companies))], num: 1, den: 1}}
	}
	trade, brand := pick(r, companyTrades), pick(r, companyBrands)
	street, postal, city := m.flatAddress(&m.premises[pi])
	if r.IntN(100) < 70 {
		p := personRec{
			company: trade + " „" + brand + "” " + pick(r, companyForms),
			street:  street, postal: postal, city: city,
			email:   m.companyEmail(trade, brand),
			phone:   landline(r, 40+r.IntN(50)),
			created: since,
		}
		m.persons = append(m.persons, p)
		id := int32(len(m.persons) - 1)
		*companies = append(*companies, id)
		return []holderRec{{person: id, num: 1, den: 1}}
	}
	id := m.newPerson(r.IntN(2) == 0, pick(r, surnames), street, postal, city, since, true)
	p := &m.persons[id]
	p.company = trade + " „" + brand + "” " + p.first + " " + p.last
	return []holderRec{{person: id, num: 1, den: 1}}
}

// assignProfiles gives current titles exact shares of payment behaviour
// (6% debtors, half of them still behind at the end; 4% overpayers) and
// earlier titles random ones.
func (m *model) assignProfiles() {
	r := m.r
	var current []int32
	for i := range m.titles {
		t := &m.titles[i]
		if t.end.IsZero() {
			current = append(current, int32(i))
			continue
		}
		t.profile = uint8(pickWeighted(r, []int{90, 4, 6, 0}))
	}
	r.Shuffle(len(current), func(i, j int) { current[i], current[j] = current[j], current[i] })
	n := len(current)
	debtors, over := max(2, (n*6+50)/100), max(1, (n*4+50)/100)
	for k, ti := range current {
		t := &m.titles[ti]
		switch {
		case k < debtors/2:
			t.profile = profDebtorOngoing
		case k < debtors:
			t.profile = profDebtor
		case k < debtors+over:
			t.profile = profOverpayer
		default:
			t.profile = profPunctual
		}
	}
	// The demo resident's ledgers show one of each.
	m.titles[m.premises[m.demoFlat].title0].profile = profPunctual
	m.titles[m.premises[m.demoGarage].title0].profile = profOverpayer
	m.titles[m.premises[m.demoPark].title0].profile = profDebtorOngoing
	m.titles[m.premises[m.demoMemberFlat].title0].profile = profPunctual
}

// buildMemberships makes members of the holders of cooperative rights
// (tenant's and ownership rights) and of some separate owners. Holders
// whose last cooperative right was sold leave on the day of the sale;
// a few separate owners resigned. Register numbers follow joining order.
func (m *model) buildMemberships() {
	r := m.r
	member := make([]int32, len(m.persons))
	for i := range member {
		member[i] = -1
	}
	currentCoopRight := make([]bool, len(m.persons))
	for i := range m.titles {
		t := &m.titles[i]
		if t.end.IsZero() && (t.kind == titleTenantRight || t.kind == titleOwnershipRight) {
			for _, h := range m.holders[t.holder0 : t.holder0+int32(t.nHolders)] {
				currentCoopRight[h.person] = true
			}
		}
	}
	for i := range m.titles {
		t := &m.titles[i]
		for _, h := range m.holders[t.holder0 : t.holder0+int32(t.nHolders)] {
			pi := h.person
			if m.persons[pi].company != "" && m.persons[pi].first == "" {
				continue // companies are not members
			}
			switch t.kind {
			case titleTenantRight, titleOwnershipRight:
				if member[pi] < 0 {
					member[pi] = int32(len(m.members))
					m.members = append(m.members, memberRec{person: pi, joined: t.start})
				}
				mb := &m.members[member[pi]]
				if t.start.Before(mb.joined) {
					mb.joined = t.start
				}
				switch {
				case currentCoopRight[pi]:
					mb.left = civil.Date{}
				case mb.left.IsZero() || mb.left.Before(t.end):
					mb.left = t.end // the last cooperative right was sold
				}
			case titleSeparateOwnership:
				if member[pi] >= 0 || pi == m.demoResident || r.IntN(100) >= 30 {
					continue
				}
				joined := m.randomDay(t.start, earlierOf(t.start.AddDays(3*365), m.today))
				mb := memberRec{person: pi, joined: joined}
				if r.IntN(100) < 8 {
					mb.left = m.randomDay(joined, m.today)
				}
				member[pi] = int32(len(m.members))
				m.members = append(m.members, mb)
			}
		}
	}
	order := make([]int32, len(m.members))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		return m.members[a].joined.Compare(m.members[b].joined)
	})
	sorted := make([]memberRec, len(m.members))
	for k, i := range order {
		sorted[k] = m.members[i]
		sorted[k].number = strconv.Itoa(1001 + k)
		if m.members[i].person == m.demoMember {
			m.demoMembership = int32(k)
		}
	}
	m.members = sorted
}

// currentMembers counts memberships that have not ended.
func (m *model) currentMembers() int {
	n := 0
	for i := range m.members {
		if m.members[i].left.IsZero() {
			n++
		}
	}
	return n
}

// virtualAccount returns the virtual NRB of the premises with the given id:
// the cooperative bank's sort code, a 4-digit client prefix and the id.
func (m *model) virtualAccount(premisesID int64) (string, error) {
	n, err := nrb.New(m.coop.sortCode, m.coop.accountPrefix+fmt.Sprintf("%012d", premisesID))
	return string(n), err
}

func laterOf(a, b civil.Date) civil.Date {
	if a.After(b) {
		return a
	}
	return b
}

func earlierOf(a, b civil.Date) civil.Date {
	if a.Before(b) {
		return a
	}
	return b
}
