package demo

import (
	"fmt"
	"math/rand/v2"

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

// newModel builds the register of a cooperative of n premises whose
// ledger ends on today.
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

// pickWeighted returns an index into weights, each drawn with a chance in
// proportion to its weight.
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

// virtualAccount returns the virtual NRB of the premises with the given id:
// the cooperative bank's sort code, a 4-digit client prefix and the id.
func (m *model) virtualAccount(premisesID int64) (string, error) {
	n, err := nrb.New(m.coop.sortCode, m.coop.accountPrefix+fmt.Sprintf("%012d", premisesID))
	return string(n), err
}

// laterOf returns the later of two days.
func laterOf(a, b civil.Date) civil.Date {
	if a.After(b) {
		return a
	}
	return b
}

// earlierOf returns the earlier of two days.
func earlierOf(a, b civil.Date) civil.Date {
	if a.Before(b) {
		return a
	}
	return b
}
