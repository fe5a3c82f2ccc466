package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	osexec "os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// postMultipart sends a form with files like a browser does.
func (c *client) postMultipart(path string, fields url.Values, files map[string][]byte) response {
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
		fw, err := mw.CreateFormFile("files", name)
		if err != nil {
			c.t.Fatal(err)
		}
		fw.Write(data)
	}
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

var (
	testJPEG = append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, bytes.Repeat([]byte{7}, 2000)...)
	linkRe   = regexp.MustCompile(`/apply/confirm\?token=(\S+)`)
)

// applicationFields is the fixture husband applying for E-BOK.
func applicationFields() url.Values {
	return url.Values{
		"first_name": {"Łukasz"}, "last_name": {"Kowalski"}, "street": {"ul. Mickiewicza 5/12"},
		"postal_code": {"00-002"}, "city": {"Warszawa"}, "email": {"lukasz@example.pl"}, "phone": {"600 100 200"},
		"premises_street": {"Mickiewicza"}, "premises_house": {"5"}, "premises_number": {"12"},
		"role": {"owner"}, "accept_rules": {"yes"}, "ekorespondencja": {"yes"},
	}
}

func count(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.Read().QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func lastMail(t *testing.T, db *store.DB, to string) string {
	t.Helper()
	var body string
	if err := db.Read().QueryRowContext(context.Background(), `SELECT text_body FROM outbox WHERE to_addr = $1 ORDER BY id DESC LIMIT 1`, to).Scan(&body); err != nil {
		t.Fatalf("no mail to %s: %v", to, err)
	}
	return body
}

func TestApplicationFormValidates(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	c := env.client(t, "ebok.test")
	for _, portal := range []string{"ebok", "ikcs"} {
		r := c.get("/apply/" + portal)
		if r.Code != http.StatusOK {
			t.Fatalf("/apply/%s: %d", portal, r.Code)
		}
		mustContain(t, r.Body, `enctype="multipart/form-data"`, `for="f-email"`, `name="accept_rules"`, "Administratorem Twoich danych jest", `href="/apply/`+portal+`/form.pdf"`)
	}
	mustContain(t, c.get("/apply/ikcs").Body, `for="f-register_number"`)
	if r := c.get("/apply/other"); r.Code != http.StatusNotFound {
		t.Errorf("/apply/other: %d", r.Code)
	}
	// Empty form: every required field says what to do, in Polish, beside
	// the field and in the summary.
	r := c.postMultipart("/apply/ebok", url.Values{}, nil)
	if r.Code != http.StatusUnprocessableEntity {
		t.Fatalf("empty form: %d", r.Code)
	}
	mustContain(t, r.Body, "Popraw błędy w formularzu", `href="#f-first_name"`, "Wpisz imię.", "Wpisz adres e-mail do korespondencji.",
		"Aby złożyć wniosek, zaakceptuj regulamin.", "Dołącz skan lub zdjęcie podpisanego formularza", `aria-invalid="true"`)
	// A file that is not an image or PDF is refused and nothing is stored.
	r = c.postMultipart("/apply/ebok", applicationFields(), map[string][]byte{"skan.jpg": []byte("MZ this is a program")})
	mustContain(t, r.Body, "Plik skan.jpg nie jest obrazem JPEG, PNG ani plikiem PDF. Niczego nie zapisaliśmy.")
	// A PDF cut short is called that, not the wrong type.
	r = c.postMultipart("/apply/ebok", applicationFields(), map[string][]byte{"wniosek.pdf": []byte("%PDF-1.4\n1 0 obj")})
	mustContain(t, r.Body, "Plik wniosek.pdf jest niekompletny lub uszkodzony (PDF bez zakończenia).")
	// What was typed comes back.
	mustContain(t, r.Body, `value="Łukasz"`, `value="lukasz@example.pl"`)
	if n := count(t, db, "applications"); n != 0 {
		t.Errorf("%d applications stored after refusals", n)
	}
}

func TestOnlineApplicationEndToEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		c := env.client(t, "ebok.test")
		r := c.postMultipart("/apply/ebok", applicationFields(), map[string][]byte{"skan.jpg": testJPEG})
		if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/apply/sent" {
			t.Fatalf("submit: %d %s\n%s", r.Code, r.Header.Get("Location"), r.Body)
		}
		mustContain(t, c.get("/apply/sent").Body, "Sprawdź skrzynkę e-mail")
		// The same application again is refused with a clear message.
		r = c.postMultipart("/apply/ebok", applicationFields(), map[string][]byte{"skan.jpg": testJPEG})
		mustContain(t, r.Body, "Masz już złożony wniosek dla tego lokalu")
		m := linkRe.FindStringSubmatch(lastMail(t, db, "lukasz@example.pl"))
		if m == nil {
			t.Fatal("no confirmation link in the mail")
		}
		token, _ := url.QueryUnescape(m[1])
		// GET shows a button and changes nothing (mail scanners open links).
		r = c.get("/apply/confirm?token=" + url.QueryEscape(token))
		mustContain(t, r.Body, "Potwierdzam i składam wniosek")
		staff := env.client(t, "ebok.test")
		staff.login("staff", adminLogin)
		mustContain(t, staff.get("/staff/applications").Body, "Brak wniosków.")
		r = c.post("/apply/confirm", url.Values{"token": {token}})
		mustContain(t, r.Body, "Wniosek złożony", "05.12.2026")
		// Staff see it in the queue, verify the signature and accept.
		r = staff.get("/staff/applications")
		mustContain(t, r.Body, "Łukasz Kowalski", "Mickiewicza 5/12", "05.12.2026")
		id := regexp.MustCompile(`/staff/applications/(\d+)"`).FindStringSubmatch(r.Body)
		if id == nil {
			t.Fatal("no application link in the queue")
		}
		page := "/staff/applications/" + id[1]
		r = staff.get(page)
		mustContain(t, r.Body, "Potwierdzony i zgodny z kartoteką.", "Obecny tytuł: spółdzielcze własnościowe prawo do lokalu.", "Sprawdź załącznik", "skan.jpg")
		if r := staff.get(page + "/files/1"); r.Code != http.StatusOK || !strings.HasPrefix(r.Body, "\xFF\xD8\xFF") {
			t.Errorf("attachment: %d", r.Code)
		}
		if r := staff.post(page+"/accept", url.Values{"delivery": {"email"}}); r.Code != http.StatusUnprocessableEntity {
			t.Errorf("accept before the signature check: %d", r.Code)
		}
		if r := staff.post(page+"/signature", url.Values{"signature": {"present"}}); r.Code != http.StatusSeeOther {
			t.Fatalf("signature: %d", r.Code)
		}
		r = staff.post(page+"/accept", url.Values{"delivery": {"email"}})
		mustContain(t, r.Body, "Dane logowania wydane", "E"+strings.Repeat("0", 7-len(id64(f.Husband)))+id64(f.Husband), "lukasz@example.pl")
		mail := lastMail(t, db, "lukasz@example.pl")
		pw := regexp.MustCompile(`Hasło startowe: (\S+)`).FindStringSubmatch(mail)
		if pw == nil {
			t.Fatalf("no start password in %q", mail)
		}
		// Sent by e-mail, the start password is not shown on screen too.
		mustNotContain(t, r.Body, pw[1], "<dt>Hasło startowe</dt>")
		mustContain(t, r.Body, "Hasło startowe poszło tylko e-mailem i nie jest tu pokazywane.")
		if r := staff.get(page); !strings.Contains(r.Body, "Przyjęty") {
			t.Error("application not shown as accepted")
		}
	})
}

func TestDeskApplicationAndPrintout(t *testing.T) {
	if _, err := osexec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext missing: apt-get install poppler-utils (CI installs it)")
	}
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	staff := env.client(t, "ebok.test")
	staff.login("staff", adminLogin)
	// The desk form speaks to staff about the applicant.
	desk := staff.get("/staff/applications/new?portal=ikcs").Body
	mustContain(t, desk, "Okazany dokument tożsamości", `name="doc_last3"`, "<legend>Dane wnioskodawcy</legend>",
		"Wnioskodawca akceptuje", "Kim jest wnioskodawca dla tego lokalu?", "Wnioskodawca chce otrzymywać pisma")
	mustNotContain(t, desk, "Twoje dane", "Kim jesteś", "Akceptuję", "Chcę otrzymywać", "dostaniesz")
	fields := applicationFields()
	fields.Set("portal", "ikcs")
	fields.Set("role", "member")
	fields.Set("register_number", "1001")
	fields.Set("doc_kind", "id_card")
	fields.Set("doc_last3", "7k")
	fields.Set("issue_now", "yes")
	fields.Set("delivery", "print")
	r := staff.post("/staff/applications", fields)
	mustContain(t, r.Body, "Wpisz trzy ostatnie znaki numeru dokumentu")
	fields.Set("doc_last3", "7k2")
	r = staff.post("/staff/applications", fields)
	mustContain(t, r.Body, "Dane logowania wydane", "CZ-1001", "Pobierz wydruk (PDF)")
	pw := regexp.MustCompile(`name="password" value="([^"]+)"`).FindStringSubmatch(r.Body)
	if pw == nil {
		t.Fatal("no password on the credentials page")
	}
	r = staff.post("/staff/credentials/printout", url.Values{"login": {"CZ-1001"}, "password": {pw[1]}})
	if r.Code != http.StatusOK || r.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("printout: %d %s", r.Code, r.Header.Get("Content-Type"))
	}
	text := pdfText(t, []byte(r.Body))
	mustContain(t, text, "CZ-1001")
	r = staff.post("/staff/credentials/printout", url.Values{"login": {"CZ-1001"}, "password": {"zgadywane-hasło"}})
	if r.Code != http.StatusUnprocessableEntity {
		t.Errorf("printout of a wrong password: %d", r.Code)
	}
	// The start password logs in once and the member must set a new one.
	member := env.client(t, "ebok.test")
	if r := member.post("/ikcs/login", url.Values{"login": {"CZ-1001"}, "password": {pw[1]}}); r.Code != http.StatusSeeOther {
		t.Errorf("login with the start password: %d", r.Code)
	}
}

func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	cmd := osexec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func TestApplicationsFollowDepartments(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	ctx := context.Background()
	for login, role := range map[string]string{"czlonkowski": "membership", "finanse": "finance"} {
		if _, err := env.auth.CreateUser(ctx, authUser(f.ID, login, role)); err != nil {
			t.Fatal(err)
		}
	}
	admin := env.client(t, "ebok.test")
	admin.login("staff", adminLogin)
	fields := applicationFields()
	fields.Set("portal", "ebok")
	fields.Set("doc_kind", "passport")
	fields.Set("doc_last3", "AB1")
	r := admin.post("/staff/applications", fields)
	if r.Code != http.StatusSeeOther {
		t.Fatalf("desk application: %d", r.Code)
	}
	page := r.Header.Get("Location")
	membership := env.client(t, "ebok.test")
	membership.post("/staff/login", url.Values{"login": {"czlonkowski"}, "password": {password}})
	if r := membership.get(page); r.Code != http.StatusNotFound {
		t.Errorf("membership department opens an E-BOK application: %d", r.Code)
	}
	if r := membership.get("/staff/regulations/ebok"); r.Code != http.StatusForbidden {
		t.Errorf("membership department edits E-BOK regulations: %d", r.Code)
	}
	finance := env.client(t, "ebok.test")
	finance.post("/staff/login", url.Values{"login": {"finanse"}, "password": {password}})
	mustContain(t, finance.get(page).Body, "Wniosek nr", "e-BOK", "Łukasz Kowalski")
	estate := env.client(t, "ebok.test")
	estate.login("staff", estateLogin)
	if r := estate.get(page); r.Code != http.StatusOK {
		t.Errorf("estate A administration opens its estate's application: %d", r.Code)
	}
	resident := env.client(t, "ebok.test")
	resident.login("ebok", residentLogin)
	if r := resident.get(page); r.Code != http.StatusForbidden {
		t.Errorf("resident opens an application: %d", r.Code)
	}
}

func TestRegulationsArePublishedInVersions(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	if _, err := env.auth.CreateUser(context.Background(), authUser(f.ID, "finanse", "finance")); err != nil {
		t.Fatal(err)
	}
	c := env.client(t, "ebok.test")
	mustContain(t, c.get("/regulations/ebok").Body, "Regulamin usług e-BOK i e-Korespondencja", "Wersja 1")
	staff := env.client(t, "ebok.test")
	staff.post("/staff/login", url.Values{"login": {"finanse"}, "password": {password}})
	r := staff.post("/staff/regulations/ebok", url.Values{"title": {"Regulamin e-BOK 2027"}, "body": {""}})
	mustContain(t, r.Body, "Wpisz tytuł i treść regulaminu.")
	r = staff.post("/staff/regulations/ebok", url.Values{"title": {"Regulamin e-BOK 2027"}, "body": {"§ 1. Zażółć gęślą jaźń.\n\n§ 2. Drugi akapit."}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("publish: %d", r.Code)
	}
	r = c.get("/regulations/ebok")
	mustContain(t, r.Body, "Regulamin e-BOK 2027", "Wersja 2", "<p>§ 1. Zażółć gęślą jaźń.</p>", "<p>§ 2. Drugi akapit.</p>")
	mustContain(t, c.get("/regulations/ebok?version=1").Body, "Regulamin usług e-BOK i e-Korespondencja")
	mustContain(t, c.get("/apply/ebok").Body, "Akceptuję Regulamin e-BOK 2027 (wersja 2)")
}

func TestBlankFormPDF(t *testing.T) {
	if _, err := osexec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext missing: apt-get install poppler-utils (CI installs it)")
	}
	db := storetest.Open(t, store.SQLite)
	env := newEnv(t, db)
	addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
	r := env.client(t, "ebok.test").get("/apply/ebok/form.pdf")
	if r.Code != http.StatusOK || !strings.HasPrefix(r.Body, "%PDF-") {
		t.Fatalf("form.pdf: %d", r.Code)
	}
	mustContain(t, pdfText(t, []byte(r.Body)), "Formularz zgłoszeniowy e-BOK", "Spółdzielnia Mieszkaniowa „a”")
}
