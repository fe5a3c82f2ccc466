package web

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// composeDraft posts a letter to the flat and returns the draft's path.
func composeDraft(t *testing.T, c *client, flat int64, body string) string {
	t.Helper()
	r := c.post("/staff/letters", urlValues("kind", "general", "subject", "Wymiana wodomierzy", "body", body,
		"rule", "premises", "rule_value", id(flat)))
	loc := r.Header.Get("Location")
	if r.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/staff/letters/") {
		t.Fatalf("compose: HTTP %d %s\n%s", r.Code, loc, r.Body)
	}
	return loc
}

// A bold run in the middle of a sentence keeps the spaces around it: the
// letter reads "że od 1 lutego wymieniamy", not "żeod 1 lutegowymieniamy".
func TestLetterBoldRunKeepsTheSpacesAroundIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		admin := env.client(t, "ebok.test")
		admin.login("staff", adminLogin)
		loc := composeDraft(t, admin, f.Flat, "Informujemy, że **od 1 lutego** wymieniamy wodomierze.\n\n- punkt **ważny** dla wszystkich")
		r := admin.get(loc + "/preview.pdf?person=" + id(f.Husband) + "&premises=" + id(f.Flat))
		if r.Code != http.StatusOK {
			t.Fatalf("preview: HTTP %d", r.Code)
		}
		text := strings.Join(strings.Fields(pdfText(t, []byte(r.Body))), " ")
		mustContain(t, text, "Informujemy, że od 1 lutego wymieniamy wodomierze.", "punkt ważny dla wszystkich")
	})
}

// An estate administration does not see the cooperative's postal batches
// it has no letter in, nor a button to mark a batch printed (a batch holds
// the whole cooperative's letters: marking it is the office's, and the
// button answered "not found").
func TestEstateStaffSeeOnlyTheirLettersOfPostalBatches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		admin := env.client(t, "ebok.test")
		admin.login("staff", adminLogin)
		loc := composeDraft(t, admin, f.Flat, "Treść dla [imie_nazwisko].")
		if r := admin.post(loc+"/send", nil); r.Code != http.StatusSeeOther {
			t.Fatalf("send: HTTP %d\n%s", r.Code, r.Body)
		}
		if _, err := env.srv.LettersWorker.ProcessOnce(ctx); err != nil {
			t.Fatal(err)
		}
		mustContain(t, admin.get("/staff/letters").Body, `action="/staff/batches/`, "/letters.pdf")
		estate := env.client(t, "ebok.test")
		estate.login("staff", estateLogin)
		page := estate.get("/staff/letters")
		if page.Code != http.StatusOK {
			t.Fatalf("estate letters: HTTP %d", page.Code)
		}
		mustNotContain(t, page.Body, "/staff/batches/", "Oznacz jako wydrukowaną")
		mustContain(t, page.Body, "Brak paczek pocztowych.")
		// The estate's own letter (to the flat's two holders) shows in the
		// batch with its files, counted alone.
		own := composeDraft(t, estate, f.Flat, "Treść dla [imie_nazwisko].")
		if r := estate.post(own+"/send", nil); r.Code != http.StatusSeeOther {
			t.Fatalf("estate send: HTTP %d\n%s", r.Code, r.Body)
		}
		if _, err := env.srv.LettersWorker.ProcessOnce(ctx); err != nil {
			t.Fatal(err)
		}
		page = estate.get("/staff/letters")
		mustContain(t, unlabelled(page.Body), `<td>1</td><td class="num">2</td>`, "/letters.pdf")
		mustNotContain(t, page.Body, "Oznacz jako wydrukowaną", "/printed")
		mustContain(t, unlabelled(admin.get("/staff/letters").Body), `<td>1</td><td class="num">4</td>`)
	})
}

// Recipients by building, estate or kind of premises are chosen from
// lists in words (an address, an estate's name, "Garaż"), not typed as a
// database number or an English word the page had to explain; a draft's
// edit form shows the choice again.
func TestLetterRecipientsAreChosenFromLists(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		var building int64
		if err := db.Read().QueryRowContext(ctx, `SELECT building_id FROM premises WHERE id = $1`, f.Flat).Scan(&building); err != nil {
			t.Fatal(err)
		}
		admin := env.client(t, "ebok.test")
		admin.login("staff", adminLogin)
		form := admin.get("/staff/letters/new").Body
		mustContain(t, form, `<option value="`+id(building)+`">ul. Mickiewicza 5</option>`, `<option value="`+id(f.EstateB)+`">Osiedle B</option>`,
			`<option value="garage">Garaż</option>`)
		mustNotContain(t, form, "flat, commercial, garage, parking")
		post := func(kv ...string) string {
			t.Helper()
			v := urlValues(append([]string{"kind", "general", "subject", "Przegląd", "body", "Treść."}, kv...)...)
			r := admin.post("/staff/letters", v)
			if r.Code != http.StatusSeeOther {
				t.Fatalf("compose %v: HTTP %d\n%s", kv, r.Code, r.Body)
			}
			return r.Header.Get("Location")
		}
		// Building A: the flat's two holders and the husband's garage.
		loc := post("rule", "building", "rule_building", id(building), "rule_estate", id(f.EstateB))
		mustContain(t, admin.get(loc).Body, "Liczba adresatów: 3")
		mustContain(t, admin.get(loc+"/edit").Body, `<option value="`+id(building)+`" selected>ul. Mickiewicza 5</option>`)
		loc = post("rule", "estate", "rule_estate", id(f.EstateB), "rule_building", id(building))
		mustContain(t, admin.get(loc).Body, "Liczba adresatów: 1")
		loc = post("rule", "premises_kind", "rule_premises_kind", "garage")
		mustContain(t, admin.get(loc).Body, "Liczba adresatów: 1")
		mustContain(t, admin.get(loc+"/edit").Body, `<option value="garage" selected>Garaż</option>`)
		// An estate administration chooses among its own estate's buildings.
		estate := env.client(t, "ebok.test")
		estate.login("staff", estateLogin)
		own := estate.get("/staff/letters/new").Body
		mustContain(t, own, "ul. Mickiewicza 5")
		mustNotContain(t, own, "ul. Żeromskiego 9", "Osiedle B")
	})
}

// postLetter posts the compose form with PDF attachments, as a browser does.
func (c *client) postLetter(path string, fields url.Values, files map[string][]byte) response {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				c.t.Fatal(err)
			}
		}
	}
	for name, data := range files {
		fw, err := mw.CreateFormFile("attachments", name)
		if err != nil {
			c.t.Fatal(err)
		}
		if _, err := fw.Write(data); err != nil {
			c.t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		c.t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

// A refused letter says at its field which amount or date is wrong (both
// at once), and that the chosen attachments were not kept and must be
// chosen again: a browser never fills a file field back in.
func TestRefusedLetterNamesItsFieldsAndTheFilesToChooseAgain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		admin := env.client(t, "ebok.test")
		admin.login("staff", adminLogin)
		fields := urlValues("kind", "fee_notice", "subject", "Nowe stawki", "body", "Saldo: [saldo].", "rule", "arrears",
			"rule_amount", "sto złotych", "effective_on", "31.02.2027", "charge_source", "coop")
		r := admin.postLetter("/staff/letters", fields, map[string][]byte{"stawki-2027.pdf": libraryPDF(t, "Stawki")})
		if r.Code != http.StatusUnprocessableEntity {
			t.Fatalf("bad amount and date: HTTP %d", r.Code)
		}
		mustContain(t, r.Body, `<a href="#f-rule-amount">Kwota zaległości jest niepoprawna.</a>`,
			`<a href="#f-effective">Data jest niepoprawna; należy ją wpisać jako dd.mm.rrrr.</a>`,
			`<a href="#f-att">Wybrane załączniki nie zostały zapisane: stawki-2027.pdf. Należy wybrać je ponownie.</a>`,
			`value="sto złotych"`, `value="31.02.2027"`)
		// Without files chosen, nothing is said about them.
		r = admin.postLetter("/staff/letters", fields, nil)
		mustNotContain(t, r.Body, "Wybrane załączniki")
	})
}

// The letter page says to whom the letter goes by the rule that chose them
// and which files go with it, so that whoever sends or approves a letter
// to many sees more than a count.
func TestLetterPageSaysWhoGetsItAndWhatGoesWithIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		var building int64
		if err := db.Read().QueryRowContext(ctx, `SELECT building_id FROM premises WHERE id = $1`, f.Flat).Scan(&building); err != nil {
			t.Fatal(err)
		}
		admin := env.client(t, "ebok.test")
		admin.login("staff", adminLogin)
		for _, c := range []struct {
			fields []string
			files  map[string][]byte
			want   []string
		}{
			{[]string{"rule", "building", "rule_building", id(building)}, map[string][]byte{"harmonogram.pdf": libraryPDF(t, "Harmonogram")},
				[]string{"<dt>Adresaci</dt><dd>Budynek: ul. Mickiewicza 5</dd>", "<dt>Załączniki</dt><dd>harmonogram.pdf</dd>"}},
			{[]string{"rule", "estate", "rule_estate", id(f.EstateB)}, nil, []string{"<dd>Osiedle: Osiedle B</dd>"}},
			{[]string{"rule", "premises_kind", "rule_premises_kind", "garage"}, nil, []string{"<dd>Rodzaj lokalu: Garaż</dd>"}},
			{[]string{"rule", "arrears", "rule_amount", "100"}, nil, []string{"<dd>Zaległość powyżej kwoty: 100,00\u00a0zł</dd>"}},
			{[]string{"rule", "list", "rule_value", "1001\n\n" + f.FlatNRB}, nil, []string{"<dd>Wklejona lista, liczba wierszy: 2</dd>"}},
		} {
			r := admin.postLetter("/staff/letters", urlValues(append([]string{"kind", "general", "subject", "Przegląd", "body", "Treść."}, c.fields...)...), c.files)
			if r.Code != http.StatusSeeOther {
				t.Fatalf("compose %v: HTTP %d\n%s", c.fields, r.Code, r.Body)
			}
			page := admin.get(r.Header.Get("Location")).Body
			mustContain(t, page, c.want...)
			if c.files == nil {
				mustNotContain(t, page, "<dt>Załączniki</dt>")
			}
		}
	})
}

// The printed dispatch list gives each address whole, for the post office
// to check the envelopes against (it cut them short with "…", as it did
// the heading "Polecony").
func TestDispatchListPrintsWholeAddresses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		exec(t, db, `UPDATE persons SET street = 'ul. Generała Władysława Andersa 125 m. 47', city = 'Konstancin-Jeziorna' WHERE id = $1`, f.Husband)
		admin := env.client(t, "ebok.test")
		admin.login("staff", adminLogin)
		loc := composeDraft(t, admin, f.Flat, "Treść dla [imie_nazwisko].")
		if r := admin.post(loc+"/send", nil); r.Code != http.StatusSeeOther {
			t.Fatalf("send: HTTP %d\n%s", r.Code, r.Body)
		}
		if _, err := env.srv.LettersWorker.ProcessOnce(ctx); err != nil {
			t.Fatal(err)
		}
		r := admin.get("/staff/batches/1/dispatch.pdf")
		if r.Code != http.StatusOK {
			t.Fatalf("dispatch list: HTTP %d", r.Code)
		}
		text := strings.Join(strings.Fields(pdfText(t, []byte(r.Body))), " ")
		mustContain(t, text, "Polecony", "Andersa", "Konstancin-Jeziorna", "Łukasz Kowalski")
		mustNotContain(t, text, "…")
	})
}

// A letter to more than 100 recipients is not sent by its author's
// button: the button says it goes for approval, and the page says why,
// before the click rather than after.
func TestLetterToManySaysItGoesForApprovalBeforeTheClick(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		var title int64
		if err := db.Read().QueryRowContext(ctx, `SELECT id FROM titles WHERE premises_id = $1`, f.Flat).Scan(&title); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 99; i++ {
			p := exec(t, db, `INSERT INTO persons (coop_id, first_name, last_name, street, postal_code, city, email, phone, created_at)
				VALUES ($1, 'Jan', $2, 'ul. Mickiewicza 5/12', '00-002', 'Warszawa', '', '', $3) RETURNING id`, f.ID, fmt.Sprintf("Współwłaściciel %d", i), now)
			exec(t, db, `INSERT INTO title_holders (coop_id, title_id, person_id, share_num, share_den) VALUES ($1, $2, $3, 1, 101)`, f.ID, title, p)
		}
		admin := env.client(t, "ebok.test")
		admin.login("staff", adminLogin)
		few := composeDraft(t, admin, f.Garage, "Treść.")
		mustContain(t, admin.get(few).Body, "Wyślij pismo (adresaci: 1)")
		many := composeDraft(t, admin, f.Flat, "Treść.")
		page := admin.get(many).Body
		mustContain(t, page, "Przekaż do zatwierdzenia (adresaci: 101)",
			"Pismo do więcej niż 100 adresatów wysyła się dopiero po zatwierdzeniu przez drugą osobę z biura.")
		mustNotContain(t, page, "Wyślij pismo (adresaci: 101)")
	})
}
