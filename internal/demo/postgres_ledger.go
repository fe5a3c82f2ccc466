package demo

// The ledger on PostgreSQL goes in through COPY, every column of every
// row filled in by the sink, the ids explicit.

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ebok/ebok/internal/store"
)

const (
	pgLedgerCols = 10
	pgPackRows   = 4096
	pgPacks      = 6
	// pgCopyRows bounds one COPY statement: PostgreSQL queues the foreign
	// key checks of a statement's rows in memory until it ends.
	pgCopyRows = 1 << 20
)

var pgLedgerColumns = []string{"id", "coop_id", "account_id", "kind", "booked_on", "due_on", "period", "amount", "description", "created_at"}

// pgSink turns the generator's entries into complete rows, the values
// that repeat boxed once.
type pgSink struct {
	fill      *filler[any]
	nextID    int64
	coop      any
	days      []any // booked_on (pgtype.Date) of each calendar day
	stamps    []any // created_at: midnight UTC of each calendar day
	kinds     [4]any
	chargeDay []int // calendar day of each month's charge
	due       []any // due_on of each month's charge
	periods   []any
	chgDesc   []any
	payDesc   any
	acct      int64Box
}

// newPgSink returns the sink of the ledger lc describes, sending to full;
// its filler stops with ctx.
func newPgSink(ctx context.Context, lc ledgerConfig, full chan<- *pack[any]) *pgSink {
	cal := lc.cal
	s := &pgSink{
		fill:      newFiller[any](ctx, full, 0, pgPacks, pgPackRows, pgLedgerCols, nil),
		nextID:    lc.firstID,
		coop:      lc.coopID,
		kinds:     [4]any{entryKindNames[0], entryKindNames[1], entryKindNames[2], entryKindNames[3]},
		chargeDay: cal.first,
		payDesc:   "Wpłata",
	}
	for d := 0; d < cal.days; d++ {
		date := cal.date(d)
		s.days = append(s.days, pgDate(date))
		s.stamps = append(s.stamps, date.In(time.UTC))
	}
	for mi, p := range cal.periods {
		s.due = append(s.due, s.days[cal.due[mi]])
		s.periods = append(s.periods, p.String())
		s.chgDesc = append(s.chgDesc, "Opłaty za "+p.Format())
	}
	return s
}

// row adds one row with the next id.
func (s *pgSink) row(account int64, kind int, day int, due, period any, amount int64, desc any) {
	v := s.fill.next()
	v[0], v[1], v[2], v[3], v[4] = s.nextID, s.coop, s.acct.of(account), s.kinds[kind], s.days[day]
	v[5], v[6], v[7], v[8], v[9] = due, period, amount, desc, s.stamps[day]
	s.nextID++
	s.fill.done()
}

// charge adds the month's charge.
func (s *pgSink) charge(account int64, month int, amount int64) {
	s.row(account, entryCharge, s.chargeDay[month], s.due[month], s.periods[month], amount, s.chgDesc[month])
}

// payment adds an ordinary payment.
func (s *pgSink) payment(account int64, day int, amount int64) {
	s.row(account, entryPayment, day, nil, nil, amount, s.payDesc)
}

// other adds any other entry.
func (s *pgSink) other(account int64, kind int, day int, amount int64, desc string) {
	s.row(account, kind, day, nil, nil, amount, desc)
}

// flush sends on the last pack.
func (s *pgSink) flush() { s.fill.flush() }

// pgSource hands the packs coming through full to CopyFrom, at most limit
// rows per COPY, and gives them back to fill once copied.
type pgSource struct {
	full  <-chan *pack[any]
	fill  *filler[any]
	cur   *pack[any]
	i     int
	n     int
	done  bool
	limit int
}

// Next moves to the next row, taking the next pack when needed; it
// reports false at the end of the ledger or of this COPY's share.
func (s *pgSource) Next() bool {
	if s.cur != nil {
		s.i++
		if s.i < s.cur.rows {
			return true
		}
		s.fill.recycle(s.cur)
		s.cur = nil
	}
	if s.n >= s.limit || s.done {
		return false
	}
	p, ok := <-s.full
	if !ok {
		s.done = true
		return false
	}
	s.cur, s.i = p, 0
	s.n += p.rows
	return p.rows > 0
}

// Values returns the current row's values.
func (s *pgSource) Values() ([]any, error) {
	return s.cur.vals[s.i*pgLedgerCols : (s.i+1)*pgLedgerCols], nil
}

// Err reports no error: the generator's errors come through streamLedger.
func (s *pgSource) Err() error { return nil }

// ledger stores the ledger that gen writes, COPYing it as it comes.
func (l *pgLoader) ledger(ctx context.Context, lc ledgerConfig, gen func(context.Context, ledgerSink) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	full := make(chan *pack[any], pgPacks)
	s := newPgSink(ctx, lc, full)
	return streamLedger(ctx, cancel, s, gen, full, func() error {
		return l.copyLedger(ctx, full, s.fill)
	})
}

// copyLedger copies the packs coming through full into ledger_entries,
// pgCopyRows rows per COPY at the most.
func (l *pgLoader) copyLedger(ctx context.Context, full <-chan *pack[any], fill *filler[any]) error {
	src := &pgSource{full: full, fill: fill}
	for !src.done {
		src.n, src.limit = 0, pgCopyRows
		if _, err := l.tx.CopyFrom(ctx, pgx.Identifier{"ledger_entries"}, pgLedgerColumns, src); err != nil {
			return fmt.Errorf("demo: copy ledger entries: %w", store.MapError(err))
		}
	}
	return nil
}
