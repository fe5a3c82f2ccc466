package library

import (
	"errors"
	"testing"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// Versions are kept, a scan is marked as having no text layer, a
// non-PDF and an incomplete draft are refused, and every change is
// audited.
func TestPublishKeepsVersionsAndMarksScans(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		d := Draft{Category: Regulations, Body: SupervisoryBoard, Number: "1/2025", Title: "Regulamin porządku domowego", Visibility: Members}
		if _, err := e.s.Publish(e.ctx, e.staff, Draft{Category: "poems", Body: Board, Title: "x", Visibility: Public},
			Upload{Filename: "a.pdf", Data: e.textPDF("x")}); !errors.Is(err, ErrInvalid) {
			t.Errorf("bad category: %v", err)
		}
		if _, err := e.s.Publish(e.ctx, e.staff, d, Upload{Filename: "a.pdf", Data: []byte("GIF89a")}); !errors.Is(err, ErrNotPDF) {
			t.Errorf("not a PDF: %v", err)
		}
		id := e.publish(d, Upload{Filename: "skan.pdf", Data: scanPDF(t)})
		if err := e.s.AddFile(e.ctx, e.staff, id, Upload{Filename: "tekst.pdf", Data: e.textPDF(d.Title, "Cisza nocna od 22.")}); err != nil {
			t.Fatal(err)
		}
		det, err := e.s.Get(e.ctx, e.reader(Staff, 1, 0), id)
		if err != nil || len(det.Files) != 2 {
			t.Fatalf("details %+v, %v", det, err)
		}
		if det.Files[0].Version != 2 || !det.Files[0].HasText || det.Files[1].Version != 1 || det.Files[1].HasText {
			t.Errorf("files %+v", det.Files)
		}
		if hits, _ := e.s.Find(e.ctx, e.reader(Staff, 1, 0), Query{Text: "cisza nocna"}); len(hits) != 1 {
			t.Errorf("the new version's text is not searchable: %v", ids(hits))
		}
		entries, err := audit.List(e.ctx, db.Read(), e.coop, audit.Filter{Action: audit.LibraryPublished})
		if err != nil || len(entries) != 2 || entries[0].Subject != subject(id) {
			t.Errorf("audit %+v, %v", entries, err)
		}
	})
}

// Without pdftotext a PDF is still published, with no text.
func TestPublishWithoutAnExtractor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.s.Extract = NoText
		id := e.publish(draft("Uchwała o zieleni", "5/2026", Public), Upload{Filename: "u.pdf", Data: e.textPDF("x", "trawniki")})
		det, err := e.s.Get(e.ctx, e.reader(Anonymous, 0, 0), id)
		if err != nil || det.Files[0].HasText || det.Files[0].Extractor != "none" {
			t.Fatalf("%+v, %v", det, err)
		}
		if hits, _ := e.s.Find(e.ctx, e.reader(Anonymous, 0, 0), Query{Text: "zielen"}); len(hits) != 1 {
			t.Errorf("the title is not searchable: %v", ids(hits))
		}
	})
}

// Supersession links both ways, and the version in force on a day is the
// latest to take effect by then; status changes are audited.
func TestSupersedeAndVersionInForce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		day := func(y, m, d int) civil.Date {
			return civil.Date{Year: y, Month: 1, Day: 1}.AddMonths(m - 1).AddDays(d - 1)
		}
		mk := func(title string, eff civil.Date) int64 {
			d := draft(title, "", Members)
			d.Category, d.EffectiveOn = Regulations, eff
			return e.publish(d, Upload{Filename: "r.pdf", Data: e.textPDF(title)})
		}
		v1, v2, v3 := mk("Regulamin 2019", day(2019, 1, 1)), mk("Regulamin 2022", day(2022, 7, 1)), mk("Regulamin 2026", day(2026, 2, 1))
		for _, p := range [][2]int64{{v1, v2}, {v2, v3}} {
			if err := e.s.Supersede(e.ctx, e.staff, p[0], p[1]); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.s.Supersede(e.ctx, e.staff, v3, v3); !errors.Is(err, ErrSupersede) {
			t.Errorf("self: %v", err)
		}
		staff := e.reader(Staff, 1, 0)
		det, err := e.s.Get(e.ctx, staff, v2)
		if err != nil || det.Status != Superseded || det.SupersededBy == nil || det.SupersededBy.ID != v3 ||
			len(det.Supersedes) != 1 || det.Supersedes[0].ID != v1 {
			t.Fatalf("links %+v, %v", det, err)
		}
		for _, c := range []struct {
			on   civil.Date
			want int64
		}{{day(2020, 5, 5), v1}, {day(2022, 7, 1), v2}, {day(2026, 3, 1), v3}} {
			got, err := e.s.InForceOn(e.ctx, staff, v1, c.on)
			if err != nil || got.ID != c.want {
				t.Errorf("in force on %s: %d, %v; want %d", c.on, got.ID, err, c.want)
			}
		}
		if _, err := e.s.InForceOn(e.ctx, staff, v3, day(2018, 1, 1)); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("before the first: %v", err)
		}
		if err := e.s.SetStatus(e.ctx, e.staff, v3, Archived); err != nil {
			t.Fatal(err)
		}
		entries, err := audit.List(e.ctx, db.Read(), e.coop, audit.Filter{Action: audit.LibraryChanged})
		if err != nil || len(entries) != 3 {
			t.Errorf("audit %d entries, %v", len(entries), err)
		}
	})
}
