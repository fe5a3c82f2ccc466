package web

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/ebok/ebok/internal/i18n"
)

// keyUse finds message keys passed to T, page and renderError in Go code
// and templates.
var keyUse = regexp.MustCompile(`(?:\.T|page\(r,|renderError\(w, r, [^,]+,)\s*"([a-z_]+(?:\.[a-z_]+)+)"`)

// dynamicKeys are built with printf in templates; every value must exist.
var dynamicKeys = map[string][]string{
	"premises.kind.": {"flat", "commercial", "garage", "parking"},
	"title.":         {"tenant_right", "ownership_right", "separate_ownership", "lease", "no_title"},
}

func TestEveryMessageKeyExists(t *testing.T) {
	c := i18n.New()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := filepath.Glob("templates/*/*.html")
	if err != nil {
		t.Fatal(err)
	}
	top, err := filepath.Glob("templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, f := range append(append(files, tmpl...), top...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyUse.FindAllStringSubmatch(string(b), -1) {
			found++
			for _, lang := range i18n.Langs {
				if !c.Has(lang, m[1]) {
					t.Errorf("%s uses %q, missing in %s", f, m[1], lang)
				}
			}
		}
	}
	if found < 50 {
		t.Errorf("found only %d key uses; is the pattern still right?", found)
	}
	for prefix, values := range dynamicKeys {
		for _, v := range values {
			for _, lang := range i18n.Langs {
				if !c.Has(lang, prefix+v) {
					t.Errorf("%s%s missing in %s", prefix, v, lang)
				}
			}
		}
	}
}

func TestEveryRefusalKeyExists(t *testing.T) {
	c := i18n.New()
	for _, r := range refusalKeys {
		for _, lang := range i18n.Langs {
			if !c.Has(lang, r.key) {
				t.Errorf("refusal %v: %q missing in %s", r.err, r.key, lang)
			}
		}
	}
	forms := []refusals{passwordRefusals, stepRefusals, meetingRefusals, libraryRefusals,
		copyRefusals, settlementRefusals, componentRefusals}
	for i, rs := range forms {
		if len(rs) == 0 {
			t.Errorf("form %d knows no refusals: is its section right?", i)
		}
	}
}
