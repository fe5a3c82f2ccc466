package demo

// The ledger on SQLite goes in as two streams of rows. Charges and
// ordinary payments (all but ~1% of the rows) bind four values (account,
// 0 for a charge or 1 for a payment, booked_on, amount) and the statement
// derives the rest; the few other entries bind kind and description as
// well. Rows reach the table in the order generated except those few,
// which come a little later; ids do not matter (ledger_entries.id is the
// rowid, assigned on insert; nothing refers to it).

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"

	"github.com/ebok/ebok/internal/store"
)

var (
	litePacksPerTx = 64 // 256,000 rows: their pages fit the 64 MiB cache
	// Every few commits the writer waits for the checkpointer to catch
	// up before it begins again: only a transaction that begins with the
	// WAL fully checkpointed starts writing it from the beginning again.
	liteTxPerRestart = 12
)

// liteStream is one kind of ledger row.
type liteStream struct {
	cols, rowsPerStmt, stmtsPerPack int
	sql                             func(coopID int64, dueDay int, rows int) string
}

// packRows returns the number of rows in one of the stream's packs.
func (st *liteStream) packRows() int { return st.rowsPerStmt * st.stmtsPerPack }

// The two streams: charges and ordinary payments (0), other entries (1).
var liteStreams = [2]liteStream{
	{cols: 4, rowsPerStmt: 1000, stmtsPerPack: 4, sql: liteMainSQL},
	{cols: 5, rowsPerStmt: 200, stmtsPerPack: 2, sql: liteOtherSQL},
}

// litePacks is the number of packs of each stream.
const litePacks = 3

// liteMainSQL returns the INSERT of rows charges and ordinary payments.
func liteMainSQL(coopID int64, dueDay int, rows int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `INSERT INTO ledger_entries (coop_id, account_id, kind, booked_on, due_on, period, amount, description, created_at)
SELECT %d, column1,
	CASE column2 WHEN 0 THEN 'charge' ELSE 'payment' END,
	column3,
	CASE column2 WHEN 0 THEN substr(column3, 1, 8) || '%02d' END,
	CASE column2 WHEN 0 THEN substr(column3, 1, 7) END,
	column4,
	CASE column2 WHEN 0 THEN 'Opłaty za ' || substr(column3, 6, 2) || '.' || substr(column3, 1, 4) ELSE 'Wpłata' END,
	column3 || '%s'
FROM (VALUES `, coopID, dueDay, liteMidnight)
	placeholders(&b, 4, rows)
	b.WriteString(")")
	return b.String()
}

// liteOtherSQL returns the INSERT of rows other entries.
func liteOtherSQL(coopID int64, _ int, rows int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `INSERT INTO ledger_entries (coop_id, account_id, kind, booked_on, amount, description, created_at)
SELECT %d, column1, column2, column3, column4, column5, column3 || '%s'
FROM (VALUES `, coopID, liteMidnight)
	placeholders(&b, 5, rows)
	b.WriteString(")")
	return b.String()
}

// liteSink turns the generator's entries into the values of the two
// streams, boxed once where they repeat.
type liteSink struct {
	fill   [2]*filler[driver.NamedValue]
	days   []any // booked_on text of each calendar day
	chgDay []any // booked_on of each month's charge
	kinds  [4]any
	acct   int64Box
	amt    [2]int64Box // by sign: charges and payments repeat month after month
}

// newLiteSink returns the sink of a ledger on cal, sending to full; its
// fillers stop with ctx.
func newLiteSink(ctx context.Context, cal *calendar, full chan<- *pack[driver.NamedValue]) *liteSink {
	s := &liteSink{days: make([]any, cal.days), kinds: [4]any{int64(0), int64(1)}}
	for d := range s.days {
		s.days[d] = cal.date(d).String()
	}
	for _, fd := range cal.first {
		s.chgDay = append(s.chgDay, s.days[fd])
	}
	for i := range liteStreams {
		st := &liteStreams[i]
		// Each statement binds one stretch of a pack, numbered from 1.
		s.fill[i] = newFiller(ctx, full, i, litePacks, st.packRows(), st.cols, func(vals []driver.NamedValue) {
			for j := range vals {
				vals[j].Ordinal = j%(st.rowsPerStmt*st.cols) + 1
			}
		})
	}
	return s
}

// amount boxes an amount, reusing the last box of its sign.
func (s *liteSink) amount(amount int64) any {
	if amount < 0 {
		return s.amt[1].of(amount)
	}
	return s.amt[0].of(amount)
}

// main adds a row of the main stream.
func (s *liteSink) main(account int64, kind int, day any, amount int64) {
	v := s.fill[0].next()
	v[0].Value, v[1].Value, v[2].Value, v[3].Value = s.acct.of(account), s.kinds[kind], day, s.amount(amount)
	s.fill[0].done()
}

// charge adds a charge to the main stream.
func (s *liteSink) charge(account int64, month int, amount int64) {
	s.main(account, entryCharge, s.chgDay[month], amount)
}

// payment adds an ordinary payment to the main stream.
func (s *liteSink) payment(account int64, day int, amount int64) {
	s.main(account, entryPayment, s.days[day], amount)
}

// other adds a row of the other stream.
func (s *liteSink) other(account int64, kind int, day int, amount int64, desc string) {
	v := s.fill[1].next()
	v[0].Value, v[1].Value, v[2].Value, v[3].Value, v[4].Value = s.acct.of(account), entryKindNames[kind], s.days[day], amount, desc
	s.fill[1].done()
}

// flush sends on both streams' last packs, the main stream's first.
func (s *liteSink) flush() {
	s.fill[0].flush()
	s.fill[1].flush()
}

// ledger stores the ledger that gen writes, committing every
// litePacksPerTx packs of the main stream while a checkpointer copies the
// committed pages into the database file.
func (l *liteLoader) ledger(ctx context.Context, lc ledgerConfig, gen func(context.Context, ledgerSink) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	full := make(chan *pack[driver.NamedValue], 4)
	s := newLiteSink(ctx, lc.cal, full)
	ckpt := startCheckpointer(ctx, l.db)
	err := streamLedger(ctx, cancel, s, gen, full, func() error {
		return l.writeLedger(ctx, lc, full, s, ckpt)
	})
	return errors.Join(err, ckpt.stop())
}

// writeLedger stores the packs coming through full, giving them back to
// the sink's fillers once stored.
func (l *liteLoader) writeLedger(ctx context.Context, lc ledgerConfig, full <-chan *pack[driver.NamedValue], s *liteSink, ckpt *checkpointer) error {
	var stmts [2]driver.StmtExecContext
	for i := range liteStreams {
		st, err := l.c.PrepareContext(ctx, liteStreams[i].sql(lc.coopID, lc.dueDay, liteStreams[i].rowsPerStmt))
		if err != nil {
			return fmt.Errorf("demo: prepare ledger insert: %w", err)
		}
		defer st.Close()
		stmts[i] = st.(driver.StmtExecContext)
	}
	stored := 0
	for p := range full {
		err := l.writePack(ctx, lc, stmts[p.stream], p)
		if err == nil && p.stream == 0 {
			if stored++; stored%litePacksPerTx == 0 {
				err = l.nextTx(ctx, ckpt)
			}
		}
		if err != nil {
			return fmt.Errorf("demo: insert ledger entries: %w", store.MapError(err))
		}
		s.fill[p.stream].recycle(p)
	}
	return nil
}

// writePack inserts the rows of pack p: stmt (prepared for a full
// statement's rows) for each full statement's worth, a statement made for
// the rest.
func (l *liteLoader) writePack(ctx context.Context, lc ledgerConfig, stmt driver.StmtExecContext, p *pack[driver.NamedValue]) error {
	st := &liteStreams[p.stream]
	per := st.rowsPerStmt * st.cols
	full := p.rows / st.rowsPerStmt
	for k := 0; k < full; k++ {
		if _, err := stmt.ExecContext(ctx, p.vals[k*per:(k+1)*per]); err != nil {
			return err
		}
	}
	if rest := p.rows % st.rowsPerStmt; rest > 0 {
		return l.execOnce(ctx, st.sql(lc.coopID, lc.dueDay, rest), p.vals[full*per:full*per+rest*st.cols])
	}
	return nil
}

// nextTx commits what the writer has stored and begins again; every
// liteTxPerRestart commits it first waits for a checkpoint.
func (l *liteLoader) nextTx(ctx context.Context, ckpt *checkpointer) error {
	if err := l.commit(); err != nil {
		return err
	}
	if l.commits%liteTxPerRestart == 0 {
		ckpt.wait()
	} else {
		ckpt.request()
	}
	return l.begin(ctx)
}

// execOnce prepares query, executes it with vals and closes it.
func (l *liteLoader) execOnce(ctx context.Context, query string, vals []driver.NamedValue) error {
	stmt, err := l.c.PrepareContext(ctx, query)
	if err != nil {
		return err
	}
	defer stmt.Close()
	_, err = stmt.(driver.StmtExecContext).ExecContext(ctx, vals)
	return err
}

// checkpointer copies committed pages from the WAL into the database file
// on another connection, so on the other core, while the writer goes on.
// A request with a reply channel is answered once the checkpoint is done.
type checkpointer struct {
	kick chan chan struct{}
	done chan error
}

// startCheckpointer starts the checkpointer of db; its errors after ctx
// is cancelled do not count.
func startCheckpointer(ctx context.Context, db *store.DB) *checkpointer {
	c := &checkpointer{kick: make(chan chan struct{}, 1), done: make(chan error, 1)}
	go func() {
		var err error
		for reply := range c.kick {
			var busy, log, done int64
			if e := db.Read().QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &log, &done); e != nil && err == nil && ctx.Err() == nil {
				err = fmt.Errorf("demo: checkpoint: %w", e)
			}
			if reply != nil {
				close(reply)
			}
		}
		c.done <- err
	}()
	return c
}

// request asks for a checkpoint unless one is already due.
func (c *checkpointer) request() {
	select {
	case c.kick <- nil:
	default:
	}
}

// wait asks for a checkpoint and waits until it is done.
func (c *checkpointer) wait() {
	reply := make(chan struct{})
	c.kick <- reply
	<-reply
}

// stop ends the checkpointer and returns its first error.
func (c *checkpointer) stop() error {
	close(c.kick)
	return <-c.done
}
