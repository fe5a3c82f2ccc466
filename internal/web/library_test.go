package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/library"
	"github.com/ebok/ebok/internal/pdf"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// libraryPDF is a PDF with text, for the library tests.
func libraryPDF(t *testing.T, title string, paras ...string) []byte {
	t.Helper()
	r, err := pdf.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.TextDoc(&b, pdf.Coop{Name: "SM Test"}, title, paras); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// libraryFixture publishes a public, a residents' and a members' document
// and returns their ids.
func libraryFixture(t *testing.T, env *testEnv, coopID int64) (pub, res, mem int64) {
	t.Helper()
	by := audit.Actor{CoopID: coopID, Name: "staff:test"}
	add := func(title string, vis library.Visibility, text string) int64 {
		id, err := env.srv.Library.Publish(context.Background(), by, library.Draft{Category: library.Resolutions,
			Body: library.SupervisoryBoard, Number: "7/2026", Title: title, Visibility: vis},
			library.Upload{Filename: "u.pdf", Data: libraryPDF(t, title, text)})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	return add("Statut Spółdzielni", library.Public, "Spółdzielnia działa na podstawie ustawy."),
		add("Komunikat o odczytach", library.Residents, "Odczyty wodomierzy w listopadzie."),
		add("Uchwała w sprawie funduszu remontowego", library.Members, "Odpis na fundusz remontowy <script>alert(1)</script> rośnie.")
}

// The library's pages follow the access rules: anonymous visitors see the
// public documents, E-BOK logins also the residents' ones, members also
// the members' ones with highlighted, escaped snippets, downloads logged
// in their history; a former member sees only the public ones.
func TestLibraryPagesFollowAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		pub, res, mem := libraryFixture(t, env, f.ID)
		anon := env.client(t, "ebok.test")
		r := anon.get("/library")
		mustContain(t, r.Body, "Statut Spółdzielni")
		mustNotContain(t, r.Body, "Komunikat o odczytach", "funduszu remontowego")
		if r := anon.get("/library/" + id(mem)); r.Code != http.StatusNotFound {
			t.Errorf("anonymous opens the members' document: %d", r.Code)
		}
		if r := anon.get("/library/" + id(mem) + "/files/" + id(mem)); r.Code != http.StatusNotFound {
			t.Errorf("anonymous downloads the members' document: %d", r.Code)
		}
		resident := env.client(t, "ebok.test")
		resident.login("ebok", residentLogin)
		mustContain(t, resident.get("/library").Body, "Komunikat o odczytach")
		mustNotContain(t, resident.get("/library?q=fundusz").Body, "funduszu remontowego", "remontowy")
		member := env.client(t, "ebok.test")
		member.login("ikcs", memberLogin)
		mustContain(t, member.get("/ikcs").Body, `href="/ikcs/library"`)
		r = member.get("/ikcs/library?q=uchwala+fundusz+remontowy")
		mustContain(t, r.Body, "Uchwała w sprawie funduszu remontowego", "<mark>fundusz</mark> <mark>remontowy</mark>", "&lt;script&gt;")
		mustNotContain(t, r.Body, "<script>alert")
		doc := member.get("/ikcs/library/" + id(mem))
		link := regexp.MustCompile(`/ikcs/library/\d+/files/\d+`).FindString(doc.Body)
		if dl := member.get(link); dl.Code != http.StatusOK || dl.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("download %s: %d", link, dl.Code)
		}
		mustContain(t, member.get("/ikcs/library/downloads").Body, "Uchwała w sprawie funduszu remontowego")
		exec(t, db, `UPDATE memberships SET left_on = '2026-11-20' WHERE coop_id = $1`, f.ID)
		r = member.get("/ikcs/library")
		mustContain(t, r.Body, "Statut Spółdzielni")
		mustNotContain(t, r.Body, "funduszu remontowego", "Komunikat o odczytach")
		_, _ = pub, res
	})
}

// Staff publish a PDF through the form; a scan is marked as having no
// text layer, and anything but a PDF is refused.
func TestStaffPublishLibraryDocument(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		staff := env.client(t, "ebok.test")
		staff.login("staff", adminLogin)
		mustContain(t, staff.get("/staff/library").Body, "Nowy dokument", "Osiedle A", "Osiedle B",
			`name="notify_members"`, "Powiadom członków e-mailem")
		post := func(data []byte) response {
			var b bytes.Buffer
			mw := multipart.NewWriter(&b)
			for k, v := range map[string]string{"title": "Regulamin porządku domowego", "category": "regulations",
				"body": "supervisory_board", "visibility": "members", "number": "4/2026", "adopted_on": "2026-10-01",
				"notify_members": "1"} {
				mw.WriteField(k, v)
			}
			fw, _ := mw.CreateFormFile("file", "regulamin.pdf")
			fw.Write(data)
			mw.Close()
			req := httptest.NewRequest(http.MethodPost, "/staff/library", &b)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			return staff.do(req)
		}
		if r := post([]byte("not a pdf")); r.Code != http.StatusUnprocessableEntity {
			t.Errorf("not a PDF: %d", r.Code)
		}
		r := post([]byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"))
		if r.Code != http.StatusSeeOther {
			t.Fatalf("publish: %d %s", r.Code, r.Body)
		}
		loc := r.Header.Get("Location")
		page := staff.get(loc)
		mustContain(t, page.Body, "Regulamin porządku domowego", "bez warstwy tekstowej", "4/2026",
			"Powiadomienie e-mail członków: wysłano")
		upd := staff.post(loc, urlValues("title", "Regulamin porządku domowego (tekst jednolity)", "category", "regulations",
			"body", "board", "visibility", "public", "number", "5/2026", "publish_at", "2026-12-01T08:00", "estate_id", id(f.EstateB)))
		if upd.Code != http.StatusSeeOther {
			t.Fatalf("update: %d", upd.Code)
		}
		mustContain(t, staff.get(loc).Body, "(tekst jednolity)", "5/2026", "2026-12-01T08:00", "Zarząd", "Dotyczy osiedla</dt><dd>Osiedle B")
		// Scheduled for December: not yet on the public site.
		mustNotContain(t, env.client(t, "ebok.test").get("/library").Body, "tekst jednolity")
	})
}

// Staff publish a bulk upload through the form; a CSV with a bad line
// publishes nothing and names the line in Polish.
func TestStaffBulkUpload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		staff := env.client(t, "ebok.test")
		staff.login("staff", adminLogin)
		pg := staff.get("/staff/library")
		mustContain(t, pg.Body, "Publikacja wielu dokumentów naraz", "plik;kategoria;organ")
		post := func(csv string) response {
			var b bytes.Buffer
			mw := multipart.NewWriter(&b)
			fw, _ := mw.CreateFormFile("metadata", "opis.csv")
			fw.Write([]byte(csv))
			for name, title := range map[string]string{"a.pdf": "Regulamin zieleni", "b.pdf": "Uchwała o parkingach"} {
				fw, _ := mw.CreateFormFile("files", name)
				fw.Write(libraryPDF(t, title, title+" – treść."))
			}
			mw.Close()
			req := httptest.NewRequest(http.MethodPost, "/staff/library/bulk", &b)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			return staff.do(req)
		}
		r := post("plik;kategoria;organ;tytul;widocznosc\na.pdf;regulations;board;Regulamin zieleni;members\nb.pdf;resolutions;zarzad;Uchwała o parkingach;members\n")
		if r.Code != http.StatusUnprocessableEntity {
			t.Fatalf("bad CSV: %d", r.Code)
		}
		mustContain(t, r.Body, "Nic nie zostało opublikowane", "wiersz 3: nieznany organ „zarzad”")
		mustNotContain(t, staff.get("/staff/library").Body, "Regulamin zieleni")
		r = post("plik;kategoria;organ;tytul;widocznosc\na.pdf;regulations;board;Regulamin zieleni;members\nb.pdf;resolutions;board;Uchwała o parkingach;members\n")
		if r.Code != http.StatusOK {
			t.Fatalf("good CSV: %d %s", r.Code, r.Body)
		}
		mustContain(t, r.Body, "Opublikowano dokumenty: 2.", "Regulamin zieleni", "Uchwała o parkingach")
	})
}

// A member compares two versions of a document's PDF from its page; the
// changed line shows as removed and added.
func TestLibraryCompareVersions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		_, _, mem := libraryFixture(t, env, f.ID)
		by := audit.Actor{CoopID: f.ID, Name: "staff:test"}
		if err := env.srv.Library.AddFile(context.Background(), by, mem, library.Upload{Filename: "v2.pdf",
			Data: libraryPDF(t, "Uchwała w sprawie funduszu remontowego", "Odpis na fundusz remontowy maleje.")}); err != nil {
			t.Fatal(err)
		}
		member := env.client(t, "ebok.test")
		member.login("ikcs", memberLogin)
		page := member.get("/ikcs/library/" + id(mem)).Body
		mustContain(t, page, "Porównanie wersji tekstu")
		files := regexp.MustCompile(`/ikcs/library/\d+/files/(\d+)`).FindAllStringSubmatch(page, -1)
		if len(files) != 2 {
			t.Fatalf("files %v", files)
		}
		r := member.get("/ikcs/library/" + id(mem) + "/compare?from=" + files[1][1] + "&to=" + files[0][1])
		if r.Code != http.StatusOK {
			t.Fatalf("compare: %d", r.Code)
		}
		mustContain(t, r.Body, `class="diff-removed"`, "rośnie", `class="diff-added"`, "maleje")
		anon := env.client(t, "ebok.test")
		if r := anon.get("/library/" + id(mem) + "/compare?from=" + files[1][1] + "&to=" + files[0][1]); r.Code != http.StatusNotFound {
			t.Errorf("anonymous compares a members' document: %d", r.Code)
		}
	})
}
