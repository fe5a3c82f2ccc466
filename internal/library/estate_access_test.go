package library

import (
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// estate adds an estate and returns its id.
func (e *env) estate(code string) int64 {
	e.t.Helper()
	var id int64
	err := e.db.InTx(e.ctx, func(tx *store.Tx) error {
		return tx.QueryRowContext(e.ctx, `INSERT INTO estates (coop_id, code, name, office_street, office_postal_code, office_city, office_phone, office_email)
			VALUES ($1, $2, $3, 'ul. Biurowa 1', '00-001', 'Warszawa', '', '') RETURNING id`, e.coop, code, "Osiedle "+code).Scan(&id)
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

// holds gives a person a title, from starts to ends (ISO days, ends may be
// empty), to a flat in the estate.
func (e *env) holds(person, estate int64, starts, ends string) {
	e.t.Helper()
	err := e.db.InTx(e.ctx, func(tx *store.Tx) error {
		var b, p, t int64
		if err := tx.QueryRowContext(e.ctx, `INSERT INTO buildings (coop_id, estate_id, street, number, postal_code, city)
			VALUES ($1, $2, 'ul. Polna', '1', '00-001', 'Warszawa') RETURNING id`, e.coop, estate).Scan(&b); err != nil {
			return err
		}
		if err := tx.QueryRowContext(e.ctx, `INSERT INTO premises (coop_id, building_id, kind, number, usable_area)
			VALUES ($1, $2, 'flat', '1', 5000) RETURNING id`, e.coop, b).Scan(&p); err != nil {
			return err
		}
		var endsOn any
		if ends != "" {
			endsOn = ends
		}
		if err := tx.QueryRowContext(e.ctx, `INSERT INTO titles (coop_id, premises_id, kind, starts_on, ends_on)
			VALUES ($1, $2, 'ownership_right', $3, $4) RETURNING id`, e.coop, p, starts, endsOn).Scan(&t); err != nil {
			return err
		}
		_, err := tx.ExecContext(e.ctx, `INSERT INTO title_holders (coop_id, title_id, person_id, share_num, share_den)
			VALUES ($1, $2, $3, 1, 1)`, e.coop, t, person)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

// Documents of one estate: members' and residents' ones reach only those
// holding a premises there on the day (a title ended yesterday no longer
// counts), a public one everybody; documents of the whole cooperative
// reach everyone of their visibility. Listing, search, snippets and
// downloads agree (checkMatrix).
func TestAccessMatrixByEstate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		a, b := e.estate("A"), e.estate("B")
		up := func(text string) Upload { return Upload{Filename: "d.pdf", Data: e.textPDF("Dokument", text)} }
		inEstate := func(title string, vis Visibility, estate int64) int64 {
			d := draft(title, "", vis)
			d.EstateID = estate
			return e.publish(d, up("regulamin "+title))
		}
		docs := map[string]int64{
			"whole members": e.publish(draft("Całość", "", Members), up("regulamin calosc")),
			"A members":     inEstate("Osiedle A dla członków", Members, a),
			"B residents":   inEstate("Osiedle B dla mieszkańców", Residents, b),
			"B public":      inEstate("Osiedle B publiczny", Public, b),
		}
		memberA := e.person("Nowak", "2010-01-01", "")
		e.holds(memberA, a, "2010-01-01", "")
		memberB := e.person("Wójcik", "2010-01-01", "")
		e.holds(memberB, b, "2010-01-01", "")
		movedOut := e.person("Kot", "2010-01-01", "")
		e.holds(movedOut, a, "2010-01-01", "2026-03-11")
		residentB := e.person("Mazur", "", "")
		e.holds(residentB, b, "2015-01-01", "")
		residentA := e.person("Lis", "", "")
		e.holds(residentA, a, "2015-01-01", "")
		readers := map[string]Reader{
			"anonymous": e.reader(Anonymous, 0, 0), "member A": e.reader(Member, 11, memberA), "member B": e.reader(Member, 12, memberB),
			"member moved out of A": e.reader(Member, 13, movedOut), "resident B": e.reader(Resident, 14, residentB),
			"resident A": e.reader(Resident, 15, residentA), "staff": e.reader(Staff, 16, 0),
		}
		want := map[string][]string{
			"anonymous":             {"B public"},
			"member A":              {"whole members", "A members", "B public"},
			"member B":              {"whole members", "B residents", "B public"},
			"member moved out of A": {"whole members", "B public"},
			"resident B":            {"B residents", "B public"},
			"resident A":            {"B public"},
			"staff":                 {"whole members", "A members", "B residents", "B public"},
		}
		checkMatrix(e, docs, readers, want)
	})
}
