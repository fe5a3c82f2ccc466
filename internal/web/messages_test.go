package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// threadPath finds the thread a redirect after sending leads to.
var threadPath = regexp.MustCompile(`^/ebok/messages/(\d+)\?sent=\d+`)

func TestResidentWritesAndStaffReply(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		if _, err := env.auth.CreateUser(context.Background(), authUser(f.ID, "rozl", "settlements")); err != nil {
			t.Fatal(err)
		}
		res := env.client(t, "ebok.test")
		res.login("ebok", residentLogin)
		// The two resident tabs read differently: the cooperative's letters
		// and the resident's own messages.
		mustContain(t, res.get("/ebok").Body, `href="/ebok/messages">Wiadomości</a>`, `href="/ebok/letters">Korespondencja</a>`)
		// The messages page is headed as its tab is named, not
		// "Korespondencja …", which is the letters' tab.
		mustContain(t, res.get("/ebok/messages").Body, "<h1>Wiadomości</h1>")
		// A resident with a flat and a garage in one building tells them
		// apart in the premises list of a new message.
		mustContain(t, res.get("/ebok/messages/new").Body, "Mieszkanie: ul. Mickiewicza 5/12</option>", "Garaż: ul. Mickiewicza 5</option>")
		r := res.postMultipart("/ebok/messages", url.Values{"premises": {id(f.Flat)}, "topic": {"fault"},
			"subject": {"Cieknie kran"}, "body": {"W łazience"}}, nil)
		if r.Code != http.StatusUnprocessableEntity {
			t.Fatalf("fault without its location: %d", r.Code)
		}
		mustContain(t, r.Body, "należy wskazać, czy jest w lokalu, czy w budynku")
		// Every problem at once, not one a try.
		r = res.postMultipart("/ebok/messages", url.Values{"premises": {id(f.Flat)}, "topic": {"fault"}, "subject": {" "}}, nil)
		if r.Code != http.StatusUnprocessableEntity {
			t.Fatalf("empty message: %d", r.Code)
		}
		mustContain(t, r.Body, `<a href="#f-location">`, `<a href="#f-subject">Należy podać temat (do 200 znaków).</a>`,
			`<a href="#f-body">Należy wpisać treść wiadomości.</a>`)
		// A file cut short, one too large, one not a picture nor a PDF: each
		// told apart, and what was typed stays.
		for name, c := range map[string]struct {
			data []byte
			want string
		}{
			"protokol.pdf": {[]byte("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"), "Plik „protokol.pdf” jest niekompletny lub uszkodzony (PDF bez zakończenia)."},
			"duzy.jpg":     {append(append([]byte{}, testJPEG...), make([]byte, 10<<20)...), "Plik „duzy.jpg” jest większy niż 10 MB."},
			"skrypt.png":   {[]byte("<html><script>alert(1)</script>"), "Pliku „skrypt.png” nie można przyjąć: dozwolone są pliki JPEG, PNG lub PDF do 10 MB."},
		} {
			r = res.postMultipart("/ebok/messages", url.Values{"premises": {id(f.Flat)}, "topic": {"fault"}, "location": {"premises"},
				"subject": {"Cieknie kran"}, "body": {"W łazience"}}, map[string][]byte{name: c.data})
			if r.Code != http.StatusUnprocessableEntity {
				t.Fatalf("%s: %d", name, r.Code)
			}
			mustContain(t, r.Body, c.want, "Cieknie kran")
		}
		r = res.postMultipart("/ebok/messages", url.Values{"premises": {id(f.Flat)}, "topic": {"fault"}, "location": {"premises"},
			"subject": {"Cieknie kran"}, "body": {"W łazience"}}, map[string][]byte{"kran.jpg": testJPEG})
		m := threadPath.FindStringSubmatch(r.Header.Get("Location"))
		if r.Code != http.StatusSeeOther || m == nil {
			t.Fatalf("send: %d %q", r.Code, r.Header.Get("Location"))
		}
		thread := m[1]
		r = res.get(r.Header.Get("Location"))
		mustContain(t, r.Body, "Wpisano ją do dziennika korespondencyjnego pod numerem 1/2026.", "Cieknie kran", "kran.jpg", "nowa",
			"<dd>Mieszkanie: ul. Mickiewicza 5/12</dd>")

		// Another resident, and staff of another department, see nothing.
		other := env.client(t, "ebok.test")
		other.login("ebok", "E0000003")
		if r := other.get("/ebok/messages/" + thread); r.Code != http.StatusNotFound {
			t.Errorf("another resident's thread: %d", r.Code)
		}
		settl := env.client(t, "ebok.test")
		settl.login("staff", "rozl")
		if r := settl.get("/staff/messages/" + thread); r.Code != http.StatusNotFound {
			t.Errorf("settlements open a fault: %d", r.Code)
		}
		mustNotContain(t, settl.get("/staff/messages").Body, "Cieknie kran")

		staff := env.client(t, "ebok.test")
		staff.login("staff", estateLogin)
		mustContain(t, staff.get("/staff/messages").Body, "Cieknie kran", "05.12.2026")
		if r := staff.post("/staff/messages/"+thread+"/note", url.Values{"body": {"Hydraulik we wtorek"}}); r.Code != http.StatusSeeOther {
			t.Fatalf("note: %d", r.Code)
		}
		if r := staff.post("/staff/messages/"+thread+"/reply", url.Values{"body": {"Hydraulik przyjdzie we wtorek."}, "next": {"in_progress"}}); r.Code != http.StatusSeeOther {
			t.Fatalf("reply: %d", r.Code)
		}
		mustContain(t, staff.get("/staff/messages/"+thread).Body, "Hydraulik we wtorek", "notatka wewnętrzna")
		r = res.get("/ebok/messages/" + thread)
		mustContain(t, r.Body, "Hydraulik przyjdzie we wtorek.", "w toku")
		mustNotContain(t, r.Body, "Hydraulik we wtorek")
	})
}

func TestAnnouncementsShowOnEbokAndIkcs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		staff := env.client(t, "ebok.test")
		staff.login("staff", estateLogin)
		r := staff.post("/staff/announcements", url.Values{"audience": {"estate"}, "estate": {id(f.EstateB)},
			"title": {"Cudze osiedle"}, "body": {"x"}, "from": {"21.11.2026"}, "to": {"30.11.2026"}})
		if r.Code != http.StatusUnprocessableEntity {
			t.Errorf("estate A posts to estate B: %d", r.Code)
		}
		r = staff.post("/staff/announcements", url.Values{"audience": {"estate"}, "estate": {id(f.EstateA)},
			"title": {"Przegląd instalacji gazowej"}, "body": {"W czwartek."}, "from": {"21.11.2026"}, "to": {"30.11.2026"}})
		if r.Code != http.StatusSeeOther {
			t.Fatalf("announce: %d\n%s", r.Code, r.Body)
		}
		mustContain(t, staff.get("/staff/announcements").Body, "Przegląd instalacji gazowej")
		res := env.client(t, "ebok.test")
		res.login("ebok", residentLogin)
		overview := res.get("/ebok").Body
		mustContain(t, overview, "Przegląd instalacji gazowej")
		// On a phone the amounts to pay come first: the announcements
		// follow the premises.
		if strings.Index(overview, "Przegląd instalacji gazowej") < strings.Index(overview, `class="cards"`) {
			t.Error("the announcements come before the premises on /ebok")
		}
		member := env.client(t, "ebok.test")
		member.login("ikcs", memberLogin)
		mustContain(t, member.get("/ikcs").Body, "Przegląd instalacji gazowej")
		other := env.client(t, "ebok.test")
		other.login("ebok", "E0000003")
		mustNotContain(t, other.get("/ebok").Body, "Przegląd instalacji gazowej")
	})
}

func TestRegisterExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		res := env.client(t, "ebok.test")
		res.login("ebok", residentLogin)
		if r := res.postMultipart("/ebok/messages", url.Values{"premises": {id(f.Flat)}, "topic": {"membership"},
			"subject": {"Zaświadczenie o członkostwie"}, "body": {"Proszę o zaświadczenie."}}, nil); r.Code != http.StatusSeeOther {
			t.Fatalf("send: %d", r.Code)
		}
		staff := env.client(t, "ebok.test")
		staff.login("staff", adminLogin)
		mustContain(t, staff.get("/staff/register?from=01.11.2026&to=30.11.2026").Body, "1/2026", "Zaświadczenie o członkostwie", "wpływ", "e-BOK",
			// the export links carry the period shown, not an escaped query the handler cannot read
			`href="/staff/register.pdf?from=01.11.2026&amp;to=30.11.2026"`, `href="/staff/register.xlsx?from=01.11.2026&amp;to=30.11.2026"`)
		pdf := staff.get("/staff/register.pdf?from=01.11.2026&to=30.11.2026")
		if pdf.Code != http.StatusOK || pdf.Header.Get("Content-Type") != "application/pdf" || len(pdf.Body) < 4 || pdf.Body[:4] != "%PDF" {
			t.Errorf("register PDF: %d %s", pdf.Code, pdf.Header.Get("Content-Type"))
		}
		xlsx := staff.get("/staff/register.xlsx?from=01.11.2026&to=30.11.2026")
		if xlsx.Code != http.StatusOK || len(xlsx.Body) < 2 || xlsx.Body[:2] != "PK" {
			t.Errorf("register XLSX: %d %s", xlsx.Code, xlsx.Header.Get("Content-Type"))
		}
		estate := env.client(t, "ebok.test")
		estate.login("staff", estateLogin)
		if r := estate.get("/staff/register"); r.Code != http.StatusForbidden {
			t.Errorf("an estate administration reads the whole register: %d", r.Code)
		}
	})
}
