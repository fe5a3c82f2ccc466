// Package text folds Polish text for comparison and search: lower case,
// letters without diacritics, white space collapsed.
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Fold returns s ready for comparison: every letter in lower case, the nine
// Polish letters with a diacritic (ą ć ę ł ń ó ś ź ż, in either case)
// replaced by their ASCII base letter, each run of white space (as
// unicode.IsSpace sees it, so tabs, line breaks and NBSP too) replaced by
// one space, and no space at either end. Invalid UTF-8 bytes become U+FFFD.
// Fold(Fold(s)) == Fold(s), and s is returned as it is, without
// allocating, when it is ASCII that is already folded.
func Fold(s string) string {
	if isFoldedASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		i += n
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
			continue
		}
		b.WriteRune(FoldRune(unicode.ToLower(r)))
	}
	return b.String()
}

// isFoldedASCII reports whether s is ASCII that Fold would return unchanged:
// no upper-case letter, no white space but single spaces between words.
func isFoldedASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80, 'A' <= c && c <= 'Z', '\t' <= c && c <= '\r':
			return false
		case c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' '):
			return false
		}
	}
	return true
}

// FoldRune maps one of the nine Polish letters with a diacritic to its ASCII
// base letter, keeping its case, the way banks strip diacritics ("Łódź"
// becomes "Lodz"). Every other rune is returned unchanged.
func FoldRune(r rune) rune {
	switch r {
	case 'ą':
		return 'a'
	case 'ć':
		return 'c'
	case 'ę':
		return 'e'
	case 'ł':
		return 'l'
	case 'ń':
		return 'n'
	case 'ó':
		return 'o'
	case 'ś':
		return 's'
	case 'ź', 'ż':
		return 'z'
	case 'Ą':
		return 'A'
	case 'Ć':
		return 'C'
	case 'Ę':
		return 'E'
	case 'Ł':
		return 'L'
	case 'Ń':
		return 'N'
	case 'Ó':
		return 'O'
	case 'Ś':
		return 'S'
	case 'Ź', 'Ż':
		return 'Z'
	}
	return r
}

// Digits reports whether s is made of ASCII digits only ('0' to '9'); it is
// true for the empty string, so a caller that needs a digit checks s != "".
func Digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
