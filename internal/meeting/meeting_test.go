package meeting

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/documents"
	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/pdf"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// env is a cooperative with two estates, a member in each, a former
// member, and the meeting service on one engine, its clock settable.
type env struct {
	t                *testing.T
	ctx              context.Context
	db               *store.DB
	s                *Service
	coop             int64
	estA, estB       int64
	memA, memB, gone int64
	now              time.Time
	staff            audit.Actor
	warsaw           *time.Location
}

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		t.Fatal(err)
	}
	r, err := documents.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, ctx: context.Background(), db: db, coop: storetest.InsertCoop(t, db, "wz"), warsaw: loc}
	e.s = &Service{DB: db, Now: func() time.Time { return e.now }, Loc: loc, Documents: r,
		Coops: &coop.Service{DB: db, Now: time.Now}}
	e.staff = audit.Actor{CoopID: e.coop, Name: "staff:anna"}
	e.now = e.at("2026-03-01 12:00:00")
	e.estA, e.estB = e.insert(`INSERT INTO estates (coop_id, code, name, office_street, office_postal_code, office_city, office_phone, office_email)
		VALUES ($1, 'A', 'Osiedle Słoneczne', 'ul. Biurowa 1', '00-001', 'Warszawa', '', '') RETURNING id`, e.coop),
		e.insert(`INSERT INTO estates (coop_id, code, name, office_street, office_postal_code, office_city, office_phone, office_email)
		VALUES ($1, 'B', 'Osiedle Leśne', 'ul. Biurowa 1', '00-001', 'Warszawa', '', '') RETURNING id`, e.coop)
	e.memA, e.memB, e.gone = e.member("Nowak", "A1", "2010-01-01", "", e.estA), e.member("Wójcik", "B1", "2012-05-01", "", e.estB),
		e.member("Zając", "Z1", "2000-01-01", "2026-02-28", 0)
	return e
}

// at is a wall-clock time in Warsaw, "2006-01-02 15:04:05".
func (e *env) at(s string) time.Time {
	e.t.Helper()
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, e.warsaw)
	if err != nil {
		e.t.Fatal(err)
	}
	return t
}

func (e *env) insert(q string, args ...any) int64 {
	e.t.Helper()
	var id int64
	if err := e.db.InTx(e.ctx, func(tx *store.Tx) error { return tx.QueryRowContext(e.ctx, q, args...).Scan(&id) }); err != nil {
		e.t.Fatal(err)
	}
	return id
}

// member adds a person with a membership and, when estate is set, a flat
// held in that estate.
func (e *env) member(last, reg, joined, left string, estate int64) int64 {
	e.t.Helper()
	id := e.insert(`INSERT INTO persons (coop_id, first_name, last_name, street, postal_code, city, created_at)
		VALUES ($1, 'Jan', $2, 'ul. Polna 1', '00-001', 'Warszawa', $3) RETURNING id`, e.coop, last, time.Now().UTC())
	var leftOn any
	if left != "" {
		leftOn = left
	}
	e.insert(`INSERT INTO memberships (coop_id, person_id, register_number, joined_on, left_on) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		e.coop, id, reg, joined, leftOn)
	if estate != 0 {
		b := e.insert(`INSERT INTO buildings (coop_id, estate_id, street, number, postal_code, city) VALUES ($1, $2, 'ul. Polna', $3, '00-001', 'Warszawa') RETURNING id`, e.coop, estate, reg)
		p := e.insert(`INSERT INTO premises (coop_id, building_id, kind, number, usable_area) VALUES ($1, $2, 'flat', '1', 5000) RETURNING id`, e.coop, b)
		t := e.insert(`INSERT INTO titles (coop_id, premises_id, kind, starts_on) VALUES ($1, $2, 'ownership_right', '2010-01-01') RETURNING id`, e.coop, p)
		e.insert(`INSERT INTO title_holders (coop_id, title_id, person_id, share_num, share_den) VALUES ($1, $2, $3, 1, 1) RETURNING id`, e.coop, t, id)
	}
	return id
}

func day(s string) civil.Date {
	d, err := civil.ParseISO(s)
	if err != nil {
		panic(err)
	}
	return d
}

// create makes the meeting of the tests: estate A on 20 April 2026, estate
// B on 22 April 2026.
func (e *env) create() Meeting {
	e.t.Helper()
	m, err := e.s.Create(e.ctx, e.staff, Draft{Title: "Walne Zgromadzenie 2026", Parts: []PartInput{
		{Day: day("2026-04-20"), Hour: "17:00", Place: "Klub „Sąsiad”, ul. Polna 3", Estates: []int64{e.estA}},
		{Day: day("2026-04-22"), Hour: "18:00", Place: "Szkoła nr 5, ul. Leśna 1", Estates: []int64{e.estB}},
	}})
	if err != nil {
		e.t.Fatal(err)
	}
	return m
}

func (e *env) filer(person int64) Filer {
	return Filer{CoopID: e.coop, UserID: person + 1000, PersonID: person, Name: "member:" + civil.Date{}.String()}
}

// The notice must go out at least 21 days before the first part (20 April
// 2026): the last lawful day is 30 March 2026, to its last second in
// Warsaw; from 31 March staff are warned.
func TestNoticeDeadline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.now = e.at("2026-03-30 23:59:59")
		m := e.create()
		if got := m.LastNoticeDay(); got != day("2026-03-30") {
			t.Fatalf("last notice day %s, want 2026-03-30", got)
		}
		if m.NoticeLate(civil.Today(e.warsaw, e.now)) {
			t.Error("warned on 30 March 2026, 23:59:59, the last lawful day")
		}
		e.now = e.at("2026-03-31 00:00:00")
		if !m.NoticeLate(civil.Today(e.warsaw, e.now)) {
			t.Error("no warning on 31 March 2026, 20 days before the first part")
		}
		// A notice recorded on the 31st stays late on the page.
		if err := e.s.SendNotice(e.ctx, e.staff, m.ID); err != nil {
			t.Fatal(err)
		}
		m, err := e.s.Get(e.ctx, e.coop, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if m.NoticeOn != day("2026-03-31") || !m.NoticeLate(day("2026-04-01")) {
			t.Errorf("notice on %s, late %v", m.NoticeOn, m.NoticeLate(day("2026-04-01")))
		}
	})
}

// Parts must be in order, each estate in one part; the unknown estate is
// a reference error.
func TestCreateRefusesBadParts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		p := func(d string, est ...int64) PartInput {
			return PartInput{Day: day(d), Hour: "17:00", Place: "Klub", Estates: est}
		}
		for name, c := range map[string]struct {
			d    Draft
			want error
		}{
			"no title":          {Draft{Parts: []PartInput{p("2026-04-20")}}, ErrInvalid},
			"no parts":          {Draft{Title: "WZ"}, ErrInvalid},
			"out of order":      {Draft{Title: "WZ", Parts: []PartInput{p("2026-04-22", e.estA), p("2026-04-20", e.estB)}}, ErrInvalid},
			"estate twice":      {Draft{Title: "WZ", Parts: []PartInput{p("2026-04-20", e.estA), p("2026-04-22", e.estA)}}, ErrEstates},
			"part of no estate": {Draft{Title: "WZ", Parts: []PartInput{p("2026-04-20", e.estA), p("2026-04-22")}}, ErrEstates},
			"bad hour":          {Draft{Title: "WZ", Parts: []PartInput{{Day: day("2026-04-20"), Hour: "25:00", Place: "Klub"}}}, ErrInvalid},
			"unknown estate":    {Draft{Title: "WZ", Parts: []PartInput{p("2026-04-20", 999999)}}, fault.ErrReference},
		} {
			if _, err := e.s.Create(e.ctx, e.staff, c.d); !errors.Is(err, c.want) {
				t.Errorf("%s: %v, want %v", name, err, c.want)
			}
		}
	})
}

// Members see the meeting and its materials from the notice; they file
// drafts until 5 April 2026 (15 days before 20 April) to its last second in
// Warsaw, not at midnight after; a former member files nothing; each draft
// has a PDF receipt (read back with pdftotext) only its author and staff
// can get; staff list every draft.
func TestMembersFileDraftsUntilFifteenDaysBefore(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.now = e.at("2026-03-20 10:00:00")
		m := e.create()
		if got := m.DraftDeadline(); got != day("2026-04-05") {
			t.Fatalf("draft deadline %s, want 2026-04-05", got)
		}
		item, err := e.s.AddItem(e.ctx, e.staff, m.ID, Resolution, "1/2026", "Uchwała w sprawie zatwierdzenia sprawozdania", "u.pdf", textPDF(t, "Projekt uchwały nr 1"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.ForMember(e.ctx, e.filer(e.memA), m.ID); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("member sees the meeting before the notice: %v", err)
		}
		if _, err := e.s.FileDraft(e.ctx, e.filer(e.memA), m.ID, "Projekt", "Treść"); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("draft before the notice: %v", err)
		}
		if _, err := e.s.ItemFile(e.ctx, e.coop, e.memA, false, m.ID, item); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("material before the notice: %v", err)
		}
		if err := e.s.SendNotice(e.ctx, e.staff, m.ID); err != nil {
			t.Fatal(err)
		}
		v, err := e.s.ForMember(e.ctx, e.filer(e.memB), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Items) != 1 || v.MyPart != 2 || !v.MayFile || v.ResultsShown {
			t.Errorf("member B's view: %d items, part %d, may file %v, results %v", len(v.Items), v.MyPart, v.MayFile, v.ResultsShown)
		}
		if f, err := e.s.ItemFile(e.ctx, e.coop, e.memB, false, m.ID, item); err != nil || !strings.Contains(pdftotext(t, f.Data), "Projekt uchwały nr 1") {
			t.Errorf("material after the notice: %v", err)
		}
		if _, err := e.s.ForMember(e.ctx, e.filer(e.gone), m.ID); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("former member sees the meeting: %v", err)
		}
		e.now = e.at("2026-04-05 23:59:59")
		id, err := e.s.FileDraft(e.ctx, e.filer(e.memA), m.ID, "Projekt uchwały w sprawie placu zabaw", "Walne Zgromadzenie postanawia wybudować plac zabaw.")
		if err != nil {
			t.Fatalf("draft on 5 April 2026, 23:59:59: %v", err)
		}
		if _, err := e.s.FileDraft(e.ctx, e.filer(e.gone), m.ID, "Projekt", "Treść"); !errors.Is(err, ErrNotMember) {
			t.Errorf("former member files: %v", err)
		}
		e.now = e.at("2026-04-06 00:00:00")
		if _, err := e.s.FileDraft(e.ctx, e.filer(e.memB), m.ID, "Projekt", "Treść"); !errors.Is(err, ErrDeadline) {
			t.Errorf("draft on 6 April 2026, 00:00:00: %v, want the deadline", err)
		}
		if v, err := e.s.ForMember(e.ctx, e.filer(e.memA), m.ID); err != nil || v.MayFile || len(v.Drafts) != 1 {
			t.Errorf("after the deadline: may file %v, %d drafts, %v", v.MayFile, len(v.Drafts), err)
		}
		receipt, err := e.s.Receipt(e.ctx, e.coop, e.memA, m.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		text := pdftotext(t, receipt.Data)
		for _, want := range []string{"Potwierdzenie złożenia projektu uchwały", "Walne Zgromadzenie 2026", "Projekt uchwały w sprawie placu zabaw",
			"05.04.2026 23:59:59", "20.04.2026", "Jan Nowak", "wybudować plac zabaw"} {
			if !strings.Contains(text, want) {
				t.Errorf("receipt lacks %q:\n%s", want, text)
			}
		}
		if _, err := e.s.Receipt(e.ctx, e.coop, e.memB, m.ID, id); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("another member's receipt: %v", err)
		}
		if _, err := e.s.Receipt(e.ctx, e.coop, 0, m.ID, id); err != nil {
			t.Errorf("staff's receipt: %v", err)
		}
		sv, err := e.s.ForStaff(e.ctx, e.coop, m.ID)
		if err != nil || len(sv.Drafts) != 1 || sv.Drafts[0].Member != "Jan Nowak" {
			t.Errorf("staff's list: %+v, %v", sv.Drafts, err)
		}
	})
}

// Votes are summed across the parts; a resolution passes with more votes
// for than against once every part has voted; members see the results
// only once published, with the minutes.
func TestVotesSumAcrossParts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.now = e.at("2026-03-20 10:00:00")
		m := e.create()
		if err := e.s.SendNotice(e.ctx, e.staff, m.ID); err != nil {
			t.Fatal(err)
		}
		pass, err := e.s.AddItem(e.ctx, e.staff, m.ID, Resolution, "1/2026", "Uchwała pierwsza", "a.pdf", textPDF(t, "Uchwała pierwsza"))
		if err != nil {
			t.Fatal(err)
		}
		fail, err := e.s.AddItem(e.ctx, e.staff, m.ID, Resolution, "2/2026", "Uchwała druga", "b.pdf", textPDF(t, "Uchwała druga"))
		if err != nil {
			t.Fatal(err)
		}
		report, err := e.s.AddItem(e.ctx, e.staff, m.ID, Report, "", "Sprawozdanie Zarządu", "c.pdf", textPDF(t, "Sprawozdanie"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.AddItem(e.ctx, e.staff, m.ID, Report, "", "Skan", "c.pdf", []byte("not a pdf")); !errors.Is(err, ErrNotPDF) {
			t.Errorf("non-PDF material: %v", err)
		}
		e.now = e.at("2026-04-20 21:00:00")
		rec := func(item int64, part int, v Votes) {
			t.Helper()
			if err := e.s.RecordVotes(e.ctx, e.staff, m.ID, item, part, v); err != nil {
				t.Fatal(err)
			}
		}
		// Part 1: the first passes 30:10, the second fails 12:20.
		rec(pass, 1, Votes{For: 30, Against: 10, Abstaining: 2})
		rec(fail, 1, Votes{For: 12, Against: 20, Abstaining: 0})
		sv, err := e.s.ForStaff(e.ctx, e.coop, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r := result(sv, pass); r.Complete || r.Passed || r.PartsCounted != 1 {
			t.Errorf("after part 1 of 2: %+v", r)
		}
		// Part 2 turns both: 5:26 and 25:9 (a correction replaces a first entry).
		rec(pass, 2, Votes{For: 1, Against: 1})
		rec(pass, 2, Votes{For: 5, Against: 26, Abstaining: 1})
		rec(fail, 2, Votes{For: 25, Against: 9, Abstaining: 4})
		if err := e.s.RecordVotes(e.ctx, e.staff, m.ID, report, 1, Votes{For: 1}); !errors.Is(err, ErrNotResolution) {
			t.Errorf("votes on a report: %v", err)
		}
		if err := e.s.RecordVotes(e.ctx, e.staff, m.ID, pass, 3, Votes{For: 1}); !errors.Is(err, ErrInvalid) {
			t.Errorf("votes in a third part of two: %v", err)
		}
		if err := e.s.RecordVotes(e.ctx, e.staff, m.ID, pass, 1, Votes{For: -1}); !errors.Is(err, ErrInvalid) {
			t.Errorf("negative votes: %v", err)
		}
		sv, err = e.s.ForStaff(e.ctx, e.coop, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		// 30+5 = 35 for, 10+26 = 36 against: not passed, by one vote.
		if r := result(sv, pass); !r.Complete || r.Passed || r.For != 35 || r.Against != 36 || r.Abstaining != 3 {
			t.Errorf("first resolution: %+v", r)
		}
		// 12+25 = 37 for, 20+9 = 29 against: passed.
		if r := result(sv, fail); !r.Complete || !r.Passed || r.For != 37 || r.Against != 29 || r.Abstaining != 4 {
			t.Errorf("second resolution: %+v", r)
		}
		e.now = e.at("2026-04-23 09:00:00")
		v, err := e.s.ForMember(e.ctx, e.filer(e.memA), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.ResultsShown {
			t.Error("results shown before they are published")
		}
		if err := e.s.PublishResults(e.ctx, e.staff, m.ID, 424242); !errors.Is(err, fault.ErrReference) {
			t.Errorf("minutes of an unknown document: %v", err)
		}
		if err := e.s.PublishResults(e.ctx, e.staff, m.ID, 0); err != nil {
			t.Fatal(err)
		}
		v, err = e.s.ForMember(e.ctx, e.filer(e.memA), m.ID)
		if err != nil || !v.ResultsShown || !result(v, fail).Passed || result(v, pass).Passed {
			t.Errorf("member's results: %+v, %v", v, err)
		}
	})
}

// Votes with 10 for and 10 against do not pass (a tie is not a majority).
func TestTieDoesNotPass(t *testing.T) {
	r := sum([]*Votes{{For: 4, Against: 6}, {For: 6, Against: 4, Abstaining: 9}})
	if !r.Complete || r.Passed || r.For != 10 || r.Against != 10 {
		t.Errorf("%+v", r)
	}
	if r := sum([]*Votes{{For: 11, Against: 10}, nil}); r.Complete || r.Passed {
		t.Errorf("a part missing: %+v", r)
	}
}

func result(v View, item int64) Result {
	for _, it := range v.Items {
		if it.ID == item {
			return it.Result
		}
	}
	return Result{}
}

func textPDF(t *testing.T, title string) []byte {
	t.Helper()
	r, err := pdf.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.TextDoc(&b, pdf.Coop{Name: "SM Test", City: "Warszawa"}, title, []string{title + " – treść."}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func pdftotext(t *testing.T, data []byte) string {
	t.Helper()
	cmd := exec.Command("pdftotext", "-q", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}
