package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
)

// demoMeter is one meter kind given to the demo logins' flats, with its
// monthly use in thousandths of the unit in and out of the heating season.
type demoMeter struct {
	kind         string
	prefix       string
	winter, rest int64
}

var demoMeters = []demoMeter{
	{"cold_water", "WZ", 3200, 3000},
	{"hot_water", "WC", 1600, 1400},
	{"heat", "C", 850, 40},
}

// addMeters gives the flats of the demo resident and member a cold water,
// hot water and heat meter with a year of accepted monthly readings (on the
// 25th), leaving the current month for the resident to submit.
func addMeters(ctx context.Context, db *store.DB, coopID int64, today civil.Date) error {
	rows, err := db.Read().QueryContext(ctx, `SELECT DISTINCT p.id FROM users u
		JOIN title_holders h ON h.coop_id = u.coop_id AND h.person_id = u.person_id
		JOIN titles t ON t.coop_id = h.coop_id AND t.id = h.title_id AND t.ends_on IS NULL
		JOIN premises p ON p.coop_id = t.coop_id AND p.id = t.premises_id AND p.kind = 'flat'
		WHERE u.coop_id = $1 AND u.kind IN ('resident', 'member') ORDER BY p.id`, coopID)
	if err != nil {
		return fmt.Errorf("demo: meters: %w", err)
	}
	var flats []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("demo: meters: %w", err)
		}
		flats = append(flats, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("demo: meters: %w", err)
	}
	created := today.In(time.UTC)
	return db.InTx(ctx, func(tx *store.Tx) error {
		for _, flat := range flats {
			for _, dm := range demoMeters {
				var meterID int64
				serial := fmt.Sprintf("%s-%d-%06d", dm.prefix, coopID, flat)
				if err := tx.QueryRowContext(ctx, `INSERT INTO meters (coop_id, premises_id, kind, serial, installed_on)
					VALUES ($1, $2, $3, $4, $5) RETURNING id`, coopID, flat, dm.kind, serial, today.AddMonths(-24)).Scan(&meterID); err != nil {
					return err
				}
				value := int64(100_000 + flat%50*1000)
				for back := 12; back >= 1; back-- {
					m := civil.MonthOf(today).AddMonths(-back)
					use := dm.rest
					if m.Month >= time.October || m.Month <= time.April {
						use = dm.winter
					}
					value += use + (flat+int64(back))%7*50
					if _, err := tx.ExecContext(ctx, `INSERT INTO meter_readings (coop_id, meter_id, read_on, value, source, status, created_at)
						VALUES ($1, $2, $3, $4, 'staff', 'accepted', $5)`, coopID, meterID, m.Day(25), value, created); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}
