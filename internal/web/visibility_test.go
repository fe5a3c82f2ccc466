package web

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// TestBuyerSeesOnlyTheirHolding: after a sale, the buyer sees the premises'
// ledger, statements, settlements and readings from the day their title
// began, and what came before only as the balance on that day; staff still
// see everything.
func TestBuyerSeesOnlyTheirHolding(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		// A water settlement of the seller's time, and one reaching into
		// the buyer's.
		staff := env.client(t, "ebok.test")
		staff.login("staff", adminLogin)
		base := "/staff/premises/" + id64(f.Flat) + "/settlements"
		for _, period := range [][2]string{{"01.01.2026", "30.06.2026"}, {"01.07.2026", "31.10.2026"}} {
			if r := staff.post(base, urlValues("kind", "water", "from", period[0], "to", period[1], "consumption", "10", "cost", "100,00", "advances", "100,00")); r.Code != http.StatusSeeOther {
				t.Fatalf("settlement %v: %d", period, r.Code)
			}
		}
		// The sellers leave 100,00 zł unpaid.
		exec(t, db, `INSERT INTO ledger_entries (coop_id, account_id, kind, booked_on, due_on, amount, description, created_at)
			VALUES ($1, $2, 'charge', '2026-10-12', '2026-10-12', 10000, 'Dopłata sprzedających', $3)`, f.ID, f.FlatAccount, now)
		// The Kowalskis sell the flat to Zdzisław Nowak (E0000003) on
		// 15.10.2026, after October's charge and payment.
		exec(t, db, `UPDATE titles SET ends_on = '2026-10-14' WHERE coop_id = $1 AND premises_id = $2`, f.ID, f.Flat)
		tid := exec(t, db, `INSERT INTO titles (coop_id, premises_id, kind, starts_on) VALUES ($1, $2, 'separate_ownership', '2026-10-15') RETURNING id`, f.ID, f.Flat)
		exec(t, db, `INSERT INTO title_holders (coop_id, title_id, person_id, share_num, share_den) VALUES ($1, $2, $3, 1, 1)`, f.ID, tid, f.Other)

		buyer := env.client(t, "ebok.test")
		buyer.login("ebok", "E0000003")
		flat := "/ebok/premises/" + id64(f.Flat)
		r := buyer.get(flat + "/ledger")
		if r.Code != http.StatusOK {
			t.Fatalf("buyer's ledger: %d", r.Code)
		}
		mustContain(t, r.Body, "Saldo na dzień 15.10.2026: 100,00\u00a0zł", "Opłaty za 11.2026")
		mustNotContain(t, r.Body, "Opłaty za 10.2026", "<td>Wpłata</td>", "09.10.2026", "Dopłata sprzedających", `value="2025"`)
		// The overview lists the buyer's unpaid charges and the sellers'
		// arrears as one sum.
		ov := buyer.get(flat).Body
		mustContain(t, ov, "Co jest do zapłaty", "Zaległość sprzed 15.10.2026 (okres poprzedniego posiadacza)", ">100,00\u00a0zł<",
			"Naliczenie: Opłaty za 11.2026", "612,34\u00a0zł")
		mustNotContain(t, ov, "Dopłata sprzedających")
		mustNotContain(t, buyer.get(flat+"/ledger?year=2026&kind=payment").Body, "<td>Wpłata</td>")

		csv := buyer.get(flat + "/statement.csv?from=01.01.2026&to=30.11.2026")
		mustContain(t, csv.Body, "15.10.2026;;Saldo początkowe;;;;100,00", "Opłaty za 11.2026")
		mustNotContain(t, csv.Body, "Opłaty za 10.2026", "09.10.2026", "Dopłata sprzedających")

		sets := buyer.get(flat + "/settlements")
		mustContain(t, sets.Body, "01.07.2026")
		mustNotContain(t, sets.Body, "30.06.2026")
		staffSets := staff.get(base).Body
		mustContain(t, staffSets, "30.06.2026", "31.10.2026")
		ids := regexp.MustCompile(`/settlements/(\d+)"`).FindAllStringSubmatch(staffSets, -1)
		if len(ids) != 2 {
			t.Fatalf("settlement links: %v", ids)
		}
		for _, m := range ids {
			code := buyer.get(flat + "/settlements/" + m[1]).Code
			seller := m[1] == ids[len(ids)-1][1] // listed newest first
			if seller && code != http.StatusNotFound || !seller && code != http.StatusOK {
				t.Errorf("settlement %s for the buyer: %d", m[1], code)
			}
		}

		// Staff see the whole ledger.
		mustContain(t, unlabelled(staff.get("/staff/premises/"+id64(f.Flat)+"/ledger?year=2026").Body), "Opłaty za 10.2026", "<td>Wpłata <a href=", "Dopłata sprzedających")
		mustContain(t, staff.get("/staff/premises/"+id64(f.Flat)+"/overview").Body, "Dopłata sprzedających")
		// The sellers no longer see the flat at all.
		seller := env.client(t, "ebok.test")
		seller.login("ebok", residentLogin)
		if code := seller.get(flat + "/ledger").Code; code != http.StatusNotFound {
			t.Errorf("seller's ledger after the sale: %d", code)
		}
	})
}
