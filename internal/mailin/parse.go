// Package mailin reads the cooperative's mailbox over IMAP and hands each
// mail, parsed, to messages.Service.Take, which files it once: a
// resident's e-mail into their thread, anything else into staff's triage
// list, mail returned by mail servers to the letters' Bounces. Mail is
// marked with the keyword Taken once filed, and never deleted.
package mailin

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime"
	"strings"
	"unicode/utf8"

	_ "github.com/emersion/go-message/charset" // Polish mail comes in ISO-8859-2 and Windows-1250 too
	"github.com/emersion/go-message/mail"

	"github.com/ebok/ebok/internal/messages"

	gomessage "github.com/emersion/go-message"
)

// maxText is the most of a mail's text kept.
const maxText = messages.MaxBody

// maxScan is the most of a mail's parts read to recognise returned mail.
const maxScan = 512 << 10

// Parse reads a raw mail into what messages.Take files. It never fails:
// mail as servers really write it is often not quite MIME (an mbox "From "
// line first, a header line without its field name, a multipart cut
// short), and what cannot be read as parts is kept as text for staff,
// never left in the mailbox to block the mail after it. A mail without a
// Message-ID is named by the SHA-256 of its bytes, so that it too is
// taken once.
func Parse(raw []byte) messages.Mail {
	m := messages.Mail{Raw: raw}
	header, body := repairHeader(raw)
	e, err := gomessage.Read(io.MultiReader(bytes.NewReader(header), bytes.NewReader(body)))
	if err != nil && !gomessage.IsUnknownCharset(err) {
		m.MessageID = hashID(raw)
		m.Text = plainText(body)
		return m
	}
	h := mail.Header{Header: e.Header}
	readHeader(&m, h)
	checkSender(&m, h)
	var s scan
	// A part that cannot be read ends the walk; what was read by then
	// stays, and the rest is read as plain text.
	err = e.Walk(func(_ []int, part *gomessage.Entity, err error) error {
		if err != nil && !gomessage.IsUnknownCharset(err) {
			return err
		}
		return s.take(&m, part)
	})
	if err != nil {
		s.keepBytes(body)
	}
	if m.Text == "" && len(m.Files) == 0 && !s.readText {
		m.Text = plainText(body)
	}
	classify(&m, h, &s)
	return m
}

// readHeader takes the identity, sender, subject, date and references.
func readHeader(m *messages.Mail, h mail.Header) {
	if id, _ := h.MessageID(); id != "" {
		m.MessageID = "<" + id + ">"
	} else {
		m.MessageID = hashID(m.Raw)
	}
	if from, _ := h.AddressList("From"); len(from) > 0 {
		m.From = strings.ToLower(from[0].Address)
	}
	subject, _ := h.Subject()
	m.Subject = stored(subject)
	if at, err := h.Date(); err == nil {
		m.At = at
	}
	for _, key := range []string{"References", "In-Reply-To"} {
		ids, _ := h.MsgIDList(key)
		for _, id := range ids {
			m.References = append(m.References, "<"+id+">")
		}
	}
}

// hashID names a mail without a Message-ID (or without readable headers)
// by its bytes.
func hashID(raw []byte) string {
	sum := sha256.Sum256(raw)
	return "<sha256-" + hex.EncodeToString(sum[:16]) + "@ebok.invalid>"
}

// plainText is a body kept as text when it cannot be read as parts.
func plainText(b []byte) string {
	if len(b) > maxText {
		b = b[:maxText]
	}
	return strings.TrimSpace(stored(string(b)))
}

// repairHeader splits raw into its header block, mended so that a MIME
// reader takes it, and the body. An mbox "From " line before the header
// is dropped; a line that is neither a field ("Name: value") nor the
// continuation of one is taken as a continuation (servers have been seen
// to break a Content-Type's parameters onto a line of their own); white
// space before a field's colon goes.
func repairHeader(raw []byte) (header, body []byte) {
	rest := raw
	var out bytes.Buffer
	first := true
	for len(rest) > 0 {
		line := rest
		next := len(rest)
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, next = rest[:i+1], i+1
		}
		rest = rest[next:]
		text := bytes.TrimRight(line, "\r\n")
		if len(text) == 0 {
			break
		}
		switch name, ok := fieldName(text); {
		case ok:
			out.Write(name)
			out.WriteString(":")
			out.Write(text[bytes.IndexByte(text, ':')+1:])
		case first:
			first = false
			continue // an mbox "From " line, or other junk before the header
		case text[0] == ' ' || text[0] == '\t':
			out.Write(text)
		default:
			out.WriteString(" ")
			out.Write(text)
		}
		first = false
		out.WriteString("\r\n")
	}
	out.WriteString("\r\n")
	return out.Bytes(), rest
}

// fieldName returns the name of a header field line "Name: value" (RFC
// 5322: printable ASCII but the colon, then the colon, possibly after
// white space).
func fieldName(line []byte) ([]byte, bool) {
	i := bytes.IndexByte(line, ':')
	if i <= 0 {
		return nil, false
	}
	name := bytes.TrimRight(line[:i], " \t")
	if len(name) == 0 {
		return nil, false
	}
	for _, c := range name {
		if c < 0x21 || c > 0x7e {
			return nil, false
		}
	}
	return name, true
}

// scan is what the walk over a mail's parts found besides its text and
// files: the parts of a delivery status notification and the text of
// every part, to recognise returned mail by.
type scan struct {
	dsn       bool     // a message/delivery-status part
	actions   []string // its recipients' Action fields, lower case
	diagnosis string   // the first Diagnostic-Code, else "status" and the first Status
	text      strings.Builder
	readText  bool // a text part was read (even if empty)
}

// take reads one part of a mail: its text, a file, or a part of returned
// mail.
func (s *scan) take(m *messages.Mail, part *gomessage.Entity) error {
	ct, cparams, _ := part.Header.ContentType()
	disp, dparams, _ := part.Header.ContentDisposition()
	name := dparams["filename"]
	if name == "" {
		name = cparams["name"]
	}
	switch {
	case strings.HasPrefix(ct, "multipart/"):
		return nil
	case ct == "message/delivery-status" || ct == "message/global-delivery-status":
		s.dsn = true
		return s.readStatus(part.Body)
	case returnedPart[ct]:
		return s.keep(part.Body)
	case ct == "text/plain" && disp != "attachment" && m.Text == "":
		b, err := io.ReadAll(io.LimitReader(part.Body, maxText))
		m.Text = strings.TrimSpace(stored(string(b)))
		s.readText = true
		s.keepBytes(b)
		return err
	case disp == "attachment" || name != "" || ct == "image/jpeg" || ct == "image/png" || ct == "application/pdf":
		b, err := io.ReadAll(io.LimitReader(part.Body, messages.Attachments.MaxBytes+1))
		if err != nil {
			return err
		}
		if f, err := messages.Attachments.Check(decodeName(name), b); err == nil {
			m.Files = append(m.Files, f)
		} else {
			m.Skipped = append(m.Skipped, messages.Skipped{Name: decodeName(name), Why: err})
		}
		if strings.HasPrefix(ct, "text/") {
			// Some servers return the mail's headers as a named text
			// file ("details.txt"): read for the Message-ID too.
			s.keepBytes(b)
		}
	case ct == "text/html":
		room := maxScan - s.text.Len()
		b, err := io.ReadAll(io.LimitReader(part.Body, int64(max(room, maxText))))
		text := htmlText(strings.ToValidUTF8(string(b), "?"))
		if m.Text == "" && disp != "attachment" {
			m.Text, s.readText = clipText(text), true
		}
		s.keepBytes([]byte(text))
		return err
	case strings.HasPrefix(ct, "text/"):
		return s.keep(part.Body)
	}
	return nil
}

// clipText is at most maxText bytes of text, cut where a character ends.
func clipText(s string) string {
	if len(s) <= maxText {
		return s
	}
	return strings.ToValidUTF8(s[:maxText], "")
}

// returnedPart are the types a bounce returns the mail, or its headers,
// as (message/rfc822-headers is not registered, but servers write it).
var returnedPart = map[string]bool{
	"message/rfc822": true, "message/global": true,
	"text/rfc822-headers": true, "message/global-headers": true, "message/rfc822-headers": true,
}

// keep adds a part's text to what returned mail is recognised by.
func (s *scan) keep(r io.Reader) error {
	room := maxScan - s.text.Len()
	if room <= 0 {
		return nil
	}
	b, err := io.ReadAll(io.LimitReader(r, int64(room)))
	s.keepBytes(b)
	return err
}

// keepBytes adds text to what returned mail is recognised by.
func (s *scan) keepBytes(b []byte) {
	if room := maxScan - s.text.Len(); len(b) > room {
		b = b[:max(room, 0)]
	}
	if !utf8.Valid(b) {
		b = bytes.ToValidUTF8(b, []byte("?"))
	}
	s.text.Write(b)
	s.text.WriteString("\n")
}

// decodeName decodes an RFC 2047 file name ("=?utf-8?q?skan_wniosku.pdf?=")
// into stored text: the name of a refused file is stored in the note that
// names it, and a name is whatever bytes the sender wrote.
func decodeName(name string) string {
	if d, err := new(mime.WordDecoder).DecodeHeader(name); err == nil {
		name = d
	}
	return stored(name)
}

// stored is text as it is stored: valid UTF-8 without NUL, both of which
// PostgreSQL refuses in text, and either of which mail may carry.
func stored(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "?"), "\x00", "?")
}
