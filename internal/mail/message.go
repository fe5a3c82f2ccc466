package mail

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/mail"
	"strings"
	"time"
	"unicode"
)

// ErrInvalidMessage is returned (wrapped) by Enqueue when a message cannot
// be sent as given: a bad address, an empty subject or body, a bad
// attachment.
var ErrInvalidMessage = errors.New("mail: invalid message")

// Message is a mail as a domain package asks for it to be sent.
type Message struct {
	// To is one recipient, "jan@example.pl" or "Jan Kowalski <jan@example.pl>".
	To string
	// Subject is the subject line (Polish letters are fine).
	Subject string
	// Text is the plain-text body; always required.
	Text string
	// HTML is an optional HTML alternative of Text.
	HTML string
	// Attachments are sent as separate MIME parts.
	Attachments []Attachment
}

// Attachment is a file sent with a Message.
type Attachment struct {
	// Filename is the name the recipient sees.
	Filename string
	// ContentType is the MIME type, e.g. "application/pdf"; empty means
	// "application/octet-stream".
	ContentType string
	// Data is the file's content.
	Data []byte
}

// Outgoing is one message as handed to a Sender: the stored outbox row plus
// the sender address.
type Outgoing struct {
	// MessageID is the stored Message-ID, with angle brackets; it is the
	// same on every attempt.
	MessageID string
	// From is the sender, "noreply@example.pl" or "Name <noreply@example.pl>".
	// Empty lets an SMTPSender use its configured address.
	From string
	// To is the recipient address as enqueued.
	To string
	// Subject, Text and HTML are as enqueued.
	Subject, Text, HTML string
	// Attachments are as enqueued.
	Attachments []Attachment
	// Date is the Date header: when the message was enqueued.
	Date time.Time
}

// Sender delivers one message. Implementations must be safe for
// concurrent use, and must keep secrets out of the errors they return: the
// worker stores them in last_error and logs them.
type Sender interface {
	Send(ctx context.Context, o Outgoing) error
}

// ValidAddress reports whether s is one e-mail address the outbox takes as
// a recipient. A correspondence e-mail from outside (two addresses joined
// by a comma, as some accounting systems export them, or one with a line
// break) is not: callers mailing many people skip such a person rather
// than have the outbox refuse the whole mailing.
func ValidAddress(s string) bool {
	_, err := mail.ParseAddress(s)
	return err == nil
}

// validate checks m the way Enqueue needs it.
func (m Message) validate() error {
	if _, err := mail.ParseAddress(m.To); err != nil {
		return fmt.Errorf("%w: recipient %q: %w", ErrInvalidMessage, m.To, err)
	}
	if strings.TrimSpace(m.Subject) == "" {
		return fmt.Errorf("%w: empty subject", ErrInvalidMessage)
	}
	if hasControl(m.Subject) {
		return fmt.Errorf("%w: control character in subject", ErrInvalidMessage)
	}
	if strings.TrimSpace(m.Text) == "" {
		return fmt.Errorf("%w: empty text body", ErrInvalidMessage)
	}
	for i, a := range m.Attachments {
		if strings.TrimSpace(a.Filename) == "" || hasControl(a.Filename) {
			return fmt.Errorf("%w: attachment %d: bad file name %q", ErrInvalidMessage, i+1, a.Filename)
		}
		if _, _, err := mime.ParseMediaType(a.contentType()); err != nil {
			return fmt.Errorf("%w: attachment %q: content type %q: %w", ErrInvalidMessage, a.Filename, a.ContentType, err)
		}
	}
	return nil
}

// contentType is a's content type, defaulting to application/octet-stream.
func (a Attachment) contentType() string {
	if a.ContentType == "" {
		return "application/octet-stream"
	}
	return a.ContentType
}

// foldHeaders returns m with its subject and attachment names each on one
// line: every run of spaces and control characters (a tab or line break
// pasted into a letter's subject, a resident's message or an
// announcement's title) becomes one space. Refusing them instead would
// stop the whole mailing, or a staff reply, for one typed tab; folding
// keeps them out of the header all the same.
func (m Message) foldHeaders() Message {
	m.Subject = oneLine(m.Subject)
	if len(m.Attachments) > 0 {
		atts := make([]Attachment, len(m.Attachments))
		for i, a := range m.Attachments {
			a.Filename = oneLine(a.Filename)
			atts[i] = a
		}
		m.Attachments = atts
	}
	return m
}

// oneLine joins the words of s with single spaces, dropping control
// characters.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
}

// hasControl reports whether s holds a control character, which would let
// a value break out of its header line.
func hasControl(s string) bool {
	return strings.IndexFunc(s, unicode.IsControl) >= 0
}

// sizeHint is about how many bytes o takes written out: 4 KB of headers and
// MIME boundaries, the bodies (twice their length, for quoted-printable
// Polish letters) and each attachment in base64 (4 bytes for every 3, in
// lines of 76 with CRLF). The message is written into a buffer of that size
// at once rather than one grown by doubling, which copied a 40 KB letter
// several times over (0.75 CPU-s of 10,000 letters, bench/README.md).
func (o Outgoing) sizeHint() int {
	n := 4096 + 2*(len(o.Text)+len(o.HTML))
	for _, a := range o.Attachments {
		n += (len(a.Data)+2)/3*4*78/76 + 2
	}
	return n
}
