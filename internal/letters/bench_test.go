package letters

import (
	"context"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// BenchmarkLetterToEveryone renders and queues a letter to every holder of
// a 300-premises cooperative (each iteration one letter), half of them by
// e-mail; it reports recipients per second.
func BenchmarkLetterToEveryone(b *testing.B) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			db := storetest.Open(b, d)
			f := newBenchFixture(b, db)
			ctx := context.Background()
			total := 0
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				c, err := f.s.Compose(ctx, f.actor(0), letter(Rule{Kind: RuleAll}), nil)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := f.s.Send(ctx, f.actor(0), c.ID); err != nil {
					b.Fatal(err)
				}
				if c.Recipients > ApprovalThreshold {
					if err := f.s.Approve(ctx, f.actor(1), c.ID); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				w := &Worker{S: f.s, Node: "bench", Batch: 20}
				for {
					n, err := w.ProcessOnce(ctx)
					if err != nil {
						b.Fatal(err)
					}
					if n == 0 {
						break
					}
					total += n
				}
			}
			b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "recipients/s")
		})
	}
}
