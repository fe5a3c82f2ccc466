package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/letters"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/messages"
	"github.com/ebok/ebok/internal/register"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// The letter page's delivery report: the rows it shows of how many, a
// search that keeps what was typed (and goes into the exports), a page
// number past the end showing the last page, and the times a copy was
// opened in the cooperative's time zone, not in UTC as the database
// gives them back.
func TestDeliveryReportFindsAndShowsLocalTimes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		admin := env.client(t, "ebok.test")
		admin.login("staff", adminLogin)
		loc := sendToFlat(t, env, admin, f)
		var copyID int64
		if err := db.Read().QueryRowContext(ctx, `SELECT id FROM letter_recipients WHERE person_id = $1`, f.Husband).Scan(&copyID); err != nil {
			t.Fatal(err)
		}
		owner := env.client(t, "ebok.test")
		owner.login("ebok", residentLogin)
		if r := owner.get("/ebok/letters/" + id(copyID)); r.Code != http.StatusOK {
			t.Fatalf("owner opens the copy: HTTP %d", r.Code)
		}
		warsaw, err := time.LoadLocation("Europe/Warsaw")
		if err != nil {
			t.Fatal(err)
		}
		env.srv.Config.TimeZone = warsaw
		opened := now.In(warsaw).Format("02.01.2006 15:04")
		if utc := now.UTC().Format("02.01.2006 15:04"); utc == opened {
			t.Fatalf("the test's clock is the same in UTC and Warsaw: %s", utc)
		}
		page := admin.get(loc)
		mustContain(t, page.Body, `<p id="report-range">Adresaci 1–2 z 2</p>`, `<td data-label="Otwarto w e-BOK">`+opened+"</td>")
		mustNotContain(t, page.Body, now.UTC().Format("02.01.2006 15:04"), `class="pager"`)

		// "LUKASZ" finds Łukasz Kowalski and not Małgorzata Kowalskia.
		page = admin.get(loc + "?status=&find=LUKASZ")
		mustContain(t, page.Body, `<p id="report-range">Adresaci 1–1 z 1</p>`, "Łukasz Kowalski", `value="LUKASZ"`,
			`/report.csv?find=LUKASZ&amp;status=`)
		mustNotContain(t, page.Body, "Małgorzata Kowalskia</td>")
		csv := admin.get(loc + "/report.csv?find=LUKASZ&status=")
		if csv.Code != http.StatusOK || !strings.Contains(csv.Body, "Łukasz Kowalski") || strings.Contains(csv.Body, "Małgorzata") {
			t.Errorf("CSV of the search: HTTP %d\n%s", csv.Code, csv.Body)
		}
		mustContain(t, admin.get(loc+"?find=Zieli%C5%84ski").Body, "Żaden adresat nie spełnia tych warunków.")
		// Page 999 of a report of one page: the last page, not an empty one.
		for _, q := range []string{"?page=999", "?page=-3", "?page=x"} {
			r := admin.get(loc + q)
			if r.Code != http.StatusOK {
				t.Errorf("%s: HTTP %d", q, r.Code)
			}
			mustContain(t, r.Body, `<p id="report-range">Adresaci 1–2 z 2</p>`)
		}
	})
}

// The pager's addresses keep the list's filter and search, and there is
// no page before the first or after the last (250 rows: three pages of
// 100).
func TestPager(t *testing.T) {
	p := pager{Path: "/staff/letters/7", Query: url.Values{"status": {"sent"}, "find": {"Nowak Jan"}, "page": {"2"}},
		Anchor: "report", Total: 250, Size: 100}
	for _, c := range []struct {
		page       int
		prev, next string
	}{
		{1, "", "/staff/letters/7?find=Nowak+Jan&page=2&status=sent#report"},
		{2, "/staff/letters/7?find=Nowak+Jan&status=sent#report", "/staff/letters/7?find=Nowak+Jan&page=3&status=sent#report"},
		{3, "/staff/letters/7?find=Nowak+Jan&page=2&status=sent#report", ""},
	} {
		p.Page = c.page
		if got := p.Prev(); got != c.prev {
			t.Errorf("page %d: before %q, want %q", c.page, got, c.prev)
		}
		if got := p.Next(); got != c.next {
			t.Errorf("page %d: after %q, want %q", c.page, got, c.next)
		}
	}
	// First and last: only when more than one page away.
	p.Total = 1000
	for _, c := range []struct {
		page        int
		first, last string
	}{
		{1, "", "/staff/letters/7?find=Nowak+Jan&page=10&status=sent#report"},
		{2, "", "/staff/letters/7?find=Nowak+Jan&page=10&status=sent#report"},
		{3, "/staff/letters/7?find=Nowak+Jan&status=sent#report", "/staff/letters/7?find=Nowak+Jan&page=10&status=sent#report"},
		{8, "/staff/letters/7?find=Nowak+Jan&status=sent#report", "/staff/letters/7?find=Nowak+Jan&page=10&status=sent#report"},
		{9, "/staff/letters/7?find=Nowak+Jan&status=sent#report", ""},
		{10, "/staff/letters/7?find=Nowak+Jan&status=sent#report", ""},
	} {
		p.Page = c.page
		if got := p.FirstHref(); got != c.first {
			t.Errorf("page %d of 10: first %q, want %q", c.page, got, c.first)
		}
		if got := p.LastHref(); got != c.last {
			t.Errorf("page %d of 10: last %q, want %q", c.page, got, c.last)
		}
	}
	for total, last := range map[int]int{0: 1, 1: 1, 100: 1, 101: 2, 200: 2, 201: 3} {
		p.Total = total
		if got := p.Last(); got != last {
			t.Errorf("%d rows: last page %d, want %d", total, got, last)
		}
	}
	// A second list on the page pages by its own parameter and keeps the
	// first list's page.
	b := pager{Path: "/staff/letters", Query: url.Values{"page": {"2"}, "batches": {"3"}}, Anchor: "batches", Param: "batches", Page: 3, Total: 45, Size: 20}
	if got, want := b.Prev(), "/staff/letters?batches=2&page=2#batches"; got != want {
		t.Errorf("batches before: %q, want %q", got, want)
	}
	if got := b.Next(); got != "" {
		t.Errorf("batches after the last: %q", got)
	}
	if got := pageNumberIn(url.Values{"batches": {"3"}, "page": {"2"}}, "batches"); got != 3 {
		t.Errorf("batches page %d, want 3", got)
	}
	for q, want := range map[string]int{"": 1, "page=1": 1, "page=2": 2, "page=0": 1, "page=-3": 1, "page=x": 1, "page=99": 99} {
		v, _ := url.ParseQuery(q)
		if got := pageNumber(v); got != want {
			t.Errorf("%q: page %d, want %d", q, got, want)
		}
	}
}

// The correspondence register of a month of a mass letter comes in pages
// of 100 entries, the period kept from page to page.
func TestRegisterPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		var es []register.Entry
		for i := range 230 {
			es = append(es, register.Entry{CoopID: f.ID, Direction: register.Out, Channel: register.Email, At: now.Add(-time.Hour),
				Correspondent: "Jan Kowalski", Subject: "Zawiadomienie", Source: "letter_recipient", SourceID: int64(i + 1)})
		}
		if _, err := env.srv.Register.EnterAll(ctx, es); err != nil {
			t.Fatal(err)
		}
		admin := env.client(t, "ebok.test")
		admin.login("staff", adminLogin)
		day := now.Format("02.01.2006")
		first := admin.get("/staff/register?from=" + day + "&to=" + day)
		mustContain(t, first.Body, `<p id="register-range">Wpisy 1–100 z 230</p>`,
			`<a href="/staff/register?from=`+day+`&amp;page=2&amp;to=`+day+`" rel="next">`)
		mustNotContain(t, first.Body, `rel="prev"`, ">101/")
		last := admin.get("/staff/register?from=" + day + "&to=" + day + "&page=3")
		mustContain(t, last.Body, `<p id="register-range">Wpisy 201–230 z 230</p>`, "Strona 3 z 3", ">230/", `rel="prev"`,
			`<a href="/staff/register?from=`+day+`&amp;to=`+day+`">« Pierwsza strona</a>`)
		mustNotContain(t, last.Body, `rel="next"`)
		mustContain(t, admin.get("/staff/register?from="+day+"&to="+day+"&page=9").Body, `<p id="register-range">Wpisy 201–230 z 230</p>`)
		// A date that is not one is named, linked to its field; the
		// default period is shown meanwhile.
		bad := admin.get("/staff/register?from=32.11.2026&to=" + day)
		if bad.Code != http.StatusOK {
			t.Errorf("a wrong date: HTTP %d", bad.Code)
		}
		mustContain(t, bad.Body, `<a href="#f-from">„32.11.2026” nie jest datą początku okresu.`, `id="f-from"`,
			`value="01.11.2026"`, `<p id="register-range">Wpisy 1–100 z 230</p>`)
	})
}

// The list of letters keeps every letter reachable: 50 a page, newest
// first, older ones a page further.
func TestLettersListPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		by := audit.Actor{CoopID: f.ID, UserID: userID(t, db, f.ID, adminLogin), Name: "staff:test"}
		for i := range 51 {
			l := letters.Letter{Kind: letters.General, Subject: fmt.Sprintf("Pismo nr %02d", i+1), Body: "Treść.",
				Rule: letters.Rule{Kind: letters.RulePremises, Value: id(f.Flat)}}
			if _, err := env.srv.Letters.Compose(ctx, by, l, nil); err != nil {
				t.Fatal(err)
			}
		}
		admin := env.client(t, "ebok.test")
		admin.login("staff", adminLogin)
		first := admin.get("/staff/letters")
		mustContain(t, first.Body, "Pismo nr 51", "Pismo nr 02", "Strona 1 z 2", `<a href="/staff/letters?page=2" rel="next">`)
		mustNotContain(t, first.Body, "Pismo nr 01<")
		second := admin.get("/staff/letters?page=2")
		mustContain(t, second.Body, "Pismo nr 01<", "Strona 2 z 2", `<a href="/staff/letters" rel="prev">`)
		mustNotContain(t, second.Body, "Pismo nr 02<")
	})
}

// The triage list pages a flood of mail from unknown senders, 100 a page,
// with the range and the way to older mail.
func TestTriagePagesOnTheSite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		for i := range 101 {
			out, err := env.srv.Messages.Take(ctx, f.ID, messages.Mail{MessageID: fmt.Sprintf("<flood-%d@x>", i), From: "obcy@poczta.example",
				Subject: fmt.Sprintf("Reklama %03d", i), Text: "Treść", Raw: []byte("raw"), At: now.Add(time.Duration(i-200) * time.Minute)})
			if err != nil || out != messages.TookTriage {
				t.Fatalf("take %d: %q %v", i, out, err)
			}
		}
		admin := env.client(t, "ebok.test")
		admin.login("staff", adminLogin)
		first := admin.get("/staff/mail")
		mustContain(t, first.Body, `<p id="triage-range">Wiadomości 1–100 z 101</p>`, "Reklama 100", "Reklama 001",
			`<a href="/staff/mail?page=2" rel="next">`)
		mustNotContain(t, first.Body, "Reklama 000", `rel="prev"`)
		second := admin.get("/staff/mail?page=2")
		mustContain(t, second.Body, `<p id="triage-range">Wiadomości 101–101 z 101</p>`, "Reklama 000", "Strona 2 z 2", `rel="prev"`)
		mustNotContain(t, second.Body, "Reklama 001", `rel="next"`)
	})
}

// The e-mails given up on are listed for the office with the reason; a
// letter's names the postal batch and its report, any other is sent again
// from the list, which then says so. Estate staff have no such page.
func TestOutboxPageSendsAgain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		exec(t, db, `INSERT INTO consents (coop_id, person_id, kind, granted, source, recorded_at)
			VALUES ($1, $2, 'ekorespondencja', TRUE, 'test', $3)`, f.ID, f.Husband, now)
		admin := env.client(t, "ebok.test")
		admin.login("staff", adminLogin)
		mustContain(t, admin.get("/staff/outbox").Body, "Nie ma e-maili, których nie udało się doręczyć.")
		mustNotContain(t, admin.get("/staff").Body, "Niedoręczone e-maile:")
		loc := sendToFlat(t, env, admin, f)
		var plain int64
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			var err error
			plain, err = env.srv.Letters.Outbox.Queue(ctx, tx, f.ID, mail.Message{To: "ewa@example.pl", Subject: "Odpowiedź w sprawie KW/2026/00001", Text: "Treść."})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		// A failed attempt: the report says so while the e-mail is retried.
		exec(t, db, `UPDATE outbox SET attempts = 3, last_error = '451 4.3.0 try again later' WHERE coop_id = $1`, f.ID)
		mustContain(t, admin.get(loc).Body, "Serwer poczty jeszcze nie przyjął e-maila, kolejne próby przez dwie doby: 451 4.3.0 try again later")
		// What the mail worker writes when it gives up.
		exec(t, db, `UPDATE outbox SET status = 'failed', attempts = 10, last_error = '421 4.4.2 connection timed out' WHERE coop_id = $1`, f.ID)
		if err := env.srv.Letters.Follow(ctx); err != nil {
			t.Fatal(err)
		}
		page := admin.get("/staff/outbox")
		mustContain(t, page.Body, `<p id="outbox-range">E-maile 1–2 z 2</p>`, "ewa@example.pl", "Odpowiedź w sprawie KW/2026/00001",
			"421 4.4.2 connection timed out", "prób: 10", "Pismo trafiło do paczki listów do wydruku.", `<a href="`+loc+`">Raport doręczenia</a>`,
			`<form method="post" action="/staff/outbox/`+id(plain)+`/retry">`)
		mustContain(t, admin.get("/staff").Body, `Niedoręczone e-maile: 2.</span>`, `<a href="/staff/outbox">Przejrzyj i wyślij ponownie</a>`)
		if n := strings.Count(page.Body, `/retry">`); n != 1 {
			t.Errorf("%d retry buttons, want only the one of the e-mail that is no letter's", n)
		}
		estate := env.client(t, "ebok.test")
		estate.login("staff", estateLogin)
		mustNotContain(t, estate.get("/staff").Body, "Niedoręczone e-maile:")
		if r := estate.get("/staff/outbox"); r.Code != http.StatusForbidden {
			t.Errorf("estate staff opened the outbox: HTTP %d", r.Code)
		}
		if r := estate.post("/staff/outbox/"+id(plain)+"/retry", nil); r.Code != http.StatusForbidden {
			t.Errorf("estate staff retried an e-mail: HTTP %d", r.Code)
		}
		r := admin.post("/staff/outbox/"+id(plain)+"/retry", nil)
		if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/staff/outbox" {
			t.Fatalf("retry: HTTP %d to %q", r.Code, r.Header.Get("Location"))
		}
		after := admin.get("/staff/outbox")
		mustContain(t, after.Body, "E-mail wrócił do kolejki i zostanie wysłany za chwilę.", `<p id="outbox-range">E-maile 1–1 z 1</p>`)
		mustNotContain(t, after.Body, "ewa@example.pl")
		var status string
		if err := db.Read().QueryRowContext(ctx, `SELECT status FROM outbox WHERE id = $1`, plain).Scan(&status); err != nil || status != "pending" {
			t.Errorf("the e-mail sent again is %q, %v", status, err)
		}
		var letterMail int64
		if err := db.Read().QueryRowContext(ctx, `SELECT id FROM outbox WHERE coop_id = $1 AND id <> $2`, f.ID, plain).Scan(&letterMail); err != nil {
			t.Fatal(err)
		}
		admin.post("/staff/outbox/"+id(letterMail)+"/retry", nil)
		mustContain(t, admin.get("/staff/outbox").Body, "Tego e-maila nie wysłano ponownie: pismo trafiło do paczki listów do wydruku")
		if err := db.Read().QueryRowContext(ctx, `SELECT status FROM outbox WHERE id = $1`, letterMail).Scan(&status); err != nil || status != "failed" {
			t.Errorf("the letter's e-mail is %q, %v", status, err)
		}
	})
}
