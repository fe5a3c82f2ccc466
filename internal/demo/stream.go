package demo

// Streaming the ledger, the same on both engines: the generator goroutine
// fills packs of rows while the writer stores the previous ones. A fixed
// number of packs go round between the two, which bounds memory whatever
// the ledger's size.

import (
	"context"
	"errors"
)

// pack is a batch of ledger rows of one kind (stream), their values one
// row after another in vals; rows counts the rows filled in.
type pack[V any] struct {
	stream int
	vals   []V
	rows   int
}

// filler fills the packs of one stream in the generator goroutine,
// sending the full ones to the writer and taking empty ones from free.
type filler[V any] struct {
	ctx  context.Context
	free chan *pack[V]
	full chan<- *pack[V]
	cur  *pack[V]
	cols int // values per row
	rows int // rows per pack
}

// newFiller returns the filler of a stream with n packs of rows rows of
// cols values each; init, if not nil, prepares each pack's values.
func newFiller[V any](ctx context.Context, full chan<- *pack[V], stream, n, rows, cols int, init func(vals []V)) *filler[V] {
	f := &filler[V]{ctx: ctx, free: make(chan *pack[V], n), full: full, cols: cols, rows: rows}
	for range n {
		p := &pack[V]{stream: stream, vals: make([]V, rows*cols)}
		if init != nil {
			init(p.vals)
		}
		f.free <- p
	}
	return f
}

// next returns the values of the next row, to be filled in before done
// is called. It waits for an empty pack when it needs one.
func (f *filler[V]) next() []V {
	if f.cur == nil {
		select {
		case f.cur = <-f.free:
		case <-f.ctx.Done():
			panic(errSinkClosed)
		}
		f.cur.rows = 0
	}
	return f.cur.vals[f.cur.rows*f.cols : (f.cur.rows+1)*f.cols]
}

// done counts the row filled in and sends the pack on when it is full.
func (f *filler[V]) done() {
	if f.cur.rows++; f.cur.rows == f.rows {
		f.send()
	}
}

// flush sends on the last, partly filled pack.
func (f *filler[V]) flush() {
	if f.cur != nil && f.cur.rows > 0 {
		f.send()
	}
}

// send hands the current pack to the writer.
func (f *filler[V]) send() {
	select {
	case f.full <- f.cur:
		f.cur = nil
	case <-f.ctx.Done():
		panic(errSinkClosed)
	}
}

// recycle gives a stored pack back to be filled again; it never blocks,
// as free has room for every pack.
func (f *filler[V]) recycle(p *pack[V]) { f.free <- p }

// packSink is a ledgerSink that sends rows on in packs; flush sends the
// last ones, partly filled.
type packSink interface {
	ledgerSink
	flush()
}

// errSinkClosed unwinds the generator when the writer has stopped: the
// sink methods have no error to return, and the generator nothing to
// clean up.
var errSinkClosed = errors.New("demo: ledger writer stopped")

// streamLedger runs gen on sink in a goroutine of its own while write
// stores the packs that come through full, until the generator closes it.
// When write fails, it cancels the generator (through cancel, the cancel
// function of ctx, in which sink's fillers work) and drains full so that
// the generator can finish unwinding. A write error wins over the
// generator's.
func streamLedger[V any](ctx context.Context, cancel context.CancelFunc, sink packSink, gen func(context.Context, ledgerSink) error, full chan *pack[V], write func() error) error {
	genErr := make(chan error, 1)
	go func() {
		genErr <- runSink(ctx, sink, gen)
		close(full)
	}()
	werr := write()
	if werr != nil {
		cancel()
		for range full { // let the generator finish unwinding
		}
	}
	if err := <-genErr; err != nil && werr == nil {
		return err
	}
	return werr
}

// runSink runs gen, turning the sink's unwinding panic back into an error,
// and flushes the sink after a successful run.
func runSink(ctx context.Context, s packSink, gen func(context.Context, ledgerSink) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if r != errSinkClosed {
				panic(r)
			}
			err = context.Cause(ctx)
			if err == nil {
				err = errSinkClosed
			}
		}
	}()
	if err := gen(ctx, s); err != nil {
		return err
	}
	s.flush()
	return nil
}

// int64Box boxes int64 values for the driver, reusing the last box while
// the value repeats: a ledger repeats accounts and amounts row after row,
// and a box for every row would be an allocation for every row.
type int64Box struct {
	last int64
	box  any
}

// of returns v boxed.
func (b *int64Box) of(v int64) any {
	if v != b.last || b.box == nil {
		b.last, b.box = v, v
	}
	return b.box
}
