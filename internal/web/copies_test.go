package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// The member's account shows the shares when recorded, links to the
// meetings, the copies and E-BOK (the member also holds an E-BOK login);
// from a document the member asks for a copy, staff set it ready with a
// note and the member follows the status.
func TestMemberAccountAndCopies(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		_, _, mem := libraryFixture(t, env, f.ID)
		exec(t, db, `UPDATE memberships SET shares = 2, shares_paid = 50000 WHERE coop_id = $1 AND person_id = $2`, f.ID, f.Husband)
		staff := env.client(t, "ebok.test")
		staff.login("staff", adminLogin)
		if r := staff.post("/staff/copies/fee", urlValues("fee", "12,50")); r.Code != http.StatusSeeOther {
			t.Fatalf("fee: %d", r.Code)
		}
		member := env.client(t, "ebok.test")
		member.login("ikcs", memberLogin)
		home := member.get("/ikcs").Body
		mustContain(t, home, "Udziały", "2, wpłacono 500,00", `href="/ikcs/meetings"`, `href="/ikcs/copies"`)
		// The fixture's member also holds the E-BOK login E0000001.
		mustContain(t, home, `href="/ebok"`, "Przejdź do e-BOK")
		mustContain(t, member.get("/ikcs/library/"+id(mem)).Body, `href="/ikcs/copies?document=`+id(mem)+`"`)
		form := member.get("/ikcs/copies?document=" + id(mem))
		mustContain(t, form.Body, "Uchwała w sprawie funduszu remontowego", "12,50")
		if r := member.post("/ikcs/copies", urlValues("document", id(mem), "description", "Kopia poświadczona.")); r.Code != http.StatusSeeOther {
			t.Fatalf("request: %d %s", r.Code, r.Body)
		}
		if r := member.post("/ikcs/copies", urlValues("category", "statute", "description", "Statut w wersji z 2024 r.")); r.Code != http.StatusSeeOther {
			t.Fatalf("request: %d %s", r.Code, r.Body)
		}
		if r := member.post("/ikcs/copies", urlValues("category", "contracts", "description", "  ")); r.Code != http.StatusUnprocessableEntity {
			t.Errorf("contract without a description: %d", r.Code)
		} else {
			// The form again, saying what is missing, not an error page.
			mustContain(t, r.Body, "Należy opisać, o jaki dokument chodzi (do 2000 znaków), i wybrać jego rodzaj.", `action="/ikcs/copies"`, "Złożone wnioski")
			mustNotContain(t, r.Body, "Odmowa wymaga podania przyczyny")
		}
		long := "Protokół z lustracji za lata 2020–2022. " + strings.Repeat("x", 2000)
		if r := member.post("/ikcs/copies", urlValues("category", "audit_reports", "description", long)); r.Code != http.StatusUnprocessableEntity {
			t.Errorf("a description over 2000 characters: %d", r.Code)
		} else {
			mustContain(t, r.Body, ">Protokół z lustracji za lata 2020–2022. xxx", `<option value="audit_reports" selected>`)
		}
		mine := member.get("/ikcs/copies?done=1").Body
		mustContain(t, mine, "Wniosek o kopię został złożony", "12,50", "bezpłatnie", "złożony")
		queue := staff.get("/staff/copies").Body
		mustContain(t, queue, "Łukasz Kowalski", "Kopia poświadczona.")
		var reqID int64
		if err := db.Read().QueryRowContext(context.Background(), `SELECT MIN(id) FROM copy_requests WHERE coop_id = $1`, f.ID).Scan(&reqID); err != nil {
			t.Fatal(err)
		}
		if r := staff.post("/staff/copies/"+id(reqID), urlValues("status", "ready", "note", "Do odbioru w biurze, pokój 4.")); r.Code != http.StatusSeeOther {
			t.Fatalf("status: %d", r.Code)
		}
		mustContain(t, member.get("/ikcs/copies").Body, "kopia gotowa do odbioru", "Do odbioru w biurze, pokój 4.")
		resident := env.client(t, "ebok.test")
		resident.login("ebok", residentLogin)
		if r := resident.get("/ikcs/copies"); r.Code == http.StatusOK {
			t.Errorf("resident opens the copies: %d", r.Code)
		}
	})
}
