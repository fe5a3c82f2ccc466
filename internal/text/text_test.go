package text

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// polish pairs each Polish letter with a diacritic with its ASCII base.
var polish = []struct {
	letter, base rune
}{
	{'ą', 'a'}, {'ć', 'c'}, {'ę', 'e'}, {'ł', 'l'}, {'ń', 'n'}, {'ó', 'o'}, {'ś', 's'}, {'ź', 'z'}, {'ż', 'z'},
	{'Ą', 'A'}, {'Ć', 'C'}, {'Ę', 'E'}, {'Ł', 'L'}, {'Ń', 'N'}, {'Ó', 'O'}, {'Ś', 'S'}, {'Ź', 'Z'}, {'Ż', 'Z'},
}

func TestFoldRune(t *testing.T) {
	for _, p := range polish {
		if got := FoldRune(p.letter); got != p.base {
			t.Errorf("FoldRune(%q) = %q, want %q", p.letter, got, p.base)
		}
	}
	for _, r := range []rune{'a', 'Z', '0', ' ', '-', 'ä', 'Ö', 'é', 'ß', 'č', 'Ž', utf8.RuneError} {
		if got := FoldRune(r); got != r {
			t.Errorf("FoldRune(%q) = %q, want it unchanged", r, got)
		}
	}
}

func TestFoldPolishLetters(t *testing.T) {
	for _, p := range polish {
		want := string(unicode.ToLower(p.base))
		if got := Fold(string(p.letter)); got != want {
			t.Errorf("Fold(%q) = %q, want %q", p.letter, got, want)
		}
	}
}

func TestFold(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{"kowalski", "kowalski"},
		{"Łódź", "lodz"},
		{"ZAŻÓŁĆ GĘŚLĄ JAŹŃ", "zazolc gesla jazn"},
		{"Zażółć gęślą jaźń", "zazolc gesla jazn"},
		{"Spółdzielnia Mieszkaniowa „Śródmieście”", "spoldzielnia mieszkaniowa „srodmiescie”"},
		{"ul. Świętokrzyska 12/3", "ul. swietokrzyska 12/3"},
		{"Müller Straße", "müller straße"},
		{"  Jan   Kowalski  ", "jan kowalski"},
		{"Jan\tKowalski", "jan kowalski"},
		{"Jan\u00a0Kowalski", "jan kowalski"},
		{"Jan\r\nKowalski\n", "jan kowalski"},
		{"\u00a0\t \n", ""},
		{"a \t\u00a0\n b", "a b"},
		{"wpłata\u2003za\u3000czynsz", "wplata za czynsz"},
		{"bad\xffbyte", "bad\ufffdbyte"},
		// An upper-case letter with no lower case stays as it is.
		{"\u03d2", "\u03d2"},
	}
	for _, tc := range cases {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFoldKeepsFoldedASCII(t *testing.T) {
	for _, s := range []string{"", "a", "jan kowalski", "ul. dluga 1/2", "x-y_z 123"} {
		if !isFoldedASCII(s) {
			t.Errorf("isFoldedASCII(%q) = false", s)
		}
		allocs := testing.AllocsPerRun(100, func() { _ = Fold(s) })
		if allocs != 0 {
			t.Errorf("Fold(%q) allocates %v times", s, allocs)
		}
	}
	for _, s := range []string{" a", "a ", "a  b", "A", "a\tb", "ą", "\x80"} {
		if isFoldedASCII(s) {
			t.Errorf("isFoldedASCII(%q) = true", s)
		}
	}
}

func BenchmarkFold(b *testing.B) {
	cases := []struct{ name, s string }{
		{"folded", "jan kowalski ul. dluga 1/2"},
		{"ascii", "Jan Kowalski, ul. Dluga 1/2"},
		{"polish", "Zażółć  gęślą\tjaźń, ul. Długa 1/2"},
	}
	for _, c := range cases {
		s := c.s
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = Fold(s)
			}
		})
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"", "Łódź", "ZAŻÓŁĆ GĘŚLĄ JAŹŃ", " a\u00a0\tb\n", "bad\xffbyte", "İstanbul", "ǅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if again := Fold(got); again != got {
			t.Fatalf("Fold(%q) = %q, but Fold of that = %q", s, got, again)
		}
		if strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") || strings.Contains(got, "  ") {
			t.Fatalf("Fold(%q) = %q: space at an end or doubled", s, got)
		}
		for _, r := range got {
			// Not unicode.IsUpper: a few upper-case letters, such as
			// U+03D2, have no lower case to fold to.
			if unicode.ToLower(r) != r {
				t.Fatalf("Fold(%q) = %q holds %q, which has a lower case", s, got, r)
			}
			if FoldRune(r) != r {
				t.Fatalf("Fold(%q) = %q holds the Polish letter %q", s, got, r)
			}
			if r != ' ' && unicode.IsSpace(r) {
				t.Fatalf("Fold(%q) = %q holds the white space %q", s, got, r)
			}
		}
	})
}
