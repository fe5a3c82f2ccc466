package demo

// Membership of the cooperative.

import (
	"slices"
	"strconv"

	"github.com/ebok/ebok/internal/civil"
)

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
