package library

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// withOutbox lets the env's service e-mail members.
func (e *env) withOutbox() {
	e.s.Outbox = &mail.Outbox{Domain: "ebok.test", Now: func() time.Time { return e.now }}
	e.s.BaseURL = "https://sm.example.pl"
}

// contact gives a person an e-mail and, unless consents is empty, the
// e-Korespondencja consents given (true) and withdrawn (false) in order.
func (e *env) contact(person int64, email string, consents ...bool) {
	e.t.Helper()
	err := e.db.InTx(e.ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(e.ctx, `UPDATE persons SET email = $1 WHERE id = $2`, email, person); err != nil {
			return err
		}
		for i, granted := range consents {
			if _, err := tx.ExecContext(e.ctx, `INSERT INTO consents (coop_id, person_id, kind, granted, source, recorded_at)
				VALUES ($1, $2, 'ekorespondencja', $3, 'resident', $4)`,
				e.coop, person, granted, e.now.Add(time.Duration(i-10)*time.Hour)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

// outbox lists the queued e-mails as "to|subject|text", by address.
func (e *env) outbox() []string {
	e.t.Helper()
	out, err := store.QueryAll(e.ctx, e.db.Read(), func(row store.Scanner) (string, error) {
		var to, subject, text string
		err := row.Scan(&to, &subject, &text)
		return to + "|" + subject + "|" + text, err
	}, `SELECT to_addr, subject, text_body FROM outbox WHERE coop_id = $1 ORDER BY to_addr, id`, e.coop)
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

func recipients(mails []string) []string {
	var to []string
	for _, m := range mails {
		to = append(to, strings.SplitN(m, "|", 2)[0])
	}
	return to
}

// The e-mail about a new document goes, when staff ask for it, only to
// members whose membership is in force and who hold the e-Korespondencja
// consent, with an e-mail; it names the document and links to it in IKCS.
func TestNewDocumentEmailReachesConsentingMembersOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.withOutbox()
		e.contact(e.person("Zgoda", "2020-01-01", ""), "Zgoda@Example.pl", true)
		e.contact(e.person("Wycofana", "2020-01-01", ""), "wycofana@example.pl", true, false)
		e.contact(e.person("Ponowna", "2020-01-01", ""), "ponowna@example.pl", true, false, true)
		e.contact(e.person("BezZgody", "2020-01-01", ""), "brak@example.pl")
		e.contact(e.person("Niebędący", "", ""), "najemca@example.pl", true)
		e.contact(e.person("Były", "2020-01-01", "2026-03-11"), "byly@example.pl", true)
		e.contact(e.person("Ostatni", "2020-01-01", "2026-03-12"), "ostatni@example.pl", true)
		e.contact(e.person("BezAdresu", "2020-01-01", ""), "", true)

		quiet := e.publish(draft("Regulamin rozliczeń", "1/2026", Members), Upload{Filename: "a.pdf", Data: e.textPDF("Regulamin")})
		if got := e.outbox(); len(got) != 0 {
			t.Fatalf("a document without the e-mail asked for queued %v", got)
		}
		d := draft("Uchwała w sprawie remontu dachów", "7/2026", Members)
		d.NotifyMembers = true
		id := e.publish(d, Upload{Filename: "b.pdf", Data: e.textPDF("Uchwała")})
		got := e.outbox()
		want := []string{"ostatni@example.pl", "ponowna@example.pl", "zgoda@example.pl"}
		if strings.Join(recipients(got), " ") != strings.Join(want, " ") {
			t.Fatalf("e-mailed %v, want %v", recipients(got), want)
		}
		mailText := got[0]
		for _, s := range []string{"Nowy dokument w IKCS: Uchwała w sprawie remontu dachów", "Uchwały 7/2026",
			"https://sm.example.pl/ikcs/library/" + strconv.FormatInt(id, 10)} {
			if !strings.Contains(mailText, s) {
				t.Errorf("e-mail lacks %q:\n%s", s, mailText)
			}
		}
		doc, err := e.s.Get(e.ctx, e.reader(Staff, 1, 0), id)
		if err != nil {
			t.Fatal(err)
		}
		if !doc.NotifyMembers || doc.MembersNotified != 3 || !doc.MembersNotifiedAt.Equal(e.now) {
			t.Errorf("document notification %v %d %v, want asked, 3, now", doc.NotifyMembers, doc.MembersNotified, doc.MembersNotifiedAt)
		}
		if n := e.count(`SELECT COUNT(*) FROM audit_log WHERE coop_id = $1 AND action = 'library.notified'
			AND subject = $2`, e.coop, "library_document:"+strconv.FormatInt(id, 10)); n != 1 {
			t.Errorf("%d audit entries for the e-mail, want 1", n)
		}
		if n, err := e.s.NotifyDue(e.ctx); err != nil || n != 0 || len(e.outbox()) != 3 {
			t.Errorf("second run: %d, %v, %d e-mails; want nothing more", n, err, len(e.outbox()))
		}
		_ = quiet
	})
}

// A document published at a later time is announced when that time comes:
// not a second before, and once.
func TestNewDocumentEmailWaitsForPublication(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.withOutbox()
		e.contact(e.person("Zgoda", "2020-01-01", ""), "zgoda@example.pl", true)
		d := draft("Sprawozdanie finansowe 2025", "", Members)
		d.NotifyMembers, d.PublishAt = true, e.now.Add(2*time.Hour)
		e.publish(d, Upload{Filename: "s.pdf", Data: e.textPDF("Sprawozdanie")})
		start := e.now
		e.now = start.Add(2*time.Hour - time.Second)
		if n, err := e.s.NotifyDue(e.ctx); err != nil || n != 0 {
			t.Fatalf("a second before publication: %d, %v; want nothing", n, err)
		}
		e.now = start.Add(2 * time.Hour)
		if n, err := e.s.NotifyDue(e.ctx); err != nil || n != 1 {
			t.Fatalf("at publication: %d, %v; want 1", n, err)
		}
		if n, err := e.s.NotifyDue(e.ctx); err != nil || n != 0 || len(e.outbox()) != 1 {
			t.Fatalf("again: %d, %v, %d e-mails; want it sent once", n, err, len(e.outbox()))
		}
	})
}

// A document carrying personal data reaches members only with its
// anonymised version, and so does its e-mail.
func TestNewDocumentEmailWaitsForTheAnonymisedVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.withOutbox()
		e.contact(e.person("Zgoda", "2020-01-01", ""), "zgoda@example.pl", true)
		d := draft("Protokół z posiedzenia rady", "", Members)
		d.NotifyMembers, d.PersonalData = true, true
		id := e.publish(d, Upload{Filename: "p.pdf", Data: e.textPDF("Protokół", "Jan Kowalski, ul. Polna 1")})
		if n, _ := e.s.NotifyDue(e.ctx); n != 0 || len(e.outbox()) != 0 {
			t.Fatalf("e-mailed before the anonymised version: %v", e.outbox())
		}
		if err := e.s.AddFile(e.ctx, e.staff, id, Upload{Filename: "p-anon.pdf", Data: e.textPDF("Protokół", "[dane usunięte]"), Anonymised: true}); err != nil {
			t.Fatal(err)
		}
		if got := recipients(e.outbox()); len(got) != 1 || got[0] != "zgoda@example.pl" {
			t.Fatalf("after the anonymised version: %v, want the member told", got)
		}
	})
}

// A members' document of one estate goes to the members holding premises
// there; a public document of that estate to every consenting member.
func TestNewDocumentEmailFollowsTheEstate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.withOutbox()
		a, b := e.estate("A"), e.estate("B")
		inA, inB := e.person("NaA", "2020-01-01", ""), e.person("NaB", "2020-01-01", "")
		e.holds(inA, a, "2020-01-01", "")
		e.holds(inB, b, "2020-01-01", "")
		e.contact(inA, "a@example.pl", true)
		e.contact(inB, "b@example.pl", true)
		d := draft("Plan remontów osiedla A", "", Members)
		d.NotifyMembers, d.EstateID = true, a
		e.publish(d, Upload{Filename: "a.pdf", Data: e.textPDF("Plan")})
		if got := recipients(e.outbox()); strings.Join(got, " ") != "a@example.pl" {
			t.Fatalf("estate A members' document e-mailed %v, want a@example.pl", got)
		}
		p := draft("Ogłoszenie dla osiedla A", "", Public)
		p.NotifyMembers, p.EstateID = true, a
		e.publish(p, Upload{Filename: "p.pdf", Data: e.textPDF("Ogłoszenie")})
		if got := recipients(e.outbox()); strings.Join(got, " ") != "a@example.pl a@example.pl b@example.pl" {
			t.Fatalf("after a public document of estate A: %v, want both told", got)
		}
	})
}

// count runs a COUNT query.
func (e *env) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.db.Read().QueryRowContext(e.ctx, query, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}
