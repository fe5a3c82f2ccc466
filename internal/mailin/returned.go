package mailin

// Returned mail as mail servers really write it: a delivery status
// notification (RFC 3464), standalone or inside another multipart, or a
// server's own wording of one (Exim, qmail, Gmail, Yahoo, Exchange 2003
// and others write plain text, with the returned mail or its headers
// quoted below). Out-of-office and other automatic replies are not
// returned mail, and no person wrote them either.

import (
	"bufio"
	"io"
	"net/textproto"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message/mail"

	"github.com/ebok/ebok/internal/messages"
)

// maxReason is the most of a failure's reason kept.
const maxReason = 300

// readStatus reads a message/delivery-status part: the recipients'
// Action fields, and the reason (the first Diagnostic-Code, else the
// first Status).
func (s *scan) readStatus(body io.Reader) error {
	r := textproto.NewReader(bufio.NewReader(io.LimitReader(body, 64<<10)))
	status := ""
	for {
		h, err := r.ReadMIMEHeader()
		if a := strings.ToLower(strings.TrimSpace(h.Get("Action"))); a != "" {
			s.actions = append(s.actions, a)
		}
		if d := strings.TrimSpace(h.Get("Diagnostic-Code")); s.diagnosis == "" && saysSomething(d) {
			s.diagnosis = d
		}
		if st := strings.TrimSpace(h.Get("Status")); st != "" && status == "" {
			status = st
		}
		if err != nil {
			break // the end of the fields
		}
	}
	if s.diagnosis == "" && status != "" {
		s.diagnosis = "status " + status
	}
	return nil
}

// saysSomething: a Diagnostic-Code with text after its type ("smtp; 550
// …"), not the bare type some servers write ("SMTP;").
func saysSomething(diagnostic string) bool {
	_, text, found := strings.Cut(diagnostic, ";")
	return diagnostic != "" && (!found || strings.TrimSpace(text) != "")
}

// classify marks returned mail (m.Bounce) and other automatic mail
// (m.Automatic).
func classify(m *messages.Mail, h mail.Header, s *scan) {
	text := s.text.String()
	switch {
	case s.dsn:
		b := &messages.Bounce{Reason: s.diagnosis, Delayed: !dsnFailed(s)}
		if b.Reason == "" {
			b.Reason = reasonIn(text)
		}
		b.MessageIDs = returnedIDs(m, text)
		m.Bounce = b
	case fromMailServer(m, h):
		m.Bounce = &messages.Bounce{
			Reason:     reasonIn(text),
			Delayed:    delayed(m.Subject, text),
			MessageIDs: returnedIDs(m, text),
		}
		if a := actionField.FindAllStringSubmatch(text, -1); len(a) > 0 {
			m.Bounce.Delayed = true
			for _, x := range a {
				m.Bounce.Delayed = m.Bounce.Delayed && !strings.EqualFold(x[1], "failed")
			}
		}
	case automatic(m, h):
		m.Automatic = true
	}
	if m.Bounce != nil {
		m.Bounce.Reason = clip(stored(m.Bounce.Reason))
	}
}

// dsnFailed: a recipient's Action is "failed", or the notification gives
// no Action and a permanent (5.x.x) status.
func dsnFailed(s *scan) bool {
	for _, a := range s.actions {
		if a == "failed" {
			return true
		}
	}
	return len(s.actions) == 0 && (strings.HasPrefix(s.diagnosis, "status 5") || permanentCode.MatchString(s.diagnosis))
}

// mailServers are the local parts mail servers send returned mail from.
var mailServers = map[string]bool{
	"mailer-daemon": true, "mailerdaemon": true, "mailer_daemon": true, "mail-daemon": true,
	"postmaster": true, "mdaemon": true, "mail.daemon": true,
}

// returnedSubject matches the subjects servers give returned mail, in
// English and Polish.
var returnedSubject = regexp.MustCompile(`(?i)undeliver|undelivered|returned mail|delivery (status notification|failure|failed|has failed|problem)|mail delivery failed|failure notice|delivery status|non[- ]?delivery|niedostarcz|zwrot(ne|ona)? (poczt|wiadomo)|nie (można|mozna) dostarczy`)

// fromMailServer: the mail was written by a mail server about mail it
// could not deliver (or has not yet).
func fromMailServer(m *messages.Mail, h mail.Header) bool {
	local := m.From
	if i := strings.LastIndexByte(local, '@'); i >= 0 {
		local = local[:i]
	}
	if mailServers[local] || h.Get("X-Failed-Recipients") != "" {
		return true
	}
	rp := strings.TrimSpace(h.Get("Return-Path"))
	nullSender := rp == "<>" || strings.EqualFold(rp, "<MAILER-DAEMON>")
	return returnedSubject.MatchString(m.Subject) && !answers(m.Subject) && (nullSender || autoSubmitted(h))
}

// replySubject matches the prefixes of an answer's subject ("Re:",
// Polish Outlook's "Odp:", "AW:", …), which mail servers do not put
// before their own words.
var replySubject = regexp.MustCompile(`(?i)^\s*(re|odp|aw|sv|antw|wg)\s*(\[\d+\])?\s*:`)

// answers: the subject is an answer's or an automatic reply's, so the
// returned-mail words in it are the answered mail's subject ("Re:
// Przypomnienie o niedostarczeniu odczytów", from a vacation reply).
func answers(subject string) bool {
	return replySubject.MatchString(subject) || autoReplySubject.MatchString(subject)
}

// autoSubmitted: the Auto-Submitted field (RFC 3834) says no person sent
// the mail.
func autoSubmitted(h mail.Header) bool {
	v := strings.ToLower(strings.TrimSpace(h.Get("Auto-Submitted")))
	return v != "" && !strings.HasPrefix(v, "no")
}

// autoReplySubject matches the subjects of out-of-office and other
// automatic replies, in English and Polish: their words first, as mail
// programs write them ("Re: Przegląd – nieobecność" is a person's).
var autoReplySubject = regexp.MustCompile(`(?i)^\s*\[?(auto:|autoreply|auto[- ]reply|automatic reply|automatyczna odpowied|odpowied[źz] automatyczna|out of (the )?office|nieobecno[śs][ćc]|jestem na urlopie|abwesenheit)|\(automatic response\)`)

// automatic: mail no person wrote, that is not returned mail: an
// automatic reply (RFC 3834, or the fields and subjects mail programs
// mark one with), bulk mail, a feedback report.
func automatic(m *messages.Mail, h mail.Header) bool {
	if autoSubmitted(h) || h.Get("X-Autoreply") != "" || h.Get("X-Autorespond") != "" || h.Get("X-Autoresponder") != "" ||
		h.Get("X-Autogenerated") != "" {
		return true
	}
	switch strings.ToLower(strings.TrimSpace(h.Get("Precedence"))) {
	case "auto_reply", "bulk", "junk", "list":
		return true
	}
	if ct, params, _ := h.ContentType(); ct == "multipart/report" && params["report-type"] != "" {
		return true
	}
	return autoReplySubject.MatchString(m.Subject)
}

// actionField is a DSN's Action field met in plain text.
var actionField = regexp.MustCompile(`(?im)^[ \t]*action:[ \t]*(failed|delayed|delivered|relayed|expanded)\b`)

// delaySubject and delayText are how servers say they are still trying.
var (
	delaySubject = regexp.MustCompile(`(?i)delay|warning|still being retried|opóźni|opozni`)
	delayText    = regexp.MustCompile(`(?i)will be retried|will retry|will continue to try|delivery attempts will continue|still being retried|still trying|not yet been delivered|has been delayed|no action is required`)
	givenUp      = regexp.MustCompile(`(?i)permanent(ly)? (error|fail)|given up|giving up|failed permanently`)
)

// originalFollows is what Exchange and others put before the subject of
// the mail they return ("Undeliverable: <subject>", in Polish
// "Niedostarczalne:").
var originalFollows = regexp.MustCompile(`(?i)^\s*(undeliverable|undelivered|niedostarczalne|nie (można|mozna) dostarczyć|unzustellbar|non remis)\s*:`)

// delayed: returned mail in a server's own words says the server is still
// trying. The returned mail's subject after "Undeliverable:" is not the
// server's words.
func delayed(subject, text string) bool {
	if givenUp.MatchString(text) {
		return false
	}
	if own := originalFollows.FindString(subject); own != "" {
		subject = own
	}
	return delaySubject.MatchString(subject) || delayText.MatchString(text)
}

var (
	// enhancedCode is an enhanced status code (RFC 3463), replyCode an
	// SMTP reply code followed by its text.
	enhancedCode  = regexp.MustCompile(`\b[245]\.\d{1,3}\.\d{1,3}\b`)
	permanentCode = regexp.MustCompile(`\b5\d\d[ -]|\b5\.\d{1,3}\.\d{1,3}\b`)
	replyCode     = regexp.MustCompile(`(^|[\s:('"\[])[45]\d\d:?[ -]\S`)
	// diagnosticField is a DSN's Diagnostic-Code field met in plain text
	// (a notification whose MIME structure could not be read).
	diagnosticField = regexp.MustCompile(`(?i)^\s*diagnostic-code:\s*`)
)

// failureWords are how servers word a failure without a code.
var failureWords = regexp.MustCompile(`(?i)not recogni[sz]ed|unknown|not exist|no such|timed? ?out|exceeded|expired|not found|mailbox (is )?full|quota|rejected|refused|disabled|invalid|(was|were|could)( not|n't) be delivered|was not delivered|nie istnieje|niedost[eę]pn|przepełni|nie (mo[żz]na|mog[łl][ao]?|mo[żz]e) (zosta[ćc] )?dostarcz|nie zosta[łl][ao]? dostarczon|nie znaleziono`)

// reasonIn finds the reason in returned mail's text: a Diagnostic-Code
// field, else the first line with an SMTP reply code (with an enhanced
// status code if one has both), else one with an enhanced status code
// (RFC 3463), else one with the words of a failure, else the first line.
func reasonIn(text string) string {
	lines := strings.Split(text, "\n")
	pick := func(ok func(string) bool) string {
		for _, l := range lines {
			if ok(l) {
				return strings.Join(strings.Fields(l), " ")
			}
		}
		return ""
	}
	for _, ok := range []func(string) bool{
		func(l string) bool { return diagnosticField.MatchString(l) && len(strings.Fields(l)) > 2 },
		func(l string) bool { return replyCode.MatchString(l) && enhancedCode.MatchString(l) },
		replyCode.MatchString,
		enhancedCode.MatchString,
		failureWords.MatchString,
		func(l string) bool { return strings.TrimSpace(l) != "" },
	} {
		if r := pick(ok); r != "" {
			return strings.TrimSpace(diagnosticField.ReplaceAllString(r, ""))
		}
	}
	return ""
}

// clip shortens a reason to maxReason bytes, on a rune boundary.
func clip(s string) string {
	if len(s) <= maxReason {
		return s
	}
	i := maxReason
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// messageIDField finds the Message-ID fields of the mail quoted in
// returned mail (its headers, possibly indented or quoted with ">", the
// value possibly folded onto the next line).
var messageIDField = regexp.MustCompile(`(?im)^[ \t>]*message-id:[ \t]*(?:\r?\n[ \t>]+)?(<[^<>\s]+>)`)

// returnedIDs lists the Message-IDs the returned mail names: those of the
// quoted mail, then those it answers (some servers set In-Reply-To), never
// its own.
func returnedIDs(m *messages.Mail, text string) []string {
	var ids []string
	seen := map[string]bool{m.MessageID: true}
	add := func(id string) {
		if !seen[id] && len(ids) < 20 {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, match := range messageIDField.FindAllStringSubmatch(text, -1) {
		add(match[1])
	}
	for _, id := range m.References {
		add(id)
	}
	return ids
}
