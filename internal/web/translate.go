package web

import (
	"io/fs"
	"regexp"
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/i18n"
)

// Templates are parsed once per language. In each language's copy an
// action that only looks a fixed key up, {{.L.T "key"}} or
// {{$.L.T "key"}}, is replaced by its text, escaped as html/template
// would escape it at run time (htmlText, ledger_rows.go): a page then
// spends no reflection on the hundreds of fixed words it shows (issue 13:
// finding L in the embedded Page by reflection, then calling T, was a
// large part of a page's template time). Keys with arguments and keys
// built at run time stay actions. Such an action only ever stands in HTML
// text or in a quoted attribute that is neither a URL, a script nor a
// style: TestFixedKeysStandWhereTextIsSafe keeps it so, and
// TestTranslateWritesWhatTheTemplateWrote checks the escaping.

// fixedKey matches an action that looks one fixed key up, without
// arguments: the key is group 1, as a Go string literal.
var fixedKey = regexp.MustCompile(`\{\{-? *\$?\.L\.T ("[^"\\]*") *-?\}\}`)

// translated reads templates from an fs.FS with their fixed keys replaced
// by l's texts.
type translated struct {
	fs.FS
	l *i18n.Localizer
}

// ReadFile implements fs.ReadFileFS, which template.ParseFS reads through.
func (t translated) ReadFile(name string) ([]byte, error) {
	b, err := fs.ReadFile(t.FS, name)
	if err != nil {
		return nil, err
	}
	return translate(b, t.l), nil
}

// translate replaces the fixed keys of a template's source by l's texts.
func translate(src []byte, l *i18n.Localizer) []byte {
	return fixedKey.ReplaceAllFunc(src, func(action []byte) []byte {
		// Keep the trim markers' effect: "{{- " and " -}}" eat the white
		// space around the action.
		if action[2] == '-' || action[len(action)-3] == '-' {
			return action
		}
		key, err := strconv.Unquote(string(fixedKey.FindSubmatch(action)[1]))
		if err != nil {
			return action
		}
		text := l.T(key)
		// Template text may not hold a bare "{{": write it as an action.
		if strings.Contains(text, "{{") {
			return []byte("{{" + strconv.Quote(text) + "}}")
		}
		return []byte(htmlText.Replace(text))
	})
}
