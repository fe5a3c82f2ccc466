package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

func TestNullTimeReadsAggregates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var empty store.NullTime
		if err := db.Read().QueryRowContext(ctx, `SELECT MAX(created_at) FROM cooperatives`).Scan(&empty); err != nil || empty.Valid {
			t.Fatalf("MAX over nothing: %+v %v", empty, err)
		}
		storetest.InsertCoop(t, db, "a")
		var got store.NullTime
		if err := db.Read().QueryRowContext(ctx, `SELECT MAX(created_at) FROM cooperatives`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if !got.Valid || time.Since(got.Time) > time.Minute || time.Since(got.Time) < 0 {
			t.Errorf("MAX(created_at) = %+v", got)
		}
	})
}

// A DATE column read through DateText scans into a civil.Date as the
// column itself does, NULL as the zero date, on both engines.
func TestDateTextScansAsTheColumn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.InTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.ExecContext(ctx, `CREATE TEMPORARY TABLE dt (id INTEGER, d DATE)`); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO dt (id, d) VALUES (1, $1), (2, NULL)`, civil.Date{Year: 2026, Month: time.February, Day: 28})
			if err != nil {
				return err
			}
			for id, want := range map[int]civil.Date{1: {Year: 2026, Month: time.February, Day: 28}, 2: {}} {
				var plain, text civil.Date
				if err := tx.QueryRowContext(ctx, `SELECT d, `+db.Dialect().DateText("d")+` FROM dt WHERE id = $1`, id).Scan(&plain, &text); err != nil {
					return err
				}
				if plain != want || text != want {
					t.Errorf("row %d: column %v, DateText %v; want %v", id, plain, text, want)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
