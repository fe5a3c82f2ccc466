package demo

// The ledger on PostgreSQL goes in through COPY in the binary format, the
// ids explicit. The sink encodes every row itself, straight into the
// bytes of the COPY stream, from fields encoded once (the cooperative, the
// kinds, each day's date and timestamp, each month's period, due day and
// description): through pgx's CopyFrom every value of every row would be
// boxed and then encoded after a lookup of its type, which cost the
// generator more CPU than generating the ledger.

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/store"
)

const (
	pgLedgerCols = 10
	// pgPackBytes is the size at which a pack of encoded rows is sent on.
	pgPackBytes = 256 << 10
	pgPacks     = 6
	// pgCopyRows bounds one COPY statement: PostgreSQL queues the foreign
	// key checks of a statement's rows in memory until it ends.
	pgCopyRows = 1 << 20
)

var pgLedgerColumns = []string{"id", "coop_id", "account_id", "kind", "booked_on", "due_on", "period", "amount", "description", "created_at"}

// The binary COPY stream: a header (signature, flags, no extension), then
// each row as its number of fields and each field as its length (-1 for
// NULL) and value, then a trailer. The column types are those of
// ledger_entries: bigint, bigint, bigint, text, date, date, text, bigint,
// text, timestamptz.
var (
	pgCopyHeader  = []byte("PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00")
	pgCopyTrailer = []byte{0xff, 0xff}
	pgNull        = []byte{0xff, 0xff, 0xff, 0xff}
)

// pgEpoch is the Unix time of 2000-01-01, from which PostgreSQL counts the
// days of a date and the microseconds of a timestamp.
const pgEpoch = 946_684_800

// appendInt8 appends a bigint field.
func appendInt8(b []byte, v int64) []byte {
	b = binary.BigEndian.AppendUint32(b, 8)
	return binary.BigEndian.AppendUint64(b, uint64(v))
}

// appendText appends a text field.
func appendText(b []byte, s string) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

// pgSink encodes the generator's entries as rows of the COPY stream, in
// packs that go round between it and the writer.
type pgSink struct {
	ctx       context.Context
	free      chan *pack[byte]
	full      chan<- *pack[byte]
	cur       *pack[byte]
	nextID    int64
	coop      []byte   // coop_id field
	days      [][]byte // booked_on field of each calendar day
	stamps    [][]byte // created_at field: midnight UTC of each calendar day
	kinds     [4][]byte
	chargeDay []int    // calendar day of each month's charge
	due       [][]byte // due_on field of each month's charge
	periods   [][]byte
	chgDesc   [][]byte
	payDesc   []byte
}

// newPgSink returns the sink of the ledger lc describes, sending to full;
// it stops with ctx.
func newPgSink(ctx context.Context, lc ledgerConfig, full chan<- *pack[byte]) *pgSink {
	cal := lc.cal
	s := &pgSink{
		ctx:       ctx,
		free:      make(chan *pack[byte], pgPacks),
		full:      full,
		nextID:    lc.firstID,
		coop:      appendInt8(nil, lc.coopID),
		chargeDay: cal.first,
		payDesc:   appendText(nil, "Wpłata"),
	}
	for range pgPacks {
		s.free <- &pack[byte]{vals: make([]byte, 0, pgPackBytes+4096)}
	}
	for k := range s.kinds {
		s.kinds[k] = appendText(nil, entryKindNames[k])
	}
	for d := 0; d < cal.days; d++ {
		secs := cal.date(d).In(time.UTC).Unix() - pgEpoch
		s.days = append(s.days, binary.BigEndian.AppendUint32([]byte{0, 0, 0, 4}, uint32(int32(secs/86400))))
		s.stamps = append(s.stamps, appendInt8(nil, secs*1_000_000))
	}
	for mi, p := range cal.periods {
		s.due = append(s.due, s.days[cal.due[mi]])
		s.periods = append(s.periods, appendText(nil, p.String()))
		s.chgDesc = append(s.chgDesc, appendText(nil, "Opłaty za "+p.Format()))
	}
	return s
}

// begin starts a row with the next id, encoding the fields up to the
// amount; the caller appends the description and calls end.
func (s *pgSink) begin(account int64, kind int, day int, due, period []byte, amount int64) []byte {
	if s.cur == nil {
		select {
		case s.cur = <-s.free:
		case <-s.ctx.Done():
			panic(errSinkClosed)
		}
		s.cur.vals, s.cur.rows = s.cur.vals[:0], 0
	}
	b := binary.BigEndian.AppendUint16(s.cur.vals, pgLedgerCols)
	b = appendInt8(b, s.nextID)
	b = append(b, s.coop...)
	b = appendInt8(b, account)
	b = append(b, s.kinds[kind]...)
	b = append(b, s.days[day]...)
	b = append(b, due...)
	b = append(b, period...)
	return appendInt8(b, amount)
}

// end finishes the row begin started with its creation stamp, sending the
// pack on when it is full.
func (s *pgSink) end(b []byte, day int) {
	s.cur.vals = append(b, s.stamps[day]...)
	s.cur.rows++
	s.nextID++
	if len(s.cur.vals) >= pgPackBytes {
		s.send()
	}
}

// charge adds the month's charge.
func (s *pgSink) charge(account int64, month int, amount int64) {
	day := s.chargeDay[month]
	b := s.begin(account, entryCharge, day, s.due[month], s.periods[month], amount)
	s.end(append(b, s.chgDesc[month]...), day)
}

// payment adds an ordinary payment.
func (s *pgSink) payment(account int64, day int, amount int64) {
	b := s.begin(account, entryPayment, day, pgNull, pgNull, amount)
	s.end(append(b, s.payDesc...), day)
}

// other adds any other entry.
func (s *pgSink) other(account int64, kind int, day int, amount int64, desc string) {
	b := s.begin(account, kind, day, pgNull, pgNull, amount)
	s.end(appendText(b, desc), day)
}

// flush sends on the last, partly filled pack.
func (s *pgSink) flush() {
	if s.cur != nil && s.cur.rows > 0 {
		s.send()
	}
}

// send hands the current pack to the writer.
func (s *pgSink) send() {
	select {
	case s.full <- s.cur:
		s.cur = nil
	case <-s.ctx.Done():
		panic(errSinkClosed)
	}
}

// pgSource is the COPY stream of the packs coming through full, at most
// limit rows (rounded up to a whole pack) per COPY; it gives the packs
// back to free once read.
type pgSource struct {
	full    <-chan *pack[byte]
	free    chan<- *pack[byte]
	cur     *pack[byte]
	pending []byte // bytes still to be read: header, pack or trailer
	n       int    // rows of this COPY so far
	limit   int
	ended   bool // this COPY's trailer is pending or read
	done    bool // the generator has closed full
}

// restart begins the stream of the next COPY.
func (s *pgSource) restart() {
	s.pending, s.n, s.ended = pgCopyHeader, 0, false
}

// Read fills p with the stream, waiting for the next pack only when it
// has nothing to return yet.
func (s *pgSource) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(s.pending) > 0 {
			c := copy(p[n:], s.pending)
			s.pending, n = s.pending[c:], n+c
			continue
		}
		if s.cur != nil {
			s.free <- s.cur // never blocks: free has room for every pack
			s.cur = nil
		}
		if s.ended {
			break
		}
		if s.done || s.n >= s.limit {
			s.pending, s.ended = pgCopyTrailer, true
			continue
		}
		var pk *pack[byte]
		ok := true
		if n == 0 {
			pk, ok = <-s.full
		} else {
			select {
			case pk, ok = <-s.full:
			default:
				return n, nil
			}
		}
		if !ok {
			s.done = true
			continue
		}
		s.cur, s.pending = pk, pk.vals
		s.n += pk.rows
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

// ledger stores the ledger that gen writes, COPYing it as it comes.
func (l *pgLoader) ledger(ctx context.Context, lc ledgerConfig, gen func(context.Context, ledgerSink) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	full := make(chan *pack[byte], pgPacks)
	s := newPgSink(ctx, lc, full)
	return streamLedger(ctx, cancel, s, gen, full, func() error {
		return l.copyLedger(ctx, full, s.free)
	})
}

// copyLedger copies the packs coming through full into ledger_entries,
// about pgCopyRows rows per COPY at the most.
func (l *pgLoader) copyLedger(ctx context.Context, full <-chan *pack[byte], free chan<- *pack[byte]) error {
	src := &pgSource{full: full, free: free, limit: pgCopyRows}
	query := "COPY ledger_entries (" + strings.Join(pgLedgerColumns, ", ") + ") FROM STDIN (FORMAT binary)"
	for !src.done {
		src.restart()
		if _, err := l.tx.Conn().PgConn().CopyFrom(ctx, src, query); err != nil {
			return fmt.Errorf("demo: copy ledger entries: %w", store.MapError(err))
		}
	}
	return nil
}
