package demo

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
)

// On PostgreSQL the demo is written in one pgx transaction on a connection
// taken from the pool: COPY for every table, the ledger streamed through a
// CopyFromSource fed by the generator goroutine. The tables are locked
// against other writers (readers go on) so that the explicit ids taken
// after the current maximum cannot collide, and the identity sequences are
// moved past them before commit.
//
// In a database without any cooperative yet (the usual place for a demo)
// the foreign keys of the filled tables are dropped for the load and added
// again before commit, which validates every row in one pass instead of
// one trigger query per row (half the time of the whole load). Elsewhere
// the rows are checked one by one and nobody else's reads wait.

type pgLoader struct {
	tx pgx.Tx
	// readd holds the statements restoring the dropped foreign keys.
	readd []string
}

func withPostgres(ctx context.Context, db *store.DB, fn func(loader) error) error {
	conn, err := db.WriteConn().Conn(ctx)
	if err != nil {
		return fmt.Errorf("demo: database connection: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("demo: PostgreSQL driver connection is %T, want *stdlib.Conn", dc)
		}
		pc := sc.Conn()
		tx, err := pc.Begin(ctx)
		if err != nil {
			return fmt.Errorf("demo: begin: %w", store.MapError(err))
		}
		l := &pgLoader{tx: tx}
		err = l.lock(ctx)
		if err != nil {
			err = fmt.Errorf("demo: lock tables: %w", err)
		} else {
			err = fn(l)
		}
		if err != nil {
			if rerr := tx.Rollback(context.Background()); rerr != nil {
				return errors.Join(err, rerr, driver.ErrBadConn)
			}
			return err
		}
		if err := tx.Commit(ctx); err != nil {
			return fmt.Errorf("demo: commit: %w", store.MapError(err))
		}
		return nil
	})
}

func pgDate(d civil.Date) pgtype.Date {
	return pgtype.Date{Time: time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC), Valid: true}
}

func (l *pgLoader) dateVal(d civil.Date) any {
	if d.IsZero() {
		return nil
	}
	return pgDate(d)
}

func (l *pgLoader) tsVal(d civil.Date) any { return d.In(time.UTC) }

func (l *pgLoader) exec(ctx context.Context, query string, args ...any) error {
	_, err := l.tx.Exec(ctx, query, args...)
	return store.MapError(err)
}

func (l *pgLoader) queryInt(ctx context.Context, query string, args ...any) (sql.NullInt64, error) {
	var v sql.NullInt64
	err := l.tx.QueryRow(ctx, query, args...).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return sql.NullInt64{}, nil
	}
	return v, err
}

// lock keeps other writers out of the tables until commit; in a database
// without cooperatives it also drops the tables' foreign keys until finish.
func (l *pgLoader) lock(ctx context.Context) error {
	if err := l.exec(ctx, "LOCK TABLE "+strings.Join(tables, ", ")+" IN EXCLUSIVE MODE"); err != nil {
		return err
	}
	var fresh bool
	if err := l.tx.QueryRow(ctx, `SELECT NOT EXISTS (SELECT 1 FROM cooperatives)`).Scan(&fresh); err != nil || !fresh {
		return err
	}
	rows, err := l.tx.Query(ctx, `SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname),
			format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
		FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY($1::regclass[])
		ORDER BY conrelid::regclass::text, conname`, tables)
	if err != nil {
		return err
	}
	var drop []string
	for rows.Next() {
		var d, a string
		if err := rows.Scan(&d, &a); err != nil {
			rows.Close()
			return err
		}
		drop, l.readd = append(drop, d), append(l.readd, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, q := range drop {
		if err := l.exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

func (l *pgLoader) nextID(ctx context.Context, table string) (int64, error) {
	v, err := l.queryInt(ctx, fmt.Sprintf(`SELECT GREATEST(
		COALESCE((SELECT MAX(id) FROM %[1]s), 0),
		COALESCE(pg_sequence_last_value(pg_get_serial_sequence('%[1]s', 'id')::regclass), 0))`, table))
	return v.Int64 + 1, err
}

func (l *pgLoader) started(int64) {}

// finish restores dropped foreign keys (validating every row) and moves
// each identity sequence past the ids stored explicitly.
func (l *pgLoader) finish(ctx context.Context, tables []string) error {
	for _, q := range l.readd {
		if err := l.exec(ctx, q); err != nil {
			return fmt.Errorf("demo: restore foreign key (%s): %w", q, err)
		}
	}
	l.readd = nil
	for _, t := range tables {
		err := l.exec(ctx, fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%[1]s', 'id'), m) FROM (SELECT MAX(id) AS m FROM %[1]s) x WHERE m IS NOT NULL`, t))
		if err != nil {
			return fmt.Errorf("demo: reset sequence of %s: %w", t, err)
		}
	}
	return nil
}

func (l *pgLoader) insert(ctx context.Context, table string, cols []string, rows [][]any) error {
	if _, err := l.tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("demo: copy into %s: %w", table, store.MapError(err))
	}
	return nil
}

const (
	pgLedgerCols = 10
	pgPackRows   = 4096
	// pgCopyRows bounds one COPY statement: PostgreSQL queues the foreign
	// key checks of a statement's rows in memory until it ends.
	pgCopyRows = 1 << 20
)

var pgLedgerColumns = []string{"id", "coop_id", "account_id", "kind", "booked_on", "due_on", "period", "amount", "description", "created_at"}

type pgPack struct {
	vals []any
	rows int
}

// pgSink fills packs of complete rows in the generator goroutine.
type pgSink struct {
	ctx      context.Context
	cur      *pgPack
	free     chan *pgPack
	full     chan *pgPack
	nextID   int64
	coop     any
	days     []any // booked_on (pgtype.Date) of each calendar day
	stamps   []any // created_at: midnight UTC of each calendar day
	kinds    [4]any
	periods  []any
	chgDesc  []any
	payDesc  any
	months   pgMonths
	lastAcct int64
	acctBox  any
}

func (s *pgSink) row(account int64, kind int, day int, due, period any, amount int64, desc any) {
	if s.cur == nil {
		select {
		case s.cur = <-s.free:
		case <-s.ctx.Done():
			panic(errSinkClosed)
		}
		s.cur.rows = 0
	}
	if account != s.lastAcct || s.acctBox == nil {
		s.lastAcct, s.acctBox = account, account
	}
	v := s.cur.vals[s.cur.rows*pgLedgerCols : (s.cur.rows+1)*pgLedgerCols]
	v[0], v[1], v[2], v[3], v[4] = s.nextID, s.coop, s.acctBox, s.kinds[kind], s.days[day]
	v[5], v[6], v[7], v[8], v[9] = due, period, amount, desc, s.stamps[day]
	s.nextID++
	s.cur.rows++
	if s.cur.rows == pgPackRows {
		s.send()
	}
}

func (s *pgSink) send() {
	select {
	case s.full <- s.cur:
		s.cur = nil
	case <-s.ctx.Done():
		panic(errSinkClosed)
	}
}

func (s *pgSink) charge(account int64, month int, amount int64) {
	// due days and periods are cached per day and month
	s.row(account, entryCharge, s.chargeDay(month), s.dueOf(month), s.periods[month], amount, s.chgDesc[month])
}

func (s *pgSink) payment(account int64, day int, amount int64) {
	s.row(account, entryPayment, day, nil, nil, amount, s.payDesc)
}

func (s *pgSink) other(account int64, kind int, day int, amount int64, desc string) {
	s.row(account, kind, day, nil, nil, amount, desc)
}

type pgMonths struct {
	first, due []int
}

func (s *pgSink) chargeDay(month int) int { return s.months.first[month] }
func (s *pgSink) dueOf(month int) any     { return s.days[s.months.due[month]] }

// pgSource hands packs to CopyFrom, at most pgCopyRows rows per COPY.
type pgSource struct {
	full  <-chan *pgPack
	free  chan<- *pgPack
	cur   *pgPack
	i     int
	n     int
	done  bool
	limit int
}

func (s *pgSource) Next() bool {
	if s.cur != nil {
		s.i++
		if s.i < s.cur.rows {
			return true
		}
		s.free <- s.cur
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

func (s *pgSource) Values() ([]any, error) {
	return s.cur.vals[s.i*pgLedgerCols : (s.i+1)*pgLedgerCols], nil
}

func (s *pgSource) Err() error { return nil }

func (l *pgLoader) ledger(ctx context.Context, lc ledgerConfig, gen func(context.Context, ledgerSink) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	const packs = 6
	s := &pgSink{
		ctx:     ctx,
		free:    make(chan *pgPack, packs),
		full:    make(chan *pgPack, packs),
		nextID:  lc.firstID,
		coop:    lc.coopID,
		kinds:   [4]any{entryKindNames[0], entryKindNames[1], entryKindNames[2], entryKindNames[3]},
		payDesc: "Wpłata",
		months:  pgMonths{first: lc.cal.first, due: lc.cal.due},
	}
	for d := 0; d < lc.cal.days; d++ {
		date := lc.cal.date(d)
		s.days = append(s.days, pgDate(date))
		s.stamps = append(s.stamps, date.In(time.UTC))
	}
	for mi, p := range lc.cal.periods {
		s.periods = append(s.periods, p.String())
		s.chgDesc = append(s.chgDesc, lc.chargeDsc[mi])
	}
	for range packs {
		s.free <- &pgPack{vals: make([]any, pgPackRows*pgLedgerCols)}
	}
	genErr := make(chan error, 1)
	go func() {
		genErr <- runSink(ctx, s, gen, func() {
			if s.cur != nil && s.cur.rows > 0 {
				s.send()
			}
		})
		close(s.full)
	}()
	src := &pgSource{full: s.full, free: s.free}
	var werr error
	for !src.done && werr == nil {
		src.n, src.limit = 0, pgCopyRows
		if _, err := l.tx.CopyFrom(ctx, pgx.Identifier{"ledger_entries"}, pgLedgerColumns, src); err != nil {
			werr = fmt.Errorf("demo: copy ledger entries: %w", store.MapError(err))
			cancel()
		}
	}
	if werr != nil {
		for range s.full { // let the generator finish unwinding
		}
	}
	if err := <-genErr; err != nil && werr == nil {
		return err
	}
	return werr
}
