package web

import (
	"context"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/library"
	"github.com/ebok/ebok/internal/messages"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
	"github.com/ebok/ebok/internal/uploads"
)

// xss is markup a resident, a sender of mail or staff may type: it must
// reach every page as text.
const xss = `<script>alert(1)</script>"><img src=x onerror=alert(2)>`

// TestTypedMarkupIsShownAsText: markup in an announcement, a resident's
// message and its file's name, mail from a stranger (subject, address,
// file name), a library document's title, a letter's subject and a request
// for a copy is shown escaped on every page that shows it, to residents,
// members and staff; a download's file name stays inside one quoted
// Content-Disposition parameter.
func TestTypedMarkupIsShownAsText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		staff, res, member, anon := env.client(t, "ebok.test"), env.client(t, "ebok.test"), env.client(t, "ebok.test"), env.client(t, "ebok.test")
		staff.login("staff", adminLogin)
		res.login("ebok", residentLogin)
		member.login("ikcs", memberLogin)
		if r := staff.post("/staff/announcements", url.Values{"audience": {"all"}, "title": {"Ogłoszenie " + xss},
			"body": {"Treść " + xss}, "from": {"21.11.2026"}, "to": {"30.11.2026"}}); r.Code != http.StatusSeeOther {
			t.Fatalf("announce: %d", r.Code)
		}
		fileName := `kran" onclick="alert(3).jpg`
		r := res.postMultipart("/ebok/messages", url.Values{"premises": {id(f.Flat)}, "topic": {"settlements"},
			"subject": {"Temat " + xss}, "body": {"Treść " + xss}}, map[string][]byte{fileName: testJPEG})
		m := threadPath.FindStringSubmatch(r.Header.Get("Location"))
		if r.Code != http.StatusSeeOther || m == nil {
			t.Fatalf("message: %d", r.Code)
		}
		thread := m[1]
		scan, err := messages.Attachments.Check(`skan"><script>alert(4)</script>.jpg`, testJPEG)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.srv.Messages.Take(ctx, f.ID, messages.Mail{MessageID: "<x@x>", From: `obcy"<script>@poczta.example`,
			Subject: "Wniosek " + xss, Text: "Treść " + xss, Files: []uploads.File{scan}, Raw: []byte("raw"), At: now}); err != nil {
			t.Fatal(err)
		}
		var mailID, mailFile, msgFile int64
		if err := db.Read().QueryRowContext(ctx, `SELECT m.id, f.id FROM mail_in m JOIN mail_in_files f ON f.mail_in_id = m.id
			WHERE m.coop_id = $1`, f.ID).Scan(&mailID, &mailFile); err != nil {
			t.Fatal(err)
		}
		if err := db.Read().QueryRowContext(ctx, `SELECT id FROM message_attachments WHERE coop_id = $1`, f.ID).Scan(&msgFile); err != nil {
			t.Fatal(err)
		}
		doc, err := env.srv.Library.Publish(ctx, audit.Actor{CoopID: f.ID, Name: "staff:test"}, library.Draft{Category: library.Resolutions,
			Body: library.Board, Number: "1/2026", Title: "Uchwała " + xss, Visibility: library.Public},
			library.Upload{Filename: `u"chwała.pdf`, Data: libraryPDF(t, "Uchwała", "Treść.")})
		if err != nil {
			t.Fatal(err)
		}
		var docFile int64
		if err := db.Read().QueryRowContext(ctx, `SELECT id FROM library_files WHERE document_id = $1`, doc).Scan(&docFile); err != nil {
			t.Fatal(err)
		}
		r = staff.post("/staff/letters", urlValues("kind", "general", "subject", "Pismo "+xss, "body", "Treść.", "rule", "premises", "rule_value", id(f.Flat)))
		if r.Code != http.StatusSeeOther {
			t.Fatalf("compose: %d", r.Code)
		}
		letter := r.Header.Get("Location")
		if r := member.post("/ikcs/copies", urlValues("category", "statute", "description", "Kopia "+xss)); r.Code != http.StatusSeeOther {
			t.Fatalf("copy request: %d", r.Code)
		}
		raw := regexp.MustCompile(`<script>alert|<img src=x|onclick="alert|onerror=alert\(2\)>`)
		for _, tt := range []struct {
			c    *client
			path string
			want string
		}{
			{res, "/ebok", "Ogłoszenie &lt;script&gt;"}, {member, "/ikcs", "Ogłoszenie &lt;script&gt;"},
			{staff, "/staff/announcements", "Ogłoszenie &lt;script&gt;"},
			{res, "/ebok/messages", "Temat &lt;script&gt;"}, {res, "/ebok/messages/" + thread, "Treść &lt;script&gt;"},
			{staff, "/staff/messages", "Temat &lt;script&gt;"}, {staff, "/staff/messages/" + thread, "kran__onclick__alert_3_.jpg"},
			{staff, "/staff/mail", "Wniosek &lt;script&gt;"}, {staff, "/staff/mail/" + id(mailID), "Treść &lt;script&gt;"},
			{anon, "/library", "Uchwała &lt;script&gt;"}, {member, "/ikcs/library", "Uchwała &lt;script&gt;"},
			{anon, "/library/" + id(doc), "Uchwała &lt;script&gt;"}, {staff, "/staff/library", "Uchwała &lt;script&gt;"},
			{staff, "/staff/library/" + id(doc), "Uchwała &lt;script&gt;"},
			{staff, "/staff/letters", "Pismo &lt;script&gt;"}, {staff, letter, "Pismo &lt;script&gt;"},
			{staff, "/staff/register?from=01.11.2026&to=30.11.2026", "Temat &lt;script&gt;"},
			{staff, "/staff/copies", "Kopia &lt;script&gt;"}, {member, "/ikcs/copies", "Kopia &lt;script&gt;"},
		} {
			r := tt.c.get(tt.path)
			if r.Code != http.StatusOK {
				t.Errorf("%s: %d", tt.path, r.Code)
				continue
			}
			if loc := raw.FindStringIndex(r.Body); loc != nil {
				t.Errorf("%s shows markup raw: …%s…", tt.path, r.Body[max(0, loc[0]-80):min(len(r.Body), loc[1]+40)])
			}
			mustContain(t, r.Body, tt.want)
		}
		for _, tt := range []struct {
			c    *client
			path string
		}{
			{staff, "/staff/messages/" + thread + "/files/" + id(msgFile)},
			{res, "/ebok/messages/" + thread + "/files/" + id(msgFile)},
			{staff, "/staff/mail/" + id(mailID) + "/files/" + id(mailFile)},
			{anon, "/library/" + id(doc) + "/files/" + id(docFile)},
		} {
			r := tt.c.get(tt.path)
			if r.Code != http.StatusOK {
				t.Errorf("%s: %d", tt.path, r.Code)
				continue
			}
			cd := r.Header.Values("Content-Disposition")
			if len(cd) != 1 || strings.ContainsAny(cd[0], "\r\n") {
				t.Errorf("%s: Content-Disposition %q", tt.path, cd)
				continue
			}
			disp, params, err := mime.ParseMediaType(cd[0])
			if err != nil || disp != "attachment" || len(params) != 1 || params["filename"] == "" {
				t.Errorf("%s: Content-Disposition %q: %s %v %v", tt.path, cd[0], disp, params, err)
			}
		}
	})
}
