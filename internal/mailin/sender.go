package mailin

import (
	"strings"

	"github.com/emersion/go-message/mail"

	"github.com/ebok/ebok/internal/messages"
)

// checkSender reads what the cooperative's mail server found of the
// sender (RFC 8601 Authentication-Results) and marks mail whose From
// address it found forged (m.SenderFailed). Only the topmost
// Authentication-Results counts: the receiving server adds its own above
// every header the sender wrote, so a sender cannot put one over it. The
// verdict: DMARC decides when the server checked it; otherwise a DKIM
// signature or an SPF pass of the From domain (or a domain it belongs to,
// or one belonging to it) passes, and a DKIM or SPF failure without such
// a pass fails. Mail without the header, or with nothing conclusive in
// it, is not marked: a server that checks nothing leaves ebok as it was.
func checkSender(m *messages.Mail, h mail.Header) {
	values := h.Values("Authentication-Results")
	if len(values) == 0 || m.From == "" {
		return
	}
	_, domain, ok := strings.Cut(m.From, "@")
	if !ok {
		return
	}
	failed, why := verdict(authResults(values[0]), domain)
	m.SenderFailed, m.SenderWhy = failed, why
}

// authResult is one method's result of an Authentication-Results header:
// "dkim=pass header.d=wp.pl" is method dkim, result pass, with the
// property header.d.
type authResult struct {
	method, result string
	props          map[string]string
}

// verdict says whether results show the From domain forged, and the
// result that shows it.
func verdict(results []authResult, domain string) (bool, string) {
	var fail string
	for _, r := range results {
		switch {
		case r.method == "dmarc" && r.result == "pass":
			return false, ""
		case r.method == "dmarc" && r.result == "fail":
			return true, "dmarc=fail"
		}
	}
	for _, r := range results {
		switch {
		case r.result == "pass" && r.method == "dkim" && aligned(domainOf(firstProp(r, "header.d", "header.i")), domain),
			r.result == "pass" && r.method == "spf" && aligned(domainOf(firstProp(r, "smtp.mailfrom", "smtp.helo")), domain):
			return false, ""
		case (r.method == "dkim" || r.method == "spf") && r.result == "fail" && fail == "":
			fail = r.method + "=fail"
		}
	}
	return fail != "", fail
}

// aligned reports whether two domains are one, or one lies within the
// other (relaxed alignment: poczta.onet.pl with onet.pl).
func aligned(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	return a == b || strings.HasSuffix(a, "."+b) || strings.HasSuffix(b, "."+a)
}

// domainOf is the domain of an address, "@domain" or a domain, lower case.
func domainOf(v string) string {
	if i := strings.LastIndexByte(v, '@'); i >= 0 {
		v = v[i+1:]
	}
	return strings.Trim(strings.ToLower(strings.TrimSpace(v)), ".<>\"")
}

// firstProp is the first of the properties keys that the result has.
func firstProp(r authResult, keys ...string) string {
	for _, k := range keys {
		if v := r.props[k]; v != "" {
			return v
		}
	}
	return ""
}

// authResults reads the results of one Authentication-Results header:
// the authserv-id, then "method=result property=value …" separated by
// ";", with comments in parentheses (which may hold ";") left out.
func authResults(v string) []authResult {
	parts := strings.Split(stripComments(v), ";")
	var out []authResult
	for _, part := range parts[1:] {
		fields := strings.Fields(part)
		if len(fields) == 0 {
			continue
		}
		method, result, ok := strings.Cut(fields[0], "=")
		if !ok {
			continue // "none": the server checked nothing
		}
		r := authResult{method: strings.ToLower(method), result: strings.ToLower(result), props: map[string]string{}}
		if i := strings.IndexByte(r.method, '/'); i >= 0 {
			r.method = r.method[:i] // a method's version, "dkim/1"
		}
		for _, f := range fields[1:] {
			if k, val, ok := strings.Cut(f, "="); ok {
				r.props[strings.ToLower(k)] = val
			}
		}
		out = append(out, r)
	}
	return out
}

// stripComments drops RFC 5322 comments (nested parentheses) and the
// quoting of quoted strings from a header value.
func stripComments(v string) string {
	var b strings.Builder
	depth, quoted := 0, false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '\\' && (quoted || depth > 0):
			if i++; quoted && i < len(v) {
				b.WriteByte(v[i]) // a quoted pair
			}
		case quoted:
			if c == '"' {
				quoted = false
			} else {
				b.WriteByte(c)
			}
		case c == '"' && depth == 0:
			quoted = true
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteByte(c)
		}
	}
	return b.String()
}
