// Package mailin reads the cooperative's mailbox over IMAP and hands each
// mail, parsed, to messages.Service.Take, which files it once: a
// resident's e-mail into their thread, anything else into staff's triage
// list, delivery status notifications to the letters' Bounces. Mail is
// marked with the keyword Taken once filed, and never deleted.
package mailin

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"net/textproto"
	"strings"
	"time"

	_ "github.com/emersion/go-message/charset" // Polish mail comes in ISO-8859-2 and Windows-1250 too
	"github.com/emersion/go-message/mail"

	"github.com/ebok/ebok/internal/messages"

	gomessage "github.com/emersion/go-message"
)

// maxText is the most of a mail's text kept.
const maxText = messages.MaxBody

// Parse reads a raw mail into what messages.Take files. A mail without a
// Message-ID is named by the SHA-256 of its bytes, so that it too is taken
// once.
func Parse(raw []byte) (messages.Mail, error) {
	e, err := gomessage.Read(bytes.NewReader(raw))
	if err != nil && !gomessage.IsUnknownCharset(err) {
		return messages.Mail{}, fmt.Errorf("mailin: parse: %w", err)
	}
	h := mail.Header{Header: e.Header}
	m := messages.Mail{Raw: raw}
	if id, _ := h.MessageID(); id != "" {
		m.MessageID = "<" + id + ">"
	} else {
		sum := sha256.Sum256(raw)
		m.MessageID = "<sha256-" + hex.EncodeToString(sum[:16]) + "@ebok.invalid>"
	}
	if from, _ := h.AddressList("From"); len(from) > 0 {
		m.From = strings.ToLower(from[0].Address)
	}
	m.Subject, _ = h.Subject()
	if m.At, err = h.Date(); err != nil {
		m.At = time.Time{}
	}
	for _, key := range []string{"References", "In-Reply-To"} {
		ids, _ := h.MsgIDList(key)
		for _, id := range ids {
			m.References = append(m.References, "<"+id+">")
		}
	}
	if ct, params, _ := e.Header.ContentType(); ct == "multipart/report" && params["report-type"] == "delivery-status" {
		m.Bounce = &messages.Bounce{}
	}
	err = e.Walk(func(_ []int, part *gomessage.Entity, err error) error {
		if err != nil && !gomessage.IsUnknownCharset(err) {
			return err
		}
		return take(&m, part)
	})
	return m, err
}

// take reads one part of a mail: its text, a file, or a part of a
// delivery status notification.
func take(m *messages.Mail, part *gomessage.Entity) error {
	ct, _, _ := part.Header.ContentType()
	disp, dparams, _ := part.Header.ContentDisposition()
	name := dparams["filename"]
	if name == "" {
		_, cparams, _ := part.Header.ContentType()
		name = cparams["name"]
	}
	switch {
	case strings.HasPrefix(ct, "multipart/"):
		return nil
	case m.Bounce != nil && ct == "message/delivery-status":
		return readStatus(m.Bounce, part.Body)
	case m.Bounce != nil && (ct == "message/rfc822" || ct == "text/rfc822-headers"):
		return readOriginal(m.Bounce, part.Body)
	case ct == "text/plain" && disp != "attachment" && m.Text == "":
		b, err := io.ReadAll(io.LimitReader(part.Body, maxText))
		m.Text = strings.TrimSpace(string(b))
		return err
	case disp == "attachment" || name != "" || ct == "image/jpeg" || ct == "image/png" || ct == "application/pdf":
		b, err := io.ReadAll(io.LimitReader(part.Body, messages.Attachments.MaxBytes+1))
		if err != nil {
			return err
		}
		if f, err := messages.Attachments.Check(decodeName(name), b); err == nil {
			m.Files = append(m.Files, f)
		}
	}
	return nil
}

// decodeName decodes an RFC 2047 file name ("=?utf-8?q?skan_wniosku.pdf?=").
func decodeName(name string) string {
	if d, err := new(mime.WordDecoder).DecodeHeader(name); err == nil {
		return d
	}
	return name
}

// readStatus takes the reason from a message/delivery-status part: the
// first Diagnostic-Code, else the Status of a recipient.
func readStatus(b *messages.Bounce, body io.Reader) error {
	r := textproto.NewReader(bufio.NewReader(io.LimitReader(body, 64<<10)))
	for {
		h, err := r.ReadMIMEHeader()
		if d := h.Get("Diagnostic-Code"); d != "" && b.Reason == "" {
			b.Reason = strings.TrimSpace(d)
		}
		if st := h.Get("Status"); st != "" && b.Reason == "" {
			b.Reason = "status " + st
		}
		if err != nil {
			return nil // the end of the fields
		}
	}
}

// readOriginal takes the Message-ID of the returned mail from its headers.
func readOriginal(b *messages.Bounce, body io.Reader) error {
	h, _ := textproto.NewReader(bufio.NewReader(io.LimitReader(body, 256<<10))).ReadMIMEHeader()
	if id := strings.TrimSpace(h.Get("Message-Id")); id != "" {
		b.MessageID = id
	}
	return nil
}
