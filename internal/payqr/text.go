package payqr

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// polishLetters are the letters kept as they are besides ASCII; in UTF-8
// each takes two bytes.
const polishLetters = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"

// fieldText cleans s for a text field of a code (see Encode) and cuts it to
// at most limit characters, never inside a character and never leaving a
// space at the end.
func fieldText(s string, limit int) string {
	out := make([]rune, 0, limit+3)
	space := false
	for _, r := range s {
		for _, c := range fieldRunes(r) {
			if c == ' ' {
				space = len(out) > 0
				continue
			}
			if space {
				out = append(out, ' ')
				space = false
			}
			out = append(out, c)
		}
		if len(out) > limit {
			break // enough: the rest would be cut anyway
		}
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return strings.TrimRight(string(out), " ")
}

// fieldRunes returns what r becomes in a text field: itself, an ASCII
// replacement, a space (which fieldText collapses and trims), or nothing.
func fieldRunes(r rune) []rune {
	switch {
	case r == '|':
		return nil
	case r < 0x80 && unicode.IsPrint(r):
		return []rune{r}
	case unicode.IsSpace(r) || unicode.IsControl(r):
		return []rune{' '}
	case strings.ContainsRune(polishLetters, r):
		return []rune{r}
	}
	switch r {
	case '„', '”', '“', '‟', '«', '»', '″':
		return []rune{'"'}
	case '‚', '‘', '’', '‛', '′':
		return []rune{'\''}
	case '‐', '‑', '‒', '–', '—', '−':
		return []rune{'-'}
	case '…':
		return []rune{'.', '.', '.'}
	}
	return asciiBase(r)
}

// asciiBase returns the ASCII letters left of r once its accents are
// removed (é gives e, ǅ gives DZ), or nothing when r has none.
func asciiBase(r rune) []rune {
	var out []rune
	for _, c := range norm.NFKD.String(string(r)) {
		if c < 0x80 && (unicode.IsLetter(c) || unicode.IsDigit(c)) {
			out = append(out, c)
		}
	}
	return out
}
