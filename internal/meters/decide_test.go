package meters

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

func TestAcceptAndReject(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, "a")
		a, err := f.submit(f.cold, 1_000, false)
		if err != nil {
			t.Fatal(err)
		}
		b, err := f.submit(f.hot, 2_000, false)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Accept(ctx, f.admin, a); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Accept(ctx, f.admin, a); !errors.Is(err, ErrAlreadyDecided) {
			t.Errorf("accepting twice: %v, want ErrAlreadyDecided", err)
		}
		if err := f.svc.Reject(ctx, f.admin, a, "błąd"); !errors.Is(err, ErrAlreadyDecided) {
			t.Errorf("rejecting an accepted reading: %v, want ErrAlreadyDecided", err)
		}
		if err := f.svc.Reject(ctx, f.admin, b, "  "); !errors.Is(err, ErrNoteRequired) {
			t.Errorf("rejecting without a note: %v, want ErrNoteRequired", err)
		}
		if err := f.svc.Reject(ctx, f.administrator, b, " Zdjęcie licznika pokazuje inny stan. "); err != nil {
			t.Fatal(err)
		}
		acc, rej := f.history(t, f.cold)[0], f.history(t, f.hot)[0]
		if acc.Status != Accepted || acc.DecidedBy != f.staff || !acc.DecidedAt.Equal(now) {
			t.Errorf("accepted reading = %+v", acc)
		}
		if rej.Status != Rejected || rej.DecidedBy != f.estateStaff || rej.Note != "Zdjęcie licznika pokazuje inny stan." {
			t.Errorf("rejected reading = %+v", rej)
		}
		if err := f.svc.Accept(ctx, f.admin, 999_999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("accepting no reading: %v, want ErrNotFound", err)
		}
	})
}

func TestCorrectKeepsTheOriginal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, "a")
		f.reading(t, f.cold, "2026-10-21", 100_000, Accepted)
		orig, err := f.submit(f.cold, 190_000, true)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Correct(ctx, f.admin, orig, 109_000, ""); !errors.Is(err, ErrNoteRequired) {
			t.Errorf("correcting without a note: %v, want ErrNoteRequired", err)
		}
		id, err := f.svc.Correct(ctx, f.admin, orig, 109_000, "Przestawione cyfry, stan wg zdjęcia.")
		if err != nil {
			t.Fatal(err)
		}
		h := f.history(t, f.cold)
		if len(h) != 3 {
			t.Fatalf("history = %+v, want the import, the original and the correction", h)
		}
		byID := map[int64]Reading{}
		for _, r := range h {
			byID[r.ID] = r
		}
		o, c := byID[orig], byID[id]
		if o.Status != Rejected || o.Value != 190_000 || o.Source != FromResident || o.SubmittedBy != f.resident ||
			o.DecidedBy != f.staff || o.Note != "Przestawione cyfry, stan wg zdjęcia." {
			t.Errorf("original = %+v, want it kept, rejected with the note", o)
		}
		if c.Status != Accepted || c.Value != 109_000 || c.Source != FromStaff || c.ReadOn != o.ReadOn ||
			c.SubmittedBy != f.staff || c.DecidedBy != f.staff || c.Note != o.Note {
			t.Errorf("correction = %+v", c)
		}
		ms, err := f.svc.Meters(ctx, f.coop, f.flat)
		if err != nil {
			t.Fatal(err)
		}
		if ms[0].Last == nil || ms[0].Last.ID != id {
			t.Errorf("last reading after the correction = %+v, want the correction", ms[0].Last)
		}
		if _, err := f.svc.Correct(ctx, f.admin, orig, 1, "x"); !errors.Is(err, ErrAlreadyDecided) {
			t.Errorf("correcting a rejected reading: %v, want ErrAlreadyDecided", err)
		}
		// An accepted reading may be corrected later.
		if _, err := f.svc.Correct(ctx, f.admin, id, 110_000, "Ponowne sprawdzenie."); err != nil {
			t.Errorf("correcting an accepted reading: %v", err)
		}
	})
}

func TestPendingAndEstates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, "a")
		f.reading(t, f.cold, "2026-10-21", 100_000, Accepted)
		f.reading(t, f.cold, "2026-11-01", 900_000, Rejected)
		mine, err := f.submit(f.cold, 105_500, false)
		if err != nil {
			t.Fatal(err)
		}
		theirs := f.reading(t, f.otherCold, "2026-11-21", 5_000, Submitted)

		all, err := f.svc.Pending(ctx, f.coop, 0)
		if err != nil {
			t.Fatal(err)
		}
		if all.Total != 2 || len(all.Readings) != 2 {
			t.Fatalf("Pending = %+v, want both", all)
		}
		estate, err := f.svc.Pending(ctx, f.coop, f.estateA)
		if err != nil {
			t.Fatal(err)
		}
		if estate.Total != 1 || len(estate.Readings) != 1 {
			t.Fatalf("Pending of estate A = %+v, want one", estate)
		}
		p := estate.Readings[0]
		use, ok := p.Use(), p.HasPrevious()
		if p.ID != mine || p.PremisesID != f.flat || p.Address != "ul. Mickiewicza 5/12" || p.Kind != ColdWater ||
			p.Serial != "WZ-1" || p.PreviousValue != 100_000 || p.PreviousOn != day("2026-10-21") || !ok || use != 5_500 {
			t.Errorf("pending reading = %+v (use %d, %v)", p, use, ok)
		}
		for _, r := range all.Readings {
			if r.ID == theirs {
				if r.HasPrevious() || r.Use() != 0 {
					t.Errorf("a first reading shows a previous one: %+v", r)
				}
			}
		}
		// Estate A's administration decides nothing of estate B.
		if err := f.svc.Accept(ctx, f.administrator, theirs); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("accepting another estate's reading: %v, want ErrNotFound", err)
		}
		if _, err := f.svc.Correct(ctx, f.administrator, theirs, 1, "x"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("correcting another estate's reading: %v, want ErrNotFound", err)
		}
		if err := f.svc.Reject(ctx, f.administrator, theirs, "x"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("rejecting another estate's reading: %v, want ErrNotFound", err)
		}
		if err := f.svc.Accept(ctx, f.administrator, mine); err != nil {
			t.Errorf("accepting in its own estate: %v", err)
		}
		if left, err := f.svc.Pending(ctx, f.coop, f.estateA); err != nil || left.Total != 0 || len(left.Readings) != 0 {
			t.Errorf("Pending after the decision = %+v, %v", left, err)
		}
	})
}

func TestCooperativesAreIsolated(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newFixture(t, db, "a")
		b := newFixture(t, db, "b")
		bReading := b.reading(t, b.cold, "2026-11-21", 1_000, Submitted)
		if ms, err := a.svc.Meters(ctx, a.coop, b.flat); err != nil || len(ms) != 0 {
			t.Errorf("a's Meters of b's flat = %v, %v", ms, err)
		}
		if h, err := a.svc.History(ctx, a.coop, b.cold); err != nil || len(h) != 0 {
			t.Errorf("a's History of b's meter = %v, %v", h, err)
		}
		if p, err := a.svc.Pending(ctx, a.coop, 0); err != nil || p.Total != 0 {
			t.Errorf("a's Pending = %+v, %v; want none of b's", p, err)
		}
		for name, err := range map[string]error{
			"accept": a.svc.Accept(ctx, a.admin, bReading),
			"reject": a.svc.Reject(ctx, a.admin, bReading, "x"),
		} {
			if !errors.Is(err, store.ErrNotFound) {
				t.Errorf("a's staff %s b's reading: %v, want ErrNotFound", name, err)
			}
		}
		if _, err := a.svc.Correct(ctx, a.admin, bReading, 1, "x"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a's staff correct b's reading: %v, want ErrNotFound", err)
		}
		if h := b.history(t, b.cold); len(h) != 1 || h[0].Status != Submitted {
			t.Errorf("b's reading after a's attempts = %+v", h)
		}
	})
}

// TestDecisionsAudited: every decision on a reading is in the audit log,
// with who, what and the values, and the chain stays whole.
func TestDecisionsAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, "a")
		f.admin.Name, f.admin.IP = "staff:admin", "192.0.2.7"
		a, err := f.submit(f.cold, 1_000, false)
		if err != nil {
			t.Fatal(err)
		}
		b, err := f.submit(f.hot, 2_000, false)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Accept(ctx, f.admin, a); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Reject(ctx, f.admin, b, "Nieczytelne zdjęcie"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Correct(ctx, f.admin, a, 1_500, "Stan wg zdjęcia"); err != nil {
			t.Fatal(err)
		}
		// A refused decision logs nothing.
		if err := f.svc.Accept(ctx, f.admin, b); !errors.Is(err, ErrAlreadyDecided) {
			t.Fatalf("accepting a rejected reading: %v", err)
		}
		got, err := audit.List(ctx, db.Read(), f.coop, audit.Filter{Action: audit.MeterReadingDecided})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 {
			t.Fatalf("%d audit rows, want 3: %+v", len(got), got)
		}
		want := map[string]string{ // newest first
			fmt.Sprintf("meter_reading:%d corrected", a): "1000→1500 Stan wg zdjęcia",
			fmt.Sprintf("meter_reading:%d rejected", b):  "2000→ Nieczytelne zdjęcie",
			fmt.Sprintf("meter_reading:%d accepted", a):  "1000→ ",
		}
		for _, e := range got {
			key := e.Subject + " " + e.Details["decision"]
			w, ok := want[key]
			if !ok || e.Details["value"]+"→"+e.Details["corrected_value"]+" "+e.Details["note"] != w ||
				e.ActorID != f.staff || e.Actor != "staff:admin" || e.IP != "192.0.2.7" {
				t.Errorf("audit row %s = %+v", key, e)
			}
			delete(want, key)
		}
		if n, err := audit.Verify(ctx, db.Read(), db.ChainKey(), f.coop); err != nil || n < 3 {
			t.Errorf("chain: %d rows, %v", n, err)
		}
	})
}
