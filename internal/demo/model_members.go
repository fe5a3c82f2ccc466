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
	member := make([]int32, len(m.persons)) // index in m.members, -1: none
	for i := range member {
		member[i] = -1
	}
	holdsRight := m.currentRightHolders()
	for i := range m.titles {
		t := &m.titles[i]
		for _, h := range m.holdersOf(t) {
			pi := h.person
			if m.persons[pi].company != "" && m.persons[pi].first == "" {
				continue // companies are not members
			}
			switch t.kind {
			case titleTenantRight, titleOwnershipRight:
				m.joinByRight(member, pi, t, holdsRight[pi])
			case titleSeparateOwnership:
				m.joinAsOwner(member, pi, t)
			}
		}
	}
	m.numberMembers()
}

// currentRightHolders tells, by person, who holds a cooperative right
// today: they are members whatever they sold.
func (m *model) currentRightHolders() []bool {
	holds := make([]bool, len(m.persons))
	for i := range m.titles {
		t := &m.titles[i]
		if t.end.IsZero() && (t.kind == titleTenantRight || t.kind == titleOwnershipRight) {
			for _, h := range m.holdersOf(t) {
				holds[h.person] = true
			}
		}
	}
	return holds
}

// joinByRight makes person pi a member through cooperative right t:
// joined with the earliest such right, left with the sale of the last one
// unless a right is still held (holdsRight). member maps persons to their
// index in m.members.
func (m *model) joinByRight(member []int32, pi int32, t *titleRec, holdsRight bool) {
	if member[pi] < 0 {
		member[pi] = int32(len(m.members))
		m.members = append(m.members, memberRec{person: pi, joined: t.start})
	}
	mb := &m.members[member[pi]]
	if t.start.Before(mb.joined) {
		mb.joined = t.start
	}
	switch {
	case holdsRight:
		mb.left = civil.Date{}
	case mb.left.IsZero() || mb.left.Before(t.end):
		mb.left = t.end // the last cooperative right was sold
	}
}

// joinAsOwner makes 30% of the separate owners who are not members yet
// (the demo resident never) members within three years of acquiring
// title t; 8% of them resigned since. member maps persons to their index
// in m.members.
func (m *model) joinAsOwner(member []int32, pi int32, t *titleRec) {
	r := m.r
	if member[pi] >= 0 || pi == m.demoResident || r.IntN(100) >= 30 {
		return
	}
	joined := m.randomDay(t.start, earlierOf(t.start.AddDays(3*365), m.today))
	mb := memberRec{person: pi, joined: joined}
	if r.IntN(100) < 8 {
		mb.left = m.randomDay(joined, m.today)
	}
	member[pi] = int32(len(m.members))
	m.members = append(m.members, mb)
}

// numberMembers orders the memberships by joining day (stable, so that
// members of one day keep the order they were found in) and numbers them
// from 1001 in that order.
func (m *model) numberMembers() {
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
