package demo_test

import (
	"context"
	"testing"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/demo"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// TestDemoMeters: the demo logins' flats have three meters each, with a
// year of accepted monthly readings and the current month still open.
func TestDemoMeters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		today := civil.Date{Year: 2026, Month: 11, Day: 21}
		res, err := demo.Generate(ctx, db, demo.Options{Seed: 5, Premises: 60, Today: today,
			HashPassword: func(string) (string, error) { return "x", nil }})
		if err != nil {
			t.Fatal(err)
		}
		var meters, readings, current int
		if err := db.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM meters m JOIN users u ON u.coop_id = m.coop_id
			JOIN title_holders h ON h.coop_id = u.coop_id AND h.person_id = u.person_id
			JOIN titles t ON t.coop_id = h.coop_id AND t.id = h.title_id AND t.premises_id = m.premises_id
			WHERE m.coop_id = $1 AND u.kind = 'resident'`, res.CoopID).Scan(&meters); err != nil {
			t.Fatal(err)
		}
		if meters != 3 {
			t.Errorf("the demo resident's flat has %d meters, want 3", meters)
		}
		if err := db.Read().QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN read_on >= '2026-11-01' THEN 1 ELSE 0 END), 0)
			FROM meter_readings WHERE coop_id = $1`, res.CoopID).Scan(&readings, &current); err != nil {
			t.Fatal(err)
		}
		if readings%12 != 0 || readings < 36 || current != 0 {
			t.Errorf("%d readings (%d this month), want 12 per meter and none this month", readings, current)
		}
	})
}
