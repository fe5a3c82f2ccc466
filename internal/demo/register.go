package demo

// The register tables: each one's columns and rows, the same for both
// engines; only the date and timestamp values come from the loader.

import (
	"fmt"
	"time"

	"github.com/ebok/ebok/internal/civil"
)

// registerTable is how one register table is stored: the columns and a
// builder of the rows, values in column order.
type registerTable struct {
	name string
	cols []string
	rows func(l loader) ([][]any, error)
}

// registerTables lists the register tables, parents first.
func (w *writer) registerTables() []registerTable {
	return []registerTable{
		{"cooperatives", []string{"id", "slug", "name", "short_name", "street", "postal_code", "city", "nip", "regon", "krs", "bank_account", "fee_due_day", "phone", "email", "website", "created_at"}, w.coopRows},
		{"estates", []string{"id", "coop_id", "code", "name", "office_street", "office_postal_code", "office_city", "office_phone", "office_email"}, w.estateRows},
		{"buildings", []string{"id", "coop_id", "estate_id", "street", "number", "postal_code", "city"}, w.buildingRows},
		{"premises", []string{"id", "coop_id", "building_id", "kind", "number", "floor", "usable_area", "rooms", "persons"}, w.premisesRows},
		{"persons", []string{"id", "coop_id", "first_name", "last_name", "company_name", "street", "postal_code", "city", "email", "phone", "created_at"}, w.personRows},
		{"titles", []string{"id", "coop_id", "premises_id", "kind", "starts_on", "ends_on"}, w.titleRows},
		{"title_holders", []string{"id", "coop_id", "title_id", "person_id", "share_num", "share_den"}, w.holderRows},
		{"memberships", []string{"id", "coop_id", "person_id", "register_number", "joined_on", "left_on"}, w.memberRows},
		{"accounts", []string{"id", "coop_id", "premises_id", "nrb", "opened_on"}, w.accountRows},
		{"fee_components", []string{"id", "coop_id", "code", "name", "base", "position"}, w.componentRows},
		{"fee_rates", []string{"id", "coop_id", "component_id", "premises_kind", "rate", "effective_from"}, w.rateRows},
		{"users", []string{"id", "coop_id", "kind", "login", "person_id", "display_name", "email", "role", "estate_id", "password_hash", "must_change_password", "created_at"}, w.userRows},
		{"consents", []string{"id", "coop_id", "person_id", "kind", "granted", "source", "recorded_at"}, w.consentRows},
	}
}

// rowsOf builds one row for each record of recs.
func rowsOf[T any](recs []T, row func(i int, rec *T) []any) [][]any {
	rows := make([][]any, len(recs))
	for i := range recs {
		rows[i] = row(i, &recs[i])
	}
	return rows
}

// coopRows returns the cooperative's row.
func (w *writer) coopRows(l loader) ([][]any, error) {
	c := &w.m.coop
	return [][]any{{w.id("cooperatives", 0), w.opts.Slug, c.name, c.shortName, c.street, c.postal, c.city,
		c.nip, c.regon, c.krs, c.bankAccount, int64(w.m.dueDay), c.phone, c.email, c.website, l.tsVal(w.m.today)}}, nil
}

// estateRows returns the estates' rows.
func (w *writer) estateRows(loader) ([][]any, error) {
	coop := w.id("cooperatives", 0)
	return rowsOf(w.m.estates, func(i int, e *estateRec) []any {
		return []any{w.id("estates", i), coop, e.code, e.name, e.street, e.postal, e.city, e.phone, e.email}
	}), nil
}

// buildingRows returns the buildings' rows.
func (w *writer) buildingRows(loader) ([][]any, error) {
	coop := w.id("cooperatives", 0)
	return rowsOf(w.m.buildings, func(i int, b *buildingRec) []any {
		return []any{w.id("buildings", i), coop, w.id("estates", int(b.estate)), b.street, b.number, b.postal, b.city}
	}), nil
}

// premisesRows returns the premises' rows; floor and rooms are NULL where
// they do not apply.
func (w *writer) premisesRows(loader) ([][]any, error) {
	coop := w.id("cooperatives", 0)
	return rowsOf(w.m.premises, func(i int, p *premisesRec) []any {
		var floor, rooms any
		if p.floor != noFloor {
			floor = int64(p.floor)
		}
		if p.kind == kindFlat {
			rooms = int64(p.rooms)
		}
		return []any{w.id("premises", i), coop, w.id("buildings", int(p.building)), kindNames[p.kind], p.number,
			floor, p.area, rooms, int64(p.persons)}
	}), nil
}

// personRows returns the persons' rows.
func (w *writer) personRows(l loader) ([][]any, error) {
	coop := w.id("cooperatives", 0)
	return rowsOf(w.m.persons, func(i int, p *personRec) []any {
		return []any{w.id("persons", i), coop, p.first, p.last, p.company, p.street, p.postal, p.city, p.email, p.phone, l.tsVal(p.created)}
	}), nil
}

// titleRows returns the titles' rows.
func (w *writer) titleRows(l loader) ([][]any, error) {
	coop := w.id("cooperatives", 0)
	return rowsOf(w.m.titles, func(i int, t *titleRec) []any {
		return []any{w.id("titles", i), coop, w.id("premises", int(t.premises)), titleKindNames[t.kind], l.dateVal(t.start), l.dateVal(t.end)}
	}), nil
}

// holderRows returns the title holders' rows, title by title.
func (w *writer) holderRows(loader) ([][]any, error) {
	coop := w.id("cooperatives", 0)
	rows := make([][]any, 0, len(w.m.holders))
	for ti := range w.m.titles {
		t := &w.m.titles[ti]
		for hi := t.holder0; hi < t.holder0+int32(t.nHolders); hi++ {
			h := &w.m.holders[hi]
			rows = append(rows, []any{w.id("title_holders", int(hi)), coop, w.id("titles", ti), w.id("persons", int(h.person)), int64(h.num), int64(h.den)})
		}
	}
	return rows, nil
}

// memberRows returns the memberships' rows.
func (w *writer) memberRows(l loader) ([][]any, error) {
	coop := w.id("cooperatives", 0)
	return rowsOf(w.m.members, func(i int, mb *memberRec) []any {
		return []any{w.id("memberships", i), coop, w.id("persons", int(mb.person)), mb.number, l.dateVal(mb.joined), l.dateVal(mb.left)}
	}), nil
}

// accountRows returns the rows of the premises' virtual accounts, opened
// on the first day of the ledger.
func (w *writer) accountRows(l loader) ([][]any, error) {
	coop := w.id("cooperatives", 0)
	opened := l.dateVal(w.m.start)
	rows := make([][]any, len(w.m.premises))
	for i := range w.m.premises {
		pid := w.id("premises", i)
		acct, err := w.m.virtualAccount(pid)
		if err != nil {
			return nil, fmt.Errorf("demo: virtual account of premises %d: %w", pid, err)
		}
		rows[i] = []any{w.id("accounts", i), coop, pid, acct, opened}
	}
	return rows, nil
}

// componentRows returns the fee components' rows.
func (w *writer) componentRows(loader) ([][]any, error) {
	coop := w.id("cooperatives", 0)
	rows := make([][]any, len(components))
	for i, c := range components {
		rows[i] = []any{w.id("fee_components", i), coop, c.code, c.name, c.base, int64(i + 1)}
	}
	return rows, nil
}

// rateRows returns the fee rates in force from each 1 January, for
// every component and premises kind charged it.
func (w *writer) rateRows(l loader) ([][]any, error) {
	coop := w.id("cooperatives", 0)
	s := w.m.sched
	var rows [][]any
	for y := range s.rate {
		from := l.dateVal(civil.Date{Year: s.firstYear + y, Month: time.January, Day: 1})
		for c := range components {
			for k := 0; k < numKinds; k++ {
				if rate := s.rate[y][k][c]; rate > 0 {
					rows = append(rows, []any{w.id("fee_rates", len(rows)), coop, w.id("fee_components", c), kindNames[k], rate, from})
				}
			}
		}
	}
	return rows, nil
}

// userRows returns the demo logins' rows, completing w.logins with the
// login names and descriptions now that the ids are known.
func (w *writer) userRows(l loader) ([][]any, error) {
	m := w.m
	coop := w.id("cooperatives", 0)
	created := l.tsVal(m.today)
	resident, member := &m.persons[m.demoResident], &m.persons[m.demoMember]
	estate := &m.estates[0]
	w.logins[0].Who = whoAdmin()
	w.logins[1].Who = whoEstate(estate.name)
	w.logins[2].Login = fmt.Sprintf("E%07d", w.id("persons", int(m.demoResident)))
	w.logins[2].Who = whoResident(resident.first + " " + resident.last)
	w.logins[3].Login = "CZ-" + m.members[m.demoMembership].number
	w.logins[3].Who = whoMember(member.first + " " + member.last)
	w.res.Logins = w.logins
	return [][]any{
		{w.id("users", 0), coop, "staff", w.logins[0].Login, nil, "Administrator systemu", "admin@" + m.coop.domain, "admin", nil, w.hashes[0], false, created},
		{w.id("users", 1), coop, "staff", w.logins[1].Login, nil, "Administracja – " + estate.name, estate.email, "estate", w.id("estates", 0), w.hashes[1], false, created},
		{w.id("users", 2), coop, "resident", w.logins[2].Login, w.id("persons", int(m.demoResident)), resident.first + " " + resident.last, resident.email, nil, nil, w.hashes[2], false, created},
		{w.id("users", 3), coop, "member", w.logins[3].Login, w.id("persons", int(m.demoMember)), member.first + " " + member.last, member.email, nil, nil, w.hashes[3], false, created},
	}, nil
}

// consentPercent is the share of persons with an e-mail address who
// consented to e-Korespondencja, as a percentage.
const consentPercent = 45

// consents reports whether the person at index i consented to
// e-Korespondencja: the demo resident, so that letters can be followed
// to the E-BOK inbox, and about consentPercent of the others with an
// e-mail address, chosen by a hash of the index so that the random
// sequence of the rest of the demo stays as it was.
func (m *model) consents(i int) bool {
	if m.persons[i].email == "" {
		return false
	}
	return i == int(m.demoResident) || uint32(i)*2654435761%100 < consentPercent
}

// consentRows returns the e-Korespondencja consents, each recorded when
// its person was entered.
func (w *writer) consentRows(l loader) ([][]any, error) {
	coop := w.id("cooperatives", 0)
	var rows [][]any
	for i := range w.m.persons {
		if w.m.consents(i) {
			rows = append(rows, []any{w.id("consents", len(rows)), coop, w.id("persons", i), "ekorespondencja", true, "demo",
				l.tsVal(w.m.persons[i].created)})
		}
	}
	return rows, nil
}
