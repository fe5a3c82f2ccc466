package coop

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// BenchmarkSearch runs staff searches, typed with and without Polish
// letters, on a demo database (100,000 premises: see bench/README.md)
// named by EBOK_BENCH_DB, an SQLite path or a postgres:// URL; skipped
// without it. It reports, per query, the median and the slowest single
// search. A benchmark, reported, not a timed test:
//
//	EBOK_BENCH_DB=/tmp/bench-sqlite/ebok.db go test -run=NONE -bench=Search ./internal/coop
func BenchmarkSearch(b *testing.B) {
	dsn := os.Getenv("EBOK_BENCH_DB")
	if dsn == "" {
		b.Skip("EBOK_BENCH_DB is not set: give an SQLite path or a postgres:// URL of a demo database (see bench/README.md)")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	var coopID int64
	if err := db.Read().QueryRowContext(ctx, `SELECT MIN(id) FROM cooperatives`).Scan(&coopID); err != nil {
		b.Fatal(err)
	}
	s := &Service{DB: db, Now: time.Now}
	for _, q := range []string{"sokolowska", "Sokołowska", "SOKOLOWSKI jan", "slonecz", "Słoneczna 4/5", "ul. zeromskiego 1",
		"lukasz", "wisniewska anna", "kowalczyk"} {
		b.Run(strings.ReplaceAll(q, " ", "_"), func(b *testing.B) {
			var times []time.Duration
			found := 0
			for b.Loop() {
				start := time.Now()
				res, err := s.Search(ctx, coopID, 0, q, 20)
				if err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(start))
				found = len(res.Persons) + len(res.Premises)
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
			b.ReportMetric(float64(times[len(times)-1].Microseconds())/1000, "max-ms")
			b.ReportMetric(float64(found), "hits")
		})
	}
}
