package library

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/ebok/ebok/internal/i18n"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// A bulk upload with bad lines publishes nothing and numbers every bad
// line (the header is line 1); a good one publishes every document in one
// go, searchable at once.
func TestBulkPublish(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.estate("A")
		pdfs := map[string][]byte{
			"u1.pdf":      e.textPDF("Uchwała 1", "Fundusz remontowy osiedla."),
			"u2.pdf":      e.textPDF("Uchwała 2", "Opłaty za wywóz odpadów."),
			"u3.pdf":      e.textPDF("Uchwała 3", "Lustracja spółdzielni."),
			"zly.pdf":     []byte("to nie jest PDF"),
			"nadmiar.pdf": e.textPDF("Nadmiar", "Plik bez wiersza."),
		}
		bad := "plik,kategoria,organ,numer,tytul,data_podjecia,widocznosc,osiedle\n" +
			"u1.pdf,resolutions,board,1/2026,Uchwała w sprawie funduszu,2026-01-10,members,Osiedle A\n" +
			"u2.pdf,uchwaly,board,2/2026,Uchwała o odpadach,2026-13-01,members,\n" +
			"brak.pdf,resolutions,board,3/2026,,2026-01-12,members,Osiedle Z\n" +
			"zly.pdf,resolutions,board,4/2026,Uchwała ze złym plikiem,,public,\n" +
			"u1.pdf,resolutions,board,5/2026,Drugi raz ten sam plik,,public,\n"
		_, err := e.s.BulkPublish(e.ctx, e.staff, []byte(bad), pdfs)
		var be *BulkError
		if !errors.As(err, &be) {
			t.Fatalf("bad upload: %v", err)
		}
		want := []LineProblem{
			{0, "library.bulk.file_unused", "nadmiar.pdf"}, {0, "library.bulk.file_unused", "u3.pdf"},
			{3, "library.bulk.category", "uchwaly"}, {3, "library.bulk.date", "2026-13-01"},
			{4, "library.bulk.estate", "Osiedle Z"}, {4, "library.bulk.file_missing", "brak.pdf"}, {4, "library.bulk.title", ""},
			{5, "library.bulk.pdf", "zly.pdf"}, {6, "library.bulk.file_twice", "u1.pdf"},
		}
		if !reflect.DeepEqual(be.Problems, want) {
			t.Errorf("problems\n%v\nwant\n%v", be.Problems, want)
		}
		if hits, _ := e.s.Find(e.ctx, e.reader(Staff, 1, 0), Query{}); len(hits) != 0 {
			t.Fatalf("a bad upload published %d documents", len(hits))
		}
		good := "\xef\xbb\xbfplik;kategoria;organ;numer;tytul;data_podjecia;widocznosc;osiedle;dane_osobowe\n" +
			"u1.pdf;resolutions;board;1/2026;Uchwała w sprawie funduszu;10.01.2026;members;osiedle a;nie\n" +
			"u2.pdf;resolutions;supervisory_board;2/2026;Uchwała o odpadach;2026-01-11;public;;\n" +
			"u3.pdf;audit_reports;other;;Protokół lustracji;;members;;tak\n"
		delete(pdfs, "zly.pdf")
		delete(pdfs, "nadmiar.pdf")
		got, err := e.s.BulkPublish(e.ctx, e.staff, []byte(good), pdfs)
		if err != nil || len(got) != 3 {
			t.Fatalf("good upload: %v, %v", got, err)
		}
		d, err := e.s.Get(e.ctx, e.reader(Staff, 1, 0), got[0])
		if err != nil || d.EstateName != "Osiedle A" || d.AdoptedOn.String() != "2026-01-10" || d.Number != "1/2026" {
			t.Errorf("first document %+v, %v", d.Document, err)
		}
		if d, _ := e.s.Get(e.ctx, e.reader(Staff, 1, 0), got[2]); !d.PersonalData {
			t.Error("personal data flag lost")
		}
		if hits, _ := e.s.Find(e.ctx, e.reader(Anonymous, 0, 0), Query{Text: "odpadow"}); len(hits) != 1 || hits[0].ID != got[1] {
			t.Errorf("search after bulk: %v", ids(hits))
		}
	})
}

// readBulk reads a bulk CSV's lines as parseBulk does, the files u1.pdf
// and u2.pdf attached and one estate known.
func readBulk(csv string) (*bulkParse, *LineProblem) {
	r, col, problem := bulkHeader([]byte(csv))
	if problem != nil {
		return nil, problem
	}
	b := &bulkParse{col: col, files: map[string][]byte{"u1.pdf": nil, "u2.pdf": nil},
		estates: []Estate{{ID: 7, Name: "Osiedle A"}}, used: map[string]int{}}
	b.readLines(r)
	return b, nil
}

// A CSV saved by Excel in Windows-1250 is refused line by line, its files
// counted as described: PostgreSQL refused its titles at publication.
func TestBulkLineNotUTF8(t *testing.T) {
	b, problem := readBulk("plik;kategoria;organ;numer;tytul;widocznosc\n" +
		"u1.pdf;resolutions;board;1/2026;Uchwa\xb3a w sprawie funduszu;members\n")
	if problem != nil || len(b.drafts) != 0 || b.used["u1.pdf"] != 1 ||
		!reflect.DeepEqual(b.problems, []LineProblem{{2, "library.bulk.encoding", ""}}) {
		t.Errorf("problem %v, drafts %v, used %v, problems %v", problem, b.drafts, b.used, b.problems)
	}
}

// A line that cannot be read (a stray quote, a quote never closed) is a
// problem at its line, and the lines after it are read: FieldPos, asked
// for its line, panicked.
func TestBulkLineCannotBeRead(t *testing.T) {
	b, problem := readBulk("plik;kategoria;organ;numer;tytul;widocznosc\n" +
		"u1.pdf;resolutions;board;1/2026;Uchwała \"w\" sprawie;members\n" +
		"u2.pdf;resolutions;board;2/2026;Uchwała;members\n" +
		"\"u3.pdf;resolutions\n")
	if problem != nil || len(b.drafts) != 1 || b.names[0] != "u2.pdf" ||
		!reflect.DeepEqual(b.problems, []LineProblem{{2, "library.bulk.syntax", ""}, {4, "library.bulk.syntax", ""}}) {
		t.Errorf("problem %v, drafts %v, problems %v", problem, b.drafts, b.problems)
	}
}

// FuzzBulkCSV: whatever CSV staff upload, every problem is one the
// catalogue words, at a line after the header, and every line kept names
// an attached file no other line names, a known category, body and
// visibility, and a title and number that fit their columns as UTF-8.
func FuzzBulkCSV(f *testing.F) {
	f.Add("plik,kategoria,organ,numer,tytul,data_podjecia,widocznosc,osiedle\n" +
		"u1.pdf,resolutions,board,1/2026,Uchwała w sprawie funduszu,2026-01-10,members,Osiedle A\n" +
		"u2.pdf,uchwaly,board,2/2026,Uchwała o odpadach,2026-13-01,members,\n" +
		"brak.pdf,resolutions,board,3/2026,,2026-01-12,members,Osiedle Z\n")
	f.Add("\xef\xbb\xbfplik;kategoria;organ;numer;tytul;data_podjecia;widocznosc;osiedle;dane_osobowe\n" +
		"u1.pdf;resolutions;board;1/2026;Uchwała;10.01.2026;members;osiedle a;nie\n" +
		"u2.pdf;audit_reports;other;;\"Protokół \"\"lustracji\"\"\";;members;;tak\n")
	f.Add("plik;kategoria;organ;numer;tytul;widocznosc\nu1.pdf;resolutions;board;1;Uchwa\xb3a;members\n\"u2.pdf;x\n")
	words := i18n.New()
	f.Fuzz(func(t *testing.T, csv string) {
		b, problem := readBulk(csv)
		if problem != nil {
			if problem.Line != 1 || !words.Has(i18n.Polish, problem.Problem) || !words.Has(i18n.English, problem.Problem) {
				t.Fatalf("header problem %+v", problem)
			}
			return
		}
		for _, p := range b.problems {
			if p.Line < 2 || !words.Has(i18n.Polish, p.Problem) || !words.Has(i18n.English, p.Problem) {
				t.Fatalf("problem %+v", p)
			}
		}
		if len(b.drafts) != len(b.names) || len(b.drafts) > maxBulkLines {
			t.Fatalf("%d drafts, %d names", len(b.drafts), len(b.names))
		}
		for i, d := range b.drafts {
			if _, ok := b.files[b.names[i]]; !ok || b.used[b.names[i]] != 1 || !slices.Contains(Categories(), d.Category) ||
				!slices.Contains(Bodies(), d.Body) || !slices.Contains(Visibilities(), d.Visibility) || d.line < 2 ||
				d.Title == "" || len(d.Title) > 500 || len(d.Number) > 50 || !utf8.ValidString(d.Title+d.Number) {
				t.Fatalf("line %d kept: %+v, file %q", d.line, d.Draft, b.names[i])
			}
		}
	})
}
