package letters

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// Worker renders and queues the recipients of letters being sent, a batch
// at a time: the claimed recipients get their register numbers, their PDFs
// (rendered on every core, outside any transaction) and their e-mails (or
// places in the postal batch), each step under the batch's lease, so
// nothing is queued twice and nothing half (see queueBatch). Any number of
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
	// Parallel is how many batches Run queues at once (default 2), each
	// under a lease of its own: while one batch's PDFs are rendered,
	// another's are written.
	Parallel int

	once sync.Once
	wake chan struct{}

	// stats refreshes the planner's statistics of the tables a mass letter
	// grows from next to nothing, counted in recipients queued (see
	// store.DB.Analyze: on PostgreSQL, following the outbox of a first
	// mass letter otherwise took seconds a round).
	stats store.Growth
}

// init sets the defaults once.
func (w *Worker) init() {
	w.once.Do(func() {
		w.Parallel = cmp(w.Parallel, 2)
		w.wake = make(chan struct{}, w.Parallel)
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
// says whether it follows the outbox too.
func (w *Worker) loop(ctx context.Context, node string, follow bool) {
	for round := 1; ctx.Err() == nil; round++ {
		n, err := w.processOnce(ctx, node)
		if err == nil && follow && (n == 0 || round%followEvery == 0) {
			err = w.S.Follow(ctx)
		}
		if err != nil && ctx.Err() == nil {
			w.Logger.ErrorContext(ctx, "letters: worker", "err", err)
		}
		if n > 0 {
			continue
		}
		select {
		case <-ctx.Done():
		case <-w.wake:
		case <-time.After(w.Poll):
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
	leaseUntil := dbTime(w.S.Now().Add(w.Lease))
	ids, err := w.S.DB.ClaimIDs(ctx, claim, node, leaseUntil, dbTime(w.S.Now()), w.Batch)
	if err != nil {
		return 0, fmt.Errorf("letters: claim: %w", err)
	}
	if len(ids) == 0 {
		return 0, w.S.finish(ctx)
	}
	done, err := w.S.queueBatch(ctx, ids, node, leaseUntil)
	if errors.Is(err, errLeaseLost) {
		w.Logger.WarnContext(ctx, "letters: lease lost", "recipients", len(ids))
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("letters: queue recipients %d…%d: %w", ids[0], ids[len(ids)-1], err)
	}
	if err := w.stats.Add(ctx, w.S.DB, done); err != nil {
		// Only the plans suffer: go on.
		w.Logger.WarnContext(ctx, "letters: planner statistics not refreshed", "err", err)
	}
	return done, w.S.finish(ctx)
}

// errLeaseLost: another worker took the recipient over.
var errLeaseLost = errors.New("letters: lease lost")
