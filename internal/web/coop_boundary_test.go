package web

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/library"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/meeting"
	"github.com/ebok/ebok/internal/messages"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
	"github.com/ebok/ebok/internal/uploads"
)

// moduleIDs are the ids of one of everything the newer modules keep for a
// cooperative, by the name the boundary sweep uses for a path parameter.
type moduleIDs map[string]int64

// seedModules fills a fixture cooperative, through its own staff and
// residents, with a letter (with an attachment, sent, so with a postal
// batch and a resident's copy), a message thread with a file, triage mail
// with a file, an application made from mailed files, the library's three
// documents, a meeting with an item and a member's draft, an unmatched
// bank credit, a request for a copy and a meter reading waiting for staff.
func seedModules(t *testing.T, env *testEnv, f fixtureCoop) moduleIDs {
	t.Helper()
	ctx := context.Background()
	db := env.db
	host := f.Host
	ids := moduleIDs{}
	one := func(q string, args ...any) int64 {
		t.Helper()
		var n int64
		if err := db.Read().QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	staff := env.client(t, host)
	staff.login("staff", adminLogin)

	// A letter with a PDF attachment, sent: no one consented, so both
	// copies go to a postal batch.
	r := staff.uploadWith("/staff/letters", "attachments", "zalacznik.pdf", libraryPDF(t, "Załącznik "+f.Slug),
		map[string]string{"kind": "general", "subject": "Pismo spółdzielni " + f.Slug, "body": "Treść dla [imie_nazwisko].",
			"rule": "premises", "rule_value": id(f.Flat)})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("%s: compose: %d\n%s", f.Slug, r.Code, r.Body)
	}
	ids["letter"] = one(`SELECT id FROM letters WHERE coop_id = $1`, f.ID)
	if r := staff.post("/staff/letters/"+id(ids["letter"])+"/send", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("%s: send: %d", f.Slug, r.Code)
	}
	if _, err := env.srv.LettersWorker.ProcessOnce(ctx); err != nil {
		t.Fatal(err)
	}
	ids["copy"] = one(`SELECT id FROM letter_recipients WHERE coop_id = $1 AND person_id = $2`, f.ID, f.Husband)
	ids["batch"] = one(`SELECT id FROM postal_batches WHERE coop_id = $1`, f.ID)

	// An announcement to everyone, which staff may withdraw.
	if r := staff.post("/staff/announcements", urlValues("audience", "all", "title", "Ogłoszenie "+f.Slug, "body", "Treść.",
		"from", "21.11.2026", "to", "30.11.2026")); r.Code != http.StatusSeeOther {
		t.Fatalf("%s: announcement: %d\n%s", f.Slug, r.Code, r.Body)
	}
	ids["announcement"] = one(`SELECT id FROM announcements WHERE coop_id = $1`, f.ID)

	// A resident's message with a picture.
	res := env.client(t, host)
	res.login("ebok", residentLogin)
	r = res.postMultipart("/ebok/messages", url.Values{"premises": {id(f.Flat)}, "topic": {"fault"}, "location": {"premises"},
		"subject": {"Cieknie kran " + f.Slug}, "body": {"W łazience"}}, map[string][]byte{"kran.jpg": testJPEG})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("%s: message: %d", f.Slug, r.Code)
	}
	ids["thread"] = one(`SELECT id FROM message_threads WHERE coop_id = $1`, f.ID)
	ids["msgfile"] = one(`SELECT id FROM message_attachments WHERE coop_id = $1`, f.ID)

	// Two mails from an unknown sender: one stays on the triage list, the
	// other becomes an application with its scan.
	for _, mid := range []string{"app", "triage"} {
		scan, err := messages.Attachments.Check("formularz.jpg", testJPEG)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.srv.Messages.Take(ctx, f.ID, messages.Mail{MessageID: "<" + mid + "-" + f.Slug + "@x>", From: "obcy@poczta.example",
			Subject: "Wniosek " + mid + " " + f.Slug, Text: "W załączniku", Files: []uploads.File{scan}, Raw: []byte("raw"), At: now}); err != nil {
			t.Fatal(err)
		}
	}
	appMail := one(`SELECT id FROM mail_in WHERE coop_id = $1 AND message_id = $2`, f.ID, "<app-"+f.Slug+"@x>")
	form := url.Values{"first_name": {"Łukasz"}, "last_name": {f.SurnameA}, "street": {"ul. Mickiewicza 5/12"},
		"postal_code": {"00-002"}, "city": {"Warszawa"}, "phone": {"600 100 200"}, "premises_street": {"ul. Mickiewicza"},
		"premises_house": {"5"}, "premises_number": {"12"}, "role": {"owner"}, "accept_rules": {"yes"}}
	if r := staff.post("/staff/mail/"+id(appMail)+"/application?portal=ebok", form); r.Code != http.StatusSeeOther {
		t.Fatalf("%s: application from mail: %d\n%s", f.Slug, r.Code, r.Body)
	}
	ids["mail"] = one(`SELECT id FROM mail_in WHERE coop_id = $1 AND message_id = $2`, f.ID, "<triage-"+f.Slug+"@x>")
	ids["mailfile"] = one(`SELECT id FROM mail_in_files WHERE coop_id = $1 AND mail_in_id = $2`, f.ID, ids["mail"])
	ids["app"] = one(`SELECT id FROM applications WHERE coop_id = $1`, f.ID)
	ids["appfile"] = one(`SELECT id FROM application_attachments WHERE coop_id = $1`, f.ID)

	// An e-mail given up on, which staff may queue again.
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		ids["outbox"], err = env.srv.Letters.Outbox.Queue(ctx, tx, f.ID, mail.Message{To: "ewa@example.pl", Subject: "Odpowiedź " + f.Slug, Text: "Treść."})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	exec(t, db, `UPDATE outbox SET status = 'failed', attempts = 10, last_error = '421 4.4.2 timeout' WHERE id = $1`, ids["outbox"])

	// The library: a public, a residents' and a members' document.
	ids["libpublic"], ids["libresidents"], ids["libmembers"] = libraryFixture(t, env, f.ID)
	exec(t, db, `UPDATE library_documents SET title = title || ' biblioteka ' || $2 WHERE coop_id = $1`, f.ID, f.Slug)
	ids["libfile"] = one(`SELECT id FROM library_files WHERE coop_id = $1 AND document_id = $2`, f.ID, ids["libpublic"])

	// A meeting with a draft resolution of the board and one of a member.
	by := audit.Actor{CoopID: f.ID, Name: "staff:test"}
	m := meetingFixture(t, env, f, "2027-01-20", true)
	ids["meeting"] = m.ID
	item, err := env.srv.Meetings.AddItem(ctx, by, m.ID, meeting.Resolution, "1/2027", "Projekt uchwały "+f.Slug,
		"projekt.pdf", libraryPDF(t, "Projekt "+f.Slug))
	if err != nil {
		t.Fatal(err)
	}
	ids["item"] = item
	memberID := userID(t, db, f.ID, memberLogin)
	draft, err := env.srv.Meetings.FileDraft(ctx, meeting.Filer{CoopID: f.ID, UserID: memberID, PersonID: f.Husband, Name: "Łukasz"},
		m.ID, "Projekt członka "+f.Slug, "Treść projektu.")
	if err != nil {
		t.Fatal(err)
	}
	ids["draft"] = draft

	// A bank statement with one credit that names no premises.
	sta := ":20:1\r\n:25:/PL61109010140000071219812874\r\n:28C:1/1\r\n:60F:C261120PLN0,00\r\n" +
		":61:2611211121CN80,00NTRFNONREF//R2\r\n:86:Przelew od Zdzisław Żółć, tytuł: garaż " + f.Slug + "\r\n:62F:C261121PLN80,00\r\n"
	if r := staff.upload("/staff/bank", "statement", "wyciag.sta", []byte(sta)); r.Code != http.StatusOK {
		t.Fatalf("%s: statement: %d\n%s", f.Slug, r.Code, r.Body)
	}
	ids["credit"] = one(`SELECT id FROM bank_credits WHERE coop_id = $1`, f.ID)

	// A member's request for a copy.
	member := env.client(t, host)
	member.login("ikcs", memberLogin)
	if r := member.post("/ikcs/copies", urlValues("category", "statute", "description", "Statut "+f.Slug)); r.Code != http.StatusSeeOther {
		t.Fatalf("%s: copy request: %d", f.Slug, r.Code)
	}
	ids["copyreq"] = one(`SELECT id FROM copy_requests WHERE coop_id = $1`, f.ID)

	// A meter reading waiting for staff, and a payment to allocate.
	ids["meter"] = exec(t, db, `INSERT INTO meters (coop_id, premises_id, kind, serial, installed_on)
		VALUES ($1, $2, 'cold_water', $3, '2020-01-01') RETURNING id`, f.ID, f.Flat, "WZ-"+f.Slug)
	ids["reading"] = exec(t, db, `INSERT INTO meter_readings (coop_id, meter_id, read_on, value, source, status, created_at)
		VALUES ($1, $2, '2026-11-20', 43210, 'resident', 'submitted', $3) RETURNING id`, f.ID, ids["meter"], now)
	ids["entry"] = one(`SELECT e.id FROM ledger_entries e JOIN accounts a ON a.id = e.account_id
		WHERE e.coop_id = $1 AND a.premises_id = $2 AND e.kind = 'payment'`, f.ID, f.Flat)
	ids["person"], ids["premises"] = f.Husband, f.Flat
	return ids
}

// boundaryTables are the tables whose rows of a cooperative no one of
// another cooperative may change: what the newer modules keep, the
// ledger and the audit log.
var boundaryTables = []string{
	"letters", "letter_recipients", "letter_attachments", "postal_batches", "message_threads", "messages",
	"message_attachments", "mail_in", "mail_in_files", "announcements", "register_entries", "library_documents",
	"library_files", "library_downloads", "library_visits", "meetings", "meeting_items", "meeting_drafts",
	"meeting_votes", "bank_credits", "imports", "applications", "application_attachments", "copy_requests",
	"meter_readings", "ledger_entries", "audit_log", "outbox", "persons", "consents",
}

// coopRows is every row of a cooperative in the boundary tables, as text,
// to compare before and after another cooperative's requests.
func coopRows(t *testing.T, db *store.DB, coopID int64) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	for _, table := range boundaryTables {
		rows, err := db.Read().QueryContext(ctx, `SELECT * FROM `+table+` WHERE coop_id = $1 ORDER BY 1, 2`, coopID)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		cols, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				fmt.Fprintf(&b, "%s=%v ", cols[i], v)
			}
			b.WriteString("\n")
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		out[table] = b.String()
	}
	return out
}

// zipText is every file of a zip archive (an XLSX) joined, to search.
func zipText(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(&b, rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
	}
	return b.String()
}

// changedTables names the tables whose rows differ.
func changedTables(before, after map[string]string) []string {
	var out []string
	for table, rows := range before {
		if after[table] != rows {
			out = append(out, table)
		}
	}
	sort.Strings(out)
	return out
}

// boundaryParam is the seeded id a path parameter stands for, by the
// route's prefix and the parameter's name.
func boundaryParam(pattern, name string, ids moduleIDs) (string, bool) {
	_, path, _ := strings.Cut(pattern, " ")
	type key struct{ prefix, name string }
	table := []struct {
		key
		id string
	}{
		{key{"/staff/library/", "id"}, "libmembers"}, {key{"/staff/library/", "file"}, "libfile"},
		{key{"/library/", "id"}, "libpublic"}, {key{"/library/", "file"}, "libfile"},
		{key{"/ikcs/library/", "id"}, "libmembers"}, {key{"/ikcs/library/", "file"}, "libfile"},
		{key{"/staff/meetings/", "id"}, "meeting"}, {key{"/ikcs/meetings/", "id"}, "meeting"},
		{key{"/staff/meetings/", "item"}, "item"}, {key{"/ikcs/meetings/", "item"}, "item"},
		{key{"/staff/meetings/", "draft"}, "draft"}, {key{"/ikcs/meetings/", "draft"}, "draft"},
		{key{"/staff/copies/", "id"}, "copyreq"},
		{key{"/staff/persons/", "id"}, "person"},
		{key{"/staff/premises/", "id"}, "premises"}, {key{"/ebok/premises/", "id"}, "premises"},
		{key{"/staff/premises/", "entry"}, "entry"}, {key{"/ebok/premises/", "meter"}, "meter"},
		{key{"/staff/applications/", "id"}, "app"}, {key{"/staff/applications/", "file"}, "appfile"},
		{key{"/staff/readings/", "id"}, "reading"},
		{key{"/staff/bank/", "id"}, "credit"},
		{key{"/staff/letters/", "id"}, "letter"}, {key{"/staff/batches/", "id"}, "batch"},
		{key{"/staff/announcements/", "id"}, "announcement"},
		{key{"/ebok/letters/", "id"}, "copy"},
		{key{"/ebok/messages/", "id"}, "thread"}, {key{"/ebok/messages/", "file"}, "msgfile"},
		{key{"/staff/messages/", "id"}, "thread"}, {key{"/staff/messages/", "file"}, "msgfile"},
		{key{"/staff/mail/", "id"}, "mail"}, {key{"/staff/mail/", "file"}, "mailfile"},
		{key{"/staff/outbox/", "id"}, "outbox"},
	}
	for _, e := range table {
		if strings.HasPrefix(path, e.prefix) && e.name == name {
			return id(ids[e.id]), true
		}
	}
	return "", false
}

// boundaryRefs are, for the routes whose form or query names another
// record, that record of cooperative b.
var boundaryRefs = map[string]func(ids moduleIDs) url.Values{
	"GET /library/{id}/compare": libraryCompareRefs, "GET /ikcs/library/{id}/compare": libraryCompareRefs,
	"GET /staff/library/{id}/compare":    libraryCompareRefs,
	"POST /staff/library/{id}/supersede": func(ids moduleIDs) url.Values { return urlValues("by", id(ids["libpublic"])) },
	"POST /staff/meetings/{id}/votes": func(ids moduleIDs) url.Values {
		return urlValues("item", id(ids["item"]), "part", "1", "for", "10", "against", "0", "abstaining", "0")
	},
	"POST /staff/meetings/{id}/results": func(ids moduleIDs) url.Values { return urlValues("minutes", id(ids["libpublic"])) },
}

// boundaryForms are the forms that would pass their handler's checks,
// for the routes whose fields mean different things elsewhere.
var boundaryForms = map[string]url.Values{
	"POST /staff/library/{id}": urlValues("category", "resolutions", "body", "board", "number", "9/2026",
		"title", "Obca spółdzielnia", "visibility", "public"),
	"POST /staff/library/{id}/status": urlValues("status", "archived"),
	"POST /staff/copies/{id}":         urlValues("status", "in_progress", "note", "Obca spółdzielnia"),
	"POST /staff/meetings/{id}/items": urlValues("kind", "report", "number", "9/2026", "title", "Obca spółdzielnia"),
}

// boundaryUploads are the routes that take a PDF in the field "file".
var boundaryUploads = map[string]bool{"POST /staff/library/{id}/files": true, "POST /staff/meetings/{id}/items": true}

// libraryCompareRefs compares two of b's files.
func libraryCompareRefs(ids moduleIDs) url.Values {
	return urlValues("from", id(ids["libfile"]), "to", id(ids["libfile"]))
}

// boundaryWords fill the parameters that name no record.
var boundaryWords = map[string]string{"n": "1", "step": "reject", "action": "reply", "sid": "1"}

// boundaryForm is a form that would do something, had the id been the
// user's own: every field any of the newer modules' forms read.
var boundaryForm = url.Values{
	"body": {"Obca spółdzielnia"}, "reason": {"Obca spółdzielnia"}, "next": {"closed"}, "status": {"closed"},
	"user": {"1"}, "title": {"Obca spółdzielnia"}, "kind": {"general"}, "subject": {"Obca spółdzielnia"},
	"rule": {"all"}, "premises": {"Mickiewicza 5/12"}, "signature": {"present"}, "outcome": {"confirmed"},
	"archive": {"1"}, "note": {"Obca spółdzielnia"}, "value": {"99"}, "amount": {"10,00"}, "number": {"9/2026"},
	"category": {"resolutions"}, "visibility": {"public"}, "action": {"archive"}, "successor": {"1"},
	"for": {"10"}, "against": {"0"}, "abstain": {"0"}, "part": {"1"}, "item": {"1"}, "minutes": {"1"},
	"first_name": {"Obcy"}, "last_name": {"Obcy"}, "street": {"ul. Obca 1"}, "postal_code": {"00-001"},
	"city": {"Warszawa"}, "phone": {"600 100 200"}, "premises_street": {"ul. Mickiewicza"}, "premises_house": {"5"},
	"premises_number": {"12"}, "role": {"owner"}, "accept_rules": {"yes"},
}

// boundaryClient is who of cooperative a tries a route: its admin for
// staff routes, its resident or member for theirs, anonymous otherwise.
func boundaryClient(pattern string, cs map[string]*client) *client {
	_, path, _ := strings.Cut(pattern, " ")
	switch {
	case strings.HasPrefix(path, "/staff/"):
		return cs["admin"]
	case strings.HasPrefix(path, "/ebok/"):
		return cs["resident"]
	case strings.HasPrefix(path, "/ikcs/"):
		return cs["member"]
	}
	return cs["anonymous"]
}

// TestNoRouteReachesAnotherCooperative: two cooperatives in one database,
// each with one of everything the newer modules keep. Every route that
// takes an id is tried by cooperative a's admin, resident, member or an
// anonymous visitor (by the route's part of the site) with b's ids, and
// with a's own id beside b's where a route takes two. Each answer is 404,
// shows nothing of b, and no row of b changes.
func TestNoRouteReachesAnotherCooperative(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		a := addCoop(t, env, "a", "a.test", "Kowalski", "Nowak", 0)
		b := addCoop(t, env, "b", "b.test", "Wiśniewski", "Zieliński", 100)
		idsA, idsB := seedModules(t, env, a), seedModules(t, env, b)
		cs := map[string]*client{"anonymous": env.client(t, "a.test")}
		for name, door := range map[string][2]string{"admin": {"staff", adminLogin}, "resident": {"ebok", residentLogin}, "member": {"ikcs", memberLogin}} {
			cs[name] = env.client(t, "a.test")
			if r := cs[name].login(door[0], door[1]); r.Code != http.StatusSeeOther {
				t.Fatalf("login %s: %d", name, r.Code)
			}
		}
		pdfFile := libraryPDF(t, "Obca spółdzielnia")
		before := coopRows(t, db, b.ID)
		tried := 0
		for _, rt := range env.srv.routes() {
			params := pathParam.FindAllString(rt.pattern, -1)
			var names []string
			for _, p := range params {
				names = append(names, strings.Trim(p, "{}"))
			}
			if len(names) == 0 || names[0] == "portal" || names[0] == "$" {
				continue
			}
			// Every id of b; then, for routes with two ids, a's own first
			// id with b's second; then, where a form or query names
			// another record, a's own ids in the path and b's in the form.
			type sweepCase struct {
				path     moduleIDs
				second   moduleIDs
				refsOnly bool
			}
			cases := []sweepCase{{idsB, idsB, false}}
			if len(names) > 1 {
				if _, isID := boundaryParam(rt.pattern, names[1], idsB); isID {
					cases = append(cases, sweepCase{idsA, idsB, false})
				}
			}
			if boundaryRefs[rt.pattern] != nil {
				cases = append(cases, sweepCase{idsA, idsA, true})
			}
			for _, sc := range cases {
				method, path, _ := strings.Cut(rt.pattern, " ")
				ok := true
				for i, name := range names {
					from := sc.path
					if i > 0 {
						from = sc.second
					}
					v, found := boundaryParam(rt.pattern, name, from)
					if !found {
						v, found = boundaryWords[name]
					}
					if !found {
						t.Errorf("%s: no value for {%s}: add it to the sweep", rt.pattern, name)
						ok = false
						break
					}
					path = strings.Replace(path, "{"+name+"}", v, 1)
				}
				if !ok {
					continue
				}
				form := url.Values{}
				for k, v := range boundaryForm {
					form[k] = v
				}
				if refs := boundaryRefs[rt.pattern]; refs != nil {
					for k, v := range refs(idsB) {
						form[k] = v
					}
				}
				for k, v := range boundaryForms[rt.pattern] {
					form[k] = v
				}
				c := boundaryClient(rt.pattern, cs)
				var r response
				switch {
				case boundaryUploads[rt.pattern]:
					extra := map[string]string{}
					for k := range form {
						extra[k] = form.Get(k)
					}
					r = c.uploadWith(path, "file", "nowa.pdf", pdfFile, extra)
				case method == http.MethodPost:
					r = c.post(path, form)
				default:
					if boundaryRefs[rt.pattern] != nil {
						path += "?" + form.Encode()
					}
					r = c.get(path)
				}
				tried++
				switch {
				case sc.refsOnly && (r.Code < 400 || r.Code >= 500):
					t.Errorf("%s %s naming b's records: %d %s, want refused", method, path, r.Code, r.Header.Get("Location"))
				case !sc.refsOnly && r.Code != http.StatusNotFound:
					t.Errorf("%s %s: %d %s, want 404", method, path, r.Code, r.Header.Get("Location"))
				}
				mustNotContain(t, r.Body, b.SurnameA, "Pismo spółdzielni b", "Cieknie kran b", "Wniosek triage b",
					"Projekt uchwały b", "Projekt członka b", "garaż b", "Statut b", "biblioteka b")
				if changed := changedTables(before, coopRows(t, db, b.ID)); len(changed) > 0 {
					t.Fatalf("%s %s changed cooperative b's %v", method, path, changed)
				}
			}
		}
		if tried < 60 {
			t.Errorf("only %d requests tried: the sweep lost its routes", tried)
		}
		// Every page without an id (lists, queues, the register and the
		// audit log, for a period that holds everything) shows nothing of b.
		lists := 0
		for _, rt := range env.srv.routes() {
			method, path, _ := strings.Cut(rt.pattern, " ")
			if method != http.MethodGet || strings.Contains(path, "{") || strings.HasSuffix(path, "/") {
				continue
			}
			if path == "/staff/register" || path == "/staff/register.pdf" || path == "/staff/register.xlsx" {
				path += "?from=01.01.2026&to=31.12.2026"
			}
			for _, c := range []*client{cs["admin"], cs["resident"], cs["member"], cs["anonymous"]} {
				r := c.get(path)
				lists++
				body := r.Body
				switch {
				case strings.HasPrefix(body, "%PDF"):
					body = pdfText(t, []byte(body))
				case strings.HasPrefix(body, "PK"):
					body = zipText(t, []byte(body))
				}
				if strings.HasPrefix(path, "/staff/register") && c == cs["admin"] && !strings.Contains(body, "Kowalski") {
					t.Errorf("GET %s: a's own register lacks a's resident, so the search for b's proves nothing", path)
				}
				for _, marker := range []string{b.SurnameA, "Pismo spółdzielni b", "Cieknie kran b", "Wniosek triage b",
					"Projekt uchwały b", "Projekt członka b", "garaż b", "Statut b", "biblioteka b"} {
					if strings.Contains(body, marker) {
						t.Errorf("GET %s shows b's %q", path, marker)
					}
				}
			}
		}
		if lists < 80 {
			t.Errorf("only %d list pages tried", lists)
		}
	})
}

// The public library on cooperative a's site shows a's public documents,
// never b's, in the list and in a search, and a's members find none of
// b's documents.
func TestLibraryShowsOnlyTheSitesCooperative(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		addCoop(t, env, "a", "a.test", "Kowalski", "Nowak", 0)
		b := addCoop(t, env, "b", "b.test", "Wiśniewski", "Zieliński", 100)
		by := audit.Actor{CoopID: b.ID, Name: "staff:test"}
		for _, vis := range []library.Visibility{library.Public, library.Residents, library.Members} {
			title := "Regulamin porządku domowego spółdzielni b " + string(vis)
			if _, err := env.srv.Library.Publish(context.Background(), by, library.Draft{Category: library.Resolutions,
				Body: library.SupervisoryBoard, Number: "3/2026", Title: title, Visibility: vis},
				library.Upload{Filename: "r.pdf", Data: libraryPDF(t, title, "Zwierzęta domowe w spółdzielni b.")}); err != nil {
				t.Fatal(err)
			}
		}
		anon := env.client(t, "a.test")
		member := env.client(t, "a.test")
		member.login("ikcs", memberLogin)
		for _, tt := range []struct {
			c    *client
			path string
		}{
			{anon, "/library"}, {anon, "/library?q=" + url.QueryEscape("zwierzęta")}, {anon, "/library?q=regulamin"},
			{member, "/ikcs/library"}, {member, "/ikcs/library?q=" + url.QueryEscape("zwierzęta")}, {member, "/ikcs/library/downloads"},
		} {
			r := tt.c.get(tt.path)
			if r.Code != http.StatusOK {
				t.Fatalf("%s: %d", tt.path, r.Code)
			}
			mustNotContain(t, r.Body, "spółdzielni b", "3/2026")
		}
	})
}

// TestFormsNamingAnotherCooperativesRecordsAreRefused: forms of
// cooperative a whose fields name a record (a premises, person, estate,
// building, document, estate of a meeting's part, charge, colleague) are
// given cooperative b's: each is refused with a 4xx answer, nothing of a
// points at b's record afterwards, and b's rows stay as they were.
func TestFormsNamingAnotherCooperativesRecordsAreRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		env := newEnv(t, db)
		a := addCoop(t, env, "a", "a.test", "Kowalski", "Nowak", 0)
		b := addCoop(t, env, "b", "b.test", "Wiśniewski", "Zieliński", 100)
		idsA, idsB := seedModules(t, env, a), seedModules(t, env, b)
		var buildingB, chargeB int64
		if err := db.Read().QueryRowContext(ctx, `SELECT building_id FROM premises WHERE id = $1`, b.Flat).Scan(&buildingB); err != nil {
			t.Fatal(err)
		}
		if err := db.Read().QueryRowContext(ctx, `SELECT e.id FROM ledger_entries e JOIN accounts ac ON ac.id = e.account_id
			WHERE ac.premises_id = $1 AND e.kind = 'charge' ORDER BY e.id LIMIT 1`, b.Flat).Scan(&chargeB); err != nil {
			t.Fatal(err)
		}
		adminB := userID(t, db, b.ID, adminLogin)
		staff, res, member := env.client(t, "a.test"), env.client(t, "a.test"), env.client(t, "a.test")
		staff.login("staff", adminLogin)
		res.login("ebok", residentLogin)
		member.login("ikcs", memberLogin)
		before := coopRows(t, db, b.ID)
		announce := func(audience, field string, v int64) url.Values {
			return urlValues("audience", audience, field, id(v), "title", "Ogłoszenie obce", "body", "x", "from", "21.11.2026", "to", "30.11.2026")
		}
		letter := func(rule string, v int64) url.Values {
			return urlValues("kind", "general", "subject", "Pismo obce", "body", "Treść.", "rule", rule, "rule_value", id(v))
		}
		for _, tt := range []struct {
			name string
			c    *client
			path string
			form url.Values
		}{
			{"letter to b's premises", staff, "/staff/letters", letter("premises", b.Flat)},
			{"letter to b's person", staff, "/staff/letters", letter("person", b.Husband)},
			{"letter to b's estate", staff, "/staff/letters", letter("estate", b.EstateA)},
			{"letter to b's building", staff, "/staff/letters", letter("building", buildingB)},
			{"letter to b's account", staff, "/staff/letters", urlValues("kind", "general", "subject", "Pismo obce", "body", "Treść.",
				"rule", "list", "rule_value", b.FlatNRB)},
			{"announcement to b's estate", staff, "/staff/announcements", announce("estate", "estate", b.EstateA)},
			{"announcement to b's building", staff, "/staff/announcements", announce("building", "building", buildingB)},
			{"message about b's premises", res, "/ebok/messages", urlValues("premises", id(b.Flat), "topic", "settlements",
				"subject", "Obcy lokal", "body", "x")},
			{"copy of b's document", member, "/ikcs/copies", urlValues("document", id(idsB["libmembers"]), "description", "Kopia")},
			{"meeting in b's estate", staff, "/staff/meetings", urlValues("title", "Zebranie obce", "part1_day", "20.01.2027",
				"part1_hour", "17:00", "part1_place", "Klub", "part1_estate", id(b.EstateA))},
			{"document of b's estate", staff, "/staff/library", nil},
			{"b's account paid by a's credit", staff, "/staff/bank/" + id(idsA["credit"]) + "/assign", urlValues("premises", b.FlatNRB)},
			{"b's account id paid by a's credit", staff, "/staff/bank/" + id(idsA["credit"]) + "/assign", urlValues("account", id(b.FlatAccount))},
			{"a's payment settles b's charge", staff, "/staff/premises/" + id(a.Flat) + "/payments/" + id(idsA["entry"]),
				urlValues("target", id(chargeB), "reason", "Obca")},
			{"a's thread to b's admin", staff, "/staff/messages/" + id(idsA["thread"]) + "/assign", urlValues("user", id(adminB))},
		} {
			var r response
			if tt.form == nil {
				r = tt.c.uploadWith(tt.path, "file", "u.pdf", libraryPDF(t, "Obca"), map[string]string{"category": "resolutions",
					"body": "board", "number": "8/2026", "title": "Dokument obcy", "visibility": "members", "estate_id": id(b.EstateA)})
			} else if tt.path == "/ebok/messages" {
				r = tt.c.postMultipart(tt.path, tt.form, nil)
			} else {
				r = tt.c.post(tt.path, tt.form)
			}
			if r.Code < 400 || r.Code >= 500 {
				t.Errorf("%s: %d %s, want refused", tt.name, r.Code, r.Header.Get("Location"))
			}
			if changed := changedTables(before, coopRows(t, db, b.ID)); len(changed) > 0 {
				t.Fatalf("%s changed cooperative b's %v", tt.name, changed)
			}
		}
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`SELECT COUNT(*) FROM letter_recipients WHERE coop_id = $1 AND person_id IN ($2, $3, $4)`, []any{a.ID, b.Husband, b.Wife, b.Other}},
			{`SELECT COUNT(*) FROM message_threads WHERE coop_id = $1 AND premises_id = $2`, []any{a.ID, b.Flat}},
			{`SELECT COUNT(*) FROM copy_requests WHERE coop_id = $1 AND document_id = $2`, []any{a.ID, idsB["libmembers"]}},
			{`SELECT COUNT(*) FROM announcements WHERE coop_id = $1 AND (estate_id = $2 OR building_id = $3)`, []any{a.ID, b.EstateA, buildingB}},
		} {
			var n int
			if err := db.Read().QueryRowContext(ctx, q.sql, q.args...).Scan(&n); err != nil {
				t.Fatalf("%s: %v", q.sql, err)
			}
			if n != 0 {
				t.Errorf("%s: %d rows of a point at b's records", q.sql, n)
			}
		}
	})
}

// TestImportsOfACooperativePostOnlyToIt: a bank statement loaded by a's
// staff that credits b's premises' virtual account, and a ledger export
// of a's naming b's account, post nothing to b: the credit waits in a's
// queue with no suggestion of b's premises, and the export is refused.
func TestImportsOfACooperativePostOnlyToIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		addCoop(t, env, "a", "a.test", "Kowalski", "Nowak", 0)
		b := addCoop(t, env, "b", "b.test", "Wiśniewski", "Zieliński", 100)
		staff := env.client(t, "a.test")
		staff.login("staff", adminLogin)
		before := coopRows(t, db, b.ID)
		virtualB := strings.ReplaceAll(b.FlatNRB, " ", "")
		sta := ":20:1\r\n:25:/PL61109010140000071219812874\r\n:28C:1/1\r\n:60F:C261120PLN0,00\r\n" +
			":61:2611211121CN512,34NTRF0000000000000000//R1\r\n" + virtualB + "\r\n:86:Łukasz Wiśniewski, Mickiewicza 5/12, rachunek " + virtualB + "\r\n" +
			":62F:C261121PLN512,34\r\n"
		r := staff.upload("/staff/bank", "statement", "wyciag.sta", []byte(sta))
		mustContain(t, r.Body, "Zaksięgowane: 0", "Do przypisania: 1")
		if strings.Contains(r.Body, `name="account" value="`+id(b.FlatAccount)+`"`) {
			t.Error("a's queue suggests b's premises")
		}
		csv := "external_id;account;booked_on;kind;amount;description\nK-1;" + virtualB + ";2026-11-20;naliczenie;12,34;Opłata\n"
		r = staff.uploadWith("/staff/import", "file", "fk.csv", []byte(csv), map[string]string{"apply": "no"})
		mustContain(t, r.Body, "Plik fk.csv ma błędy (1)", "wiersz 2")
		if changed := changedTables(before, coopRows(t, db, b.ID)); len(changed) > 0 {
			t.Errorf("a's imports changed b's %v", changed)
		}
	})
}
