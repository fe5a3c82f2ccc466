package library

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ebok/ebok/internal/text"
)

// maxWordRunes bounds an indexed word (and a query word alike): a longer
// one is indexed by its beginning, so that no key outgrows an index.
const maxWordRunes = 64

// words folds s with text.Fold and keeps only its words (runs of letters
// and digits), one space between them. Documents are indexed and queries
// cut into these words on both engines.
func words(s string) string {
	f := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return ' '
	}, text.Fold(s))
	return strings.Join(strings.Fields(f), " ")
}

// cut shortens w to maxWordRunes runes.
func cut(w string) string {
	if len(w) <= maxWordRunes {
		return w
	}
	n := 0
	for i := range w {
		if n == maxWordRunes {
			return w[:i]
		}
		n++
	}
	return w
}

// terms are the words of a query, at most eight, each at least one
// character; every one must match the start of a word of a document.
func terms(query string) []string {
	t := strings.Fields(words(query))
	if len(t) > 8 {
		t = t[:8]
	}
	for i := range t {
		t[i] = cut(t[i])
	}
	return t
}

// weighted is a word of a document with its weight in the ranking.
type weighted struct {
	word   string
	weight int64
}

// weigh counts the words of ws (as words returns them) and weighs each by
// the term frequency part of BM25 (k1 1.2, b 0.75, average length 2,000
// words) in integers, as migration 00029 does: 44,000,000·tf /
// (20,000·tf + 6,000 + 9·length). Sorted by word.
func weigh(ws string) []weighted {
	tf := map[string]int64{}
	var length int64
	for _, w := range strings.Fields(ws) {
		tf[cut(w)]++
		length++
	}
	out := make([]weighted, 0, len(tf))
	for w, n := range tf {
		out = append(out, weighted{w, 44_000_000 * n / (20_000*n + 6_000 + 9*length)})
	}
	slices.SortFunc(out, func(a, b weighted) int { return strings.Compare(a.word, b.word) })
	return out
}

// after is the least string above every string beginning with w (not
// empty): w with its last rune the next one, so that word >= w AND word <
// after(w) selects the words w begins, byte by byte on both engines.
func after(w string) string {
	r, n := utf8.DecodeLastRuneInString(w)
	r++
	if r >= 0xD800 && r < 0xE000 { // surrogates are no runes of UTF-8
		r = 0xE000
	}
	return w[:len(w)-n] + string(r)
}
