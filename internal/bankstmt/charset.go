package bankstmt

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Names reported in Statement.Charset.
const (
	// CharsetASCII is 7-bit text, typically Polish with diacritics
	// stripped ("Oplata za lokal").
	CharsetASCII = "US-ASCII"
	// CharsetUTF8 is UTF-8, with or without a byte order mark.
	CharsetUTF8 = "UTF-8"
	// CharsetUTF16 is UTF-16 announced by a byte order mark, as some
	// spreadsheets save "Unicode text".
	CharsetUTF16 = "UTF-16"
	// CharsetWindows1250 is the Windows code page for Central Europe,
	// the most common choice of Polish banks.
	CharsetWindows1250 = "windows-1250"
	// CharsetISO88592 is ISO-8859-2 (Latin-2).
	CharsetISO88592 = "ISO-8859-2"
	// CharsetCP852 is the DOS code page 852, still produced by some
	// banking systems.
	CharsetCP852 = "CP852"
	// CharsetMazovia is the Polish DOS code page Mazovia, which bank
	// software of the DOS years wrote and some still does.
	CharsetMazovia = "Mazovia"
)

// legacyCharsets are the 8-bit candidates, in the order that breaks ties:
// the most widely used by Polish banks first.
var legacyCharsets = [...]string{CharsetWindows1250, CharsetISO88592, CharsetCP852, CharsetMazovia}

// byteDecoder decodes the bytes of an 8-bit character set one by one.
type byteDecoder interface {
	DecodeByte(b byte) rune
}

// mazovia decodes the Mazovia code page: code page 437 with eighteen of
// its letters and symbols replaced by the Polish letters. golang.org/x/text
// has no table for it.
type mazovia struct{}

// DecodeByte implements byteDecoder.
func (mazovia) DecodeByte(b byte) rune {
	switch b {
	case 0x86:
		return 'ą'
	case 0x8D:
		return 'ć'
	case 0x8F:
		return 'Ą'
	case 0x90:
		return 'Ę'
	case 0x91:
		return 'ę'
	case 0x92:
		return 'ł'
	case 0x95:
		return 'Ć'
	case 0x98:
		return 'Ś'
	case 0x9C:
		return 'Ł'
	case 0x9E:
		return 'ś'
	case 0xA0:
		return 'Ź'
	case 0xA1:
		return 'Ż'
	case 0xA3:
		return 'Ó'
	case 0xA4:
		return 'ń'
	case 0xA5:
		return 'Ń'
	case 0xA6:
		return 'ź'
	case 0xA7:
		return 'ż'
	}
	return charmap.CodePage437.DecodeByte(b) // 0xA2 is ó there too
}

// decodeText turns the raw bytes of a statement into text and names the
// character set it was read as.
//
// The heuristic: a UTF-16 byte order mark selects UTF-16; bytes that are all
// below 0x80 are ASCII; otherwise valid UTF-8 is UTF-8 (a leading byte order
// mark is dropped). Anything else is decoded as each of windows-1250,
// ISO-8859-2 and CP852, and every byte of 0x80 or above scores for that
// charset +1 if it decodes to a Polish letter (ą ć ę ł ń ó ś ź ż, either
// case) and -1 if it decodes to a C1 control, an unmapped byte or a
// box-drawing or block character, which never occur in bank text. The
// highest score wins; ties go to windows-1250, then ISO-8859-2.
//
// Because the three charsets place different Polish letters on different
// bytes (ą is 0xB9, 0xB1 and 0xA5; ś is 0x9C, 0xB6 and 0x98), text of even a
// few Polish words is told apart reliably.
func decodeText(b []byte) (text, charset string) {
	if s, ok := decodeUTF16(b); ok {
		return s, CharsetUTF16
	}
	if isASCII(b) {
		return string(b), CharsetASCII
	}
	if utf8.Valid(b) {
		return strings.TrimPrefix(string(b), "\uFEFF"), CharsetUTF8
	}
	best, bestScore := legacyCharsets[0], 0
	for i, name := range legacyCharsets {
		score := charsetScore(b, charmapOf(name))
		if i == 0 || score > bestScore {
			best, bestScore = name, score
		}
	}
	return decodeCharmap(b, charmapOf(best)), best
}

// charmapOf returns the decoding table of a legacy charset name.
func charmapOf(name string) byteDecoder {
	switch name {
	case CharsetMazovia:
		return mazovia{}
	case CharsetISO88592:
		return charmap.ISO8859_2
	case CharsetCP852:
		return charmap.CodePage852
	default:
		return charmap.Windows1250
	}
}

// charsetScore scores b decoded with cm as described at decodeText.
func charsetScore(b []byte, cm byteDecoder) int {
	score := 0
	for _, c := range b {
		if c < 0x80 {
			continue
		}
		r := cm.DecodeByte(c)
		switch {
		case isPolishLetter(r):
			score++
		case r == utf8.RuneError, r >= 0x80 && r < 0xA0, r >= 0x2500 && r <= 0x25FF:
			score--
		}
	}
	return score
}

// decodeCharmap decodes b byte by byte with cm.
func decodeCharmap(b []byte, cm byteDecoder) string {
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/8)
	for _, c := range b {
		if c < 0x80 {
			sb.WriteByte(c)
			continue
		}
		sb.WriteRune(cm.DecodeByte(c))
	}
	return sb.String()
}

// decodeUTF16 decodes b if it starts with a UTF-16 byte order mark.
func decodeUTF16(b []byte) (string, bool) {
	if len(b) < 2 {
		return "", false
	}
	var bigEndian bool
	switch {
	case b[0] == 0xFF && b[1] == 0xFE:
	case b[0] == 0xFE && b[1] == 0xFF:
		bigEndian = true
	default:
		return "", false
	}
	units := make([]uint16, 0, len(b)/2)
	for i := 2; i+1 < len(b); i += 2 {
		if bigEndian {
			units = append(units, uint16(b[i])<<8|uint16(b[i+1]))
		} else {
			units = append(units, uint16(b[i+1])<<8|uint16(b[i]))
		}
	}
	return string(utf16.Decode(units)), true
}

// isASCII reports whether every byte of b is below 0x80.
func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}
