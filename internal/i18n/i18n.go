// Package i18n is ebok's message catalogue. Every word a user reads comes
// from here: Polish first, English second. Keys are stable dotted names.
package i18n

import (
	"fmt"
	"sort"
)

// Lang is a language ebok speaks.
type Lang string

// Supported languages. Polish is the default.
const (
	Polish  Lang = "pl"
	English Lang = "en"
)

// Langs lists the supported languages, default first.
var Langs = []Lang{Polish, English}

// ParseLang returns the language for a code, or Polish.
func ParseLang(code string) Lang {
	if code == string(English) {
		return English
	}
	return Polish
}

// Catalogue holds every message in every language.
type Catalogue struct {
	messages map[Lang]map[string]string
}

// New returns the built-in catalogue.
func New() *Catalogue {
	return &Catalogue{messages: map[Lang]map[string]string{
		Polish:  merge(polish, polishAccess, polishAudit, polishMeters, polishLedger, polishLetters, polishMessages, polishLibrary, polishHarden, polishMeeting),
		English: merge(english, englishAccess, englishAudit, englishMeters, englishLedger, englishLetters, englishMessages, englishLibrary, englishHarden, englishMeeting),
	}}
}

// merge joins the catalogue's parts; a key in two parts is a mistake that
// the tests catch through the key count.
func merge(parts ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, p := range parts {
		for k, v := range p {
			out[k] = v
		}
	}
	return out
}

// Localizer gives the messages of one language.
type Localizer struct {
	lang Lang
	c    *Catalogue
}

// For returns the localizer for lang.
func (c *Catalogue) For(lang Lang) *Localizer { return &Localizer{lang: lang, c: c} }

// Lang is the localizer's language.
func (l *Localizer) Lang() Lang { return l.lang }

// T returns the message for key, formatted with args (fmt verbs) when
// given. A key missing from the language falls back to Polish; a key
// missing altogether shows itself in brackets (and a test catches it).
func (l *Localizer) T(key string, args ...any) string {
	msg, ok := l.c.messages[l.lang][key]
	if !ok {
		msg, ok = l.c.messages[Polish][key]
	}
	if !ok {
		return "[" + key + "]"
	}
	if len(args) > 0 {
		return fmt.Sprintf(msg, args...)
	}
	return msg
}

// Has reports whether key exists in lang.
func (c *Catalogue) Has(lang Lang, key string) bool {
	_, ok := c.messages[lang][key]
	return ok
}

// Keys lists the keys of lang, sorted.
func (c *Catalogue) Keys(lang Lang) []string {
	keys := make([]string, 0, len(c.messages[lang]))
	for k := range c.messages[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
