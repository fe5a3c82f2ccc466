package register

import (
	"context"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// EnterAll numbers entries as Enter one by one would: consecutive in the
// order given, per cooperative and year, after the numbers already taken,
// each with its own id.
func TestEnterAllNumbersAsEnterDoes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := &Service{DB: db, Now: time.Now, Loc: warsaw(t)}
		a, b := storetest.InsertCoop(t, db, "a"), storetest.InsertCoop(t, db, "b")
		dec := time.Date(2026, 12, 31, 22, 59, 0, 0, time.UTC)
		jan := time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC) // 2027 in Warsaw
		if _, err := s.Enter(ctx, entry(a, dec, 1)); err != nil {
			t.Fatal(err)
		}
		es, err := s.EnterAll(ctx, []Entry{entry(a, dec, 2), entry(b, dec, 3), entry(a, jan, 4), entry(a, dec, 5), entry(b, dec, 6)})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"2/2026", "1/2026", "1/2027", "3/2026", "2/2026"}
		seen := map[int64]bool{}
		for i, e := range es {
			if e.Label() != want[i] || e.ID == 0 || seen[e.ID] {
				t.Errorf("entry %d: %s, id %d; want %s and an id of its own", i, e.Label(), e.ID, want[i])
			}
			seen[e.ID] = true
			var n int
			var source int64
			if err := db.Read().QueryRowContext(ctx, `SELECT number, source_id FROM register_entries WHERE id = $1`, e.ID).
				Scan(&n, &source); err != nil || n != e.Number || source != e.SourceID {
				t.Errorf("entry %d stored as number %d of source %d, %v", i, n, source, err)
			}
		}
		if e, err := s.Enter(ctx, entry(a, dec, 7)); err != nil || e.Label() != "4/2026" {
			t.Errorf("next entry %s, %v; want 4/2026", e.Label(), err)
		}
	})
}
