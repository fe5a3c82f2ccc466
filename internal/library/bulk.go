package library

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
)

// BulkColumns are the columns of a bulk upload's CSV, in any order after
// its header line (the columns marked so may be left out).
var BulkColumns = []string{"plik", "kategoria", "organ", "numer", "tytul", "data_podjecia", "data_wejscia",
	"widocznosc", "osiedle", "dane_osobowe"}

// bulkRequired are the columns a bulk CSV must have.
var bulkRequired = []string{"plik", "kategoria", "organ", "tytul", "widocznosc"}

// LineProblem is one bad line of a bulk upload: its number in the CSV (1
// is the header; 0 for a file no line names) and the catalogue key of the
// problem, with the value concerned.
type LineProblem struct {
	Line    int
	Problem string
	Value   string
}

// BulkError lists every bad line of a bulk upload; nothing was published.
type BulkError struct{ Problems []LineProblem }

func (e *BulkError) Error() string {
	return fmt.Sprintf("library: bulk upload: %d problems, first at line %d: %s", len(e.Problems), e.Problems[0].Line, e.Problems[0].Problem)
}

// maxBulkLines bounds a bulk upload.
const maxBulkLines = 500

// BulkPublish publishes many PDFs at once, their metadata in a CSV (comma
// or semicolon separated, UTF-8, a header line naming BulkColumns): every
// line is checked and every PDF read first, then all are stored in one
// transaction, or none. A *BulkError numbers every bad line.
func (s *Service) BulkPublish(ctx context.Context, by audit.Actor, metadata []byte, files map[string][]byte) ([]int64, error) {
	drafts, names, problems := s.parseBulk(ctx, by.CoopID, metadata, files)
	var checks []checked
	for i, d := range drafts {
		if names[i] == "" {
			continue
		}
		c, err := s.check(ctx, Upload{Filename: names[i], Data: files[names[i]]})
		if errors.Is(err, ErrNotPDF) {
			problems = append(problems, LineProblem{Line: d.line, Problem: "library.bulk.pdf", Value: names[i]})
			continue
		}
		if err != nil {
			return nil, err
		}
		checks = append(checks, c)
	}
	if len(problems) > 0 {
		slices.SortFunc(problems, func(a, b LineProblem) int {
			if a.Line != b.Line {
				return a.Line - b.Line
			}
			return strings.Compare(a.Problem+a.Value, b.Problem+b.Value)
		})
		return nil, &BulkError{Problems: problems}
	}
	ids := make([]int64, len(drafts))
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		for i, d := range drafts {
			id, err := s.insert(ctx, tx, by, d.Draft, checks[i])
			if err != nil {
				return fmt.Errorf("line %d: %w", d.line, err)
			}
			ids[i] = id
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("library: bulk upload: %w", err)
	}
	return ids, nil
}

// bulkDraft is a CSV line's draft and its number.
type bulkDraft struct {
	Draft
	line int
}

// parseBulk reads the CSV: the drafts of its good lines, the file each
// names ("" on a bad line), and the problems of the bad ones.
func (s *Service) parseBulk(ctx context.Context, coopID int64, metadata []byte, files map[string][]byte) ([]bulkDraft, []string, []LineProblem) {
	r, col, problem := bulkHeader(metadata)
	if problem != nil {
		return nil, nil, []LineProblem{*problem}
	}
	est, err := s.estates(ctx, coopID)
	if err != nil {
		return nil, nil, []LineProblem{{Line: 1, Problem: "library.bulk.header"}}
	}
	b := &bulkParse{col: col, files: files, estates: est, used: map[string]int{}}
	b.readLines(r)
	for name := range files {
		if b.used[name] == 0 {
			b.problems = append(b.problems, LineProblem{Line: 0, Problem: "library.bulk.file_unused", Value: name})
		}
	}
	if len(b.drafts) == 0 && len(b.problems) == 0 {
		b.problems = append(b.problems, LineProblem{Line: 1, Problem: "library.bulk.empty"})
	}
	return b.drafts, b.names, b.problems
}

// bulkHeader opens the CSV (a leading BOM dropped, the separator guessed
// from the header line) and maps each column name of its header to its
// index; an unreadable header, or one missing a required column, is the
// problem returned.
func bulkHeader(metadata []byte) (*csv.Reader, map[string]int, *LineProblem) {
	metadata = bytes.TrimPrefix(metadata, []byte("\xef\xbb\xbf"))
	first, _, _ := bytes.Cut(metadata, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(metadata))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, nil, &LineProblem{Line: 1, Problem: "library.bulk.header"}
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, c := range bulkRequired {
		if _, ok := col[c]; !ok {
			return nil, nil, &LineProblem{Line: 1, Problem: "library.bulk.header", Value: c}
		}
	}
	return r, col, nil
}

// bulkParse is what reading the lines of a bulk CSV gathers: the good
// lines' drafts and files, the problems of the bad ones, and how many
// lines named each file.
type bulkParse struct {
	col      map[string]int
	files    map[string][]byte
	estates  []Estate
	used     map[string]int
	drafts   []bulkDraft
	names    []string
	problems []LineProblem
}

// readLines checks every line after the header, stopping once there are
// more than maxBulkLines lines or syntax problems.
func (b *bulkParse) readLines(r *csv.Reader) {
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil { // the error has the line: FieldPos panics without a record
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			b.problems = append(b.problems, LineProblem{Line: line, Problem: "library.bulk.syntax"})
			if len(b.problems) > maxBulkLines {
				return
			}
			continue
		}
		line, _ := r.FieldPos(0)
		if len(b.drafts)+len(b.problems) >= maxBulkLines {
			b.problems = append(b.problems, LineProblem{Line: line, Problem: "library.bulk.too_many"})
			return
		}
		if strings.Join(rec, "") == "" {
			continue
		}
		b.addLine(line, rec)
	}
}

// addLine checks one non-empty line and keeps its draft and file when
// the line has no problem; a line that is not UTF-8 is one problem, its
// values unread.
func (b *bulkParse) addLine(line int, rec []string) {
	get := func(name string) string {
		if i, ok := b.col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	bad := func(key, value string) {
		b.problems = append(b.problems, LineProblem{Line: line, Problem: key, Value: value})
	}
	before := len(b.problems)
	d := Draft{Category: Category(get("kategoria")), Body: Body(get("organ")), Number: get("numer"), Title: get("tytul"),
		Visibility: Visibility(get("widocznosc")), PersonalData: slices.Contains([]string{"tak", "1", "true"}, strings.ToLower(get("dane_osobowe")))}
	file := get("plik")
	if !utf8.ValidString(strings.Join(rec, "")) { // Excel writes Windows-1250 unless told otherwise
		b.used[file]++
		bad("library.bulk.encoding", "")
		return
	}
	switch _, ok := b.files[file]; {
	case file == "" || !ok:
		bad("library.bulk.file_missing", file)
	case b.used[file] > 0:
		bad("library.bulk.file_twice", file)
	}
	b.used[file]++
	checkBulkDraft(d, bad)
	b.readDatesAndEstate(&d, get, bad)
	if len(b.problems) > before {
		return
	}
	b.drafts = append(b.drafts, bulkDraft{Draft: d, line: line})
	b.names = append(b.names, file)
}

// checkBulkDraft reports through bad a line's unknown category, body or
// visibility, and a missing or too long title or number.
func checkBulkDraft(d Draft, bad func(key, value string)) {
	if !slices.Contains(Categories(), d.Category) {
		bad("library.bulk.category", string(d.Category))
	}
	if !slices.Contains(Bodies(), d.Body) {
		bad("library.bulk.body", string(d.Body))
	}
	if !slices.Contains(Visibilities(), d.Visibility) {
		bad("library.bulk.visibility", string(d.Visibility))
	}
	if d.Title == "" || len(d.Title) > 500 || len(d.Number) > 50 {
		bad("library.bulk.title", "")
	}
}

// readDatesAndEstate sets the draft's dates and estate from the line's
// columns, reporting through bad a date or estate it cannot read.
func (b *bulkParse) readDatesAndEstate(d *Draft, get func(name string) string, bad func(key, value string)) {
	for _, f := range []struct {
		name string
		to   *civil.Date
	}{{"data_podjecia", &d.AdoptedOn}, {"data_wejscia", &d.EffectiveOn}} {
		if v := get(f.name); v != "" {
			day, err := civil.Parse(v)
			if err != nil {
				bad("library.bulk.date", v)
			}
			*f.to = day
		}
	}
	if v := get("osiedle"); v != "" {
		i := slices.IndexFunc(b.estates, func(e Estate) bool { return strings.EqualFold(e.Name, v) })
		if i < 0 {
			bad("library.bulk.estate", v)
		} else {
			d.EstateID = b.estates[i].ID
		}
	}
}
