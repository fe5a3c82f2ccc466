package library

import (
	"errors"
	"reflect"
	"testing"

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
