package store

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// LedgerChannel is the PostgreSQL notification channel on which every
// statement that writes ledger entries or payment allocations announces,
// at its commit, that a ledger changed (migration 00010 adds the
// triggers).
const LedgerChannel = "ebok_ledger"

// How the change feed knows it is live: it pings its connection every
// feedHeartbeat and counts as live for feedLive after the last sign of
// life, so that a connection lost without a word stops being trusted
// within feedLive.
const (
	feedHeartbeat = time.Second
	feedLive      = 2 * time.Second
)

// LedgerFeed follows PostgreSQL's ledger notifications on a connection of
// its own. Its generation grows with every notification received: a page
// kept under one generation is current while the generation stays the
// same, without a query. While the feed cannot vouch that it hears every
// notification (before it listens, after its connection fails), Generation
// says so and callers ask the database.
type LedgerFeed struct {
	mu         sync.Mutex
	generation uint64
	liveUntil  time.Time
	now        func() time.Time
	pid        uint32 // the listening connection's server process (tests)
	dsn        string
}

// Generation returns the current generation and whether the feed is live.
func (f *LedgerFeed) Generation() (uint64, bool) {
	if f == nil {
		return 0, false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.generation, f.now().Before(f.liveUntil)
}

// changed counts a notification (or a reconnect, after which anything may
// have changed) and, when alive, extends the feed's life.
func (f *LedgerFeed) changed(alive bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.generation++
	if alive {
		f.liveUntil = f.now().Add(feedLive)
	}
}

func (f *LedgerFeed) alive() {
	f.mu.Lock()
	f.liveUntil = f.now().Add(feedLive)
	f.mu.Unlock()
}

func (f *LedgerFeed) dead() {
	f.mu.Lock()
	f.liveUntil = time.Time{}
	f.mu.Unlock()
}

// FollowLedger gives db a ledger feed, which Run keeps following; it
// returns nil on SQLite, whose writers are this process and the command
// line tools, which notify nobody. Every write this node commits counts as
// a change at once as well.
func (db *DB) FollowLedger() *LedgerFeed {
	if db.dialect != Postgres {
		return nil
	}
	f := &LedgerFeed{now: time.Now, dsn: db.dsn}
	db.feed.Store(f)
	return f
}

// Run listens until ctx ends. Connection failures are logged and retried;
// meanwhile the feed is not live.
func (f *LedgerFeed) Run(ctx context.Context, logger *slog.Logger) {
	wait := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := f.listen(ctx)
		f.dead()
		if ctx.Err() != nil {
			return
		}
		logger.Warn("ledger change feed: connection lost; pages are checked in the database until it is back", "err", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, 10*time.Second)
	}
}

// listen runs one connection of the feed until it fails or ctx ends.
func (f *LedgerFeed) listen(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, f.dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+LedgerChannel); err != nil {
		return err
	}
	f.mu.Lock()
	f.pid = conn.PgConn().PID()
	f.mu.Unlock()
	// Anything may have changed while nobody listened.
	f.changed(true)
	for {
		wctx, cancel := context.WithTimeout(ctx, feedHeartbeat)
		_, err := conn.WaitForNotification(wctx)
		cancel()
		switch {
		case err == nil:
			f.changed(true)
			continue
		case ctx.Err() != nil:
			return ctx.Err()
		case wctx.Err() == nil:
			return err // the connection failed
		}
		// A quiet second: make sure the connection still answers.
		pctx, cancel := context.WithTimeout(ctx, feedHeartbeat)
		err = conn.Ping(pctx)
		cancel()
		if err != nil {
			return err
		}
		f.alive()
	}
}

// LedgerFeed returns the feed FollowLedger started, or nil.
func (db *DB) LedgerFeed() *LedgerFeed { return db.feed.Load() }

// PID is the server process of the listening connection (0 before the
// first), for tests that cut it.
func (f *LedgerFeed) PID() uint32 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.pid
}
