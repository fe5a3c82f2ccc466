package register

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// warsaw is the zone the register counts years in.
func warsaw(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// entry is a valid entry of a cooperative, at a time.
func entry(coop int64, at time.Time, id int64) Entry {
	return Entry{CoopID: coop, Direction: Out, Channel: Email, At: at, Correspondent: "Jan Kowalski",
		Subject: "Zawiadomienie o zmianie opłat", CaseNo: "CZ.1234.5.2026", Source: "letter_recipient", SourceID: id}
}

// Numbers run from 1 in each cooperative's year, in the cooperative's zone:
// 31 December 23:30 UTC is already 1 January in Warsaw.
func TestNumbersRunPerYearInTheCooperativesZone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loc := warsaw(t)
		s := &Service{DB: db, Now: time.Now, Loc: loc}
		a, b := storetest.InsertCoop(t, db, "a"), storetest.InsertCoop(t, db, "b")
		dec := time.Date(2026, 12, 31, 22, 59, 0, 0, time.UTC) // 23:59 in Warsaw
		jan := time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC) // 00:30 on 1 January in Warsaw
		want := []struct {
			coop       int64
			at         time.Time
			label      string
			year, numb int
		}{
			{a, dec, "1/2026", 2026, 1},
			{a, dec, "2/2026", 2026, 2},
			{b, dec, "1/2026", 2026, 1},
			{a, jan, "1/2027", 2027, 1},
			{a, dec, "3/2026", 2026, 3},
		}
		for i, w := range want {
			e, err := s.Enter(ctx, entry(w.coop, w.at, int64(i+1)))
			if err != nil {
				t.Fatal(err)
			}
			if e.Label() != w.label || e.Year != w.year || e.Number != w.numb || e.ID == 0 {
				t.Errorf("entry %d: %s (year %d, number %d, id %d), want %s", i, e.Label(), e.Year, e.Number, e.ID, w.label)
			}
		}
		got, err := s.List(ctx, a, civil.Date{Year: 2026, Month: time.December, Day: 31}, civil.Date{Year: 2026, Month: time.December, Day: 31})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 || got[0].Label() != "1/2026" || got[2].Label() != "3/2026" {
			t.Errorf("list of 31.12.2026 of a: %+v", got)
		}
	})
}

// An entry made inside another service's transaction is rolled back with
// it, and its number is given again: the register has no gaps.
func TestEntryJoinsTheCallersTransaction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := &Service{DB: db, Now: time.Now, Loc: warsaw(t)}
		coop := storetest.InsertCoop(t, db, "a")
		at := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
		boom := errors.New("boom")
		err := db.InTx(ctx, func(tx *store.Tx) error {
			if _, err := s.Enter(tx.Context(ctx), entry(coop, at, 1)); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		if _, err := s.Of(ctx, coop, "letter_recipient", 1); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("a rolled-back entry is there: %v", err)
		}
		e, err := s.Enter(ctx, entry(coop, at, 2))
		if err != nil || e.Label() != "1/2026" {
			t.Errorf("after a rollback: %s, %v; want 1/2026", e.Label(), err)
		}
		got, err := s.Of(ctx, coop, "letter_recipient", 2)
		if err != nil || got.Label() != "1/2026" || got.Correspondent != "Jan Kowalski" || got.CaseNo != "CZ.1234.5.2026" {
			t.Errorf("Of: %+v, %v", got, err)
		}
	})
}

// Entries made at once get every number once, with no gaps.
func TestConcurrentEntriesGetDistinctNumbers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := &Service{DB: db, Now: time.Now, Loc: warsaw(t)}
		coop := storetest.InsertCoop(t, db, "a")
		at := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
		const n = 20
		var wg sync.WaitGroup
		numbers := make(chan int, n)
		for i := range n {
			wg.Go(func() {
				e, err := s.Enter(ctx, entry(coop, at, int64(i+1)))
				if err != nil {
					t.Error(err)
					return
				}
				numbers <- e.Number
			})
		}
		wg.Wait()
		close(numbers)
		seen := map[int]bool{}
		for k := range numbers {
			if seen[k] || k < 1 || k > n {
				t.Errorf("number %d given twice or out of 1..%d", k, n)
			}
			seen[k] = true
		}
		if len(seen) != n {
			t.Errorf("%d distinct numbers, want %d", len(seen), n)
		}
	})
}

func TestEnterRefusesIncompleteEntries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := &Service{DB: db, Now: time.Now, Loc: time.UTC}
		coop := storetest.InsertCoop(t, db, "a")
		for name, mod := range map[string]func(*Entry){
			"no direction":     func(e *Entry) { e.Direction = "" },
			"no channel":       func(e *Entry) { e.Channel = "fax" },
			"no correspondent": func(e *Entry) { e.Correspondent = "" },
			"no subject":       func(e *Entry) { e.Subject = "" },
			"no source":        func(e *Entry) { e.SourceID = 0 },
		} {
			e := entry(coop, time.Now(), 1)
			mod(&e)
			if _, err := s.Enter(context.Background(), e); err == nil {
				t.Errorf("%s: accepted", name)
			}
		}
	})
}
