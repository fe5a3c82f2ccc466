package letters

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// Worker renders and queues the recipients of letters being sent, a batch
// at a time: the claimed recipients get their register numbers, their PDFs
// (rendered on every core, outside any transaction) and their e-mails (or
// places in the postal batch), each step under the batch's lease, so
// nothing is queued twice and nothing half (see rendered). Any number of
// workers may run: a claim is a lease (FOR UPDATE SKIP LOCKED on
// PostgreSQL; SQLite's single writer serialises claims).
type Worker struct {
	S *Service
	// Node names this worker in lease_owner (default: host, pid, time).
	Node   string
	Logger *slog.Logger
	// Batch is how many recipients one claim takes (default 20); Lease how
	// long it holds them (default 2 minutes); Poll how long Run sleeps with
	// nothing to do (default 5 s).
	Batch int
	Lease time.Duration
	Poll  time.Duration
	// Parallel is how many batches Run queues at once, each under a lease
	// of its own: while one batch is claimed, entered or written, the
	// others' PDFs are rendered. The default is 3 on SQLite and 2 on
	// PostgreSQL, whose server processes need the cores for the writes: a
	// third batch there left the mail worker behind (bench/README.md).
	Parallel int

	once sync.Once
	wake chan struct{}
	// slots lets Run's batches render one PDF a core at a time between
	// them: a batch waiting for the database leaves the cores to the
	// others, and the mail worker finds a core between two PDFs instead of
	// waiting behind a PDF of every batch.
	slots chan struct{}

	// stats refreshes the planner's statistics of the tables a mass letter
	// grows from next to nothing, counted in recipients queued (see
	// store.DB.Analyze: on PostgreSQL, following the outbox of a first
	// mass letter otherwise took seconds a round).
	stats store.Growth
}

// init sets the defaults once.
func (w *Worker) init() {
	w.once.Do(func() {
		parallel := 3
		if w.S.DB.Dialect() == store.Postgres {
			parallel = 2
		}
		w.Parallel = cmp(w.Parallel, parallel)
		w.wake = make(chan struct{}, w.Parallel)
		w.slots = make(chan struct{}, runtime.GOMAXPROCS(0))
		if w.Node == "" {
			host, _ := os.Hostname()
			w.Node = fmt.Sprintf("%s-%d-%d", host, os.Getpid(), w.S.Now().UnixNano())
		}
		w.stats.Tables = []string{"letter_recipients", "outbox", "outbox_attachments"}
		w.Batch = cmp(w.Batch, 20)
		w.Lease = time.Duration(cmp(int(w.Lease), int(2*time.Minute)))
		w.Poll = time.Duration(cmp(int(w.Poll), int(5*time.Second)))
		if w.Logger == nil {
			w.Logger = slog.Default()
		}
	})
}

// cmp is v, or def when v is not positive.
func cmp(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}

// Wake makes Run look for work at once.
func (w *Worker) Wake() {
	w.init()
	for range w.Parallel {
		select {
		case w.wake <- struct{}{}:
		default:
		}
	}
}

// followEvery is how many busy rounds Run queues between two follow-ups of
// the outbox: a follow-up reads every recipient queued and not yet sent,
// so doing it after every batch of a large letter costs more than the
// batch itself. When there is nothing to queue, Run follows up every round.
const followEvery = 10

// Run queues recipients and follows their e-mails until ctx ends, in
// Parallel loops; the first also follows the outbox.
func (w *Worker) Run(ctx context.Context) {
	w.init()
	var wg sync.WaitGroup
	for i := range w.Parallel {
		node := w.Node
		if i > 0 {
			node = fmt.Sprintf("%s/%d", w.Node, i)
		}
		wg.Go(func() { w.loop(ctx, node, i == 0) })
	}
	wg.Wait()
}

// loop queues batches under the lease owner node until ctx ends; follow
// says whether it follows the outbox too. Step 3 of a batch (its one
// transaction, see rendered) runs while the loop claims and renders the
// next batch: a commit that waits for the disk — on SQLite the commit
// that crosses the log's checkpoint mark syncs the database file — would
// otherwise leave the cores idle whenever every loop waits for the writer
// at once. At most one batch a loop waits for its step 3.
func (w *Worker) loop(ctx context.Context, node string, follow bool) {
	var storing chan error // step 3 of the batch before, while it runs
	for round := 1; ctx.Err() == nil; round++ {
		r, err := w.claimRender(ctx, node)
		if storing != nil {
			err = errors.Join(err, <-storing)
			storing = nil
		}
		if r != nil {
			ch := make(chan error, 1)
			go func() { _, err := w.queueRendered(ctx, r); ch <- err }()
			storing = ch
		} else if err == nil {
			err = w.S.finish(ctx)
		}
		if err == nil && follow && (r == nil || round%followEvery == 0) {
			err = w.S.Follow(ctx)
		}
		if err != nil && ctx.Err() == nil {
			w.Logger.ErrorContext(ctx, "letters: worker", "err", err)
		}
		if r != nil {
			continue
		}
		select {
		case <-ctx.Done():
		case <-w.wake:
		case <-time.After(w.Poll):
		}
	}
	if storing != nil {
		if err := <-storing; err != nil && ctx.Err() == nil {
			w.Logger.ErrorContext(ctx, "letters: worker", "err", err)
		}
	}
}

// claim leases up to $4 pending recipients whose lease is free or
// expired.
var claim = store.Claim{Table: "letter_recipients", Key: "id",
	Set:  "lease_owner = $1, lease_until = $2",
	Pick: "status = 'pending' AND (lease_until IS NULL OR lease_until <= $3) ORDER BY id LIMIT $4"}

// ProcessOnce claims a batch of pending recipients and queues each. It
// returns how many it queued.
func (w *Worker) ProcessOnce(ctx context.Context) (int, error) {
	w.init()
	return w.processOnce(ctx, w.Node)
}

// processOnce is ProcessOnce with the lease owner node.
func (w *Worker) processOnce(ctx context.Context, node string) (int, error) {
	r, err := w.claimRender(ctx, node)
	if err != nil {
		return 0, err
	}
	done := 0
	if r != nil {
		if done, err = w.queueRendered(ctx, r); err != nil {
			return 0, err
		}
	}
	return done, w.S.finish(ctx)
}

// claimRender claims a batch and takes it through steps 1 and 2 (see
// rendered); nil when there was nothing to claim or another worker took
// the batch over.
func (w *Worker) claimRender(ctx context.Context, node string) (*rendered, error) {
	leaseUntil := dbTime(w.S.Now().Add(w.Lease))
	ids, err := w.S.DB.ClaimIDs(ctx, claim, node, leaseUntil, dbTime(w.S.Now()), w.Batch)
	if err != nil {
		return nil, fmt.Errorf("letters: claim: %w", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	r, err := w.S.render(ctx, ids, node, leaseUntil, w.slots)
	if errors.Is(err, errLeaseLost) {
		w.Logger.WarnContext(ctx, "letters: lease lost", "recipients", len(ids))
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("letters: queue recipients %d…%d: %w", ids[0], ids[len(ids)-1], err)
	}
	return r, nil
}

// queueRendered is step 3 for r (see rendered): it returns how many recipients it
// queued.
func (w *Worker) queueRendered(ctx context.Context, r *rendered) (int, error) {
	done, err := w.S.queueRendered(ctx, r)
	if errors.Is(err, errLeaseLost) {
		w.Logger.WarnContext(ctx, "letters: lease lost", "recipients", len(r.b.cs))
		return 0, nil
	}
	if err != nil {
		cs := r.b.cs
		return 0, fmt.Errorf("letters: queue recipients %d…%d: %w", cs[0].id, cs[len(cs)-1].id, err)
	}
	if err := w.stats.Add(ctx, w.S.DB, done); err != nil {
		// Only the plans suffer: go on.
		w.Logger.WarnContext(ctx, "letters: planner statistics not refreshed", "err", err)
	}
	return done, nil
}

// errLeaseLost: another worker took the recipient over.
var errLeaseLost = errors.New("letters: lease lost")
