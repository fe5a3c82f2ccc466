package letters

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"runtime/trace"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/config"
	"github.com/ebok/ebok/internal/documents"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// benchEnv reads a positive number from the environment, or def.
func benchEnv(b *testing.B, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		b.Fatalf("%s=%q: want a positive number", name, s)
	}
	return n
}

// BenchmarkSendToTenThousand is issue 9's §9: a letter to 10,000
// recipients of the 100,000-premises demo, every one of them consenting,
// timed from "send" (and the second staff member's approval) to the last
// SMTP acceptance at an in-process SMTP server, with the letters worker
// and the mail worker running as `ebok serve` runs them. In the same run it
// renders the same 10,000 PDFs alone (all cores) for the rate to compare
// with, and it samples the heap and the peak RSS while sending. The goal:
// at most 60 s, at least 0.6 of the render-alone rate, under 200 MB.
//
// It runs under the soft memory limit `ebok serve` would set (see
// servesMemoryLimit). EBOK_LETTERS_BENCH_PREMISES (default 100000) and
// EBOK_LETTERS_BENCH_RECIPIENTS (default 10000) change the sizes.
func BenchmarkSendToTenThousand(b *testing.B) {
	servesMemoryLimit(b)
	premises := benchEnv(b, "EBOK_LETTERS_BENCH_PREMISES", 100000)
	want := benchEnv(b, "EBOK_LETTERS_BENCH_RECIPIENTS", 10000)
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			db := storetest.Open(b, d)
			f := build(b, db, premises)
			rule := benchRule(b, f, want)
			// As `ebok serve` does at start: the planner's statistics
			// of the freshly generated cooperative.
			if err := db.Optimize(context.Background()); err != nil {
				b.Fatal(err)
			}
			for range b.N {
				benchSend(b, f, rule)
			}
		})
	}
}

// servesMemoryLimit gives the benchmark the Go runtime's soft memory
// limit `ebok serve` would run with in this environment
// (EBOK_MEMORY_LIMIT_MIB, 120 MiB unless set; none when GOMEMLIMIT is set,
// which the runtime has read already, or when it is 0): without it the
// peak RSS of a run swung between 68 and 201 MB with the same live heap of
// 40–45 MB, memory the runtime had not yet handed back.
func servesMemoryLimit(b *testing.B) {
	cfg, err := config.Load(os.Getenv)
	if err != nil {
		b.Fatal(err)
	}
	if cfg.MemoryLimitMiB == 0 || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	old := debug.SetMemoryLimit(int64(cfg.MemoryLimitMiB) << 20)
	b.Cleanup(func() { debug.SetMemoryLimit(old) })
	b.Logf("soft memory limit %d MiB, as ebok serve sets it", cfg.MemoryLimitMiB)
}

// benchRule is a pasted list of the first premises (by NRB) whose holders
// number want, or just under it; every holder in the cooperative is given
// an e-mail address and e-Korespondencja consent.
func benchRule(b testing.TB, f *fixture, want int) Rule {
	ctx := context.Background()
	w := f.db.WriteConn()
	if _, err := w.ExecContext(ctx, `UPDATE persons SET email = 'p' || id || '@example.org' WHERE coop_id = $1`, f.coopID); err != nil {
		b.Fatal(err)
	}
	_, err := w.ExecContext(ctx, `INSERT INTO consents (coop_id, person_id, kind, granted, source, recorded_at)
		SELECT coop_id, id, 'ekorespondencja', TRUE, 'bench', $2 FROM persons WHERE coop_id = $1`, f.coopID, f.s.Now().UTC())
	if err != nil {
		b.Fatal(err)
	}
	rows, err := f.db.Read().QueryContext(ctx, `SELECT a.nrb FROM accounts a JOIN premises p ON p.coop_id = a.coop_id AND p.id = a.premises_id
		WHERE a.coop_id = $1 ORDER BY p.id LIMIT $2`, f.coopID, want)
	if err != nil {
		b.Fatal(err)
	}
	var nrbs []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			b.Fatal(err)
		}
		nrbs = append(nrbs, s)
	}
	rows.Close()
	// Each premises has one or more holders: cut the list where they reach
	// want.
	rcs, err := f.s.Resolve(ctx, f.actor(0), Rule{Kind: RuleList, Value: strings.Join(nrbs, "\n")})
	if err != nil {
		b.Fatal(err)
	}
	per := map[int64]int{}
	for _, rc := range rcs {
		per[rc.PremisesID]++
	}
	ids := f.ids(b, `SELECT p.id FROM accounts a JOIN premises p ON p.coop_id = a.coop_id AND p.id = a.premises_id
		WHERE a.coop_id = $1 ORDER BY p.id LIMIT $2`, f.coopID, want)
	n, keep := 0, 0
	for i, id := range ids {
		if n+per[id] > want {
			break
		}
		n += per[id]
		keep = i + 1
	}
	return Rule{Kind: RuleList, Value: strings.Join(nrbs[:keep], "\n")}
}

// benchSend sends one letter to the rule's recipients and reports the
// figures.
func benchSend(b *testing.B, f *fixture, rule Rule) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b.StopTimer()
	srv := startSMTPCounter(b)
	quiet := slog.New(slog.DiscardHandler)
	mw := &mail.Worker{DB: f.db, Sender: srv.sender(b), From: "bok@example.org", Now: f.s.Now, Logger: quiet,
		Parallel: benchEnv(b, "EBOK_MAIL_BENCH_PARALLEL", mail.Senders(f.db.Dialect())), // as internal/app sets it, with its default polls
		Batch:    benchEnv(b, "EBOK_MAIL_BENCH_BATCH", 20)}
	outbox := *f.s.Outbox
	outbox.Wake = mw.Wake
	s := *f.s
	s.Outbox = &outbox
	lw := &Worker{S: &s, Node: "bench", Logger: quiet,
		Parallel: benchEnv(b, "EBOK_LETTERS_BENCH_PARALLEL", 0), // 0: the worker's default, as ebok serve runs it
		Batch:    benchEnv(b, "EBOK_LETTERS_BENCH_BATCH", 20)}
	s.Wake = lw.Wake
	c, err := s.Compose(ctx, f.actor(0), letter(rule), nil)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	resetPeakRSS(b)
	var peakHeap atomic.Uint64
	stopSampling := sampleHeap(&peakHeap)
	var wg sync.WaitGroup
	wg.Go(func() { lw.Run(ctx) })
	wg.Go(func() { mw.Run(ctx) })
	stopProfile := sendProfile(b)
	b.StartTimer()
	start, cpuStart := time.Now(), cpuTime(b)
	if _, err := s.Send(ctx, f.actor(0), c.ID); err != nil {
		b.Fatal(err)
	}
	if err := s.Approve(ctx, f.actor(1), c.ID); err != nil {
		b.Fatal(err)
	}
	total := f.countB(b, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1`, c.ID)
	emails := f.countB(b, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1 AND channel = 'email'`, c.ID)
	deadline := time.Now().Add(20 * time.Minute)
	var queuedAt time.Time // when the letters worker had queued the last one
	var acceptedWhenQueued int
	for {
		// Cheap checks: the benchmark's own polling takes CPU from the
		// workers it measures.
		if srv.acceptedCount() >= emails {
			break
		}
		if queuedAt.IsZero() && f.countB(b, `SELECT COUNT(*) FROM (SELECT 1 FROM letter_recipients
			WHERE coop_id = $1 AND letter_id = $2 AND status = 'pending' LIMIT 1) AS left_over`, f.coopID, c.ID) == 0 {
			queuedAt = time.Now()
			acceptedWhenQueued = srv.acceptedCount()
		}
		if time.Now().After(deadline) {
			n := srv.acceptedCount()
			b.Fatalf("%d of %d e-mails accepted after 20 minutes", n, emails)
		}
		time.Sleep(20 * time.Millisecond)
	}
	took := srv.lastAccepted().Sub(start)
	sendCPU := cpuTime(b) - cpuStart
	b.StopTimer()
	stopProfile()
	stopSampling()
	cancel()
	wg.Wait()
	rss := peakRSS(b)
	got, n := srv.counts()
	if n != emails || len(got) != emails {
		b.Fatalf("%d acceptances of %d distinct messages, want %d once each", n, len(got), emails)
	}

	// The same PDFs, rendered alone on every core.
	xs := f.contents(b, c.ID)
	renderStart, renderCPUStart := time.Now(), cpuTime(b)
	renderAll(b, &s, f.coopID, xs)
	renderTook, renderCPU := time.Since(renderStart), cpuTime(b)-renderCPUStart

	rate := float64(emails) / took.Seconds()
	renderRate := float64(len(xs)) / renderTook.Seconds()
	b.ReportMetric(float64(total), "recipients")
	b.ReportMetric(took.Seconds(), "s-send-to-last-accept")
	if !queuedAt.IsZero() {
		b.ReportMetric(queuedAt.Sub(start).Seconds(), "s-send-to-all-queued")
		b.ReportMetric(float64(acceptedWhenQueued), "accepted-when-all-queued")
	}
	b.ReportMetric(rate, "sent/s")
	b.ReportMetric(renderRate, "rendered-alone/s")
	b.ReportMetric(rate/renderRate, "ratio")
	// The same comparison in this process's CPU time (user and system),
	// which other jobs on the machine sway less than wall time: the ratio
	// the sending would reach on cores it kept busy. On PostgreSQL it
	// leaves out the server's CPU.
	b.ReportMetric(sendCPU.Seconds(), "cpu-s-send")
	b.ReportMetric(renderCPU.Seconds(), "cpu-s-render-alone")
	b.ReportMetric((renderCPU.Seconds()/float64(len(xs)))/(sendCPU.Seconds()/float64(emails)), "cpu-ratio")
	b.ReportMetric(float64(peakHeap.Load())/(1<<20), "MB-peak-heap")
	b.ReportMetric(float64(rss)/(1<<20), "MB-peak-RSS")
}

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// sendProfile starts a CPU profile of the sending alone (not the demo
// nor the rendering alone) when EBOK_LETTERS_BENCH_CPUPROFILE names a file,
// and an execution trace of it when EBOK_LETTERS_BENCH_TRACE does (read it
// with bench/traceidle or go tool trace).
func sendProfile(b *testing.B) (stop func()) {
	var stops []func() error
	if name := os.Getenv("EBOK_LETTERS_BENCH_CPUPROFILE"); name != "" {
		stops = append(stops, startInFile(b, name, pprof.StartCPUProfile, pprof.StopCPUProfile))
	}
	if name := os.Getenv("EBOK_LETTERS_BENCH_TRACE"); name != "" {
		stops = append(stops, startInFile(b, name, trace.Start, trace.Stop))
	}
	return func() {
		for _, stop := range stops {
			if err := stop(); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// startInFile starts writing a profile or trace into a new file name; the
// function it returns stops it and closes the file.
func startInFile(b *testing.B, name string, start func(io.Writer) error, stop func()) func() error {
	fh, err := os.Create(name)
	if err != nil {
		b.Fatal(err)
	}
	if err := start(fh); err != nil {
		b.Fatal(err)
	}
	return func() error {
		stop()
		return fh.Close()
	}
}

// contents reads back what each recipient's letter said.
func (f *fixture) contents(b *testing.B, letterID int64) []documents.Letter {
	rows, err := f.db.Read().QueryContext(context.Background(), `SELECT content FROM letter_recipients WHERE letter_id = $1 ORDER BY id`, letterID)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var xs []documents.Letter
	for rows.Next() {
		var content string
		var x documents.Letter
		if err := rows.Scan(&content); err != nil {
			b.Fatal(err)
		}
		if err := json.Unmarshal([]byte(content), &x); err != nil {
			b.Fatal(err)
		}
		xs = append(xs, x)
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return xs
}

// renderAll renders the letters on every core.
func renderAll(b *testing.B, s *Service, coopID int64, xs []documents.Letter) {
	c, err := s.Coops.Get(context.Background(), coopID)
	if err != nil {
		b.Fatal(err)
	}
	next := atomic.Int64{}
	var wg sync.WaitGroup
	var failed atomic.Value
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(xs) {
					return
				}
				x := xs[i]
				x.Coop = c
				if _, err := s.Documents.LetterPDF(s.polish(), x); err != nil {
					failed.Store(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
}

// countB runs a counting query in a benchmark.
func (f *fixture) countB(b *testing.B, q string, args ...any) int {
	var n int
	if err := f.db.Read().QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		b.Fatal(err)
	}
	return n
}

// sampleHeap records the largest live heap every 50 ms until stopped.
func sampleHeap(peak *atomic.Uint64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

// resetPeakRSS resets the process's peak resident set size (Linux).
func resetPeakRSS(b *testing.B) {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Logf("peak RSS not reset: %v", err)
	}
}

// peakRSS is the process's peak resident set size since the reset, in bytes.
func peakRSS(b *testing.B) int64 {
	fh, err := os.Open("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb << 10
		}
	}
	b.Fatal("no VmHWM in /proc/self/status")
	return 0
}
