package mail

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// Worker sends what Enqueue wrote. Any number of workers, on any number of
// nodes, may run on one database: each claims due messages with a lease in
// one statement, so a message is handed to a Sender by one worker at a time.
//
// Fill in the fields, then call Run (or ProcessOnce); zero values take the
// defaults named below. Do not copy a Worker after first use.
type Worker struct {
	// DB holds the outbox.
	DB *store.DB
	// Sender delivers each message.
	Sender Sender
	// From is the sender put on every message, "Name <addr>" or "addr".
	// When empty, an SMTPSender uses its configured From; a FileSender
	// refuses the message.
	From string
	// Node names this worker in lease_owner; unique per process (default:
	// host name, process id and a random suffix).
	Node string
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Logger receives send failures and lost leases (default slog.Default()).
	Logger *slog.Logger
	// Batch is how many messages one ProcessOnce claims (default 20).
	Batch int
	// Parallel is how many of them are sent at once, each on its own SMTP
	// connection (default 1). The Sender must then be safe for concurrent
	// use, as SMTPSender is.
	Parallel int
	// Lease is how long a claim holds before another worker may take the
	// message over (default 5 minutes); it also bounds one Send.
	Lease time.Duration
	// MaxAttempts is how many failed attempts turn a message failed
	// (default DefaultMaxAttempts).
	MaxAttempts int
	// Backoff is the wait after the given number of failed attempts
	// (default DefaultBackoff).
	Backoff func(attempt int) time.Duration
	// PollInterval is how long Run sleeps when there is nothing to do and
	// no Wake came (default 5 s).
	PollInterval time.Duration

	once sync.Once
	wake chan struct{}
	node string

	// writeMu guards writes (outcomes waiting to be recorded) and writing
	// (whether a goroutine is recording a group); see update.
	writeMu sync.Mutex
	writes  []*rowUpdate
	writing bool

	// stats refreshes the planner's statistics of the outbox as this
	// worker claims ever more messages: a mass mailing (announcements
	// copied by e-mail, letters) grows the outbox of a new cooperative from
	// next to nothing, and on PostgreSQL the plans made while it was empty
	// scanned it whole for every message (see store.DB.Analyze).
	stats store.Growth
}

// Senders is how many messages ebok serve's worker sends at once on a
// database of the dialect: 4 on SQLite, where every outcome goes through
// the one writer and more senders cost more than they gain, 8 on
// PostgreSQL, whose sends otherwise wait for the server's round trips
// (bench/README.md: 10,000 letters reached their last acceptance in 18.5 s
// on average against 20.1 s with 4, three runs each).
func Senders(d store.Dialect) int {
	if d == store.Postgres {
		return 8
	}
	return 4
}

// DefaultBackoff waits 1 minute after the first failure and doubles each
// time, up to 1 hour.
func DefaultBackoff(attempt int) time.Duration {
	d := time.Minute
	for i := 1; i < attempt && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

func (w *Worker) init() {
	w.once.Do(func() {
		w.wake = make(chan struct{}, 1)
		w.stats.Tables = []string{"outbox", "outbox_attachments"}
		w.node = w.Node
		if w.node == "" {
			w.node = defaultNode()
		}
	})
}

func defaultNode() string {
	host, err := os.Hostname()
	if err != nil {
		host = "unknown"
	}
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), rand.Text()[:8])
}

// Wake makes a sleeping Run look for work at once. It never blocks, so it
// fits tx.AfterCommit(worker.Wake).
func (w *Worker) Wake() {
	w.init()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run processes the outbox until ctx is cancelled, sleeping PollInterval
// (or until Wake) between rounds that found less than a full batch. Errors
// are logged and the loop goes on. When ctx is cancelled, the message being
// sent is finished and recorded, the rest of the batch is released, and Run
// returns.
func (w *Worker) Run(ctx context.Context) {
	w.init()
	poll := w.PollInterval
	if poll <= 0 {
		poll = 5 * time.Second
	}
	timer := time.NewTimer(poll)
	defer timer.Stop()
	for {
		claimed, _, err := w.process(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			w.logger().ErrorContext(ctx, "mail: outbox round failed", "node", w.node, "err", err)
		}
		if err == nil && claimed >= w.batch() {
			continue // probably more due right now
		}
		timer.Reset(poll)
		select {
		case <-ctx.Done():
			return
		case <-w.wake:
		case <-timer.C:
		}
	}
}

func (w *Worker) now() time.Time {
	if w.Now != nil {
		return dbTime(w.Now())
	}
	return dbTime(time.Now())
}

func (w *Worker) logger() *slog.Logger {
	if w.Logger != nil {
		return w.Logger
	}
	return slog.Default()
}

func (w *Worker) parallel() int {
	return max(w.Parallel, 1)
}

func (w *Worker) batch() int {
	if w.Batch > 0 {
		return w.Batch
	}
	return 20
}

func (w *Worker) lease() time.Duration {
	if w.Lease > 0 {
		return w.Lease
	}
	return 5 * time.Minute
}

// DefaultMaxAttempts gives a message up two days after its first attempt
// with DefaultBackoff (the 54th attempt comes 48 hours 3 minutes after the
// first): a mail server down overnight or over a weekend day delays the
// mail, and moves no letter to the postal batch.
const DefaultMaxAttempts = 54

func (w *Worker) maxAttempts() int {
	if w.MaxAttempts > 0 {
		return w.MaxAttempts
	}
	return DefaultMaxAttempts
}

func (w *Worker) backoff(attempt int) time.Duration {
	if w.Backoff != nil {
		return w.Backoff(attempt)
	}
	return DefaultBackoff(attempt)
}
