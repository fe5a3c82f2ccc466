package bankstmt

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ebok/ebok/internal/text"
)

// isPolishLetter reports whether r is one of the nine Polish letters with a
// diacritic, in either case.
func isPolishLetter(r rune) bool {
	return text.FoldRune(r) != r
}

// identityKey reduces s to the characters that survive any way a bank may
// re-export the same text: Polish letters folded to ASCII, letters upper-cased,
// and everything but ASCII letters and digits (spaces, punctuation, a byte a
// wrong charset guess turned into something else) dropped.
func identityKey(s string) string {
	var sb strings.Builder
	for _, r := range s {
		r = unicode.ToUpper(text.FoldRune(r))
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// collapseSpace trims s and replaces every run of white space inside it with
// a single space.
func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// joinWrapped joins pieces of one text that a bank cut to a fixed width:
// lines of a field or subfields such as ~20 to ~25. A piece at least width
// runes long was presumably cut mid-text, so the next piece continues it
// directly; a shorter piece ended where the writer ended a word, so a space
// separates it from the next. The first piece is counted firstExtra runes
// longer, for the field tag that shared its line. Empty pieces are skipped.
func joinWrapped(pieces []string, width, firstExtra int) string {
	var sb strings.Builder
	prevFull := false
	for i, p := range pieces {
		if strings.TrimSpace(p) == "" {
			continue
		}
		if sb.Len() > 0 && !prevFull {
			sb.WriteByte(' ')
		}
		sb.WriteString(p)
		n := utf8.RuneCountInString(p)
		if i == 0 {
			n += firstExtra
		}
		prevFull = n >= width
	}
	return collapseSpace(sb.String())
}

// splitLines splits text at CRLF, LF or lone CR, so that line numbers match
// what an editor shows whichever convention the bank used.
func splitLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	return strings.Split(text, "\n")
}
