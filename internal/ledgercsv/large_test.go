package ledgercsv

import (
	"fmt"
	"io"
	"runtime"
	"strconv"
	"testing"

	"github.com/ebok/ebok/internal/nrb"
)

// generated is a ledger file of n entries made up line by line as it is
// read, so that a test of memory use does not hold the file itself. Its
// entries use every kind, both date forms, grouped amounts, accounts and
// premises, and quoted descriptions.
type generated struct {
	n, next  int // entries to make; the next line to make (0 is the header)
	line     []byte
	pending  []byte
	accounts []string
	size     int64 // bytes produced so far
}

// newGenerated returns a file of n entries.
func newGenerated(tb testing.TB, n int) *generated {
	g := &generated{n: n}
	for i := range 100 {
		a, err := nrb.New("10901014", fmt.Sprintf("%016d", 7121981000+i))
		if err != nil {
			tb.Fatal(err)
		}
		g.accounts = append(g.accounts, a.Format())
	}
	return g
}

// Read implements io.Reader.
func (g *generated) Read(p []byte) (int, error) {
	for len(g.pending) == 0 {
		if g.next > g.n {
			return 0, io.EOF
		}
		g.line = g.appendLine(g.line[:0], g.next)
		g.pending = g.line
		g.next++
	}
	n := copy(p, g.pending)
	g.pending = g.pending[n:]
	g.size += int64(n)
	return n, nil
}

// appendLine appends line i of the file.
func (g *generated) appendLine(b []byte, i int) []byte {
	if i == 0 {
		return append(b, "\uFEFFid_zewnetrzny;rachunek;lokal;data_ksiegowania;termin_platnosci;okres;rodzaj;skladnik;kwota;opis\r\n"...)
	}
	b = append(b, "FK/"...)
	b = strconv.AppendInt(b, int64(i), 10)
	switch i % 4 {
	case 0:
		b = append(b, ';')
		b = append(b, g.accounts[i%len(g.accounts)]...)
		b = append(b, ";;2026-11-01;2026-11-10;2026-11;naliczenie;eksploatacja;1 234,56;\r\n"...)
	case 1:
		b = append(b, ";;Mickiewicza "...)
		b = strconv.AppendInt(b, int64(i%97), 10)
		b = append(b, "/12;12.11.2026;;;wpłata;;-509,40;Przelew z 12.11.2026\r\n"...)
	case 2:
		b = append(b, ';')
		b = append(b, g.accounts[i%len(g.accounts)]...)
		b = append(b, ";;30.11.2026;;2026-10;korekta;woda;-18,20;\"Korekta odczytu; błędny stan\"\r\n"...)
	default:
		b = append(b, ";;G-"...)
		b = strconv.AppendInt(b, int64(i%500), 10)
		b = append(b, ";2026-12-01;2026-12-15;;odsetki;;3.50;\r\n"...)
	}
	return b
}

// TestParseFunc1MBoundedMemory reads a million entries (about 100 MB) and
// checks that the heap stays far below the file's size.
func TestParseFunc1MBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a million entries")
	}
	const rows = 1_000_000
	const limit = 50 << 20
	g := newGenerated(t, rows)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapAlloc, ms.HeapAlloc
	sample := func() {
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapAlloc)
	}
	seen := 0
	rep, err := ParseFunc(g, func(r Row) error {
		seen++
		if seen%50_000 == 0 {
			sample()
		}
		return nil
	})
	sample()
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || seen != rows || rep.Records != rows {
		t.Fatalf("OK %v, rows %d, records %d; problems %v", rep.OK(), seen, rep.Records, rep.Problems)
	}
	grew := peak - base
	t.Logf("%d rows, %d MB of input, heap grew by at most %.1f MB", rows, g.size>>20, float64(grew)/(1<<20))
	if grew > limit {
		t.Errorf("heap grew by %d MB; want under %d MB", grew>>20, limit>>20)
	}
}

// BenchmarkParse1M reads a million generated entries with ParseFunc.
func BenchmarkParse1M(b *testing.B) {
	const rows = 1_000_000
	var size int64
	total := 0
	for b.Loop() {
		g := newGenerated(b, rows)
		rep, err := ParseFunc(g, func(Row) error { return nil })
		if err != nil || !rep.OK() {
			b.Fatalf("%v %v", err, rep.Problems)
		}
		total += rep.Records
		size = g.size
	}
	b.SetBytes(size)
	b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "rows/s")
}
