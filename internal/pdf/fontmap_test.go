package pdf

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"testing"

	"github.com/ebok/ebok/internal/letters/markup"
)

// plainLetter is a letter whose highest character is 'ż' (U+017C, 380):
// no typographic quotes or dashes anywhere on the page.
func plainLetter() (Coop, LetterData) {
	c := Coop{Name: "Spółdzielnia Mieszkaniowa Na Skraju", Street: "ul. Żeromskiego 12", PostalCode: "90-001", City: "Łódź"}
	l := LetterData{PlaceDate: "Łódź, 7.12.2026", Info: []string{"Znak sprawy: ZN/1/2026"},
		Address: []string{"Jan Kowalski", "ul. Źródlana 4 m. 12", "90-418 Łódź"}, Subject: "Zawiadomienie o zmianie opłat",
		Body: markup.Parse("Uprzejmie informujemy, że od 1 marca 2027 zmienia się wysokość opłat.\n\nZażółć gęślą jaźń, ZAŻÓŁĆ GĘŚLĄ JAŹŃ.")}
	return c, l
}

var cidMapRef = regexp.MustCompile(`(?s)/BaseFont /(\w+)\n.*?/CIDToGIDMap (\d+) 0 R`)

// cidToGIDMaps returns the decompressed CIDToGIDMap stream of each font in
// a document, by the font's name.
func cidToGIDMaps(t *testing.T, doc []byte) map[string][]byte {
	t.Helper()
	maps := map[string][]byte{}
	for _, m := range cidMapRef.FindAllSubmatch(doc, -1) {
		obj := regexp.MustCompile(`(?s)\n` + string(m[2]) + ` 0 obj\n<<[^>]*>>\nstream\n`).FindIndex(doc)
		if obj == nil {
			t.Fatalf("object %s not found", m[2])
		}
		zr, err := zlib.NewReader(bytes.NewReader(doc[obj[1]:]))
		if err != nil {
			t.Fatalf("object %s: %v", m[2], err)
		}
		data, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("object %s: %v", m[2], err)
		}
		maps[string(m[1])] = data
	}
	return maps
}

// The map from characters to glyphs of each font ends at the highest
// character the document prints in it, instead of always covering 65,536
// of them (128 KB a font to clear and compress for every letter), and still
// maps every character printed to a glyph.
func TestCIDToGIDMapEndsAtTheHighestCharacter(t *testing.T) {
	r := newRenderer(t)
	c, l := plainLetter()
	list := markup.Parse("Zażółć gęślą jaźń.\n\n- pierwsza\n- druga") // a list item starts with '–'
	for _, tc := range []struct {
		name          string
		subject       string
		body          []markup.Block
		regular, bold int
	}{
		// Regular up to 'ż' (U+017C): (380 + 1) × 2 bytes; bold (the
		// subject) up to 'ł' (U+0142): (322 + 1) × 2.
		{"paragraphs", "Zawiadomienie o zmianie opłat", l.Body, 762, 646},
		// '–' (U+2013) before each list item: (8211 + 1) × 2.
		{"list", "Zawiadomienie o zmianie opłat", list, 16424, 646},
		// '„' (U+201E) in the subject: (8222 + 1) × 2.
		{"quotes", "Opłaty „za wodę”", l.Body, 762, 16446},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := l
			l.Subject, l.Body = tc.subject, tc.body
			var buf bytes.Buffer
			if err := r.Letter(&buf, c, l); err != nil {
				t.Fatal(err)
			}
			maps := cidToGIDMaps(t, buf.Bytes())
			if len(maps) != 2 {
				t.Fatalf("%d CIDToGIDMaps, want 2 (regular and bold)", len(maps))
			}
			if n := len(maps["utf8go"]); n != tc.regular {
				t.Errorf("regular: map of %d bytes, want %d", n, tc.regular)
			}
			if n := len(maps["utf8goB"]); n != tc.bold {
				t.Errorf("bold: map of %d bytes, want %d", n, tc.bold)
			}
			m := maps["utf8go"]
			for _, ch := range "Zażółćgęśląjaźń" {
				if int(ch)*2+1 >= len(m) {
					t.Fatalf("%q past the map's end", ch)
				}
				if gid := int(m[ch*2])<<8 | int(m[ch*2+1]); gid == 0 {
					t.Errorf("%q maps to no glyph", ch)
				}
			}
		})
	}
}

// BenchmarkLetter renders a one-page letter with a list, bold and
// typographic quotes: the PDF a mass letter renders per recipient.
func BenchmarkLetter(b *testing.B) {
	r := newRenderer(b)
	c, l := plainLetter()
	l.Subject = "Opłaty „za wodę” od 1 marca 2027"
	l.Body = markup.Parse("Szanowni Państwo,\n\nuprzejmie informujemy, że od **1 marca 2027** zmienia się wysokość opłat.\n\n- woda zimna: 14,20 zł/m³\n- ścieki: 11,05 zł/m³\n\nZ poważaniem\nZarząd")
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := r.Letter(&buf, c, l); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/pdf")
}
