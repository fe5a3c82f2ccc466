package ledger_test

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/ledgercsv"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/nrb"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// BenchmarkImportLedger posts a file of new rows (each iteration with new
// external ids) into a 60-premises demo cooperative, on each engine. It
// reports rows/s and how much the live heap (measured after each garbage
// collection) grew above what it was before the import, at most: with the
// file streamed this stays the same whatever the number of rows (compare
// rows=20000 with rows=100000).
//
//	go test -run NONE -bench ImportLedger -benchmem ./internal/ledger
//	go test -run NONE -bench 'ImportLedger/sqlite' -cpuprofile /tmp/cpu.out ./internal/ledger
func BenchmarkImportLedger(b *testing.B) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			db := storetest.Open(b, d)
			coopID, _, account, address := demoCoop(b, db)
			accounts := accountsOf(b, db, coopID)
			svc := &ledger.Service{DB: db, Now: time.Now}
			by := audit.Actor{CoopID: coopID, Name: "bench"}
			for _, n := range []int{20_000, 100_000} {
				b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
					var elapsed time.Duration
					var growth uint64
					for range b.N {
						b.StopTimer()
						benchFiles++
						file := benchFile(b, fmt.Sprintf("B%d", benchFiles), n, accounts, account, address)
						peak := watchLiveHeap()
						b.StartTimer()
						start := time.Now()
						res, err := svc.ImportLedger(context.Background(), by, "bench.csv", bytes.NewReader(file), false)
						elapsed += time.Since(start)
						b.StopTimer()
						growth = max(growth, peak())
						if err != nil || res.New != n {
							b.Fatalf("import: %+v %v", res, err)
						}
					}
					b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "rows/s")
					b.ReportMetric(float64(growth), "live-heap-growth-B")
				})
			}
		})
	}
}

// benchFiles numbers the benchmark's files, whose ids must be new each time.
var benchFiles int

// watchLiveHeap samples the live heap (as of the last garbage collection)
// until the returned function is called, which returns by how much it
// grew at most above its size at the start.
func watchLiveHeap() func() uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	base := read()
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			if v := read(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		if p := peak.Load(); p > base {
			return p - base
		}
		return 0
	}
}

// accountsOf lists the cooperative's account numbers.
func accountsOf(t testing.TB, db *store.DB, coopID int64) []nrb.Number {
	t.Helper()
	rows, err := db.Read().QueryContext(context.Background(), `SELECT nrb FROM accounts WHERE coop_id = $1 ORDER BY id`, coopID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var list []nrb.Number
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		list = append(list, nrb.Number(n))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return list
}

// benchFile writes n valid rows with ids PREFIX/1 …, spread over accounts,
// every tenth naming the premises address instead.
func benchFile(t testing.TB, prefix string, n int, accounts []nrb.Number, account nrb.Number, address string) []byte {
	t.Helper()
	rows := make([]ledgercsv.Row, n)
	day := civil.Date{Year: 2026, Month: 10, Day: 1}
	for i := range rows {
		r := ledgercsv.Row{ExternalID: fmt.Sprintf("%s/%d", prefix, i+1), Account: accounts[i%len(accounts)],
			BookedOn: day.AddDays(i % 28), Kind: ledgercsv.KindCharge, Component: "eksploatacja",
			Amount: money.Amount(100 + i%5000), Description: "Naliczenie"}
		switch i % 10 {
		case 7:
			r.Kind, r.Amount, r.Component, r.Description = ledgercsv.KindPayment, -r.Amount, "", "Wpłata; dziękujemy"
		case 9:
			r.Account, r.Premises = account, ""
			if i%20 == 9 {
				r.Account, r.Premises = "", address
			}
		}
		rows[i] = r
	}
	var buf bytes.Buffer
	if err := ledgercsv.Write(&buf, rows); err != nil {
		t.Fatal(err)
	}
	if strings.Count(buf.String(), "\n") != n+1 {
		t.Fatal("bench file: wrong line count")
	}
	return buf.Bytes()
}
