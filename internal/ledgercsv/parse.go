package ledgercsv

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
)

// Limits that keep a bad or hostile file from exhausting memory.
const (
	// MaxProblems is how many problems a Report lists; it counts the rest
	// in Omitted.
	MaxProblems = 1000
	// MaxRecords is how many entries a file may hold. Reading stops after
	// it with a problem; the check for duplicate ids needs 12 bytes an entry.
	MaxRecords = 5_000_000
	// MaxRecordBytes is about how long one record may be. A longer one,
	// usually a quotation mark left open, stops reading with a problem.
	MaxRecordBytes = 64 << 10
)

// readAhead is how far encoding/csv reads past the end of a record.
const readAhead = 4096

// Problem is one thing wrong with a file, for staff to fix in the
// accounting system before importing it again.
type Problem struct {
	Line   int    // line of the file, from 1; for an entry, the line it starts on
	Column string // the column as the file's header names it; empty for a whole line or file
	Msg    string // what is wrong and how to fix it, in Polish
}

// InLineOrder returns the problems of both lists in one list ordered by
// line (a stable merge: problems of one line keep their order, the first
// list's first). An importer uses it to list a file's own problems and
// those it found against the database together.
func InLineOrder(a, b []Problem) []Problem {
	out := make([]Problem, 0, len(a)+len(b))
	out = append(append(out, a...), b...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out
}

// String returns the problem as one line of Polish text.
func (p Problem) String() string {
	if p.Column == "" {
		return fmt.Sprintf("wiersz %d: %s", p.Line, p.Msg)
	}
	return fmt.Sprintf("wiersz %d, kolumna %s: %s", p.Line, p.Column, p.Msg)
}

// Report is what reading a file found.
type Report struct {
	Problems []Problem         // at most MaxProblems, in line order
	Omitted  int               // problems found beyond MaxProblems
	Records  int               // entries read, good and bad, not counting the header
	Bad      int               // entries with at least one problem
	Comma    rune              // the separator the file uses: ';' or ','
	SHA256   [sha256.Size]byte // of the file's bytes, all of them even if reading stopped early
}

// OK reports whether the file has no problem at all and so may be applied.
func (r *Report) OK() bool {
	return len(r.Problems) == 0 && r.Omitted == 0
}

// File is a whole file read into memory: its good entries and the report.
// Use it for files of moderate size; ParseFunc handles any size.
type File struct {
	Report
	Rows []Row // the entries without any problem (a repeated id is one), in file order
}

// Parse reads a whole file. Problems with its content are reported in the
// File, never as an error; the error is for failing to read r.
func Parse(r io.Reader) (*File, error) {
	f := &File{}
	repeated := map[int]bool{}
	rep, err := parse(r, func(row Row) error {
		f.Rows = append(f.Rows, row)
		return nil
	}, func(line int) { repeated[line] = true })
	if err != nil {
		return nil, err
	}
	f.Report = *rep
	if len(repeated) > 0 {
		f.Rows = slices.DeleteFunc(f.Rows, func(row Row) bool { return repeated[row.Line] })
	}
	return f, nil
}

// ParseFunc reads a file of any size with memory that does not grow with it
// (except for 12 bytes an entry to find repeated ids), calling fn for each
// entry without problems, in file order, as it goes.
//
// Repeated external ids are found only at the end, so fn may already have
// seen entries of a file that turns out to be faulty: stage what fn gets
// (in a transaction, say) and apply it only if the Report is OK. fn is not
// called at all if the header is faulty. If fn returns an error, reading
// stops and ParseFunc returns it, wrapped with the line. Problems with the
// file's content are reported in the Report; the error is for failing to
// read r or for fn's error. fn may be nil, for a dry run of a large file.
func ParseFunc(r io.Reader, fn func(Row) error) (*Report, error) {
	return parse(r, fn, nil)
}

// parse is ParseFunc, also calling repeated, unless nil, with the line of
// every entry whose external id an earlier entry has.
func parse(r io.Reader, fn func(Row) error, repeated func(line int)) (*Report, error) {
	return newParser().run(r, fn, repeated)
}

// newParser returns a parser for one file.
func newParser() *parser {
	return &parser{ids: newIDIndex(), maxRecords: MaxRecords}
}

// run reads r, as parse does.
func (p *parser) run(r io.Reader, fn func(Row) error, repeated func(line int)) (*Report, error) {
	hash := sha256.New()
	br := bufio.NewReaderSize(io.TeeReader(r, hash), 64<<10)
	if err := p.read(br, fn); err != nil {
		return nil, err
	}
	// Whatever made reading stop early, the hash covers the whole file.
	if _, err := io.Copy(io.Discard, br); err != nil {
		return nil, fmt.Errorf("ledgercsv: reading: %w", err)
	}
	p.finish(repeated)
	hash.Sum(p.rep.SHA256[:0])
	return &p.rep, nil
}

// parser holds the state of one ParseFunc call.
type parser struct {
	rep        Report
	sink       problems
	hdr        *header
	ids        *idIndex
	maxRecords int // MaxRecords, but for tests
}

// read reads the header and the records, stopping early only for a record
// too long, too many records or an error.
func (p *parser) read(br *bufio.Reader, fn func(Row) error) error {
	if err := skipBOM(br); err != nil {
		return err
	}
	comma, err := detectComma(br)
	if err != nil {
		return err
	}
	p.rep.Comma = comma
	lim := &limitReader{r: br, max: MaxRecordBytes + readAhead}
	cr := csv.NewReader(lim)
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	prev := 0 // the line of the previous record
	for {
		rec, err := cr.Read()
		line, stop, err := p.lineOf(cr, lim, rec, err, prev)
		if stop || err != nil {
			return err
		}
		if line == 0 {
			continue // a record csv could not parse, already reported
		}
		prev = line
		if p.rep.Records == p.maxRecords {
			p.sink.add(Problem{Line: line, Msg: fmt.Sprintf("Plik ma więcej niż %d wpisów; podziel go na mniejsze. "+
				"Dalsza część pliku nie została sprawdzona", p.maxRecords)})
			return nil
		}
		if err := p.use(rec, line, fn); err != nil {
			return err
		}
	}
}

// lineOf interprets the result of csv.Reader.Read. It returns the record's
// line, or 0 for a record that could not be parsed (reported here); stop
// for the end of reading; and an error for failing to read. prev is the
// line of the previous record, 0 before the header, for when csv cannot
// tell the line.
func (p *parser) lineOf(cr *csv.Reader, lim *limitReader, rec []string, err error, prev int) (line int, stop bool, _ error) {
	tooLong := lim.tripped
	lim.reset()
	var pe *csv.ParseError
	switch {
	case tooLong:
		line = prev + 1
		if len(rec) > 0 {
			line, _ = cr.FieldPos(0)
		}
		p.sink.add(Problem{Line: line, Msg: fmt.Sprintf("Wiersz jest za długi (ponad %d KiB) – czy nie brakuje "+
			"zamykającego cudzysłowu? Dalsza część pliku nie została sprawdzona", MaxRecordBytes>>10)})
		p.countBad()
		return 0, true, nil
	case err == io.EOF:
		if p.hdr == nil {
			p.sink.add(Problem{Line: 1, Msg: "Plik jest pusty: brak wiersza nagłówka"})
		}
		return 0, true, nil
	case errors.As(err, &pe):
		msg := quoteProblem(pe)
		if p.hdr == nil {
			msg += "; bez poprawnego nagłówka nie można sprawdzić pliku"
		}
		p.sink.add(Problem{Line: pe.StartLine, Msg: msg})
		p.countBad()
		return 0, p.hdr == nil, nil
	case err != nil:
		return 0, true, fmt.Errorf("ledgercsv: reading: %w", err)
	}
	line, _ = cr.FieldPos(0)
	if line > math.MaxInt32 {
		p.sink.add(Problem{Line: line, Msg: "Plik ma zbyt wiele wierszy. Dalsza część pliku nie została sprawdzona"})
		return 0, true, nil
	}
	return line, false, nil
}

// countBad counts a record that could not be read, unless it is the header.
func (p *parser) countBad() {
	if p.hdr != nil {
		p.rep.Records++
		p.rep.Bad++
	}
}

// use takes the header or checks one record.
func (p *parser) use(rec []string, line int, fn func(Row) error) error {
	if p.hdr == nil {
		p.hdr = parseHeader(rec, line, &p.sink)
		return nil
	}
	return p.record(rec, line, fn)
}

// quoteProblem explains a csv.ParseError in Polish.
func quoteProblem(pe *csv.ParseError) string {
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return "Cudzysłów w polu, które nie jest ujęte w cudzysłów: pole z cudzysłowem, średnikiem lub przecinkiem " +
			"ujmij w cudzysłów, a cudzysłów w jego środku podwój"
	case pe.Line != pe.StartLine:
		return fmt.Sprintf("Niezamknięty lub nieprawidłowy cudzysłów (wpis zaczyna się tu, błąd jest w wierszu %d)", pe.Line)
	}
	return "Niezamknięty lub nieprawidłowy cudzysłów: po zamykającym cudzysłowie musi być separator albo koniec wiersza"
}

// record checks one entry and hands it to fn if it has no problem.
func (p *parser) record(rec []string, line int, fn func(Row) error) error {
	p.rep.Records++
	row, ok := checkRow(p.hdr, rec, line, &p.sink)
	p.ids.add(row.ExternalID, line, !ok)
	if !ok {
		p.rep.Bad++
		return nil
	}
	if !p.hdr.ok || fn == nil {
		return nil
	}
	if err := fn(row); err != nil {
		return fmt.Errorf("ledgercsv: line %d: %w", line, err)
	}
	return nil
}

// finish reports repeated ids, also to repeated unless it is nil, and puts
// the problems in line order.
func (p *parser) finish(repeated func(line int)) {
	if p.hdr != nil {
		p.rep.Bad += p.ids.report(p.hdr.name(colExternalID), &p.sink, repeated)
	}
	slices.SortStableFunc(p.sink.list, func(a, b Problem) int { return a.Line - b.Line })
	p.rep.Problems = p.sink.list
	p.rep.Omitted = p.sink.omitted
}

// problems collects problems, listing at most MaxProblems.
type problems struct {
	list    []Problem
	omitted int
}

// add records one problem.
func (s *problems) add(p Problem) {
	if len(s.list) < MaxProblems {
		s.list = append(s.list, p)
		return
	}
	s.omitted++
}

// skipBOM drops a UTF-8 byte order mark at the start of the file.
func skipBOM(br *bufio.Reader) error {
	b, err := br.Peek(3)
	if err != nil && err != io.EOF {
		return fmt.Errorf("ledgercsv: reading: %w", err)
	}
	if bytes.Equal(b, []byte("\uFEFF")) {
		_, _ = br.Discard(3) // cannot fail: the bytes are buffered
	}
	return nil
}

// detectComma picks the separator from the header line, the first that
// is not empty: ';' if it has one, else ',' if it has one, else ';'.
func detectComma(br *bufio.Reader) (rune, error) {
	for n := 256; ; n *= 2 {
		n = min(n, br.Size())
		b, err := br.Peek(n)
		// Empty lines before the header are skipped, as encoding/csv does.
		rest := bytes.TrimLeft(b, "\r\n")
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			return pickComma(rest[:i]), nil
		}
		b = rest
		if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			return 0, fmt.Errorf("ledgercsv: reading: %w", err)
		}
		if err != nil || n == br.Size() {
			return pickComma(b), nil
		}
	}
}

// pickComma chooses the separator of a header line.
func pickComma(line []byte) rune {
	if bytes.IndexByte(line, ';') < 0 && bytes.IndexByte(line, ',') >= 0 {
		return ','
	}
	return ';'
}

// ledgerError is an error of this package that can be a constant.
type ledgerError string

// Error returns the error's text.
func (e ledgerError) Error() string { return string(e) }

// errRecordTooLong stops csv.Reader in a record longer than the limit.
const errRecordTooLong ledgerError = "ledgercsv: record too long"

// limitReader fails once more than max bytes are read without n being reset,
// which the parser does after every record, so that one endless record
// cannot make csv.Reader buffer the whole file.
type limitReader struct {
	r       io.Reader
	n, max  int
	tripped bool // the limit was hit
}

// reset starts counting anew for the next record.
func (l *limitReader) reset() {
	l.n = 0
	l.tripped = false
}

// Read reads from the underlying reader within the limit.
func (l *limitReader) Read(b []byte) (int, error) {
	if l.n >= l.max {
		l.tripped = true
		return 0, errRecordTooLong
	}
	if len(b) > l.max-l.n {
		b = b[:l.max-l.n]
	}
	n, err := l.r.Read(b)
	l.n += n
	return n, err
}
