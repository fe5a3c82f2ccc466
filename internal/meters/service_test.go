package meters

import (
	"context"
	"errors"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

func TestWindowOfCooperative(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, "a")
		other := storetest.InsertCoop(t, db, "b")
		if w, err := f.svc.Window(ctx, f.coop); err != nil || w != DefaultWindow {
			t.Fatalf("Window without a row = %v, %v; want the default", w, err)
		}
		exec(t, db, `INSERT INTO reading_windows (coop_id, from_day, to_day) VALUES ($1, 1, 7)`, f.coop)
		if w, err := f.svc.Window(ctx, f.coop); err != nil || w != (Window{1, 7}) {
			t.Errorf("Window = %v, %v; want 1..7", w, err)
		}
		if w, err := f.svc.Window(ctx, other); err != nil || w != DefaultWindow {
			t.Errorf("another cooperative's Window = %v, %v; want the default", w, err)
		}
		// Today, the 21st, is now outside the window.
		if _, err := f.submit(f.cold, 1000, false); !errors.Is(err, ErrOutsideWindow) {
			t.Errorf("Submit outside the window: %v, want ErrOutsideWindow", err)
		}
		if n := len(f.history(t, f.cold)); n != 0 {
			t.Errorf("%d readings stored outside the window", n)
		}
	})
}

func TestSubmitChecksTheValue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, "a")
		// 60 m³ in 334 days: about 0.18 m³ a day, so the floor of 30 m³ per
		// started 30 days sets the limit: 60 m³ for the 31 days since.
		f.reading(t, f.cold, "2025-11-21", 100_000, Accepted)
		f.reading(t, f.cold, "2026-10-21", 160_000, Accepted)
		f.reading(t, f.cold, "2026-11-01", 500_000, Rejected) // a refused typo sets nothing

		if _, err := f.submit(f.cold, 159_999, false); !errors.Is(err, ErrBelowPrevious) {
			t.Errorf("below the previous reading: %v, want ErrBelowPrevious", err)
		}
		_, err := f.submit(f.cold, 230_001, false)
		var jump *JumpError
		if !errors.As(err, &jump) || !errors.Is(err, ErrImplausible) {
			t.Fatalf("a 70 m³ jump: %v, want a JumpError", err)
		}
		if jump.Use != 70_001 || jump.Limit != 60_000 || jump.Days != 31 || jump.Since != day("2026-10-21") {
			t.Errorf("JumpError = %+v", jump)
		}
		if n := len(f.history(t, f.cold)); n != 3 {
			t.Fatalf("refused readings were stored: %d rows", n)
		}
		id, err := f.submit(f.cold, 230_001, true)
		if err != nil {
			t.Fatalf("the confirmed jump: %v", err)
		}
		h := f.history(t, f.cold)
		if len(h) != 4 || h[0].ID != id {
			t.Fatalf("history after submitting: %+v", h)
		}
		got := h[0]
		if got.ReadOn != today || got.Value != 230_001 || got.Source != FromResident || got.Status != Submitted ||
			got.SubmittedBy != f.resident || got.DecidedBy != 0 || !got.DecidedAt.IsZero() || !got.CreatedAt.Equal(now) {
			t.Errorf("stored reading = %+v", got)
		}
		// The pending reading counts as the previous one now.
		if _, err := f.submit(f.cold, 230_000, false); !errors.Is(err, ErrBelowPrevious) {
			t.Errorf("below a pending reading: %v, want ErrBelowPrevious", err)
		}
		if _, err := f.submit(f.cold, 230_001, false); err != nil {
			t.Errorf("the same value again: %v", err)
		}
		// A meter's first reading has nothing to compare with.
		if _, err := f.submit(f.heat, 987_654_321, false); err != nil {
			t.Errorf("a first reading: %v", err)
		}
	})
}

func TestSubmitFindsOnlyThePremisesMeters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, "a")
		g := newFixture(t, db, "b")
		for name, sub := range map[string]Submission{
			"another premises' meter":    {CoopID: f.coop, PremisesID: f.flat, MeterID: f.otherCold},
			"a meter under another flat": {CoopID: f.coop, PremisesID: f.otherFlat, MeterID: f.cold},
			"another cooperative's":      {CoopID: f.coop, PremisesID: f.flat, MeterID: g.cold},
			"through another coop":       {CoopID: g.coop, PremisesID: f.flat, MeterID: f.cold},
			"no such meter":              {CoopID: f.coop, PremisesID: f.flat, MeterID: 999_999},
		} {
			sub.By, sub.Value = f.resident, 1000
			if _, err := f.svc.Submit(ctx, sub, today); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s: %v, want ErrNotFound", name, err)
			}
		}
		exec(t, db, `UPDATE meters SET removed_on = $1 WHERE id = $2`, today, f.hot)
		if _, err := f.submit(f.hot, 1000, false); !errors.Is(err, ErrNotInService) {
			t.Errorf("a meter removed today: %v, want ErrNotInService", err)
		}
		exec(t, db, `UPDATE meters SET removed_on = NULL, installed_on = $1 WHERE id = $2`, today.AddDays(1), f.hot)
		if _, err := f.submit(f.hot, 1000, false); !errors.Is(err, ErrNotInService) {
			t.Errorf("a meter installed tomorrow: %v, want ErrNotInService", err)
		}
	})
}

func TestMetersAndHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, "a")
		old := f.meter(t, f.flat, ColdWater, "WZ-0")
		exec(t, db, `UPDATE meters SET removed_on = '2024-01-01' WHERE id = $1`, old)
		f.reading(t, f.cold, "2026-09-21", 150_000, Accepted)
		last := f.reading(t, f.cold, "2026-10-21", 160_000, Submitted)
		f.reading(t, f.cold, "2026-10-22", 900_000, Rejected)
		ms, err := f.svc.Meters(ctx, f.coop, f.flat)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, m := range ms {
			ids = append(ids, m.ID)
		}
		if want := []int64{f.cold, f.hot, f.heat, old}; !equal(ids, want) {
			t.Fatalf("Meters = %v, want %v (removed last)", ids, want)
		}
		cold := ms[0]
		if cold.Kind != ColdWater || cold.Serial != "WZ-1" || cold.InstalledOn != day("2020-01-01") || !cold.RemovedOn.IsZero() || !cold.InService(today) {
			t.Errorf("cold meter = %+v", cold)
		}
		if cold.Last == nil || cold.Last.ID != last || cold.Last.Value != 160_000 || cold.Last.Status != Submitted {
			t.Errorf("last reading = %+v, want the pending one, not the rejected", cold.Last)
		}
		if ms[1].Last != nil || ms[3].InService(today) {
			t.Errorf("meters without readings or removed: %+v, %+v", ms[1], ms[3])
		}
		h := f.history(t, f.cold)
		if len(h) != 3 || h[0].Value != 900_000 || h[2].Value != 150_000 {
			t.Errorf("history = %+v, want all three, newest first", h)
		}
	})
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
