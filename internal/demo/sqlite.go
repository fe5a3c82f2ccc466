package demo

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
)

// On SQLite the demo is written through the driver connection of the
// single writer, below database/sql: multi-row INSERT statements prepared
// once, argument slices filled by the generator goroutine while the writer
// executes the previous batch.
//
// The register goes in with the first part of the ledger in one
// transaction; the rest of the ledger is committed every ~250,000 rows and
// checkpointed from another connection while the writer goes on, which
// takes the copying of pages from the WAL into the database off the
// writer's core and keeps the WAL small (one 23-million-row transaction
// would leave a WAL as large as the database). If generation fails after
// the first commit, the rows of the new cooperative are deleted again.
//
// For the duration of the load the connection skips foreign-key and CHECK
// enforcement (PRAGMA foreign_keys=OFF, ignore_check_constraints=ON; the
// kind IN (…) checks alone halve the insert rate) and uses a 64 MiB page
// cache; the previous settings are restored afterwards and the connection
// is discarded if that fails. The generated rows satisfy every constraint:
// the same generator runs on PostgreSQL, which enforces all of them, in
// the tests, and the SQLite tests run PRAGMA foreign_key_check.

type liteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
}

type liteLoader struct {
	c       liteConn
	db      *store.DB
	tx      driver.Tx
	commits int   // transactions committed so far
	coopID  int64 // set once the cooperative's id is known
}

func withSQLite(ctx context.Context, db *store.DB, fn func(loader) error) error {
	conn, err := db.WriteConn().Conn(ctx)
	if err != nil {
		return fmt.Errorf("demo: writer connection: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		c, ok := dc.(liteConn)
		if !ok {
			return fmt.Errorf("demo: SQLite driver connection %T lacks the needed interfaces", dc)
		}
		l := &liteLoader{c: c, db: db}
		restore, err := l.bulkSettings(ctx)
		if err != nil {
			return err
		}
		err = l.inTx(ctx, fn)
		if rerr := restore(); rerr != nil {
			// Never hand back a connection without foreign keys.
			return errors.Join(err, rerr, driver.ErrBadConn)
		}
		return err
	})
}

// bulkSettings switches the connection to bulk-load settings and returns
// a function restoring the previous ones.
func (l *liteLoader) bulkSettings(ctx context.Context) (func() error, error) {
	type setting struct {
		name string
		bulk int64
		old  int64
	}
	settings := []setting{
		{name: "foreign_keys", bulk: 0},
		{name: "ignore_check_constraints", bulk: 1},
		{name: "cache_size", bulk: -65536},
		{name: "wal_autocheckpoint", bulk: 0}, // the checkpointer does it
	}
	for i := range settings {
		v, err := l.queryInt(ctx, "PRAGMA "+settings[i].name)
		if err != nil {
			return nil, fmt.Errorf("demo: read PRAGMA %s: %w", settings[i].name, err)
		}
		settings[i].old = v.Int64
	}
	restore := func() error {
		var errs []error
		for _, s := range settings {
			if err := l.exec(context.Background(), "PRAGMA "+s.name+" = "+strconv.FormatInt(s.old, 10)); err != nil {
				errs = append(errs, fmt.Errorf("demo: restore PRAGMA %s: %w", s.name, err))
			}
		}
		return errors.Join(errs...)
	}
	for _, s := range settings {
		if err := l.exec(ctx, "PRAGMA "+s.name+" = "+strconv.FormatInt(s.bulk, 10)); err != nil {
			return nil, errors.Join(fmt.Errorf("demo: PRAGMA %s: %w", s.name, err), restore())
		}
	}
	return restore, nil
}

func (l *liteLoader) inTx(ctx context.Context, fn func(loader) error) error {
	var err error
	if l.tx, err = l.c.BeginTx(ctx, driver.TxOptions{}); err != nil {
		return fmt.Errorf("demo: begin: %w", store.MapError(err))
	}
	if err := fn(l); err != nil {
		if l.tx != nil {
			err = errors.Join(err, l.tx.Rollback())
		}
		if l.commits > 0 {
			err = errors.Join(err, l.cleanup())
		}
		return err
	}
	if err := l.tx.Commit(); err != nil {
		err = fmt.Errorf("demo: commit: %w", store.MapError(err))
		if l.commits > 0 {
			err = errors.Join(err, l.cleanup())
		}
		return err
	}
	// Leave the database checkpointed, as an ordinary commit would.
	return l.exec(ctx, "PRAGMA wal_checkpoint(PASSIVE)")
}

// commit commits the rows so far; begin starts the next transaction.
func (l *liteLoader) commit() error {
	err := l.tx.Commit()
	l.tx = nil
	if err != nil {
		return fmt.Errorf("demo: commit: %w", store.MapError(err))
	}
	l.commits++
	return nil
}

func (l *liteLoader) begin(ctx context.Context) error {
	var err error
	if l.tx, err = l.c.BeginTx(ctx, driver.TxOptions{}); err != nil {
		return fmt.Errorf("demo: begin: %w", store.MapError(err))
	}
	return nil
}

// cleanup deletes what was committed of a generation that failed.
func (l *liteLoader) cleanup() error {
	ctx := context.Background()
	tx, err := l.c.BeginTx(ctx, driver.TxOptions{})
	if err != nil {
		return fmt.Errorf("demo: clean up: %w", err)
	}
	for i := len(tables) - 1; i >= 0; i-- {
		col := "coop_id"
		if tables[i] == "cooperatives" {
			col = "id"
		}
		if err := l.exec(ctx, "DELETE FROM "+tables[i]+" WHERE "+col+" = $1", l.coopID); err != nil {
			return errors.Join(fmt.Errorf("demo: clean up %s: %w", tables[i], err), tx.Rollback())
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("demo: clean up: %w", err)
	}
	return nil
}

func (l *liteLoader) dateVal(d civil.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// liteMidnight is how the driver (with _time_format=sqlite) writes a
// time.Time at midnight UTC after the date.
const liteMidnight = " 00:00:00+00:00"

func (l *liteLoader) tsVal(d civil.Date) any { return d.String() + liteMidnight }

func namedValues(args []any) []driver.NamedValue {
	nv := make([]driver.NamedValue, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case int:
			a = int64(v)
		case int32:
			a = int64(v)
		case int8:
			a = int64(v)
		case uint8:
			a = int64(v)
		}
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return nv
}

func (l *liteLoader) exec(ctx context.Context, query string, args ...any) error {
	_, err := l.c.ExecContext(ctx, query, namedValues(args))
	return store.MapError(err)
}

func (l *liteLoader) queryInt(ctx context.Context, query string, args ...any) (sql.NullInt64, error) {
	rows, err := l.c.QueryContext(ctx, query, namedValues(args))
	if err != nil {
		return sql.NullInt64{}, err
	}
	defer rows.Close()
	dest := make([]driver.Value, len(rows.Columns()))
	if err := rows.Next(dest); err != nil {
		if err == io.EOF {
			return sql.NullInt64{}, nil
		}
		return sql.NullInt64{}, err
	}
	switch v := dest[0].(type) {
	case nil:
		return sql.NullInt64{}, nil
	case int64:
		return sql.NullInt64{Int64: v, Valid: true}, nil
	}
	return sql.NullInt64{}, fmt.Errorf("demo: %q returned %T, want an integer", query, dest[0])
}

func (l *liteLoader) nextID(ctx context.Context, table string) (int64, error) {
	v, err := l.queryInt(ctx, "SELECT COALESCE(MAX(id), 0) FROM "+table)
	return v.Int64 + 1, err
}

func (l *liteLoader) finish(context.Context, []string) error { return nil }

func (l *liteLoader) started(coopID int64) { l.coopID = coopID }

// multiRow returns an INSERT of n rows into table.
func multiRow(table string, cols []string, n int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(row)
	}
	return b.String()
}

func (l *liteLoader) insert(ctx context.Context, table string, cols []string, rows [][]any) error {
	per := min(len(rows), 20000/len(cols))
	if per == 0 {
		return nil
	}
	var stmt driver.Stmt
	defer func() {
		if stmt != nil {
			stmt.Close()
		}
	}()
	args := make([]any, 0, per*len(cols))
	for len(rows) > 0 {
		n := min(per, len(rows))
		if stmt == nil || n != per {
			if stmt != nil {
				stmt.Close()
			}
			var err error
			if stmt, err = l.c.PrepareContext(ctx, multiRow(table, cols, n)); err != nil {
				return fmt.Errorf("demo: prepare insert into %s: %w", table, err)
			}
		}
		args = args[:0]
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		if _, err := stmt.(driver.StmtExecContext).ExecContext(ctx, namedValues(args)); err != nil {
			return fmt.Errorf("demo: insert into %s: %w", table, store.MapError(err))
		}
		rows = rows[n:]
	}
	return nil
}

// The ledger goes in as two streams of rows. Charges and ordinary
// payments (all but ~1% of the rows) bind four values (account, 0 for a
// charge or 1 for a payment, booked_on, amount) and the statement derives
// the rest; the few other entries bind kind and description as well.
// Rows reach the table in the order generated except those few, which
// come a little later; ids do not matter (ledger_entries.id is the
// rowid, assigned on insert; nothing refers to it).
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

func (st *liteStream) packRows() int { return st.rowsPerStmt * st.stmtsPerPack }

var liteStreams = [2]liteStream{
	{cols: 4, rowsPerStmt: 1000, stmtsPerPack: 4, sql: liteMainSQL},
	{cols: 5, rowsPerStmt: 200, stmtsPerPack: 2, sql: liteOtherSQL},
}

func valuesList(b *strings.Builder, cols, rows int) {
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(row)
	}
	b.WriteString(")")
}

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
	valuesList(&b, 4, rows)
	return b.String()
}

func liteOtherSQL(coopID int64, _ int, rows int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `INSERT INTO ledger_entries (coop_id, account_id, kind, booked_on, amount, description, created_at)
SELECT %d, column1, column2, column3, column4, column5, column3 || '%s'
FROM (VALUES `, coopID, liteMidnight)
	valuesList(&b, 5, rows)
	return b.String()
}

// litePack is a batch of one stream's rows as driver arguments.
type litePack struct {
	stream int
	vals   []driver.NamedValue
	rows   int
}

// liteSink fills packs in the generator goroutine.
type liteSink struct {
	ctx    context.Context
	cur    [2]*litePack
	free   [2]chan *litePack
	full   chan *litePack
	days   []any // booked_on text of each calendar day
	chgDay []any // booked_on of each month's charge
	kinds  [4]any

	lastAcct    int64
	lastAcctBox any
	lastAmt     [2]int64
	lastAmtBox  [2]any
}

// next returns the values of the stream's next row; done then counts the
// row in and sends the pack on when it is full.
func (s *liteSink) next(stream int) []driver.NamedValue {
	p := s.cur[stream]
	if p == nil {
		select {
		case p = <-s.free[stream]:
		case <-s.ctx.Done():
			panic(errSinkClosed)
		}
		p.rows = 0
		s.cur[stream] = p
	}
	cols := liteStreams[stream].cols
	return p.vals[p.rows*cols : (p.rows+1)*cols]
}

func (s *liteSink) done(stream int) {
	p := s.cur[stream]
	if p.rows++; p.rows == liteStreams[stream].packRows() {
		s.send(stream)
	}
}

func (s *liteSink) send(stream int) {
	select {
	case s.full <- s.cur[stream]:
		s.cur[stream] = nil
	case <-s.ctx.Done():
		panic(errSinkClosed)
	}
}

func (s *liteSink) account(account int64) any {
	if account != s.lastAcct || s.lastAcctBox == nil {
		s.lastAcct, s.lastAcctBox = account, account
	}
	return s.lastAcctBox
}

// amount boxes an amount, reusing the last box of its sign: charges and
// payments repeat the same amounts month after month.
func (s *liteSink) amount(amount int64) any {
	slot := 0
	if amount < 0 {
		slot = 1
	}
	if amount != s.lastAmt[slot] || s.lastAmtBox[slot] == nil {
		s.lastAmt[slot], s.lastAmtBox[slot] = amount, amount
	}
	return s.lastAmtBox[slot]
}

func (s *liteSink) main(account int64, kind int, day any, amount int64) {
	v := s.next(0)
	v[0].Value, v[1].Value, v[2].Value, v[3].Value = s.account(account), s.kinds[kind], day, s.amount(amount)
	s.done(0)
}

func (s *liteSink) charge(account int64, month int, amount int64) {
	s.main(account, entryCharge, s.chgDay[month], amount)
}

func (s *liteSink) payment(account int64, day int, amount int64) {
	s.main(account, entryPayment, s.days[day], amount)
}

func (s *liteSink) other(account int64, kind int, day int, amount int64, desc string) {
	v := s.next(1)
	v[0].Value, v[1].Value, v[2].Value, v[3].Value, v[4].Value = s.account(account), entryKindNames[kind], s.days[day], amount, desc
	s.done(1)
}

// errSinkClosed unwinds the generator when the writer has stopped.
var errSinkClosed = errors.New("demo: ledger writer stopped")

func (l *liteLoader) ledger(ctx context.Context, lc ledgerConfig, gen func(context.Context, ledgerSink) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s := &liteSink{
		ctx:   ctx,
		full:  make(chan *litePack, 4),
		days:  make([]any, lc.cal.days),
		kinds: [4]any{int64(0), int64(1)},
	}
	for d := range s.days {
		s.days[d] = lc.cal.date(d).String()
	}
	for _, fd := range lc.cal.first {
		s.chgDay = append(s.chgDay, s.days[fd])
	}
	for i := range liteStreams {
		st := &liteStreams[i]
		const packs = 3
		s.free[i] = make(chan *litePack, packs)
		for range packs {
			p := &litePack{stream: i, vals: make([]driver.NamedValue, st.packRows()*st.cols)}
			for j := range p.vals {
				p.vals[j].Ordinal = j%(st.rowsPerStmt*st.cols) + 1
			}
			s.free[i] <- p
		}
	}
	genErr := make(chan error, 1)
	go func() {
		genErr <- runSink(ctx, s, gen, func() {
			for i := range s.cur {
				if s.cur[i] != nil && s.cur[i].rows > 0 {
					s.send(i)
				}
			}
		})
		close(s.full)
	}()

	// The checkpointer copies committed pages into the database file on
	// the other core while the writer goes on. A request with a reply
	// channel is answered once the checkpoint is done.
	kick := make(chan chan struct{}, 1)
	ckptDone := make(chan error, 1)
	go func() {
		var err error
		for reply := range kick {
			var busy, log, done int64
			if e := l.db.Read().QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &log, &done); e != nil && err == nil && ctx.Err() == nil {
				err = fmt.Errorf("demo: checkpoint: %w", e)
			}
			if reply != nil {
				close(reply)
			}
		}
		ckptDone <- err
	}()
	// next commits what the writer has stored and begins again.
	commits := 0
	next := func() error {
		if err := l.commit(); err != nil {
			return err
		}
		if commits++; commits%liteTxPerRestart == 0 {
			reply := make(chan struct{})
			kick <- reply
			<-reply
		} else {
			select {
			case kick <- nil:
			default: // a checkpoint is already due
			}
		}
		return l.begin(ctx)
	}

	var stmts [2]driver.StmtExecContext
	var werr error
	for i := range liteStreams {
		st, err := l.c.PrepareContext(ctx, liteStreams[i].sql(lc.coopID, lc.dueDay, liteStreams[i].rowsPerStmt))
		if err != nil {
			werr = fmt.Errorf("demo: prepare ledger insert: %w", err)
			cancel()
			break
		}
		defer st.Close()
		stmts[i] = st.(driver.StmtExecContext)
	}
	stored := 0
	for p := range s.full {
		if werr != nil {
			continue // drain until the generator notices
		}
		st := &liteStreams[p.stream]
		per := st.rowsPerStmt * st.cols
		full := p.rows / st.rowsPerStmt
		for k := 0; k < full && werr == nil; k++ {
			_, werr = stmts[p.stream].ExecContext(ctx, p.vals[k*per:(k+1)*per])
		}
		if rest := p.rows % st.rowsPerStmt; rest > 0 && werr == nil {
			werr = l.execOnce(ctx, st.sql(lc.coopID, lc.dueDay, rest), p.vals[full*per:full*per+rest*st.cols])
		}
		if werr == nil && p.stream == 0 {
			if stored++; stored%litePacksPerTx == 0 {
				werr = next()
			}
		}
		if werr != nil {
			werr = fmt.Errorf("demo: insert ledger entries: %w", store.MapError(werr))
			cancel()
			continue
		}
		s.free[p.stream] <- p
	}
	close(kick)
	werr = errors.Join(werr, <-ckptDone)
	if err := <-genErr; err != nil && werr == nil {
		return err
	}
	return werr
}

func (l *liteLoader) execOnce(ctx context.Context, query string, vals []driver.NamedValue) error {
	stmt, err := l.c.PrepareContext(ctx, query)
	if err != nil {
		return err
	}
	defer stmt.Close()
	_, err = stmt.(driver.StmtExecContext).ExecContext(ctx, vals)
	return err
}

// runSink runs gen, turning the sink's unwinding panic back into an error,
// and calls flush after a successful run.
func runSink(ctx context.Context, s ledgerSink, gen func(context.Context, ledgerSink) error, flush func()) (err error) {
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
	flush()
	return nil
}
