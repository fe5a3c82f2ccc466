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

// readingWindowReach is how many days before and after the demo's day the
// cooperative's reading window reaches, so that the reading form can be
// tried at once and for a week after the demo is made.
const readingWindowReach = 7

// openReadingWindow sets the cooperative's reading window around today
// (running over the turn of a month where it must).
func openReadingWindow(ctx context.Context, tx *store.Tx, coopID int64, today civil.Date) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO reading_windows (coop_id, from_day, to_day) VALUES ($1, $2, $3)`,
		coopID, today.AddDays(-readingWindowReach).Day, today.AddDays(readingWindowReach).Day)
	if err != nil {
		return fmt.Errorf("demo: reading window: %w", err)
	}
	return nil
}

// demoSettlement is a utility settlement of the last year given to the
// demo logins' flats: water refunds a little, heating asks a little more.
type demoSettlement struct {
	kind, unit, label string
	consumption       int64 // thousandths of the unit
	cost, advances    int64 // grosze
}

var demoSettlements = []demoSettlement{
	{"water", "m3", "Rozliczenie wody", 41_350, 58_890, 63_100},
	{"heating", "GJ", "Rozliczenie c.o.", 18_420, 121_560, 112_830},
}

// addSettlements records last year's water and heating settlements of a
// flat, each with its result posted to the flat's account 10 days ago and,
// when there is something to pay, due 14 days after that.
func addSettlements(ctx context.Context, tx *store.Tx, coopID, flat int64, today civil.Date) error {
	var account int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM accounts WHERE coop_id = $1 AND premises_id = $2`, coopID, flat).Scan(&account); err != nil {
		return fmt.Errorf("demo: settlements: %w", err)
	}
	from, to := civil.Date{Year: today.Year - 1, Month: time.January, Day: 1}, civil.Date{Year: today.Year - 1, Month: time.December, Day: 31}
	booked := today.AddDays(-10)
	for _, ds := range demoSettlements {
		result := ds.cost - ds.advances
		var due any
		if result > 0 {
			due = booked.AddDays(14)
		}
		var entry int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO ledger_entries (coop_id, account_id, kind, booked_on, due_on, amount, description, created_at)
			VALUES ($1, $2, 'settlement', $3, $4, $5, $6, $7) RETURNING id`, coopID, account, booked, due, result,
			fmt.Sprintf("%s %s–%s", ds.label, from.Format(), to.Format()), booked.In(time.UTC)).Scan(&entry); err != nil {
			return fmt.Errorf("demo: settlements: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO utility_settlements (coop_id, premises_id, kind, period_from, period_to, consumption, unit, cost, advances, entry_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, coopID, flat, ds.kind, from, to, ds.consumption, ds.unit, ds.cost, ds.advances, entry, booked.In(time.UTC)); err != nil {
			return fmt.Errorf("demo: settlements: %w", err)
		}
	}
	return nil
}

// addMeters gives the flats of the demo resident and member a cold water,
// hot water and heat meter with a year of accepted monthly readings (on the
// 25th), leaving the current month for the resident to submit, and last
// year's water and heating settlements; it opens the reading window around
// today. It returns the number of ledger entries the settlements posted.
func addMeters(ctx context.Context, db *store.DB, coopID int64, today civil.Date) (int, error) {
	flats, err := store.QueryAll(ctx, db.Read(), store.ScanID, `SELECT DISTINCT p.id FROM users u
		JOIN title_holders h ON h.coop_id = u.coop_id AND h.person_id = u.person_id
		JOIN titles t ON t.coop_id = h.coop_id AND t.id = h.title_id AND t.ends_on IS NULL
		JOIN premises p ON p.coop_id = t.coop_id AND p.id = t.premises_id AND p.kind = 'flat'
		WHERE u.coop_id = $1 AND u.kind IN ('resident', 'member') ORDER BY p.id`, coopID)
	if err != nil {
		return 0, fmt.Errorf("demo: meters: %w", err)
	}
	created := today.In(time.UTC)
	entries := 0
	err = db.InTx(ctx, func(tx *store.Tx) error {
		if err := openReadingWindow(ctx, tx, coopID, today); err != nil {
			return err
		}
		for _, flat := range flats {
			if err := addSettlements(ctx, tx, coopID, flat, today); err != nil {
				return err
			}
			entries += len(demoSettlements)
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
	return entries, err
}
