package i18n

import (
	"regexp"
	"strings"
	"testing"
)

func TestLanguagesHaveTheSameKeys(t *testing.T) {
	c := New()
	pl, en := c.Keys(Polish), c.Keys(English)
	if strings.Join(pl, ",") != strings.Join(en, ",") {
		for _, k := range pl {
			if !c.Has(English, k) {
				t.Errorf("%s missing in English", k)
			}
		}
		for _, k := range en {
			if !c.Has(Polish, k) {
				t.Errorf("%s missing in Polish", k)
			}
		}
	}
}

var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

func TestFormatVerbsMatch(t *testing.T) {
	c := New()
	for _, k := range c.Keys(Polish) {
		p := verb.FindAllString(c.For(Polish).T(k), -1)
		e := verb.FindAllString(c.For(English).T(k), -1)
		if strings.Join(p, " ") != strings.Join(e, " ") {
			t.Errorf("%s: Polish verbs %v, English %v", k, p, e)
		}
	}
}

func TestFallbacks(t *testing.T) {
	c := New()
	if got := c.For(English).T("no.such.key"); got != "[no.such.key]" {
		t.Errorf("missing key = %q", got)
	}
	if ParseLang("en") != English || ParseLang("xx") != Polish || ParseLang("") != Polish {
		t.Error("ParseLang")
	}
}

func TestNoKeyInTwoParts(t *testing.T) {
	for _, parts := range [][]map[string]string{{polish, polishAccess, polishAudit, polishMeters, polishLedger}, {english, englishAccess, englishAudit, englishMeters, englishLedger}} {
		seen := map[string]bool{}
		for _, p := range parts {
			for k := range p {
				if seen[k] {
					t.Errorf("%s is defined twice", k)
				}
				seen[k] = true
			}
		}
	}
}
