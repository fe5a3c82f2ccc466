package mail

import (
	"bytes"
	"fmt"
	"net/mail"
	"strings"

	gomail "github.com/wneessen/go-mail"
)

// buildMsg turns o into a go-mail message. SMTPSender and FileSender both
// use it, so a dropped .eml file is byte for byte what SMTP would carry
// (apart from the MIME boundaries).
func buildMsg(o Outgoing) (*gomail.Msg, error) {
	m := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP))
	from, err := mail.ParseAddress(o.From)
	if err != nil {
		return nil, fmt.Errorf("mail: sender %q: %w", o.From, err)
	}
	if err := m.FromFormat(from.Name, from.Address); err != nil {
		return nil, fmt.Errorf("mail: sender %q: %w", o.From, err)
	}
	if err := m.To(o.To); err != nil {
		return nil, fmt.Errorf("mail: recipient %q: %w", o.To, err)
	}
	id := strings.TrimSuffix(strings.TrimPrefix(o.MessageID, "<"), ">")
	if id == "" {
		return nil, fmt.Errorf("mail: empty Message-ID")
	}
	// go-mail adds the angle brackets itself.
	m.SetMessageIDWithValue(id)
	m.SetDateWithValue(o.Date)
	m.SetUserAgent("ebok")
	m.Subject(o.Subject)
	m.SetBodyString(gomail.TypeTextPlain, o.Text)
	if o.HTML != "" {
		m.AddAlternativeString(gomail.TypeTextHTML, o.HTML)
	}
	for _, a := range o.Attachments {
		m.AttachReadSeeker(a.Filename, bytes.NewReader(a.Data),
			gomail.WithFileContentType(gomail.ContentType(a.contentType())))
	}
	return m, nil
}
