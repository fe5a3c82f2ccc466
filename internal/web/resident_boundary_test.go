package web

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/library"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// TestResidentsReachOnlyTheirOwn: within one cooperative, a resident and
// member of estate B (Zdzisław) reaches nothing of the husband's of estate
// A: his letter, its PDF and attachment, his message thread and its file
// (also through Zdzisław's own thread), his draft resolution's receipt, an
// announcement to the husband's building, a members' document of estate A;
// and changes nothing by trying. The husband reaches all of them.
func TestResidentsReachOnlyTheirOwn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "a.test", "Kowalski", "Nowak", 0)
		ids := seedModules(t, env, f)
		exec(t, db, `INSERT INTO memberships (coop_id, person_id, register_number, joined_on) VALUES ($1, $2, '1003', '2012-01-01')`, f.ID, f.Other)
		if _, err := env.auth.CreateUser(ctx, auth.NewUser{CoopID: f.ID, Kind: auth.Member, Login: "CZ-1003", PersonID: f.Other,
			DisplayName: "Zdzisław Nowak", Password: password}); err != nil {
			t.Fatal(err)
		}
		doc, err := env.srv.Library.Publish(ctx, audit.Actor{CoopID: f.ID, Name: "staff:test"}, library.Draft{Category: library.Minutes,
			Body: library.GeneralMeeting, Number: "5/2026", Title: "Protokół zebrania osiedla A", Visibility: library.Members, EstateID: f.EstateA},
			library.Upload{Filename: "p.pdf", Data: libraryPDF(t, "Protokół", "Tylko osiedle A.")})
		if err != nil {
			t.Fatal(err)
		}
		var docFile, buildingA int64
		if err := db.Read().QueryRowContext(ctx, `SELECT id FROM library_files WHERE document_id = $1`, doc).Scan(&docFile); err != nil {
			t.Fatal(err)
		}
		if err := db.Read().QueryRowContext(ctx, `SELECT building_id FROM premises WHERE id = $1`, f.Flat).Scan(&buildingA); err != nil {
			t.Fatal(err)
		}
		staff := env.client(t, "a.test")
		staff.login("staff", adminLogin)
		if r := staff.post("/staff/announcements", url.Values{"audience": {"building"}, "building": {id(buildingA)},
			"title": {"Wymiana domofonu w budynku"}, "body": {"We wtorek."}, "from": {"21.11.2026"}, "to": {"30.11.2026"}}); r.Code != http.StatusSeeOther {
			t.Fatalf("announce: %d", r.Code)
		}
		res, mem := env.client(t, "a.test"), env.client(t, "a.test")
		res.login("ebok", "E0000003")
		mem.login("ikcs", "CZ-1003")
		r := res.postMultipart("/ebok/messages", url.Values{"premises": {id(f.OtherFlat)}, "topic": {"settlements"},
			"subject": {"Własna sprawa"}, "body": {"Treść."}}, nil)
		m := threadPath.FindStringSubmatch(r.Header.Get("Location"))
		if r.Code != http.StatusSeeOther || m == nil {
			t.Fatalf("own message: %d", r.Code)
		}
		own := m[1]
		before := coopRows(t, db, f.ID)
		husbands := []struct {
			c      *client
			method string
			path   string
		}{
			{res, "GET", "/ebok/letters/" + id(ids["copy"])},
			{res, "GET", "/ebok/letters/" + id(ids["copy"]) + "/download"},
			{res, "GET", "/ebok/letters/" + id(ids["copy"]) + "/attachments/1"},
			{res, "POST", "/ebok/letters/" + id(ids["copy"]) + "/archive"},
			{res, "GET", "/ebok/messages/" + id(ids["thread"])},
			{res, "POST", "/ebok/messages/" + id(ids["thread"])},
			{res, "GET", "/ebok/messages/" + id(ids["thread"]) + "/files/" + id(ids["msgfile"])},
			{res, "GET", "/ebok/messages/" + own + "/files/" + id(ids["msgfile"])},
			{res, "GET", "/ebok/premises/" + id(f.Flat)},
			{mem, "GET", "/ikcs/meetings/" + id(ids["meeting"]) + "/drafts/" + id(ids["draft"]) + "/receipt.pdf"},
			{mem, "GET", "/ikcs/library/" + id(doc)},
			{mem, "GET", "/ikcs/library/" + id(doc) + "/files/" + id(docFile)},
			{mem, "GET", "/ikcs/library/" + id(doc) + "/compare?from=" + id(docFile) + "&to=" + id(docFile)},
		}
		for _, tt := range husbands {
			var r response
			if tt.method == "POST" {
				r = tt.c.post(tt.path, urlValues("archive", "1", "body", "Obcy wpis"))
			} else {
				r = tt.c.get(tt.path)
			}
			if r.Code != http.StatusNotFound {
				t.Errorf("Zdzisław %s %s: %d, want 404", tt.method, tt.path, r.Code)
			}
			mustNotContain(t, r.Body, "Pismo spółdzielni a", "Cieknie kran a", "Projekt członka a", "Tylko osiedle A")
		}
		after := coopRows(t, db, f.ID)
		after["audit_log"], before["audit_log"] = "", "" // reads of personal data may be logged
		if changed := changedTables(before, after); len(changed) > 0 {
			t.Errorf("Zdzisław's tries changed %v", changed)
		}
		mustNotContain(t, res.get("/ebok").Body, "Wymiana domofonu w budynku")
		mustNotContain(t, mem.get("/ikcs").Body, "Wymiana domofonu w budynku")
		mustNotContain(t, mem.get("/ikcs/library").Body, "Protokół zebrania osiedla A")
		mustNotContain(t, res.get("/ebok/letters").Body, "Pismo spółdzielni a")
		mustNotContain(t, res.get("/ebok/messages").Body, "Cieknie kran a")

		// The husband reaches each of them.
		husband, member := env.client(t, "a.test"), env.client(t, "a.test")
		husband.login("ebok", residentLogin)
		member.login("ikcs", memberLogin)
		for _, tt := range husbands {
			if tt.method == "POST" || tt.path == "/ebok/messages/"+own+"/files/"+id(ids["msgfile"]) {
				continue
			}
			c := husband
			if tt.c == mem {
				c = member
			}
			if r := c.get(tt.path); r.Code != http.StatusOK {
				t.Errorf("husband GET %s: %d, want 200", tt.path, r.Code)
			}
		}
		mustContain(t, husband.get("/ebok").Body, "Wymiana domofonu w budynku")
		mustContain(t, member.get("/ikcs/library").Body, "Protokół zebrania osiedla A")
	})
}
