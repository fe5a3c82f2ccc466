package audit

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// TestConcurrentAppendsKeepOneChain starts on an empty chain, so the
// goroutines also race to create its head. On PostgreSQL only the head's
// FOR UPDATE lock keeps them from taking the same seq.
func TestConcurrentAppendsKeepOneChain(t *testing.T) {
	const workers, each = 8, 25
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coop := storetest.InsertCoop(t, db, "a")
		var wg sync.WaitGroup
		errs := make(chan error, workers*each)
		for w := range workers {
			wg.Go(func() {
				for i := range each {
					errs <- db.InTx(ctx, func(tx *store.Tx) error {
						return Append(ctx, tx, sample(coop, w*each+i))
					})
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("append: %v", err)
			}
		}
		var got []int64
		for before := int64(0); ; {
			page, err := List(ctx, db.Read(), coop, Filter{BeforeSeq: before, Limit: 64})
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			got = append(got, seqs(page)...)
			before = page[len(page)-1].Seq
		}
		slices.Reverse(got)
		want := make([]int64, workers*each)
		for i := range want {
			want[i] = int64(i + 1)
		}
		if !slices.Equal(got, want) {
			t.Errorf("seqs = %v, want 1..%d without gaps", got, workers*each)
		}
		if n, err := Verify(ctx, db.Read(), db.ChainKey(), coop); err != nil || n != workers*each {
			t.Errorf("Verify = %d, %v; want %d, nil", n, err, workers*each)
		}
	})
}
