package store_test

import (
	"context"
	"testing"
	"time"

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
