package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"strings"
	"testing"
	"text/template/parse"

	"github.com/ebok/ebok/internal/i18n"
)

// Every text of both catalogues, put by translate where a template looked
// it up, reads byte for byte as html/template wrote it at run time: in
// HTML text, in a quoted attribute and in a title (RCDATA).
func TestTranslateWritesWhatTheTemplateWrote(t *testing.T) {
	c := i18n.New()
	for _, lang := range i18n.Langs {
		l := c.For(lang)
		var src strings.Builder
		for _, key := range c.Keys(lang) {
			fmt.Fprintf(&src, "<p>{{.L.T %q}}</p><p title=\"{{$.L.T %q}}\">{{ .L.T %q }}</p><title>{{.L.T %q}}</title>\n", key, key, key, key)
		}
		data := struct{ L *i18n.Localizer }{l}
		runtime := execute(t, src.String(), data)
		translatedSrc := string(translate([]byte(src.String()), l))
		if strings.Contains(translatedSrc, ".L.T") {
			t.Fatalf("%s: a fixed key is left as an action", lang)
		}
		if parsed := execute(t, translatedSrc, data); parsed != runtime {
			a, b := strings.Split(runtime, "\n"), strings.Split(parsed, "\n")
			for i := range min(len(a), len(b)) {
				if a[i] != b[i] {
					t.Fatalf("%s: translated\n%s\nwant, as at run time,\n%s", lang, b[i], a[i])
				}
			}
			t.Fatalf("%s: %d lines, want %d", lang, len(b), len(a))
		}
	}
	// A key with arguments, one built at run time and one with trim
	// markers stay actions.
	kept := `{{.L.T "fees.current" .Day}}{{.L.T (printf "ledger.kind.%s" .Kind)}}{{- .L.T "layout.skip" -}}`
	if got := string(translate([]byte(kept), c.For(i18n.Polish))); got != kept {
		t.Errorf("translate changed %s into %s", kept, got)
	}
}

func execute(t *testing.T, src string, data any) string {
	t.Helper()
	tmpl, err := template.New("t").Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, data); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// translate writes a fixed key's text as HTML text, which is what
// html/template writes in HTML text, in RCDATA and in a quoted attribute
// that is neither a URL, a script nor a style. This test finds, in every
// page's templates as html/template escapes them, the escapers of every
// action that looks a fixed key up: any other (a key in an href, a script,
// an unquoted attribute) would be written wrong.
func TestFixedKeysStandWhereTextIsSafe(t *testing.T) {
	pages, err := parsePages(templateFS)
	if err != nil {
		t.Fatal(err)
	}
	safe := map[string]bool{"_html_template_htmlescaper": true, "_html_template_attrescaper": true, "_html_template_rcdataescaper": true}
	found := 0
	for name, set := range pages {
		// Escaping happens at the first execution; the nil data then
		// stops each one at its first field, which is all this needs.
		for _, tmpl := range set.Templates() {
			_ = set.ExecuteTemplate(io.Discard, tmpl.Name(), nil)
		}
		for _, tmpl := range set.Templates() {
			if tmpl.Tree == nil {
				continue
			}
			walk(tmpl.Tree.Root, func(a *parse.ActionNode) {
				key, ok := fixedKeyOf(a)
				if !ok {
					return
				}
				found++
				for _, cmd := range a.Pipe.Cmds[1:] {
					id, ok := cmd.Args[0].(*parse.IdentifierNode)
					if !ok || !safe[id.Ident] || len(cmd.Args) != 1 {
						t.Errorf("%s, template %s: %s is escaped by %s, which translate does not write", name, tmpl.Name(), key, cmd)
					}
				}
				if len(a.Pipe.Cmds) < 2 {
					t.Errorf("%s, template %s: %s is not escaped (escaping did not run?)", name, tmpl.Name(), key)
				}
			})
		}
	}
	// The templates have about a thousand; a walk that found none
	// would prove nothing.
	if found < 900 {
		t.Errorf("found %d fixed keys in the escaped templates, want at least 900", found)
	}
}

// fixedKeyOf tells whether an action's first command is .L.T or $.L.T
// with one string argument, and names the key.
func fixedKeyOf(a *parse.ActionNode) (string, bool) {
	if len(a.Pipe.Decl) > 0 || len(a.Pipe.Cmds) == 0 {
		return "", false
	}
	args := a.Pipe.Cmds[0].Args
	if len(args) != 2 {
		return "", false
	}
	str, ok := args[1].(*parse.StringNode)
	if !ok {
		return "", false
	}
	switch f := args[0].(type) {
	case *parse.FieldNode:
		ok = len(f.Ident) == 2 && f.Ident[0] == "L" && f.Ident[1] == "T"
	case *parse.VariableNode:
		ok = len(f.Ident) == 3 && f.Ident[0] == "$" && f.Ident[1] == "L" && f.Ident[2] == "T"
	default:
		ok = false
	}
	return str.Text, ok
}

// walk calls f on every action below n.
func walk(n parse.Node, f func(*parse.ActionNode)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			walk(c, f)
		}
	case *parse.ActionNode:
		f(n)
	case *parse.IfNode:
		walk(n.List, f)
		walk(n.ElseList, f)
	case *parse.RangeNode:
		walk(n.List, f)
		walk(n.ElseList, f)
	case *parse.WithNode:
		walk(n.List, f)
		walk(n.ElseList, f)
	}
}

// Polish is parsed at start; every other language at its first page,
// with the same pages, and its fixed words in that language.
func TestEveryLanguageHasEveryPage(t *testing.T) {
	c := i18n.New()
	sets, err := parseTemplates(c)
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{pages: sets}
	for _, lang := range i18n.Langs {
		for name := range sets[i18n.Polish].pages {
			tmpl, err := s.template(c.For(lang), name)
			if err != nil {
				t.Fatalf("%s: %v", lang, err)
			}
			if tmpl == nil {
				t.Fatalf("%s: no template %s", lang, name)
			}
		}
	}
	var b bytes.Buffer
	en, err := s.template(c.For(i18n.English), "error")
	if err != nil {
		t.Fatal(err)
	}
	p := errorPage{Page: Page{L: c.For(i18n.English), Title: "x"}, Status: 404, Home: "/"}
	if err := en.ExecuteTemplate(&b, "layout.html", p.Page); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Skip to content") {
		t.Errorf("the English layout does not say %q:\n%s", "Skip to content", b.String())
	}
	if _, err := s.template(c.For(i18n.English), "no_such_page"); err == nil {
		t.Error("a page that does not exist was found")
	}
}
