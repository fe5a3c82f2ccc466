package demo

// People and companies of the register: holders of titles, their
// addresses and e-mail addresses.

import (
	"fmt"
	"strconv"

	"github.com/ebok/ebok/internal/civil"
)

// elsewhereAddress draws the address of someone living outside the
// cooperative's premises: a third in the cooperative's city.
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
