package demo

// Legal titles to premises, who holds them and how they pay.

import "github.com/ebok/ebok/internal/civil"

// addTitle stores a title to premises pi with its holders.
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

// holdersOf returns the holders of title t.
func (m *model) holdersOf(t *titleRec) []holderRec {
	return m.holders[t.holder0 : t.holder0+int32(t.nHolders)]
}

// titleStart returns when the first title to a premises began: after the
// building was finished and before the ledger starts.
func (m *model) titleStart(pi int) civil.Date {
	b := &m.buildings[m.premises[pi].building]
	return m.randomDay(b.built, m.start.AddDays(-1))
}

// pendingTitle is a title waiting for its place in m.titles.
type pendingTitle struct {
	kind       uint8
	start, end civil.Date
	holders    []holderRec
}

// buildTitles gives every premises its titles and picks the demo people.
// Titles are added premises by premises, so each premises' titles are
// consecutive (title0 .. title0+nTitles-1). Flats come first so that
// garages and parking spaces can go to their holders; the two passes
// write into per-premises slots that are then ordered by premises.
func (m *model) buildTitles() {
	slots := make([][]pendingTitle, len(m.premises))
	flatsByEstate := m.flatTitles(slots)
	m.otherTitles(slots, flatsByEstate)
	for i := range slots {
		for _, t := range slots[i] {
			m.addTitle(i, t.kind, t.start, t.end, t.holders)
		}
	}
	m.pickDemoPeople()
}

// flatTitles fills the slots of the flats. It returns, by estate, the
// flats held since before the ledger and never sold, whose holders the
// garages and parking spaces may go to.
func (m *model) flatTitles(slots [][]pendingTitle) [][]int32 {
	flatsByEstate := make([][]int32, len(m.estates))
	for i := range m.premises {
		p := &m.premises[i]
		if p.kind != kindFlat {
			continue
		}
		slots[i] = m.flatTitle(i)
		if len(slots[i]) == 1 && slots[i][0].kind != titleNone && int32(i) != m.demoMemberFlat {
			flatsByEstate[p.estate] = append(flatsByEstate[p.estate], int32(i))
		}
	}
	return flatsByEstate
}

// flatTitle returns the titles to flat i: a household living there or
// (15%) elsewhere, and for about 6% of the sellable titles a sale during
// the ledger to a new household.
func (m *model) flatTitle(i int) []pendingTitle {
	r := m.r
	p := &m.premises[i]
	street, postal, city := m.flatAddress(p)
	kind := m.flatTitleKind(i)
	start := m.titleStart(i)
	pairPct := 40
	if m.isDemoPremises(i) {
		pairPct = 0
	}
	if r.IntN(100) >= 85 {
		street, postal, city = m.elsewhereAddress()
	}
	holders := m.household(pairPct, street, postal, city, start)
	sold := sellable(kind) && !m.isDemoPremises(i) && r.IntN(1000) < 58
	return m.titleChain(kind, start, holders, sold, func(since civil.Date) []holderRec {
		street, postal, city := m.flatAddress(p)
		if r.IntN(100) >= 90 {
			street, postal, city = m.elsewhereAddress()
		}
		return m.household(40, street, postal, city, since)
	})
}

// flatTitleKind returns the kind of flat i's title: mostly separate
// ownership and ownership rights, some tenant's rights and a few flats
// without a title. The number is drawn for the demo flats too, so that
// the draws after it do not depend on which flats the demo logins got.
func (m *model) flatTitleKind(i int) uint8 {
	switch x := m.r.IntN(1000); {
	case int32(i) == m.demoFlat:
		return titleSeparateOwnership
	case int32(i) == m.demoMemberFlat:
		return titleOwnershipRight
	case x < 3:
		return titleNone
	case x < 120:
		return titleTenantRight
	case x < 550:
		return titleOwnershipRight
	}
	return titleSeparateOwnership
}

// otherTitles fills the slots of commercial premises, garages and parking
// spaces; it needs the flats' slots filled.
func (m *model) otherTitles(slots [][]pendingTitle, flatsByEstate [][]int32) {
	var companies []int32
	for i := range m.premises {
		switch m.premises[i].kind {
		case kindCommercial:
			slots[i] = m.leaseTitles(i, &companies)
		case kindGarage, kindParking:
			slots[i] = m.parkingTitles(i, slots, flatsByEstate)
		}
	}
}

// leaseTitles returns the leases of commercial premises i: one tenant
// since 1995 or later, and for 15% a change of tenant during the ledger.
func (m *model) leaseTitles(i int, companies *[]int32) []pendingTitle {
	p := &m.premises[i]
	start := m.randomDay(laterOf(m.buildings[p.building].built, civil.Date{Year: 1995, Month: 1, Day: 1}), m.start.AddDays(-1))
	tenant := m.commercialTenant(i, companies, start)
	changed := m.r.IntN(100) < 15
	return m.titleChain(titleLease, start, tenant, changed, func(since civil.Date) []holderRec {
		return m.commercialTenant(i, companies, since)
	})
}

// parkingTitles returns the titles to garage or parking space i: mostly
// held with a flat of the same estate (the demo ones with the demo
// resident's flat), else by a household living elsewhere, and for 5% of
// the sellable titles a sale during the ledger.
func (m *model) parkingTitles(i int, slots [][]pendingTitle, flatsByEstate [][]int32) []pendingTitle {
	r := m.r
	p := &m.premises[i]
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
	sold := sellable(kind) && !m.isDemoPremises(i) && r.IntN(1000) < 50
	return m.titleChain(kind, start, holders, sold, func(since civil.Date) []holderRec {
		street, postal, city := m.elsewhereAddress()
		return m.household(15, street, postal, city, since)
	})
}

// sellable tells whether a title of the kind can change hands by sale.
func sellable(kind uint8) bool {
	return kind == titleOwnershipRight || kind == titleSeparateOwnership
}

// titleChain returns the titles to one premises: the holders' from start,
// current unless sold; when sold, theirs ends on a sale day and the
// buyers' (made by buyers once the day is known) runs from the day after.
func (m *model) titleChain(kind uint8, start civil.Date, holders []holderRec, sold bool, buyers func(since civil.Date) []holderRec) []pendingTitle {
	if !sold {
		return []pendingTitle{{kind, start, civil.Date{}, holders}}
	}
	day := m.saleDay()
	next := day.AddDays(1)
	return []pendingTitle{{kind, start, day, holders}, {kind, next, civil.Date{}, buyers(next)}}
}

// pickDemoPeople makes the first holders of the demo flats the demo
// resident and member, giving them an e-mail address when the draw left
// them without one (as it does for about 15% of people).
func (m *model) pickDemoPeople() {
	m.demoResident = m.holders[m.titles[m.premises[m.demoFlat].title0].holder0].person
	m.demoMember = m.holders[m.titles[m.premises[m.demoMemberFlat].title0].holder0].person
	for _, pi := range []int32{m.demoResident, m.demoMember} {
		if m.persons[pi].email == "" {
			p := &m.persons[pi]
			p.email = m.email(p.first, p.last)
		}
	}
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
