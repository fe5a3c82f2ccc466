package ledger

import (
	"context"
	"io"

	"github.com/ebok/ebok/internal/ledgercsv"
)

const (
	// feedBatch rows travel from the reader to the writer together.
	feedBatch = 1024
	// feedDepth batches may wait for the writer; with the one each side
	// holds, at most (feedDepth+2)*feedBatch rows are in memory.
	feedDepth = 4
)

// rowFeed reads a ledger file in a goroutine of its own and hands its good
// rows, resolved to accounts, to one consumer in batches, in file order,
// while it reads on: parsing (one core) overlaps writing to the database
// (another), and memory holds a few batches whatever the size of the file.
//
// Whether the file is clean is known only at the end (repeated ids are
// found last): the consumer stages what it gets and may apply it only if
// result reports a clean file.
type rowFeed struct {
	ctx    context.Context
	cancel context.CancelFunc
	full   chan []staged // read batches, closed when the reader is done
	free   chan []staged // emptied batches going back to the reader
	held   []staged      // the batch the consumer has

	// Set by the reader goroutine; read only after full is closed.
	rep      *ledgercsv.Report
	problems []ledgercsv.Problem
	err      error
}

// startFeed starts reading r. The caller must call stop (deferring it is
// fine) or read the feed to its end.
func startFeed(ctx context.Context, r io.Reader, accounts *accountIndex) *rowFeed {
	ctx, cancel := context.WithCancel(ctx)
	f := &rowFeed{
		ctx:    ctx,
		cancel: cancel,
		full:   make(chan []staged, feedDepth),
		free:   make(chan []staged, feedDepth+2),
	}
	for range feedDepth + 2 {
		f.free <- make([]staged, 0, feedBatch)
	}
	go f.read(r, accounts)
	return f
}

// read runs in the reader goroutine.
func (f *rowFeed) read(r io.Reader, accounts *accountIndex) {
	defer close(f.full)
	var cur []staged
	send := func() error {
		select {
		case f.full <- cur:
			cur = nil
			return nil
		case <-f.ctx.Done():
			return f.ctx.Err()
		}
	}
	rep, err := ledgercsv.ParseFunc(r, func(row ledgercsv.Row) error {
		acc, problem := accounts.resolve(row)
		if problem != nil {
			if len(f.problems) < ledgercsv.MaxProblems {
				f.problems = append(f.problems, *problem)
			}
			return nil
		}
		if cur == nil {
			select {
			case cur = <-f.free:
			case <-f.ctx.Done():
				return f.ctx.Err()
			}
		}
		cur = append(cur, staged{row: row, account: acc})
		if len(cur) == feedBatch {
			return send()
		}
		return nil
	})
	if err == nil && len(cur) > 0 {
		err = send()
	}
	f.rep, f.err = rep, err
}

// next returns the next batch of rows, or nil at the end. The batch is
// valid until the following call.
func (f *rowFeed) next() []staged {
	if f.held != nil {
		f.free <- f.held[:0] // never blocks: free has room for every batch
		f.held = nil
	}
	b, ok := <-f.full
	if !ok {
		return nil
	}
	f.held = b
	return b
}

// stop makes the reader give up and waits until it has. After the end of
// the feed it does nothing.
func (f *rowFeed) stop() {
	f.cancel()
	for range f.full {
	}
}

// result returns what reading the file found: the parse report and the
// rows that name no account. Call it after next returned nil.
func (f *rowFeed) result() (*ledgercsv.Report, []ledgercsv.Problem, error) {
	f.stop()
	return f.rep, f.problems, f.err
}
