package demo_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/demo"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// benchPremises reads EBOK_DEMO_BENCH_PREMISES (default 10000).
func benchPremises(b *testing.B) int {
	n := 10000
	if s := os.Getenv("EBOK_DEMO_BENCH_PREMISES"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < demo.MinPremises {
			b.Fatalf("EBOK_DEMO_BENCH_PREMISES=%q: want a number of at least %d", s, demo.MinPremises)
		}
		n = v
	}
	return n
}

func benchGenerate(b *testing.B, d store.Dialect) {
	n := benchPremises(b)
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := storetest.Open(b, d)
		b.StartTimer()
		start := time.Now()
		res, err := demo.Generate(ctx, db, demo.Options{Seed: 1, Premises: n, Today: today, HashPassword: fakeHash})
		if err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		b.StopTimer()
		b.ReportMetric(float64(res.Entries), "entries/op")
		b.ReportMetric(float64(res.Entries)/took.Seconds(), "entries/s")
		size := dbSize(b, db)
		b.ReportMetric(float64(size)/(1<<20), "MiB")
		b.Logf("%d premises, %d persons, %d entries in %v; database %.0f MiB", res.Premises, res.Persons, res.Entries, took.Round(time.Millisecond), float64(size)/(1<<20))
		db.Close()
		b.StartTimer()
	}
}

// dbSize returns the size of the SQLite file with its WAL, or of the
// PostgreSQL schema's tables with their indexes.
func dbSize(b *testing.B, db *store.DB) int64 {
	ctx := context.Background()
	if db.Dialect() == store.Postgres {
		var size int64
		err := db.Read().QueryRowContext(ctx, `SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c
			JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'`).Scan(&size)
		if err != nil {
			b.Fatal(err)
		}
		return size
	}
	var seq int
	var name, file string
	if err := db.Read().QueryRowContext(ctx, `PRAGMA database_list`).Scan(&seq, &name, &file); err != nil {
		b.Fatal(err)
	}
	var size int64
	for _, f := range []string{file, file + "-wal"} {
		if st, err := os.Stat(f); err == nil {
			size += st.Size()
		}
	}
	return size
}

// BenchmarkGenerate builds a demo cooperative on SQLite; set
// EBOK_DEMO_BENCH_PREMISES for its size (default 10000).
func BenchmarkGenerate(b *testing.B) { benchGenerate(b, store.SQLite) }

// BenchmarkGeneratePostgres is the same on PostgreSQL (needs
// EBOK_TEST_POSTGRES_URL).
func BenchmarkGeneratePostgres(b *testing.B) { benchGenerate(b, store.Postgres) }
