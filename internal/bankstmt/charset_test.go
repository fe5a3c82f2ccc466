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
		for _, charset := range []string{CharsetWindows1250, CharsetISO88592, CharsetCP852, CharsetUTF8} {
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
		{"undecidable", []byte{'a', 0xA7, 'b'}, "a§b", CharsetWindows1250},
	}
	for _, tt := range tests {
		text, cs := decodeText(tt.in)
		if text != tt.text || cs != tt.charset {
			t.Errorf("%s: got %s %q, want %s %q", tt.name, cs, text, tt.charset, tt.text)
		}
	}
}
