package i18n

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The wording rules of docs/wording.md that a machine can check: no
// greeting with a name in the vocative, no verb form that assumes the
// reader's gender, no word said twice in a row, no raw message key.
var wordingRules = []struct {
	name string
	re   *regexp.Regexp
}{
	// "Dzień dobry, %s!", "Witaj, Barbaro": greet everyone the same way.
	{"vocative greeting", regexp.MustCompile(`(?:[Dd]zień dobry|[Ww]itaj|[Ww]itamy|[Cc]ześć|[Dd]rog[ia]|[Ss]zanown[iya])[ \t]*,?[ \t]*(?:%s|\p{Lu}\p{Ll}+)`)},
	// "składałeś", "zrobiłaś", "chciałbyś", "mogłabyś": second person
	// past and conditional forms carry a gender; so do "(-aś)" pairs.
	{"gendered form", regexp.MustCompile(`(?i)\p{L}(łeś|łaś|łbyś|łabyś|łobyś|łeście|łyście)(?:[^\p{L}]|$)|\(-(aś|a|am|łaś|łam)\)`)},
	// "Wpłata: Wpłata", "osiedle Osiedle Słoneczne".
	{"doubled word", nil},
	// "overview.pay.title" shown instead of a sentence.
	{"raw key", regexp.MustCompile(`^\[?[a-z_]+(\.[a-z_]+)+\]?$|\[[a-z_]+(\.[a-z_]+)+\]`)},
}

// wordingProblems lists the rules a text breaks.
func wordingProblems(text string) []string {
	var out []string
	for _, r := range wordingRules {
		if r.name != "doubled word" {
			if r.re.MatchString(text) {
				out = append(out, r.name)
			}
			continue
		}
		// Go's regexp has no back-references: compare each pair of
		// neighbouring words.
		words := regexp.MustCompile(`\p{L}+`).FindAllStringIndex(text, -1)
		for i := 1; i < len(words); i++ {
			a, b := text[words[i-1][0]:words[i-1][1]], text[words[i][0]:words[i][1]]
			between := text[words[i-1][1]:words[i][0]]
			if len([]rune(a)) >= 3 && strings.EqualFold(a, b) && strings.Trim(between, " :\u00a0") == "" {
				out = append(out, r.name)
				break
			}
		}
	}
	return out
}

// The scanner catches each planted example and leaves good Polish alone.
func TestWordingScannerCatchesPlantedExamples(t *testing.T) {
	for text, want := range map[string]string{
		"Dzień dobry, %s!\n\nTwój wniosek":            "vocative greeting",
		"Dzień dobry, Barbara!":                       "vocative greeting",
		"Witaj, Barbaro":                              "vocative greeting",
		"Jeśli to nie Ty składałeś wniosek, zignoruj": "gendered form",
		"Czy zapłaciłaś już za październik?":          "gendered form",
		"Gdybyś chciałbyś zmienić hasło":              "gendered form",
		"Zapisz, z kim rozmawiałeś(-aś).":             "gendered form",
		"Wpłata: Wpłata":                              "doubled word",
		"osiedle Osiedle Słoneczne":                   "doubled word",
		"overview.pay.title":                          "raw key",
		"Kwota: [overview.pay.amount]":                "raw key",
	} {
		got := wordingProblems(text)
		if len(got) != 1 || got[0] != want {
			t.Errorf("%q: found %v, want [%s]", text, got, want)
		}
	}
	for _, good := range []string{
		"Dzień dobry,\n\nw załączniku jest odpowiedź spółdzielni.",
		"Jeśli ten wniosek nie pochodzi od Ciebie, zignoruj tę wiadomość.",
		"Treść jest w liście poleconym.",
		"Wpłata: Jan Kowalski — opłaty za lokal 4/24",
		"osiedle Słoneczne",
		"Stan według księgowań do 21.11.2026.",
		"Kwota do zapłaty do %s",
	} {
		if got := wordingProblems(good); len(got) != 0 {
			t.Errorf("%q: found %v in good Polish", good, got)
		}
	}
}

// Every Polish message, and the text of every page template, follows the
// wording rules; every English message has no raw key either.
func TestCatalogueWording(t *testing.T) {
	c := New()
	pl := c.For(Polish)
	for _, k := range c.Keys(Polish) {
		for _, p := range wordingProblems(pl.T(k)) {
			t.Errorf("%s: %s in %q", k, p, pl.T(k))
		}
	}
	en := c.For(English)
	for _, k := range c.Keys(English) {
		if wordingRules[3].re.MatchString(en.T(k)) {
			t.Errorf("%s: raw key in English %q", k, en.T(k))
		}
	}
	pages, err := filepath.Glob("../web/templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	partials, err := filepath.Glob("../web/templates/partials/*.html")
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 20 {
		t.Fatalf("found only %d templates; has the folder moved?", len(pages))
	}
	actions := regexp.MustCompile(`\{\{.*?\}\}|<[^>]*>`)
	for _, f := range append(pages, partials...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			text := actions.ReplaceAllString(line, " ")
			for _, p := range wordingProblems(text) {
				if p == "raw key" {
					continue // dotted names left by template actions are not text
				}
				t.Errorf("%s: %s in %q", f, p, strings.TrimSpace(text))
			}
		}
	}
}
