package web

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// entryID finds one ledger entry of the fixture by its account, kind and
// description.
func entryID(t *testing.T, db *store.DB, coopID int64, premisesID int64, kind, desc string) int64 {
	t.Helper()
	var id int64
	err := db.Read().QueryRowContext(context.Background(), `SELECT e.id FROM ledger_entries e
		JOIN accounts a ON a.coop_id = e.coop_id AND a.id = e.account_id
		WHERE e.coop_id = $1 AND a.premises_id = $2 AND e.kind = $3 AND e.description = $4`, coopID, premisesID, kind, desc).Scan(&id)
	if err != nil {
		t.Fatalf("entry %s %q of premises %d: %v", kind, desc, premisesID, err)
	}
	return id
}

func countRows(t *testing.T, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Read().QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestStaffPostsInterest: the fixture's flat has 3,64 zł of interest
// accrued up to 21.11.2026 (see TestPremisesPages); staff post it once and
// the resident sees it posted.
func TestStaffPostsInterest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		resident := env.client(t, "ebok.test")
		resident.login("ebok", residentLogin)
		ledgerPath := "/ebok/premises/" + id(f.Flat) + "/ledger"
		mustNotContain(t, resident.get(ledgerPath).Body, "Odsetki:", "Odsetki za opóźnienie", "Zaksięguj odsetki")

		staff := env.client(t, "ebok.test")
		staff.login("staff", adminLogin)
		base := "/staff/premises/" + id(f.Flat)
		r := staff.get(base + "/ledger")
		mustContain(t, r.Body, "Odsetki za opóźnienie", "naliczone do 21.11.2026: 3,64\u00a0zł, z tego zaksięgowane: 0,00\u00a0zł",
			"Do zaksięgowania: 3,64\u00a0zł", `action="`+base+`/interest"`, `name="shown" value="3.64"`,
			"Odsetki ustawowe za opóźnienie naliczone do 21.11.2026</textarea>", `<label for="a-reason">`)
		post := func(shown, reason string) response {
			return staff.post(base+"/interest", url.Values{"shown": {shown}, "reason": {reason}})
		}
		// What the page showed is checked, never posted: another amount is
		// refused with today's amount, a forged one too.
		r = post("100.00", "Odsetki")
		if r.Code != http.StatusUnprocessableEntity {
			t.Fatalf("another amount: %d", r.Code)
		}
		mustContain(t, r.Body, "kwota odsetek do zaksięgowania zmieniła się i wynosi teraz 3,64\u00a0zł", `name="shown" value="3.64"`)
		mustContain(t, post("x", "Odsetki").Body, "wynosi teraz 3,64\u00a0zł")
		r = post("3.64", " ")
		mustContain(t, r.Body, "Wpisz powód księgowania odsetek.", `href="#a-reason"`)
		interestEntries := `SELECT COUNT(*) FROM ledger_entries WHERE coop_id = $1 AND kind = 'interest'`
		if n := countRows(t, db, interestEntries, f.ID); n != 0 {
			t.Fatalf("refused forms posted %d entries", n)
		}
		if r := post("3.64", "Odsetki ustawowe za opóźnienie naliczone do 21.11.2026"); r.Code != http.StatusSeeOther {
			t.Fatalf("post: %d %s", r.Code, r.Body)
		}
		// The same form again posts nothing and says why.
		r = post("3.64", "Odsetki ustawowe za opóźnienie naliczone do 21.11.2026")
		if r.Code != http.StatusUnprocessableEntity {
			t.Fatalf("again: %d", r.Code)
		}
		mustContain(t, r.Body, "Nie ma odsetek do zaksięgowania: wszystkie naliczone odsetki są już zaksięgowane.")
		if n := countRows(t, db, interestEntries, f.ID); n != 1 {
			t.Fatalf("%d interest entries, want 1", n)
		}
		r = staff.get(base + "/ledger")
		mustContain(t, r.Body, "z tego zaksięgowane: 3,64\u00a0zł", "Nie ma odsetek do zaksięgowania")
		mustNotContain(t, r.Body, `action="`+base+`/interest"`)

		// The resident sees the entry, and the overview counts it as posted.
		r = resident.get(ledgerPath)
		mustContain(t, unlabelled(r.Body), "<td>Odsetki ustawowe za opóźnienie naliczone do 21.11.2026", ">3,64<", ">515,98<")
		mustNotContain(t, r.Body, "Odsetki: Odsetki")
		mustNotContain(t, r.Body, "Zaksięguj odsetki")
		mustContain(t, resident.get("/ebok/premises/"+id(f.Flat)).Body, "naliczone do 21.11.2026: 3,64\u00a0zł. Z tego 3,64\u00a0zł spółdzielnia już zaksięgowała")

		entries, err := audit.List(context.Background(), db.Read(), f.ID, audit.Filter{Action: audit.LedgerPosted})
		if err != nil || len(entries) != 1 || entries[0].Details["kind"] != "interest" || entries[0].Details["amount"] != "3.64" ||
			entries[0].Actor != "staff:"+adminLogin || entries[0].Subject != "premises:"+id(f.Flat) {
			t.Errorf("audit %+v, %v", entries, err)
		}

		// The manual posting form offers interest too, a positive amount.
		mustContain(t, staff.get(base+"/ledger").Body, `<option value="interest">Odsetki</option>`)
		if r := staff.post(base+"/postings", url.Values{"kind": {"interest"}, "booked_on": {"21.11.2026"}, "amount": {"1,00"}, "reason": {"Odsetki od rozliczenia wody"}}); r.Code != http.StatusSeeOther {
			t.Errorf("manual interest: %d", r.Code)
		}
		mustContain(t, unlabelled(resident.get(ledgerPath).Body), "<td>Odsetki od rozliczenia wody", ">516,98<")

		// The board sees the figures but cannot post; another estate's
		// administration does not find the premises.
		if _, err := env.auth.CreateUser(context.Background(), authUser(f.ID, "zarzad", "board")); err != nil {
			t.Fatal(err)
		}
		board := env.client(t, "ebok.test")
		board.post("/staff/login", url.Values{"login": {"zarzad"}, "password": {password}})
		r = board.get(base + "/ledger")
		mustContain(t, r.Body, "Odsetki za opóźnienie")
		mustNotContain(t, r.Body, `action="`+base+`/interest"`)
		if r := board.post(base+"/interest", url.Values{"shown": {"0.00"}, "reason": {"x"}}); r.Code != http.StatusForbidden {
			t.Errorf("board posting interest: %d", r.Code)
		}
		estate := env.client(t, "ebok.test")
		estate.login("staff", estateLogin)
		if r := estate.post("/staff/premises/"+id(f.OtherFlat)+"/interest", url.Values{"shown": {"0.00"}, "reason": {"x"}}); r.Code != http.StatusNotFound {
			t.Errorf("other estate's interest: %d", r.Code)
		}
	})
}

// TestStaffAllocatesPayment: the fixture's October payment (09.10.2026)
// settles the October charge; allocated to the November charge instead, it
// settles that before its due date, and October's 512,34 zł stays unpaid
// 51 days (2.10–21.11): 512,34 × 9,25% × 51/365 = 6,62 zł of interest
// instead of 3,64.
func TestStaffAllocatesPayment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "a.test", "Kowalski", "Nowak", 0)
		b := addCoop(t, env, "b", "b.test", "Wiśniewski", "Zieliński", 100)
		payment := entryID(t, db, f.ID, f.Flat, "payment", "Wpłata")
		october := entryID(t, db, f.ID, f.Flat, "charge", "Opłaty za 10.2026")
		november := entryID(t, db, f.ID, f.Flat, "charge", "Opłaty za 11.2026")
		neighbour := entryID(t, db, f.ID, f.OtherFlat, "charge", "Opłaty za 11.2026")
		foreign := entryID(t, db, b.ID, b.Flat, "charge", "Opłaty za 11.2026")

		resident := env.client(t, "a.test")
		resident.login("ebok", residentLogin)
		ledgerPath := "/ebok/premises/" + id(f.Flat) + "/ledger"
		mustNotContain(t, resident.get(ledgerPath).Body, "rozliczono na", "przypisz do naliczenia")
		mustContain(t, resident.get("/ebok/premises/"+id(f.Flat)).Body, "naliczone do 21.11.2026: 3,64\u00a0zł")

		staff := env.client(t, "a.test")
		staff.login("staff", adminLogin)
		base := "/staff/premises/" + id(f.Flat)
		paymentPath := base + "/payments/" + id(payment)
		mustContain(t, staff.get(base+"/ledger").Body, `href="`+paymentPath+`">przypisz do naliczenia<span class="visually-hidden"> (wpłata z 09.10.2026, 512,34`)
		r := staff.get(paymentPath)
		if r.Code != http.StatusOK {
			t.Fatalf("payment page: %d", r.Code)
		}
		mustContain(t, r.Body, "Przypisanie wpłaty", "nie przypisana: rozlicza najstarsze zaległości",
			`<td data-label="Naliczenie">naliczenie z 01.10.2026: Opłaty za 10.2026</td><td data-label="Kwota (zł)" class="num">512,34</td>`,
			`<option value="0" selected>najstarsze zaległości najpierw (bez przypisania)</option>`,
			`<option value="`+id(november)+`">naliczenie z 01.11.2026: Opłaty za 11.2026 – 512,34`, `<label for="t-target">`,
			"Tej wpłaty nikt jeszcze nie przypisywał.")
		allocate := func(target int64, reason string) response {
			return staff.post(paymentPath, url.Values{"target": {id(target)}, "reason": {reason}, "year": {"2026"}})
		}
		r = allocate(november, "")
		if r.Code != http.StatusUnprocessableEntity {
			t.Fatalf("no reason: %d", r.Code)
		}
		mustContain(t, r.Body, "Wpisz powód przypisania.", `<option value="`+id(november)+`" selected>`)
		for _, other := range []int64{neighbour, foreign, payment} {
			mustContain(t, allocate(other, "x").Body, "Wybierz z listy naliczenie tego lokalu.")
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM payment_targets`); n != 0 {
			t.Fatalf("refused allocations stored %d rows", n)
		}
		if r := allocate(november, "Tytuł przelewu: opłaty za listopad"); r.Code != http.StatusSeeOther || r.Header.Get("Location") != paymentPath {
			t.Fatalf("allocate: %d %s", r.Code, r.Header.Get("Location"))
		}
		mustContain(t, allocate(november, "jeszcze raz").Body, "Wpłata jest już tak przypisana.")
		r = staff.get(paymentPath)
		mustContain(t, r.Body, "Przypisana do</dt><dd>naliczenie z 01.11.2026: Opłaty za 11.2026",
			`<td data-label="Naliczenie">naliczenie z 01.11.2026: Opłaty za 11.2026</td><td data-label="Kwota (zł)" class="num">512,34</td>`,
			"Tytuł przelewu: opłaty za listopad", `<td data-label="Kto">Administrator</td>`, "naliczone do 21.11.2026: 6,62\u00a0zł")

		// Interest follows the allocation; the resident sees which charge
		// the payment settles, though the page was seen (and kept) before.
		r = resident.get(ledgerPath)
		mustContain(t, unlabelled(r.Body), "<td>Wpłata <span class=\"meta\">(rozliczono na: naliczenie z 01.11.2026: Opłaty za 11.2026)</span>")
		mustNotContain(t, r.Body, "przypisz do naliczenia")
		// Statements name it too.
		mustContain(t, resident.get("/ebok/premises/"+id(f.Flat)+"/statement.csv?from=01.10.2026&to=31.10.2026").Body,
			"09.10.2026;Wpłata;Wpłata (rozliczono na: naliczenie z 01.11.2026: Opłaty za 11.2026);")
		mustContain(t, resident.get("/ebok/premises/"+id(f.Flat)).Body, "naliczone do 21.11.2026: 6,62\u00a0zł")
		mustContain(t, staff.get(base+"/ledger").Body, "naliczone do 21.11.2026: 6,62\u00a0zł", "Do zaksięgowania: 6,62\u00a0zł")

		// Back to the oldest first is one more decision, kept in the history.
		if r := allocate(0, "Pomyłka"); r.Code != http.StatusSeeOther {
			t.Fatalf("back to oldest first: %d", r.Code)
		}
		mustContain(t, resident.get("/ebok/premises/"+id(f.Flat)).Body, "naliczone do 21.11.2026: 3,64\u00a0zł")
		mustNotContain(t, resident.get(ledgerPath).Body, "rozliczono na")
		entries, err := audit.List(context.Background(), db.Read(), f.ID, audit.Filter{Action: audit.PaymentAllocated})
		if err != nil || len(entries) != 2 || entries[1].Details["target"] != id(november) || entries[0].Details["target"] != "oldest-first" {
			t.Errorf("audit %+v, %v", entries, err)
		}
		mustContain(t, staff.get("/staff/audit?action=payment.allocated").Body, "Przypisanie wpłaty do naliczenia")

		// Only a payment of this premises has a page; the board and another
		// estate's administration may not allocate.
		for _, other := range []int64{october, neighbour, foreign} {
			if r := staff.get(base + "/payments/" + id(other)); r.Code != http.StatusNotFound {
				t.Errorf("payment page of entry %d: %d", other, r.Code)
			}
		}
		otherPayment := entryID(t, db, b.ID, b.Flat, "payment", "Wpłata")
		if r := staff.post(base+"/payments/"+id(otherPayment), url.Values{"target": {id(november)}, "reason": {"x"}}); r.Code != http.StatusNotFound {
			t.Errorf("another cooperative's payment: %d", r.Code)
		}
		if _, err := env.auth.CreateUser(context.Background(), authUser(f.ID, "zarzad", "board")); err != nil {
			t.Fatal(err)
		}
		board := env.client(t, "a.test")
		board.post("/staff/login", url.Values{"login": {"zarzad"}, "password": {password}})
		mustNotContain(t, board.get(base+"/ledger").Body, "przypisz do naliczenia")
		if r := board.get(paymentPath); r.Code != http.StatusForbidden {
			t.Errorf("board payment page: %d", r.Code)
		}
		if r := board.post(paymentPath, url.Values{"target": {id(november)}, "reason": {"x"}}); r.Code != http.StatusForbidden {
			t.Errorf("board allocation: %d", r.Code)
		}
		estate := env.client(t, "a.test")
		estate.login("staff", estateLogin)
		otherFlatPayment := "/staff/premises/" + id(f.OtherFlat) + "/payments/" + id(neighbour)
		if r := estate.get(otherFlatPayment); r.Code != http.StatusNotFound {
			t.Errorf("other estate's payment page: %d", r.Code)
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM payment_targets`); n != 2 {
			t.Errorf("%d allocation rows, want 2", n)
		}
	})
}
