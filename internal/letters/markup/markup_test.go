package markup

import (
	"reflect"
	"testing"
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
