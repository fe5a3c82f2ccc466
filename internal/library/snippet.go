package library

import (
	"slices"
	"strings"
	"unicode"

	"github.com/ebok/ebok/internal/text"
)

// Part is a piece of a snippet; Hit marks a piece matching a query term.
// Templates escape Text and wrap hits in <mark>, so a document's text
// never reaches a page as markup.
type Part struct {
	Text string
	Hit  bool
}

// snippetRunes is how much text a snippet shows around its first hit.
const snippetRunes = 90

// snippet cuts from body the passage around the first word starting with
// one of the terms, marking every such word in it; nil when none is found.
// It compares rune by rune with each rune folded as text.Fold folds it, so
// positions in the folded text are positions in body.
func snippet(body string, terms []string) []Part {
	rs := []rune(body)
	folded := make([]rune, len(rs))
	for i, r := range rs {
		folded[i] = text.FoldRune(unicode.ToLower(r))
	}
	hits := wordHits(folded, terms)
	if len(hits) == 0 {
		return nil
	}
	from := max(0, hits[0][0]-snippetRunes/3)
	to := min(len(rs), from+snippetRunes*2)
	var parts []Part
	if from > 0 {
		parts = append(parts, Part{Text: "…"})
	}
	at := from
	for _, h := range hits {
		if h[0] < from || h[1] > to {
			continue
		}
		parts = append(parts, Part{Text: clean(rs[at:h[0]])}, Part{Text: clean(rs[h[0]:h[1]]), Hit: true})
		at = h[1]
	}
	parts = append(parts, Part{Text: clean(rs[at:to])})
	if to < len(rs) {
		parts = append(parts, Part{Text: "…"})
	}
	return parts
}

// wordHits finds the words of folded (start and end rune positions)
// whose beginning matches a term, at most 20 of them.
func wordHits(folded []rune, terms []string) [][2]int {
	var hits [][2]int
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	for i := 0; i < len(folded) && len(hits) < 20; i++ {
		if !isWord(folded[i]) || (i > 0 && isWord(folded[i-1])) {
			continue
		}
		end := i
		for end < len(folded) && isWord(folded[end]) {
			end++
		}
		w := string(folded[i:end])
		if slices.ContainsFunc(terms, func(t string) bool { return strings.HasPrefix(w, t) }) {
			hits = append(hits, [2]int{i, end})
		}
		i = end
	}
	return hits
}

// clean turns runs of white space (line and page breaks of the PDF's text)
// into single spaces.
func clean(rs []rune) string {
	s := strings.Join(strings.Fields(string(rs)), " ")
	if len(rs) > 0 && unicode.IsSpace(rs[0]) {
		s = " " + s
	}
	if len(rs) > 1 && unicode.IsSpace(rs[len(rs)-1]) && s != " " {
		s += " "
	}
	return s
}
