package library

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// searchCorpus publishes the documents the search tests look for and
// returns their ids by a short name.
func searchCorpus(e *env) map[string]int64 {
	adopted := func(y int) civil.Date { return civil.Date{Year: y, Month: 3, Day: 1} }
	d1 := draft("Uchwała w sprawie funduszu remontowego", "12/2026", Members)
	d1.AdoptedOn = adopted(2026)
	d2 := draft("Protokół lustracji za lata 2022–2024", "", Members)
	d2.Category, d2.Body, d2.AdoptedOn = AuditReports, OtherBody, adopted(2025)
	d3 := Draft{Category: Statute, Body: GeneralMeeting, Title: "Statut Spółdzielni Mieszkaniowej", Visibility: Public, AdoptedOn: adopted(2019)}
	d4 := draft("Regulamin rozliczania kosztów ciepła", "3/2024", Residents)
	d4.Category, d4.Body, d4.AdoptedOn = Regulations, Board, adopted(2024)
	return map[string]int64{
		"fundusz": e.publish(d1, Upload{Filename: "u12.pdf", Data: e.textPDF(d1.Title,
			"Rada Nadzorcza Spółdzielni postanawia zwiększyć odpis na fundusz remontowy o 0,50 zł/m².",
			"Uchwała wchodzi w życie z dniem podjęcia. <script>alert(1)</script>")}),
		"lustracja": e.publish(d2, Upload{Filename: "lustracja.pdf", Data: e.textPDF(d2.Title,
			"Lustracja działalności Spółdzielni nie wykazała nieprawidłowości w gospodarce zasobami.")}),
		"statut": e.publish(d3, Upload{Filename: "statut.pdf", Data: e.textPDF(d3.Title,
			"§ 1. Spółdzielnia działa na podstawie ustawy o spółdzielniach mieszkaniowych.")}),
		"cieplo": e.publish(d4, Upload{Filename: "cieplo.pdf", Data: e.textPDF(d4.Title,
			"Koszty ciepła rozlicza się według wskazań podzielników. ŁÓDŹ Żółć")}),
	}
}

// searchCases are the queries both engines answer alike, with the
// documents (by short name) a staff member finds.
var searchCases = []struct {
	name  string
	q     Query
	wants []string
}{
	{"no diacritics", Query{Text: "uchwala"}, []string{"fundusz"}},
	{"diacritics folded", Query{Text: "spoldzielni"}, []string{"fundusz", "lustracja", "statut"}},
	{"typed with diacritics", Query{Text: "SPÓŁDZIELNI"}, []string{"fundusz", "lustracja", "statut"}},
	{"ł folds", Query{Text: "lodz zolc"}, []string{"cieplo"}},
	{"prefix", Query{Text: "lustrac"}, []string{"lustracja"}},
	{"all words", Query{Text: "uchwala fundusz remontowy"}, []string{"fundusz"}},
	{"number", Query{Text: "12/2026"}, []string{"fundusz"}},
	{"category filter", Query{Text: "spoldzielni", Category: Statute}, []string{"statut"}},
	{"body filter", Query{Text: "regulamin", Body: Board}, []string{"cieplo"}},
	{"body filter excludes", Query{Text: "uchwala", Body: Board}, nil},
	{"year filter", Query{Text: "spoldzielni", Year: 2025}, []string{"lustracja"}},
	{"status filter", Query{Text: "spoldzielni", Status: Archived}, nil},
	{"no match", Query{Text: "basen"}, nil},
	{"punctuation only", Query{Text: `"*:&|!`}, []string{"fundusz", "lustracja", "statut", "cieplo"}},
}

// The same queries find the same documents on SQLite (FTS5) and on
// PostgreSQL (tsvector): words folded in Go, prefixes, filters.
func TestSearchFindsTheSameOnBothEngines(t *testing.T) {
	var mu sync.Mutex
	found := map[store.Dialect][]string{}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		docs := searchCorpus(e)
		names := map[int64]string{}
		for n, id := range docs {
			names[id] = n
		}
		staff := e.reader(Staff, 1, 0)
		var log []string
		for _, c := range searchCases {
			hits, err := e.s.Find(e.ctx, staff, c.q)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			var got []string
			for _, h := range hits {
				got = append(got, names[h.ID])
			}
			slices.Sort(got)
			want := slices.Clone(c.wants)
			slices.Sort(want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s (%q): found %v, want %v", c.name, c.q.Text, got, want)
			}
			log = append(log, fmt.Sprintf("%s=%v", c.name, got))
		}
		mu.Lock()
		found[db.Dialect()] = log
		mu.Unlock()
	})
	if a, b := found[store.SQLite], found[store.Postgres]; a != nil && b != nil && !reflect.DeepEqual(a, b) {
		t.Errorf("engines differ:\nsqlite   %v\npostgres %v", a, b)
	}
}

// Snippets come from the document's own text, mark every matching word
// and carry markup as plain text (the template escapes it).
func TestSnippetsMarkMatchesInTheDocumentsText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		docs := searchCorpus(e)
		hits, err := e.s.Find(e.ctx, e.reader(Staff, 1, 0), Query{Text: "fundusz remontowy script"})
		if err != nil || len(hits) != 1 || hits[0].ID != docs["fundusz"] {
			t.Fatalf("hits %v, %v", hits, err)
		}
		var all, marked strings.Builder
		for _, p := range hits[0].Snippet {
			all.WriteString(p.Text)
			if p.Hit {
				marked.WriteString("[" + p.Text + "]")
			}
		}
		if !strings.Contains(marked.String(), "[fundusz][remontowy]") {
			t.Errorf("marked %q in %q", marked.String(), all.String())
		}
		if !strings.Contains(all.String(), "odpis na fundusz") {
			t.Errorf("snippet %q is not the document's text", all.String())
		}
	})
}

// Words and snippets fold as text.Fold does, position for position.
func TestSnippetKeepsTheOriginalLetters(t *testing.T) {
	parts := snippet("Zarząd SPÓŁDZIELNI ogłasza", []string{"spoldziel"})
	if len(parts) != 3 || parts[1].Text != "SPÓŁDZIELNI" || !parts[1].Hit || parts[0].Text != "Zarząd " {
		t.Errorf("parts %+v", parts)
	}
	if got := words("Uchwała nr 12/2026 — ŁÓDŹ"); got != "uchwala nr 12 2026 lodz" {
		t.Errorf("words %q", got)
	}
}

// A snippet read from the text up to its passage is the snippet of the
// whole text: hits near the start, deep inside, near the end, cut words.
func TestSnippetReadsOnlyWhatItShows(t *testing.T) {
	var b strings.Builder
	for i := range 400 {
		fmt.Fprintf(&b, "Słowo%d ŁÓDŹ zażółć gęślą\n", i)
	}
	body := b.String()
	for _, terms := range [][]string{{"slowo0"}, {"slowo3"}, {"slowo200", "gesl"}, {"slowo399"}, {"lodz"}, {"jazn"}} {
		if got, want := snippet(body, terms), passage(body, terms); !reflect.DeepEqual(got, want) {
			t.Errorf("%v: snippet %+v, want %+v", terms, got, want)
		}
	}
	for n := range len(body) {
		if n%97 != 0 {
			continue
		}
		if got, want := snippet(body[n:], []string{"zazo", "slowo39"}), passage(body[n:], []string{"zazo", "slowo39"}); !reflect.DeepEqual(got, want) {
			t.Errorf("from %d: snippet %+v, want %+v", n, got, want)
		}
		begin := body[:n]
		if got, ok := prefixSnippet(begin, false, []string{"slowo3", "jazn"}); ok {
			if want := snippet(body, []string{"slowo3", "jazn"}); !reflect.DeepEqual(got, want) {
				t.Errorf("beginning of %d: snippet %+v, want %+v", n, got, want)
			}
		} else if n > 2000 {
			t.Errorf("beginning of %d: not enough", n)
		}
	}
}

// Query words select the words they begin: after(w) bounds the range.
func TestAfterBoundsThePrefixRange(t *testing.T) {
	for _, c := range []struct{ w, want string }{{"lustrac", "lustrad"}, {"a", "b"}, {"z9", "z:"}, {"żó", "żô"}} {
		if got := after(c.w); got != c.want {
			t.Errorf("after(%q) = %q, want %q", c.w, got, c.want)
		}
	}
	if got := terms(strings.Repeat("ą", 70) + " b"); len(got) != 2 || got[0] != strings.Repeat("a", maxWordRunes) {
		t.Errorf("terms %q", got)
	}
}

// indexed reports whether a word of body as it is indexed begins with
// one of the terms: what the search finds the document by.
func indexed(body string, terms []string) bool {
	for _, w := range strings.Fields(words(body)) {
		if slices.ContainsFunc(terms, func(t string) bool { return strings.HasPrefix(cut(w), t) }) {
			return true
		}
	}
	return false
}

// FuzzSearch: whatever a reader types, the query's terms are at most
// eight folded words of at most 64 letters, each bounding a range that
// holds the words it begins; a document its words are found by has a
// snippet, which marks words the terms begin and is the same whether
// read from the whole text, up to its passage or from its beginning.
func FuzzSearch(f *testing.F) {
	f.Add("Zarząd SPÓŁDZIELNI ogłasza", "spółdziel")
	f.Add("Uchwała nr 12/2026 — ŁÓDŹ\nodpis na fundusz remontowy", "fundusz remontowy script")
	f.Add(strings.Repeat("Słowo ŁÓDŹ zażółć gęślą\n", 40), strings.Repeat("ą", 70)+" b c d e f g h i j")
	f.Fuzz(func(t *testing.T, body, query string) {
		ts := terms(query)
		if len(ts) > 8 {
			t.Fatalf("terms(%q) = %q", query, ts)
		}
		for _, w := range ts {
			if w == "" || words(w) != w || utf8.RuneCountInString(w) > maxWordRunes {
				t.Fatalf("terms(%q): term %q", query, w)
			}
			if a := after(w); a <= w || w+string(utf8.MaxRune) >= a {
				t.Fatalf("after(%q) = %q", w, a)
			}
		}
		parts := snippet(body, ts)
		if (parts != nil) != (len(ts) > 0 && indexed(body, ts)) {
			t.Fatalf("snippet(%q, %q) = %+v, found by its words: %v", body, ts, parts, indexed(body, ts))
		}
		for _, p := range parts {
			if p.Hit && !slices.ContainsFunc(ts, func(t string) bool { return strings.HasPrefix(words(p.Text), t) }) {
				t.Fatalf("snippet(%q, %q) marks %q", body, ts, p.Text)
			}
		}
		if want := passage(body, ts); !reflect.DeepEqual(parts, want) {
			t.Fatalf("snippet(%q, %q) = %+v, from the whole text %+v", body, ts, parts, want)
		}
		begin, n := body, 0 // as the beginning read first, but shorter
		for i := range body {
			if n == 3*snippetRunes {
				begin = body[:i]
				break
			}
			n++
		}
		if got, ok := prefixSnippet(begin, begin == body, ts); ok && !reflect.DeepEqual(got, parts) {
			t.Fatalf("snippet(%q, %q) = %+v, from its beginning %+v", body, ts, parts, got)
		}
	})
}
