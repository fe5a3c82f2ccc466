package bankstmt

import (
	"strings"
	"unicode"

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
// in :86: ("~20", "^20", "<20"; "?20" in the SWIFT/German layout).
const subfieldSeparators = "~^?<"

// placeholder is the character that the byte 0xFF, with which some banks
// (PKO BP) fill empty subfields, decodes to in Windows-1250 and ISO-8859-2.
// It is never text.
const placeholder = "\u02d9"

// info is the parsed :86: field (information to the account owner).
type info struct {
	title               string
	counterparty        string
	counterpartyAccount string
	payerName           string
	payerAddress        string
	// credited are the accounts named where a bank puts the account that
	// was credited (NA RACH., ~60 to ~63), never the title's or the
	// payer's.
	credited  []nrb.Number
	payerID   string // mBank IPH / Collect payer identifier
	reference string // the bank's transaction number (TNR)
	accounts  []nrb.Number
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
	joined := strings.ReplaceAll(strings.Join(lines, ""), placeholder, "")
	if body, ok := structuredBody(joined); ok {
		return parseSubfields(splitSubfields(body))
	}
	if in := parseLabelled(joined); in != nil {
		return in
	}
	clean := make([]string, len(lines))
	for i, l := range lines {
		clean[i] = strings.ReplaceAll(l, placeholder, "")
	}
	text := joinWrapped(clean, lineWidth, len(":86:"))
	return &info{title: text, accounts: FindAccounts(text), key: identityKey(text)}
}

// structuredBody returns s from its first subfield separator on, if s is a
// structured :86: field.
func structuredBody(s string) (string, bool) {
	t := strings.TrimLeft(s, " ")
	if len(t) > 3 && allDigits(t[:3]) {
		t = strings.TrimLeft(t[3:], " ") // some write "152 ~00…"
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
	for i := range subs {
		subs[i].value = strings.ReplaceAll(subs[i].value, placeholder, "")
	}
	in := &info{
		title:        joinWrapped(subfieldValues(subs, 20, 25), subfieldWidth, 0),
		counterparty: joinWrapped(subfieldValues(subs, 32, 33), subfieldWidth, 0),
	}
	names := joinWrapped(subfieldValues(subs, 27, 29), subfieldWidth, 0)
	if in.counterparty == "" {
		in.counterparty = names
	}
	in.payerName, in.payerAddress = splitNameAddress(in.counterparty, subfieldValues(subs, 32, 32))
	// ~62 and ~63 carry the rest of the address (ING, Pekao) or, at some
	// banks, the credited account.
	var rest []string
	for _, v := range subfieldValues(subs, 60, 63) {
		if found := FindAccounts(v); len(found) > 0 {
			in.credited = append(in.credited, found...)
			continue
		}
		rest = append(rest, v)
	}
	if more := joinWrapped(rest, subfieldWidth, 0); more != "" {
		in.counterparty = collapseSpace(in.counterparty + " " + more)
		in.payerAddress = collapseSpace(in.payerAddress + " " + more)
	}
	var key strings.Builder
	for _, s := range subs {
		key.WriteString(s.value)
		in.accounts = append(in.accounts, FindAccounts(s.value)...)
	}
	in.key = identityKey(key.String())
	more := joinWrapped(subfieldValues(subs, 60, 63), subfieldWidth, 0)
	in.credited = append(in.credited, FindAccounts(more)...)
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

// labels are the labels of mBank's free-text :86: ("Z RACH.: …; OD: …;
// TYT.: …; TNR: …"), each with the field it fills.
var labels = map[string]string{
	"Z RACH.":  "payerAccount",
	"OD":       "payer",
	"DLA":      "payer",
	"NA RACH.": "credited",
	"TYT.":     "title",
	"TNR":      "reference",
	"ID IPH":   "payerID",
}

// parseLabelled reads a free-text :86: made of "LABEL: value" segments
// separated by ";", as mBank writes it. The bank cuts the text into lines
// anywhere, in the middle of a word or a number, keeping its spaces, so the
// lines were joined without adding any. It returns nil if the text has no
// segment with a known label.
func parseLabelled(text string) *info {
	var in info
	known := 0
	var field string // the field the previous segment filled
	for _, seg := range strings.Split(text, ";") {
		label, value, ok := strings.Cut(seg, ":")
		label = collapseSpace(label)
		if f, isLabel := labels[label]; ok && isLabel {
			field = f
			known++
			in.set(f, value)
			continue
		}
		if ok && isOtherLabel(label) {
			field = "" // DATA STEMPLA, REF. KLIENTA, NIP…: nothing ebok keeps
			continue
		}
		if field == "title" || field == "payer" {
			in.set(field, ";"+seg) // a ";" inside the value
		}
	}
	if known == 0 {
		return nil
	}
	raw := in.counterparty
	in.title = collapseSpace(in.title)
	in.counterparty = collapseSpace(in.counterparty)
	in.payerName, in.payerAddress = splitNameAddress(in.counterparty, []string{raw})
	in.reference = collapseSpace(in.reference)
	in.payerID = compact(in.payerID)
	in.accounts = uniqueAccounts(append(FindAccounts(text), in.credited...))
	in.key = identityKey(text)
	return &in
}

// isOtherLabel reports whether s looks like a label of mBank's free text
// that ebok does not read: capitals (Polish ones too), digits, dots and
// spaces, at most 20 characters.
func isOtherLabel(s string) bool {
	if s == "" || len([]rune(s)) > 20 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == ' ' || isPolishLetter(r) && r == unicode.ToUpper(r)) {
			return false
		}
	}
	return true
}

// set appends value to field f of in.
func (in *info) set(f, value string) {
	switch f {
	case "payerAccount":
		in.counterpartyAccount = accountText(value)
	case "payer":
		in.counterparty += value
	case "credited":
		in.credited = append(in.credited, FindAccounts(value)...)
	case "title":
		in.title += value
	case "reference":
		in.reference += compact(value)
	case "payerID":
		in.payerID += value
	}
}

// addressStarts are words with which a Polish address begins.
var addressStarts = [...]string{"UL.", "UL", "AL.", "AL", "OS.", "OS", "PL.", "ULICA", "ALEJA", "OSIEDLE"}

// splitNameAddress splits a payer's "name and address" text into the name
// and the address. The first of firstPieces (the bank's name field as
// written, with its padding) ends the name where it holds two spaces in a
// row, as mBank and ING pad a name before the address; otherwise the name
// ends before the first word that starts an address (UL., AL., OS., PL.) or
// holds a digit.
func splitNameAddress(whole string, firstPieces []string) (name, address string) {
	if len(firstPieces) > 0 {
		raw := strings.TrimLeft(firstPieces[0], " ")
		if i := strings.Index(raw, "  "); i > 0 {
			n := collapseSpace(raw[:i])
			if rest := strings.TrimSpace(strings.TrimPrefix(whole, n)); strings.HasPrefix(whole, n) {
				return n, rest
			}
		}
	}
	words := strings.Fields(whole)
	for i, w := range words {
		if i == 0 {
			continue
		}
		up := strings.ToUpper(w)
		starts := strings.ContainsAny(w, "0123456789")
		for _, a := range addressStarts {
			if up == a || strings.HasPrefix(up, a+".") || (strings.HasSuffix(a, ".") && strings.HasPrefix(up, a)) {
				starts = true
			}
		}
		if starts {
			if strings.ContainsAny(w, "0123456789") && i > 2 && !strings.ContainsAny(words[i-1], "0123456789") {
				i-- // the street name before its number
				if i > 2 && strings.HasSuffix(words[i-1], ".") {
					i-- // "ŚW. DUCHA", "GEN. BEMA"
				}
			}
			return strings.Join(words[:i], " "), strings.Join(words[i:], " ")
		}
	}
	return collapseSpace(whole), ""
}
