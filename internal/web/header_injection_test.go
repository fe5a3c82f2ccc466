package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/library"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// outboxSubjects are the subjects of the mail queued for an address.
func outboxSubjects(t *testing.T, db *store.DB, to string) []string {
	t.Helper()
	rows, err := db.Read().QueryContext(context.Background(), `SELECT subject FROM outbox WHERE to_addr = $1 ORDER BY id`, to)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestLineBreaksInSubjectsNeitherInjectNorStopMail: a subject typed with a
// line break, a tab or a header of its own (a letter's, a resident's
// message's, an announcement's) reaches the e-mail as one line, and the
// mail still goes: the letter to the consenting resident, staff's reply
// to the message, the announcement's copy.
func TestLineBreaksInSubjectsNeitherInjectNorStopMail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		exec(t, db, `INSERT INTO consents (coop_id, person_id, kind, granted, source, recorded_at)
			VALUES ($1, $2, 'ekorespondencja', TRUE, 'paper', $3)`, f.ID, f.Husband, now)
		const to = "lukasz@example.pl"
		staff := env.client(t, "ebok.test")
		staff.login("staff", adminLogin)
		r := staff.post("/staff/letters", urlValues("kind", "general", "subject", "Wymiana\twodomierzy\r\nBcc: obcy@example.com",
			"body", "Treść.", "rule", "person", "rule_value", id(f.Husband)))
		if r.Code != http.StatusSeeOther {
			t.Fatalf("compose: %d\n%s", r.Code, r.Body)
		}
		if r := staff.post(r.Header.Get("Location")+"/send", nil); r.Code != http.StatusSeeOther {
			t.Fatalf("send: %d", r.Code)
		}
		if _, err := env.srv.LettersWorker.ProcessOnce(ctx); err != nil {
			t.Fatalf("letters worker: %v", err)
		}
		res := env.client(t, "ebok.test")
		res.login("ebok", residentLogin)
		r = res.postMultipart("/ebok/messages", url.Values{"premises": {id(f.Flat)}, "topic": {"settlements"},
			"subject": {"Nadpłata\tza\r\nBcc: obcy@example.com"}, "body": {"Proszę o zwrot."}}, nil)
		m := threadPath.FindStringSubmatch(r.Header.Get("Location"))
		if r.Code != http.StatusSeeOther || m == nil {
			t.Fatalf("message: %d %q", r.Code, r.Header.Get("Location"))
		}
		if r := staff.post("/staff/messages/"+m[1]+"/reply", url.Values{"body": {"Zwrot w piątek."}, "next": {"closed"}}); r.Code != http.StatusSeeOther {
			t.Fatalf("reply: %d\n%s", r.Code, r.Body)
		}
		if r := staff.post("/staff/announcements", url.Values{"audience": {"all"}, "title": {"Przerwa\tw dostawie\r\nBcc: obcy@example.com"},
			"body": {"W czwartek."}, "from": {"21.11.2026"}, "to": {"30.11.2026"}, "email": {"yes"}}); r.Code != http.StatusSeeOther {
			t.Fatalf("announce: %d\n%s", r.Code, r.Body)
		}
		subjects := outboxSubjects(t, db, to)
		// The letter goes once for each premises the husband holds (two).
		if len(subjects) != 4 {
			t.Fatalf("queued to the resident: %q, want the letter twice, the reply and the announcement", subjects)
		}
		for _, s := range subjects {
			if strings.ContainsAny(s, "\r\n\t") {
				t.Errorf("subject %q keeps a control character", s)
			}
		}
		mustContain(t, strings.Join(subjects, "|"), "Wymiana wodomierzy Bcc: obcy@example.com", "Nadpłata za Bcc: obcy@example.com",
			"Przerwa w dostawie Bcc: obcy@example.com")
	})
}

// TestABadCorrespondenceAddressSendsThatCopyByPost: a correspondence
// e-mail that is not one address (two joined by a comma, as accounting
// systems export them, or one with a line break and a header after it)
// sends that person's copy by post; the letter goes to everyone else by
// e-mail as usual, and nothing is mailed to the extra address.
func TestABadCorrespondenceAddressSendsThatCopyByPost(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		for _, p := range []int64{f.Husband, f.Wife, f.Other} {
			exec(t, db, `INSERT INTO consents (coop_id, person_id, kind, granted, source, recorded_at)
				VALUES ($1, $2, 'ekorespondencja', TRUE, 'paper', $3)`, f.ID, p, now)
		}
		exec(t, db, `UPDATE persons SET email = 'lukasz@example.pl, obcy@example.com' WHERE id = $1`, f.Husband)
		exec(t, db, `UPDATE persons SET email = $2 WHERE id = $1`, f.Other, "zdzislaw@example.pl\r\nBcc: obcy@example.com")
		staff := env.client(t, "ebok.test")
		staff.login("staff", adminLogin)
		r := staff.post("/staff/letters", urlValues("kind", "general", "subject", "Wymiana wodomierzy", "body", "Treść.", "rule", "all"))
		if r.Code != http.StatusSeeOther {
			t.Fatalf("compose: %d\n%s", r.Code, r.Body)
		}
		if r := staff.post(r.Header.Get("Location")+"/send", nil); r.Code != http.StatusSeeOther {
			t.Fatalf("send: %d", r.Code)
		}
		if _, err := env.srv.LettersWorker.ProcessOnce(ctx); err != nil {
			t.Fatalf("letters worker: %v", err)
		}
		// An announcement mailed to everyone, and staff's reply to the
		// husband's message, go the same way.
		if r := staff.post("/staff/announcements", url.Values{"audience": {"all"}, "title": {"Przerwa w dostawie wody"},
			"body": {"W czwartek."}, "from": {"21.11.2026"}, "to": {"30.11.2026"}, "email": {"yes"}}); r.Code != http.StatusSeeOther {
			t.Errorf("announcement mailed to all: %d", r.Code)
		}
		res := env.client(t, "ebok.test")
		res.login("ebok", residentLogin)
		r = res.postMultipart("/ebok/messages", url.Values{"premises": {id(f.Flat)}, "topic": {"settlements"},
			"subject": {"Nadpłata"}, "body": {"Proszę o zwrot."}}, nil)
		m := threadPath.FindStringSubmatch(r.Header.Get("Location"))
		if r.Code != http.StatusSeeOther || m == nil {
			t.Fatalf("message: %d %q", r.Code, r.Header.Get("Location"))
		}
		if r := staff.post("/staff/messages/"+m[1]+"/reply", url.Values{"body": {"Zwrot w piątek."}, "next": {"closed"}}); r.Code != http.StatusSeeOther {
			t.Errorf("reply to the husband: %d", r.Code)
		}
		// A members' document whose publication mails the members (only
		// the husband is one) is published.
		if _, err := env.srv.Library.Publish(ctx, audit.Actor{CoopID: f.ID, Name: "staff:test"}, library.Draft{Category: library.Resolutions,
			Body: library.Board, Number: "2/2026", Title: "Uchwała", Visibility: library.Members, NotifyMembers: true},
			library.Upload{Filename: "u.pdf", Data: libraryPDF(t, "Uchwała", "Treść.")}); err != nil {
			t.Errorf("publication mailing the members: %v", err)
		}
		if got := outboxSubjects(t, db, "malgorzata@example.pl"); len(got) != 2 {
			t.Errorf("mail to the wife: %q, want the letter and the announcement", got)
		}
		var mailed int
		if err := db.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE to_addr <> 'malgorzata@example.pl'`).Scan(&mailed); err != nil {
			t.Fatal(err)
		}
		if mailed != 0 {
			t.Errorf("%d mails to other addresses, want none", mailed)
		}
		rows, err := db.Read().QueryContext(ctx, `SELECT person_id, channel FROM letter_recipients WHERE coop_id = $1 AND person_id IN ($2, $3)`,
			f.ID, f.Husband, f.Other)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var person int64
			var channel string
			if err := rows.Scan(&person, &channel); err != nil {
				t.Fatal(err)
			}
			n++
			if channel != "post" {
				t.Errorf("copy of person %d: %s, want post", person, channel)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if n != 3 { // the husband's flat and garage, Zdzisław's flat
			t.Errorf("%d copies of the husband and Zdzisław, want 3", n)
		}
	})
}
