package demo

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/library"
	"github.com/ebok/ebok/internal/pdf"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// The demo library is published quickly with real PDFs: a search without
// diacritics finds the repair-fund resolution, the regulations' versions
// are linked, and the minutes carry an anonymised version.
func TestDemoLibrary(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		r, err := pdf.NewRenderer()
		if err != nil {
			t.Fatal(err)
		}
		render := func(title string, paras []string) ([]byte, error) {
			var b bytes.Buffer
			err := r.TextDoc(&b, pdf.Coop{Name: "SM Demo"}, title, paras)
			return b.Bytes(), err
		}
		coopID := storetest.InsertCoop(t, db, "demo")
		now := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
		lib := &library.Service{DB: db, Now: func() time.Time { return now }, Loc: time.UTC, Extract: library.DefaultExtractor()}
		began := time.Now()
		if err := Library(ctx, lib, render, coopID, civil.DateOf(now)); err != nil {
			t.Fatal(err)
		}
		t.Logf("demo library published in %v", time.Since(began))
		staff := library.Reader{Kind: library.Staff}
		staff.CoopID = coopID
		hits, err := lib.Find(ctx, staff, library.Query{Text: "uchwala fundusz remontowy"})
		if err != nil || len(hits) == 0 || hits[0].Number != "12/2026" {
			t.Fatalf("search: %+v, %v", hits, err)
		}
		// Issue 10 §7: a statute, a dozen regulations with versions, a few
		// hundred resolutions over ten years, minutes, audit reports and
		// financial statements.
		for _, c := range []struct {
			cat      library.Category
			min, max int
		}{{library.Statute, 1, 1}, {library.Regulations, 12, 20}, {library.Resolutions, 200, 300},
			{library.Minutes, 10, 12}, {library.AuditReports, 3, 5}, {library.FinancialStatements, 10, 11}} {
			got, err := lib.Find(ctx, staff, library.Query{Category: c.cat, Limit: 1000})
			if err != nil || len(got) < c.min || len(got) > c.max {
				t.Errorf("%s: %d documents, %v; want %d to %d", c.cat, len(got), err, c.min, c.max)
			}
		}
		years := map[int]bool{}
		res, err := lib.Find(ctx, staff, library.Query{Category: library.Resolutions, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res {
			years[h.AdoptedOn.Year] = true
		}
		if len(years) != 10 {
			t.Errorf("resolutions adopted in %d years, want 10", len(years))
		}
		old, err := lib.Find(ctx, staff, library.Query{Status: library.Superseded, Limit: 1000})
		if err != nil || len(old) < 4 {
			t.Errorf("superseded: %d, %v; want the regulations' earlier versions", len(old), err)
		}
		if hits, err := lib.Find(ctx, staff, library.Query{Text: "dzwigi sloneczna"}); err != nil || len(hits) == 0 {
			t.Errorf("search of the archive: %d hits, %v", len(hits), err)
		}
	})
}
