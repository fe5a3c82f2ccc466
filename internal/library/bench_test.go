package library

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// benchWords are the words the benchmark's documents are made of.
var benchWords = strings.Fields(`uchwała spółdzielni mieszkaniowej fundusz remontowy zarząd rada nadzorcza walne
	zgromadzenie regulamin rozliczania kosztów eksploatacji lokali mieszkalnych użytkowych opłaty wywóz odpadów
	ciepło woda wodomierze termomodernizacja budynków dźwigów lustracja sprawozdanie finansowe bilans nadwyżka
	członkowie lokatorskie własnościowe prawo odrębna własność zaliczki podzielniki kosztów ogrzewania osiedle
	administracja dachów elewacji klatek schodowych piwnic zieleni parkingów garaży przetarg umowa wykonawca`)

// benchDocs is how many documents BenchmarkSearch searches.
const benchDocs = 2000

// benchLibrary publishes benchDocs documents of about 600 words each,
// with a stand-in extractor (the text is made up, the PDF minimal).
func benchLibrary(b *testing.B, db *store.DB) (*Service, Reader) {
	b.Helper()
	coopID := storetest.InsertCoop(b, db, "bench")
	r := rand.New(rand.NewPCG(1, 2))
	var body string
	s := &Service{DB: db, Now: func() time.Time { return time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC) }, Loc: time.UTC,
		Extract: func(context.Context, []byte) (string, string, error) { return body, "bench", nil }}
	minimal := []byte("%PDF-1.4\n%%EOF\n")
	by := audit.System(coopID)
	for i := range benchDocs {
		w := make([]string, 600)
		for j := range w {
			w[j] = benchWords[r.IntN(len(benchWords))]
		}
		body = strings.Join(w, " ")
		d := Draft{Category: Categories()[i%8], Body: Bodies()[i%4], Number: fmt.Sprintf("%d/%d", i%40+1, 2000+i%27),
			Title: strings.Join(w[:8], " "), Visibility: Visibilities()[i%3]}
		d.AdoptedOn.Year, d.AdoptedOn.Month, d.AdoptedOn.Day = 2000+i%27, 3, 1
		if _, err := s.Publish(context.Background(), by, d, Upload{Filename: "d.pdf", Data: minimal}); err != nil {
			b.Fatal(err)
		}
	}
	rd := Reader{Kind: Resident}
	rd.CoopID = coopID
	return s, rd
}

// BenchmarkSearch runs typical searches of a resident over benchDocs
// documents on each engine: ranked, with snippets, 100 results at most.
func BenchmarkSearch(b *testing.B) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			db := storetest.Open(b, d)
			s, rd := benchLibrary(b, db)
			if err := db.Optimize(context.Background()); err != nil {
				b.Fatal(err)
			}
			for _, q := range []Query{{Text: "uchwala fundusz remontowy"}, {Text: "lustrac"},
				{Text: "termomodernizacja dzwigow", Category: Resolutions, Year: 2026}, {Category: Regulations}} {
				b.Run(strings.ReplaceAll(q.Text+"_"+string(q.Category), " ", "_"), func(b *testing.B) {
					for b.Loop() {
						if _, err := s.Find(context.Background(), rd, q); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}
