package web

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

func (c *client) upload(path, field, name string, data []byte) response {
	c.t.Helper()
	return c.uploadWith(path, field, name, data, nil)
}

func TestStaffBankStatements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		virtual := strings.ReplaceAll(f.FlatNRB, " ", "")
		sta := ":20:1\r\n:25:/PL61109010140000071219812874\r\n:28C:1/1\r\n:60F:C261120PLN0,00\r\n" +
			":61:2611211121CN512,34NTRF0000000000000000//R1\r\n" + virtual + "\r\n:86:Opłaty listopad\r\n" +
			":61:2611211121CN80,00NTRFNONREF//R2\r\n:86:Przelew od Zdzisław Żółć, tytuł: garaż\r\n:62F:C261121PLN592,34\r\n"
		staff := env.client(t, "ebok.test")
		staff.login("staff", adminLogin)
		r := staff.upload("/staff/bank", "statement", "wyciag.sta", []byte(sta))
		mustContain(t, r.Body, "Wpłat w pliku: 2. Zaksięgowane: 1 (razem 512,34\u00a0zł). Do przypisania: 1.", "Wpłaty do przypisania (1)", "tytuł: garaż")
		r = staff.upload("/staff/bank", "statement", "wyciag.sta", []byte(sta))
		mustContain(t, r.Body, "Zaksięgowane: 0", "Wczytane wcześniej: 2.")
		r = staff.upload("/staff/bank", "statement", "zly.sta", []byte(":20:1\r\n:61:bzdura\r\n"))
		if r.Code != http.StatusUnprocessableEntity {
			t.Errorf("malformed statement: %d", r.Code)
		}
		mustContain(t, r.Body, "Niczego nie zaksięgowaliśmy", "wiersz 2")
		id := strings.Split(strings.Split(r.Body, `action="/staff/bank/`)[1], "/")[0]
		if r := staff.post("/staff/bank/"+id+"/assign", urlValues("premises", "Mickiewicza")); !strings.Contains(r.Body, "musi pasować dokładnie jeden lokal") {
			t.Errorf("ambiguous premises accepted: %d", r.Code)
		}
		if r := staff.post("/staff/bank/"+id+"/assign", urlValues("premises", "Mickiewicza 5/12")); r.Code != http.StatusSeeOther {
			t.Fatalf("assign: %d", r.Code)
		}
		mustContain(t, staff.get("/staff/bank").Body, "Wszystkie wpłaty są przypisane")
		// 512,34 + 512,34 charged − 512,34 paid − 512,34 (statement) − 80,00 (assigned) = −80,00.
		resident := env.client(t, "ebok.test")
		resident.login("ebok", residentLogin)
		r = resident.get("/ebok/premises/" + id64(f.Flat) + "/ledger")
		mustContain(t, r.Body, "Wpłata: Opłaty listopad", "Przelew od Zdzisław Żółć, tytuł: garaż", ">-80,00<")
		// Estate administrations do not handle the cooperative's statements.
		estate := env.client(t, "ebok.test")
		estate.login("staff", estateLogin)
		if r := estate.get("/staff/bank"); r.Code != http.StatusForbidden {
			t.Errorf("estate administration on /staff/bank: %d", r.Code)
		}
	})
}

func (c *client) uploadWith(path, field, name string, data []byte, extra map[string]string) response {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range extra {
		mw.WriteField(k, v)
	}
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		c.t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

func TestStaffLedgerImport(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	staff := env.client(t, "ebok.test")
	staff.login("staff", adminLogin)
	good := "external_id;premises;booked_on;kind;amount;description\nK-1;Mickiewicza 5/12;2026-11-20;korekta;-12,34;Korekta za domofon\n"
	bad := "external_id;premises;booked_on;kind;amount;description\nK-2;Mickiewicza 5/12;2026-11-20;naliczenie;12,345;x\nK-3;Nieznana 1/1;2026-11-20;naliczenie;5,00;x\n"
	r := staff.uploadWith("/staff/import", "file", "zly.csv", []byte(bad), map[string]string{"apply": "no"})
	mustContain(t, r.Body, "Plik zly.csv ma błędy (2)", "wiersz 2", "wiersz 3", "Niczego nie zaksięgowaliśmy.")
	r = staff.uploadWith("/staff/import", "file", "fk.csv", []byte(good), map[string]string{"apply": "no"})
	// SHA-256 of the good file, computed outside ebok (sha256sum).
	const goodSum = "6c370101785074b94fc659c8af2bd664291cd3409c7f4a0b7b5987c375850de3"
	mustContain(t, r.Body, "Plik fk.csv jest poprawny: 1 pozycji, z tego 0 już zaksięgowanych",
		`<input type="hidden" name="sha256" value="`+goodSum+`">`, "Sprawdzono plik fk.csv (SHA-256 "+goodSum+")")
	// Posting needs a check of this very file.
	r = staff.uploadWith("/staff/import", "file", "fk.csv", []byte(good), map[string]string{"apply": "yes"})
	if r.Code != http.StatusConflict {
		t.Errorf("unchecked post: %d", r.Code)
	}
	mustContain(t, r.Body, "Plik trzeba najpierw sprawdzić. Nic nie zaksięgowano.")
	r = staff.uploadWith("/staff/import", "file", "fk.csv", []byte(strings.Replace(good, "-12,34", "-12,35", 1)), map[string]string{"apply": "yes", "sha256": goodSum})
	if r.Code != http.StatusConflict {
		t.Errorf("another file: %d", r.Code)
	}
	mustContain(t, r.Body, "Wybrano inny plik niż ten sprawdzony")
	r = staff.uploadWith("/staff/import", "file", "fk.csv", []byte(good), map[string]string{"apply": "yes", "sha256": goodSum})
	if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/staff/import" {
		t.Fatalf("confirmed post: %d to %q", r.Code, r.Header.Get("Location"))
	}
	mustContain(t, staff.get("/staff/import").Body, `<div class="flash" role="status" id="flash"><p>Zaksięgowano plik fk.csv: nowe pozycje: 1 (wiersze w pliku: 1).</p></div>`)
	r = staff.uploadWith("/staff/import", "file", "fk.csv", []byte(good), map[string]string{"apply": "yes", "sha256": goodSum})
	mustContain(t, staff.get(r.Header.Get("Location")).Body, "Zaksięgowano plik fk.csv: nowe pozycje: 0 (wiersze w pliku: 1).")
	resident := env.client(t, "ebok.test")
	resident.login("ebok", residentLogin)
	// The kind is said once: the description begins with it.
	body := resident.get("/ebok/premises/" + id64(f.Flat) + "/ledger").Body
	mustContain(t, body, "Korekta za domofon", ">500,00<")
	mustNotContain(t, body, "Korekta: Korekta")
}

func TestStaffBankRefusalsSuggestionsAndDetails(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		virtual := strings.ReplaceAll(f.FlatNRB, " ", "")
		staff := env.client(t, "ebok.test")
		staff.login("staff", adminLogin)
		// Refusals read in Polish, with the line.
		cut := ":20:1\r\n:25:/PL61109010140000071219812874\r\n:28C:1\r\n:60F:C261009PLN0,00\r\n:61:2610101012CN10,00NTRFNONREF\r\n:86:X\r\n"
		r := staff.upload("/staff/bank", "statement", "cut.sta", []byte(cut))
		if r.Code != http.StatusUnprocessableEntity {
			t.Errorf("a cut statement: %d", r.Code)
		}
		mustContain(t, r.Body, "wiersz 6: Plik kończy się w wierszu 6 bez :62F: — czy pobieranie zostało przerwane?")
		dot := ":20:1\r\n:25:/PL61109010140000071219812874\r\n:28C:1\r\n:60F:C261009PLN0,00\r\n:61:2610101012CN10.00NTRFNONREF\r\n:62F:C261012PLN10,00\r\n"
		mustContain(t, staff.upload("/staff/bank", "statement", "dot.sta", []byte(dot)).Body,
			"wiersz 5: Kwota &#34;10.00&#34; nie jest zapisana w formacie SWIFT (cyfry i przecinek dziesiętny).")
		unknown := ":20:1\r\n:25:/PL19114010100000579009004002\r\n:28C:1\r\n:60F:C261009PLN0,00\r\n:62F:C261012PLN0,00\r\n"
		mustContain(t, staff.upload("/staff/bank", "statement", "u.sta", []byte(unknown)).Body,
			"wiersz 1: Wyciąg dotyczy rachunku 19 1140 1010 0000 5790 0900 4002, który nie jest rachunkiem spółdzielni.")
		mustContain(t, staff.get("/staff/bank").Body, "Wszystkie wpłaty są przypisane")
		// Declared as another account, its statement is skipped and listed.
		if r := staff.post("/staff/bank/accounts", urlValues("nrb", "19 1140 1010 0000 5790 0900 4002", "purpose", "other", "currency", "EUR", "note", "walutowy")); r.Code != http.StatusSeeOther {
			t.Fatalf("declare: %d %s", r.Code, r.Body)
		}
		mustContain(t, staff.get("/staff/bank/accounts").Body, "19 1140 1010 0000 5790 0900 4002", "walutowy", "inny rachunek (pomijany przy imporcie)")
		mustContain(t, staff.upload("/staff/bank", "statement", "u.sta", []byte(unknown)).Body,
			"Pominięte wyciągi innych rachunków spółdzielni:", "rachunek 19 1140 1010 0000 5790 0900 4002 (od wiersza 1)")
		// A posted credit and one whose title names the flat's address.
		sta := ":20:1\r\n:25:/PL61109010140000071219812874\r\n:28C:7/1\r\n:60F:C261009PLN0,00\r\n" +
			":61:2610101012CN100,00NTRFNONREF//R1\r\n:86:770 PRZELEW; Z RACH.: 55102055610000331203410012; OD: JAN NOWAK  UL. LIPOWA 1; NA RACH.: " + virtual + "; TYT.: CZYNSZ PAŹDZIERNIK; TNR: 1\r\n" +
			":61:2610101012CN80,00NTRFNONREF//R2\r\n:86:770 PRZELEW; Z RACH.: 22105017641000009215291726; OD: ANNA ZIELONA; TYT.: Opłata Mickiewicza 5/12; TNR: 2\r\n" +
			":62F:C261012PLN180,00\r\n"
		r = staff.upload("/staff/bank", "statement", "w.sta", []byte(sta))
		mustContain(t, r.Body, "Zaksięgowane: 1 (razem 100,00\u00a0zł). Do przypisania: 1.", "Anna Zielona",
			"Rachunek wpłacającego: 22105017641000009215291726", "Referencja banku: R2", "Wyciąg: 7/1 · 61 1090 1014 0000 0712 1981 2874",
			"Przypisz do Mickiewicza 5/12", "(adres lokalu w tytule przelewu)", "10.10.2026")
		id := strings.Split(strings.Split(r.Body, `action="/staff/bank/`)[1], "/")[0]
		acc := strings.Split(strings.Split(r.Body, `name="account" value="`)[1], `"`)[0]
		if r := staff.post("/staff/bank/"+id+"/assign", urlValues("account", acc)); r.Code != http.StatusSeeOther {
			t.Fatalf("accept: %d", r.Code)
		}
		mustContain(t, staff.get("/staff/bank?assigned="+id).Body, "Wpłatę przypisano do lokalu i zaksięgowano.", "Wszystkie wpłaty są przypisane")
		// Staff see the statement's fields on the premises ledger; residents
		// see the payment in plain words.
		r = staff.get("/staff/premises/" + id64(f.Flat) + "/ledger?year=2026")
		mustContain(t, r.Body, "Wpłata: Jan Nowak — czynsz październik",
			"Z wyciągu: zaksięgowano w banku 12.10.2026; rachunek wpłacającego 55 1020 5561 0000 3312 0341 0012; referencja R1; wyciąg 7/1 · 61 1090 1014 0000 0712 1981 2874",
			"Wpłata: Anna Zielona — Opłata Mickiewicza 5/12")
		resident := env.client(t, "ebok.test")
		resident.login("ebok", residentLogin)
		r = resident.get("/ebok/premises/" + id64(f.Flat) + "/ledger?year=2026")
		mustContain(t, r.Body, "Wpłata: Jan Nowak — czynsz październik", "Wpłata: Anna Zielona — Opłata Mickiewicza 5/12")
		if strings.Contains(r.Body, "Z wyciągu:") || strings.Contains(r.Body, "55 1020 5561") {
			t.Error("a resident sees the statement's details")
		}
	})
}
