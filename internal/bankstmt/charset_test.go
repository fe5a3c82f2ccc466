package bankstmt

import (
	"testing"
)

func TestDecodeText(t *testing.T) {
	// Short texts, as single payments show them, that a charset guess
	// could easily get wrong.
	texts := []string{
		"Zażółć gęślą jaźń",
		"ZAŻÓŁĆ GĘŚLĄ JAŹŃ",
		"Opłata za lokal",
		"ś",
		"Łódź, ul. Źródlana",
		"Wpłata: czynsz za wrzesień, Świątek",
		"Gąsienica-Łabędź",
	}
	for _, text := range texts {
		for _, charset := range []string{CharsetWindows1250, CharsetISO88592, CharsetCP852, CharsetMazovia, CharsetUTF8} {
			raw := encode(t, text, charset, "\n")
			// Where two charsets agree on every byte of a text
			// either name is right; the text must come back.
			got, cs := decodeText(raw)
			if got != text || charset == CharsetUTF8 && cs != charset {
				t.Errorf("%s %q decoded as %s %q", charset, text, cs, got)
			}
		}
	}
}

func TestDecodeTextSpecialCases(t *testing.T) {
	tests := []struct {
		name    string
		in      []byte
		text    string
		charset string
	}{
		{"ASCII", []byte("Oplata za lokal"), "Oplata za lokal", CharsetASCII},
		{"empty", nil, "", CharsetASCII},
		{"UTF-8 with BOM", []byte("\xEF\xBB\xBFłan"), "łan", CharsetUTF8},
		{"UTF-16LE", []byte{0xFF, 0xFE, 'a', 0, 0x42, 0x01}, "ał", CharsetUTF16},
		{"UTF-16BE", []byte{0xFE, 0xFF, 0, 'a', 0x01, 0x42}, "ał", CharsetUTF16},
		// No Polish letter in any reading: the tie goes to windows-1250.
		{"undecidable", []byte{'a', 0xB0, 'b'}, "a°b", CharsetWindows1250},
	}
	for _, tt := range tests {
		text, cs := decodeText(tt.in)
		if text != tt.text || cs != tt.charset {
			t.Errorf("%s: got %s %q, want %s %q", tt.name, cs, text, tt.charset, tt.text)
		}
	}
}

// TestMazoviaTable pins the eighteen Polish letters of the Mazovia code
// page at the bytes its definition gives them; every other byte is code
// page 437's.
func TestMazoviaTable(t *testing.T) {
	letters := map[byte]rune{
		0x86: 'ą', 0x8D: 'ć', 0x8F: 'Ą', 0x90: 'Ę', 0x91: 'ę', 0x92: 'ł',
		0x95: 'Ć', 0x98: 'Ś', 0x9C: 'Ł', 0x9E: 'ś', 0xA0: 'Ź', 0xA1: 'Ż',
		0xA2: 'ó', 0xA3: 'Ó', 0xA4: 'ń', 0xA5: 'Ń', 0xA6: 'ź', 0xA7: 'ż',
	}
	other := map[byte]rune{0x41: 'A', 0x80: 'Ç', 0x81: 'ü', 0x9B: '¢', 0xB3: '│', 0xDB: '█', 0xE1: 'ß', 0xFF: '\u00a0'}
	for b, want := range letters {
		if got := (mazovia{}).DecodeByte(b); got != want {
			t.Errorf("Mazovia 0x%02X = %q, want %q", b, got, want)
		}
	}
	for b, want := range other {
		if got := (mazovia{}).DecodeByte(b); got != want {
			t.Errorf("Mazovia 0x%02X = %q, want %q", b, got, want)
		}
	}
	// A Mazovia file of a few Polish words is read as Mazovia.
	raw := []byte("Op\x92ata za lokal, wp\x92ata: czynsz za wrzesie\xA4, \x98wi\x86tek")
	if text, cs := decodeText(raw); cs != CharsetMazovia || text != "Opłata za lokal, wpłata: czynsz za wrzesień, Świątek" {
		t.Errorf("got %s %q", cs, text)
	}
}
