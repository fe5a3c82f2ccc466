package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"
)

// SQLite copies its write-ahead log into the database file (a checkpoint)
// in the connection whose commit takes the log past 1,000 pages, before
// that commit returns. ebok has one writer connection, so every other
// write waited behind that copy and the file's sync: staff pages (each
// appends an audit entry), the letters worker and the mail worker all
// stood still while it ran. Here a connection of its own does it, a
// moment after writes, in SQLite's PASSIVE mode, which never blocks the
// writer or the readers. The writer still checkpoints itself past
// writerCheckpointPages, should this one ever fall behind.

const (
	// checkpointDelay is how long the checkpointer gathers commits before
	// it copies them: at most one checkpoint, and one sync of the file,
	// this often while writes go on.
	checkpointDelay = 500 * time.Millisecond
	// writerCheckpointPages is the writer's own wal_autocheckpoint
	// (16 KiB pages: 128 MiB of log).
	writerCheckpointPages = 8192
)

// checkpointer runs PASSIVE checkpoints on its own connection after
// commits, until stop.
type checkpointer struct {
	conn   *sql.DB
	nudge  chan struct{}
	stop   context.CancelFunc
	done   chan struct{}
	logger *slog.Logger
}

// startCheckpointer opens the checkpointer's connection to the SQLite
// file at base (a DSN) and starts its loop.
func startCheckpointer(base string) (*checkpointer, error) {
	conn, err := sql.Open("sqlite", base)
	if err != nil {
		return nil, fmt.Errorf("store: open SQLite checkpointer: %w", err)
	}
	conn.SetMaxOpenConns(1)
	conn.SetMaxIdleConns(1)
	conn.SetConnMaxLifetime(0)
	conn.SetConnMaxIdleTime(0)
	ctx, stop := context.WithCancel(context.Background())
	c := &checkpointer{conn: conn, nudge: make(chan struct{}, 1), stop: stop, done: make(chan struct{}), logger: slog.Default()}
	go c.loop(ctx)
	return c, nil
}

// committed tells the checkpointer that the log grew.
func (c *checkpointer) committed() {
	select {
	case c.nudge <- struct{}{}:
	default:
	}
}

// loop waits for a commit, gathers the commits of checkpointDelay, and
// checkpoints them.
func (c *checkpointer) loop(ctx context.Context) {
	defer close(c.done)
	delay := time.NewTimer(0)
	<-delay.C
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.nudge:
		}
		delay.Reset(checkpointDelay)
		select {
		case <-ctx.Done():
			delay.Stop()
			return
		case <-delay.C:
		}
		if err := c.checkpoint(ctx); err != nil && ctx.Err() == nil {
			// The writer's own checkpoint (writerCheckpointPages) still
			// bounds the log; say why this one failed.
			c.logger.Warn("store: SQLite checkpoint failed", "err", err)
		}
	}
}

// checkpoint copies what it can of the log into the database file
// without waiting for anybody.
func (c *checkpointer) checkpoint(ctx context.Context) error {
	var busy, log, copied int64
	return c.conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &log, &copied)
}

// close stops the loop and closes the connection.
func (c *checkpointer) close() error {
	c.stop()
	<-c.done
	return c.conn.Close()
}
