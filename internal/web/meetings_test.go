package web

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/meeting"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// meetingFixture calls a meeting in two parts (estate A on firstDay, estate
// B two days later) and, when noticed, records its notice today.
func meetingFixture(t *testing.T, env *testEnv, f fixtureCoop, firstDay string, noticed bool) meeting.Meeting {
	t.Helper()
	ctx := context.Background()
	by := audit.Actor{CoopID: f.ID, Name: "staff:test"}
	d, err := civil.ParseISO(firstDay)
	if err != nil {
		t.Fatal(err)
	}
	m, err := env.srv.Meetings.Create(ctx, by, meeting.Draft{Title: "Walne Zgromadzenie " + firstDay, Parts: []meeting.PartInput{
		{Day: d, Hour: "17:00", Place: "Klub „Sąsiad”", Estates: []int64{f.EstateA}},
		{Day: d.AddDays(2), Hour: "18:00", Place: "Szkoła nr 5", Estates: []int64{f.EstateB}}}})
	if err != nil {
		t.Fatal(err)
	}
	if noticed {
		if err := env.srv.Meetings.SendNotice(ctx, by, m.ID); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

// Staff call a meeting through the form: one whose first part is 10
// December 2026 is already late on 21 November 2026 (last lawful notice
// day 19 November) and the page warns; one on 20 December is not (last
// day 29 November). Staff send the notice and attach a draft resolution;
// the member sees it, files a draft and downloads the receipt; staff list
// the draft, record the votes of both parts and publish the results.
func TestMeetingPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		staff := env.client(t, "ebok.test")
		staff.login("staff", adminLogin)
		mustContain(t, staff.get("/staff/meetings").Body, "Zwołanie Walnego Zgromadzenia", "Osiedle A", "Osiedle B")
		create := func(day1, day2 string) string {
			t.Helper()
			r := staff.post("/staff/meetings", urlValues("title", "Walne Zgromadzenie "+day1,
				"part1_day", day1, "part1_hour", "17:00", "part1_place", "Klub Sąsiad", "part1_estate", id(f.EstateA),
				"part2_day", day2, "part2_hour", "18:00", "part2_place", "Szkoła nr 5", "part2_estate", id(f.EstateB)))
			if r.Code != http.StatusSeeOther {
				t.Fatalf("create: %d %s", r.Code, r.Body)
			}
			return r.Header.Get("Location")
		}
		late := staff.get(create("2026-12-10", "2026-12-12"))
		mustContain(t, late.Body, "Zgromadzenie zostało zapisane.", "19.11.2026", "meeting-late", "ostatnim dniem na wysłanie zawiadomienia był 19.11.2026")
		loc := create("2026-12-20", "2026-12-22")
		page := staff.get(loc)
		mustContain(t, page.Body, "29.11.2026", "05.12.2026", "Osiedle A", "Osiedle B")
		mustNotContain(t, page.Body, "meeting-late")
		if r := staff.post("/staff/meetings", urlValues("title", "WZ", "part1_day", "2026-12-20", "part1_hour", "17:00", "part1_place", "Klub",
			"part1_estate", id(f.EstateA), "part2_day", "2026-12-22", "part2_hour", "17:00", "part2_place", "Klub", "part2_estate", id(f.EstateA))); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Każde osiedle głosuje w jednej części") {
			t.Errorf("an estate in two parts: %d", r.Code)
		}
		base := strings.TrimSuffix(loc[:strings.Index(loc, "?")], "/")
		mid := base[strings.LastIndex(base, "/")+1:]
		member := env.client(t, "ebok.test")
		member.login("ikcs", memberLogin)
		if r := member.get("/ikcs/meetings/" + mid); r.Code != http.StatusNotFound {
			t.Errorf("member opens the meeting before the notice: %d", r.Code)
		}
		if r := staff.post(base+"/notice", nil); r.Code != http.StatusSeeOther {
			t.Fatalf("notice: %d", r.Code)
		}
		if r := staff.uploadWith(base+"/items", "file", "projekt.pdf", libraryPDF(t, "Projekt uchwały nr 1/2026", "Walne Zgromadzenie zatwierdza sprawozdanie."),
			map[string]string{"kind": "resolution", "number": "1/2026", "title": "Uchwała w sprawie zatwierdzenia sprawozdania"}); r.Code != http.StatusSeeOther {
			t.Fatalf("item: %d %s", r.Code, r.Body)
		}
		mustContain(t, member.get("/ikcs/meetings").Body, "Walne Zgromadzenie 2026-12-20")
		mp := member.get("/ikcs/meetings/" + mid)
		mustContain(t, mp.Body, "Uchwała w sprawie zatwierdzenia sprawozdania", "do 05.12.2026 włącznie", "tu głosuje członek")
		mustNotContain(t, mp.Body, "meeting-late", "Oznacz zawiadomienie")
		item := regexp.MustCompile(`/ikcs/meetings/\d+/items/\d+`).FindString(mp.Body)
		if r := member.get(item); r.Code != http.StatusOK || !strings.Contains(pdfText(t, []byte(r.Body)), "Projekt uchwały nr 1/2026") {
			t.Errorf("material %s: %d", item, r.Code)
		}
		// A draft without its text is refused in the member's words, not
		// with the staff's message about calling a meeting.
		r := member.post("/ikcs/meetings/"+mid+"/drafts", urlValues("title", "Projekt bez treści", "body", "  "))
		if r.Code != http.StatusUnprocessableEntity {
			t.Fatalf("draft without text: %d", r.Code)
		}
		mustContain(t, r.Body, "Należy podać tytuł projektu uchwały (do 300 znaków) i jego treść", "Projekt bez treści")
		mustNotContain(t, r.Body, "dla każdej części dzień, godzinę i miejsce")
		r = member.post("/ikcs/meetings/"+mid+"/drafts", urlValues("title", "Projekt uchwały w sprawie placu zabaw", "body", "Walne Zgromadzenie postanawia wybudować plac zabaw."))
		if r.Code != http.StatusSeeOther {
			t.Fatalf("draft: %d %s", r.Code, r.Body)
		}
		mp = member.get(r.Header.Get("Location"))
		mustContain(t, mp.Body, "Projekt uchwały został zgłoszony", "Projekt uchwały w sprawie placu zabaw", "21.11.2026 10:00:00")
		receipt := regexp.MustCompile(`/ikcs/meetings/\d+/drafts/\d+/receipt\.pdf`).FindString(mp.Body)
		rr := member.get(receipt)
		if rr.Code != http.StatusOK || rr.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("receipt %q: %d", receipt, rr.Code)
		}
		text := strings.Join(strings.Fields(pdfText(t, []byte(rr.Body))), " ")
		for _, want := range []string{"Potwierdzenie złożenia projektu uchwały", "Projekt uchwały w sprawie placu zabaw", "21.11.2026 10:00:00", "05.12.2026"} {
			if !strings.Contains(text, want) {
				t.Errorf("receipt lacks %q: %s", want, text)
			}
		}
		mustContain(t, staff.get(base).Body, "Projekt uchwały w sprawie placu zabaw", "Łukasz Kowalski")
		itemID := item[strings.LastIndex(item, "/")+1:]
		for _, v := range [][]string{{"1", "30", "10", "2"}, {"2", "5", "26", "1"}} {
			if r := staff.post(base+"/votes", urlValues("item", itemID, "part", v[0], "for", v[1], "against", v[2], "abstaining", v[3])); r.Code != http.StatusSeeOther {
				t.Fatalf("votes: %d %s", r.Code, r.Body)
			}
		}
		mustContain(t, staff.get(base).Body, "uchwała niepodjęta", "za: 35, przeciw: 36, wstrzymujących się: 3")
		mustNotContain(t, member.get("/ikcs/meetings/"+mid).Body, "uchwała niepodjęta")
		if r := staff.post(base+"/results", nil); r.Code != http.StatusSeeOther {
			t.Fatalf("results: %d", r.Code)
		}
		mustContain(t, member.get("/ikcs/meetings/"+mid).Body, "uchwała niepodjęta", "za: 35, przeciw: 36")
		// The late meeting's deadline, 25 November, is open; one whose
		// deadline was yesterday (first part 5 December) refuses with the
		// text kept.
		closed := meetingFixture(t, env, f, "2026-12-05", true)
		r = member.post("/ikcs/meetings/"+id(closed.ID)+"/drafts", urlValues("title", "Spóźniony projekt", "body", "Treść spóźnionego projektu."))
		if r.Code != http.StatusUnprocessableEntity {
			t.Fatalf("late draft: %d", r.Code)
		}
		mustContain(t, r.Body, "Termin zgłaszania projektów uchwał upłynął", "Spóźniony projekt")
		open := meetingFixture(t, env, f, "2026-12-06", true)
		if r := member.post("/ikcs/meetings/"+id(open.ID)+"/drafts", urlValues("title", "Projekt w ostatnim dniu", "body", "Treść.")); r.Code != http.StatusSeeOther {
			t.Errorf("draft on the last day (21 November for 6 December): %d", r.Code)
		}
		// Another cooperative's staff and a resident see none of it.
		resident := env.client(t, "ebok.test")
		resident.login("ebok", residentLogin)
		if r := resident.get("/ikcs/meetings/" + mid); r.Code == http.StatusOK {
			t.Errorf("resident opens the meeting: %d", r.Code)
		}
	})
}
