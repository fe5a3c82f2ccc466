package register

import (
	"context"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// The register of a period comes in pages of 100 entries in register
// order, the same entries List gives; another cooperative's entries and
// those of the day after the period (in the cooperative's zone) are
// neither listed nor counted.
func TestPagesOfTheRegister(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := &Service{DB: db, Now: time.Now, Loc: warsaw(t)}
		a, b := storetest.InsertCoop(t, db, "a"), storetest.InsertCoop(t, db, "b")
		day := time.Date(2026, 12, 3, 22, 59, 0, 0, time.UTC) // 23:59 on 3 December in Warsaw
		next := time.Date(2026, 12, 3, 23, 0, 0, 0, time.UTC) // 00:00 on 4 December in Warsaw
		var es []Entry
		for i := range 230 {
			es = append(es, entry(a, day, int64(i+1)))
		}
		es = append(es, entry(b, day, 1000), entry(a, next, 1001))
		if _, err := s.EnterAll(ctx, es); err != nil {
			t.Fatal(err)
		}
		from, to := civil.Date{Year: 2026, Month: time.December, Day: 1}, civil.Date{Year: 2026, Month: time.December, Day: 3}
		all, err := s.List(ctx, a, from, to)
		if err != nil || len(all) != 230 {
			t.Fatalf("list: %d entries, %v", len(all), err)
		}
		var paged []Entry
		for page, want := range map[int]int{1: 100, 2: 100, 3: 30, 4: 0} {
			got, total, err := s.Page(ctx, a, from, to, page)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != want || total != 230 {
				t.Errorf("page %d: %d entries of %d, want %d of 230", page, len(got), total, want)
			}
			if len(got) > 0 && got[0].ID != all[(page-1)*100].ID {
				t.Errorf("page %d starts with %s, want %s", page, got[0].Label(), all[(page-1)*100].Label())
			}
			paged = append(paged, got...)
		}
		if len(paged) != len(all) {
			t.Errorf("pages hold %d entries, the list %d", len(paged), len(all))
		}
	})
}
