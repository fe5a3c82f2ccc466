package library

import (
	"strings"
	"unicode"

	"github.com/ebok/ebok/internal/text"
)

// maxSearchText bounds the words indexed per document (PostgreSQL's
// tsvector holds at most 1 MB); both engines index the same cut.
const maxSearchText = 400_000

// words folds s with text.Fold and keeps only its words (runs of letters
// and digits), one space between them. Both engines index and query these
// words, so their tokenizers see the same input.
func words(s string) string {
	f := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return ' '
	}, text.Fold(s))
	f = strings.Join(strings.Fields(f), " ")
	if len(f) > maxSearchText {
		f = f[:strings.LastIndexByte(f[:maxSearchText], ' ')+1]
		f = strings.TrimSpace(f)
	}
	return f
}

// terms are the words of a query, at most eight, each at least one
// character; every one must match the start of a word of a document.
func terms(query string) []string {
	t := strings.Fields(words(query))
	if len(t) > 8 {
		t = t[:8]
	}
	return t
}

// ftsMatch is the FTS5 query for terms: every term as a quoted prefix.
// Terms hold only letters and digits, so quoting cannot be broken.
func ftsMatch(t []string) string {
	parts := make([]string, len(t))
	for i, w := range t {
		parts[i] = `"` + w + `"*`
	}
	return strings.Join(parts, " ")
}

// tsQuery is the PostgreSQL to_tsquery('simple', …) text for terms: every
// term as a prefix, all required.
func tsQuery(t []string) string {
	parts := make([]string, len(t))
	for i, w := range t {
		parts[i] = w + ":*"
	}
	return strings.Join(parts, " & ")
}
