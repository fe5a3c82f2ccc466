package demo

// Legal titles to premises, who holds them and how they pay.

import "github.com/ebok/ebok/internal/civil"

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
