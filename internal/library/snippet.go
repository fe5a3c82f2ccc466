package library

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

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
// positions in the folded text are positions in body. Only body up to one
// rune past the longest passage after the first hit is read into runes:
// the passage, its marks and its trailing "…" are the same as from the
// whole text.
func snippet(body string, terms []string) []Part {
	first := firstHit(body, terms)
	if first < 0 {
		return nil
	}
	end := first
	for n := 0; n <= snippetRunes*2 && end < len(body); n++ {
		_, size := utf8.DecodeRuneInString(body[end:])
		end += size
	}
	return passage(body[:end], terms)
}

// prefixSnippet is the snippet of a text from its beginning, begin (the
// whole text when whole): ok is false when that is not enough to tell it.
func prefixSnippet(begin string, whole bool, terms []string) (parts []Part, ok bool) {
	if whole {
		return snippet(begin, terms), true
	}
	first := firstHit(begin, terms)
	if first < 0 || utf8.RuneCountInString(begin[first:]) <= snippetRunes*2 {
		return nil, false
	}
	return snippet(begin, terms), true
}

// passage is snippet over body, whole.
func passage(body string, terms []string) []Part {
	rs := []rune(body)
	folded := make([]rune, len(rs))
	for i, r := range rs {
		folded[i] = foldRune(r)
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

// foldRune folds one rune as text.Fold does.
func foldRune(r rune) rune { return text.FoldRune(unicode.ToLower(r)) }

// isWord reports whether a folded rune belongs to a word.
func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// firstHit is the byte offset in body of the first word whose folded
// beginning is one of the terms (which are folded words), or -1.
func firstHit(body string, terms []string) int {
	inWord := false
	for i, r := range body {
		w := isWord(foldRune(r))
		if w && !inWord && slices.ContainsFunc(terms, func(t string) bool { return foldedPrefix(body[i:], t) }) {
			return i
		}
		inWord = w
	}
	return -1
}

// foldedPrefix reports whether s, folded rune by rune, begins with t.
func foldedPrefix(s, t string) bool {
	for _, tr := range t {
		r, size := utf8.DecodeRuneInString(s)
		if size == 0 || foldRune(r) != tr {
			return false
		}
		s = s[size:]
	}
	return true
}

// wordHits finds the words of folded (start and end rune positions)
// whose beginning matches a term, at most 20 of them.
func wordHits(folded []rune, terms []string) [][2]int {
	var hits [][2]int
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
