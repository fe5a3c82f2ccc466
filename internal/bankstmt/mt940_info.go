package bankstmt

import (
	"strings"

	"github.com/ebok/ebok/internal/nrb"
)

// Widths used to rejoin text that banks cut into pieces.
const (
	// subfieldWidth is the length of a full ~20 to ~33 subfield.
	subfieldWidth = 27
	// lineWidth is the length of a full MT940 line, the field tag
	// included. A bank that cuts text to fit makes every line but the
	// last this long; a bank that wraps at word boundaries rarely does.
	lineWidth = 65
)

// subfieldSeparators are the characters that introduce a numbered subfield
// in :86: ("~20", "^20"; "?20" in the SWIFT/German layout).
const subfieldSeparators = "~^?"

// info is the parsed :86: field (information to the account owner).
type info struct {
	title               string
	counterparty        string
	counterpartyAccount string
	accounts            []nrb.Number
	// key is the whole field reduced by identityKey, for ExternalID.
	key string
}

// subfield is one numbered subfield of a structured :86: field.
type subfield struct {
	code  int
	value string
}

// parseInfo reads a :86: field. A field that, after an optional three-digit
// transaction code, starts with a separator and two digits ("020~00...",
// "~20...", "051^00...") is structured: subfields ~20 to ~25 are the title,
// ~32 and ~33 (or else ~27 to ~29) the counterparty's name, ~38 (or else ~30
// sort code and ~31 account) the counterparty's account. Any other field is
// free text, all of it the title.
func parseInfo(lines []string) *info {
	joined := strings.Join(lines, "")
	if body, ok := structuredBody(joined); ok {
		return parseSubfields(splitSubfields(body))
	}
	text := joinWrapped(lines, lineWidth, len(":86:"))
	return &info{title: text, accounts: FindAccounts(text), key: identityKey(text)}
}

// structuredBody returns s from its first subfield separator on, if s is a
// structured :86: field.
func structuredBody(s string) (string, bool) {
	t := strings.TrimLeft(s, " ")
	if len(t) > 3 && allDigits(t[:3]) {
		t = t[3:]
	}
	if len(t) >= 3 && strings.IndexByte(subfieldSeparators, t[0]) >= 0 && isDigit(t[1]) && isDigit(t[2]) {
		return t, true
	}
	return "", false
}

// splitSubfields splits a structured body, which starts with its separator,
// into subfields. A separator not followed by two digits is taken as text of
// the current subfield.
func splitSubfields(body string) []subfield {
	sep := body[:1]
	var subs []subfield
	for _, part := range strings.Split(body[1:], sep) {
		if len(part) >= 2 && isDigit(part[0]) && isDigit(part[1]) {
			subs = append(subs, subfield{code: atoi2(part), value: part[2:]})
			continue
		}
		last := &subs[len(subs)-1]
		last.value += sep + part
	}
	return subs
}

// parseSubfields interprets the subfields of a structured :86: field.
func parseSubfields(subs []subfield) *info {
	in := &info{
		title:        joinWrapped(subfieldValues(subs, 20, 25), subfieldWidth, 0),
		counterparty: joinWrapped(subfieldValues(subs, 32, 33), subfieldWidth, 0),
	}
	names := joinWrapped(subfieldValues(subs, 27, 29), subfieldWidth, 0)
	if in.counterparty == "" {
		in.counterparty = names
	}
	var key strings.Builder
	for _, s := range subs {
		key.WriteString(s.value)
		in.accounts = append(in.accounts, FindAccounts(s.value)...)
	}
	in.key = identityKey(key.String())
	more := joinWrapped(subfieldValues(subs, 60, 63), subfieldWidth, 0)
	for _, text := range [...]string{in.title, in.counterparty, names, more} {
		in.accounts = append(in.accounts, FindAccounts(text)...)
	}
	in.counterpartyAccount = counterpartyAccount(subs)
	if n, err := nrb.Parse(in.counterpartyAccount); err == nil {
		in.accounts = append(in.accounts, n)
	}
	in.accounts = uniqueAccounts(in.accounts)
	return in
}

// counterpartyAccount returns the counterparty's account from ~38, or else
// from ~30 (sort code) and ~31 (account part or whole NRB). A valid NRB is
// returned as 26 digits; anything else as the bank wrote it, without spaces.
func counterpartyAccount(subs []subfield) string {
	if iban := compact(strings.Join(subfieldValues(subs, 38, 38), "")); iban != "" {
		if n, err := nrb.Parse(iban); err == nil {
			return string(n)
		}
		return iban
	}
	sortCode := compact(strings.Join(subfieldValues(subs, 30, 30), ""))
	account := compact(strings.Join(subfieldValues(subs, 31, 31), ""))
	if n, err := nrb.Parse(account); err == nil {
		return string(n)
	}
	if n, err := nrb.New(sortCode, account); err == nil {
		return string(n)
	}
	return sortCode + account
}

// subfieldValues returns the values of subfields numbered from to through,
// in order of appearance.
func subfieldValues(subs []subfield, from, through int) []string {
	var values []string
	for _, s := range subs {
		if s.code >= from && s.code <= through {
			values = append(values, s.value)
		}
	}
	return values
}

// compact removes all white space from s.
func compact(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// uniqueAccounts returns list without repetitions, keeping the first
// occurrence of each number.
func uniqueAccounts(list []nrb.Number) []nrb.Number {
	seen := make(map[nrb.Number]bool, len(list))
	out := list[:0:0]
	for _, n := range list {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}
