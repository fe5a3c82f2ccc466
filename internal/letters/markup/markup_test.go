package markup

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// Paragraphs, lists and tables are told apart; bold runs are split out.
func TestParse(t *testing.T) {
	got := Parse("Szanowni Państwo,\nniniejszym **zawiadamiamy**\n\n- pierwszy\n- drugi\n| Składnik | Stawka |\n| eksploatacja | 3,20 zł |\n\nkoniec **bez pary")
	want := []Block{
		{Kind: Para, Lines: [][]Span{{{Text: "Szanowni Państwo, niniejszym "}, {Text: "zawiadamiamy", Bold: true}}}},
		{Kind: List, Lines: [][]Span{{{Text: "pierwszy"}}, {{Text: "drugi"}}}},
		{Kind: Table, Rows: [][][]Span{{{{Text: "Składnik"}}, {{Text: "Stawka"}}}, {{{Text: "eksploatacja"}}, {{Text: "3,20 zł"}}}}},
		{Kind: Para, Lines: [][]Span{{{Text: "koniec **bez pary"}}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Parse:\n got %+v\nwant %+v", got, want)
	}
	if p := Plain("a **b**\n\n- c"); p != "a b\n\n- c\n" {
		t.Errorf("Plain: %q", p)
	}
}

// wordRunes is the letters and digits of s, in order: what markup never
// adds, drops or reorders.
func wordRunes(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

// blockWords are the letters and digits of every span of the blocks, in
// order, each span read alone (two spans of bytes that are not UTF-8 may
// make a letter together).
func blockWords(bs []Block) string {
	var b strings.Builder
	add := func(spans []Span) {
		for _, s := range spans {
			b.WriteString(wordRunes(s.Text))
		}
	}
	for _, bl := range bs {
		for _, l := range bl.Lines {
			add(l)
		}
		for _, r := range bl.Rows {
			for _, c := range r {
				add(c)
			}
		}
	}
	return b.String()
}

// checkSpans: no span is empty, a bold one holds no marker, and the text
// is the line less its paired markers (an unpaired last one stays).
func checkSpans(t *testing.T, line string) {
	spans := Spans(line)
	for _, s := range spans {
		if s.Text == "" || (s.Bold && strings.Contains(s.Text, "**")) || !strings.Contains(line, s.Text) {
			t.Fatalf("Spans(%q): span %+v", line, s)
		}
	}
	k := strings.Count(line, "**")
	if got, want := len(join(spans)), len(line)-2*(k-k%2); got != want {
		t.Fatalf("Spans(%q) = %+v: %d bytes of text, want %d", line, spans, got, want)
	}
}

// FuzzParse: whatever staff type, Parse keeps every letter and digit in
// order, never starts a block of the kind it just ended, and gives a
// paragraph one line and a table row one cell at least; Plain keeps them
// too (of UTF-8 text: it joins spans, and so bytes that are not).
func FuzzParse(f *testing.F) {
	f.Add("Szanowni Państwo,\nniniejszym **zawiadamiamy**\n\n- pierwszy\n- drugi\n| Składnik | Stawka |\n| eksploatacja | 3,20 zł |\n\nkoniec **bez pary")
	f.Add("a **b**\n\n- c")
	f.Add("| a | **b** | c\r\n|x|\n||\n- \n-\n***a** b ****")
	f.Add("\xc4\n\n\x81 \xc4****\x81")
	f.Fuzz(func(t *testing.T, text string) {
		blocks := Parse(text)
		if got, want := blockWords(blocks), wordRunes(text); got != want {
			t.Fatalf("Parse(%q) keeps %q of %q", text, got, want)
		}
		for i, b := range blocks {
			if i > 0 && b.Kind != Para && blocks[i-1].Kind == b.Kind {
				t.Fatalf("Parse(%q): two %v blocks in a row", text, b.Kind)
			}
			if (b.Kind == Para && len(b.Lines) != 1) || (b.Kind == Table && len(b.Rows) == 0) || (b.Kind == List && len(b.Lines) == 0) {
				t.Fatalf("Parse(%q): block %d %+v", text, i, b)
			}
			for _, r := range b.Rows {
				if len(r) == 0 {
					t.Fatalf("Parse(%q): a table row without cells", text)
				}
			}
		}
		if got, want := wordRunes(Plain(text)), wordRunes(text); got != want && utf8.ValidString(text) {
			t.Fatalf("Plain(%q) keeps %q of %q", text, got, want)
		}
		for _, line := range strings.Split(text, "\n") {
			checkSpans(t, line)
		}
	})
}
