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
		all, err := lib.Find(ctx, staff, library.Query{})
		if err != nil || len(all) != 10 {
			t.Fatalf("%d documents, %v", len(all), err)
		}
		old, err := lib.Find(ctx, staff, library.Query{Status: library.Superseded})
		if err != nil || len(old) != 1 {
			t.Errorf("superseded: %d, %v", len(old), err)
		}
	})
}
