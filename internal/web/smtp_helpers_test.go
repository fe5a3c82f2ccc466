package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	ebokmail "github.com/ebok/ebok/internal/mail"
)

// mailbox is a real SMTP server on 127.0.0.1 that accepts every message
// and keeps it, so that tests can read what the mail worker really sent.
type mailbox struct {
	t    *testing.T
	host string
	port int

	mu   sync.Mutex
	msgs []receivedMail
}

// receivedMail is one message as the SMTP server got it, with the text
// body decoded.
type receivedMail struct {
	EnvelopeFrom string
	EnvelopeTo   []string
	Raw          []byte
	Header       mail.Header
	Subject      string // decoded from RFC 2047
	Text         string // the text/plain part, transfer encoding undone
}

// startMailbox starts the server; it stops when the test ends.
func startMailbox(t *testing.T) *mailbox {
	t.Helper()
	mb := &mailbox{t: t}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &mailboxSession{mb: mb}, nil
	}))
	srv.Domain = "localhost"
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.MaxMessageBytes = 10 << 20
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().(*net.TCPAddr)
	mb.host, mb.port = addr.IP.String(), addr.Port
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("close SMTP server: %v", err)
		}
		// Close only closes listeners Serve has registered already.
		if err := ln.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
			t.Errorf("close SMTP listener: %v", err)
		}
		if err := <-served; err != nil && !errors.Is(err, smtp.ErrServerClosed) {
			t.Errorf("SMTP server: %v", err)
		}
	})
	return mb
}

// all returns every message received so far, oldest first.
func (mb *mailbox) all() []receivedMail {
	mb.mu.Lock()
	defer mb.mu.Unlock()
	return append([]receivedMail(nil), mb.msgs...)
}

// mailboxSession is one SMTP connection.
type mailboxSession struct {
	mb   *mailbox
	from string
	to   []string
}

func (s *mailboxSession) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}

func (s *mailboxSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *mailboxSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := parseMail(raw)
	if err != nil {
		// Refuse it: the worker logs the failure and the test sees no mail.
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: err.Error()}
	}
	m.EnvelopeFrom, m.EnvelopeTo = s.from, append([]string(nil), s.to...)
	s.mb.mu.Lock()
	s.mb.msgs = append(s.mb.msgs, m)
	s.mb.mu.Unlock()
	return nil
}

func (s *mailboxSession) Reset() { s.from, s.to = "", nil }

func (s *mailboxSession) Logout() error { return nil }

// parseMail reads a message as a mail client would: the subject decoded
// and the first text/plain part with its transfer encoding undone.
func parseMail(raw []byte) (receivedMail, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return receivedMail{}, fmt.Errorf("parse message: %w", err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return receivedMail{}, fmt.Errorf("subject %q: %w", msg.Header.Get("Subject"), err)
	}
	text, found, err := textPart(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
	if err != nil {
		return receivedMail{}, err
	}
	if !found {
		return receivedMail{}, errors.New("no text/plain part")
	}
	return receivedMail{Raw: raw, Header: msg.Header, Subject: subject, Text: text}, nil
}

// textPart finds the first text/plain part in a (possibly multipart) body.
func textPart(contentType, encoding string, body io.Reader) (string, bool, error) {
	if contentType == "" {
		contentType = "text/plain; charset=us-ascii"
	}
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return "", false, fmt.Errorf("content type %q: %w", contentType, err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			// NextRawPart leaves the transfer encoding for decodeBody.
			p, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				return "", false, nil
			}
			if err != nil {
				return "", false, fmt.Errorf("multipart: %w", err)
			}
			text, found, err := textPart(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p)
			if err != nil || found {
				return text, found, err
			}
		}
	}
	if mt != "text/plain" {
		return "", false, nil
	}
	if cs := strings.ToLower(params["charset"]); cs != "utf-8" && cs != "us-ascii" {
		return "", false, fmt.Errorf("text/plain in charset %q, want utf-8", cs)
	}
	var r io.Reader
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, body) // skips line breaks
	case "", "7bit", "8bit", "binary":
		r = body
	default:
		return "", false, fmt.Errorf("unknown transfer encoding %q", encoding)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return "", false, fmt.Errorf("decode %s body: %w", encoding, err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n"), true, nil
}

// postOffice is the mail route of a test: the real outbox worker sending
// through SMTPSender to the mailbox.
type postOffice struct {
	t      *testing.T
	box    *mailbox
	worker *ebokmail.Worker
	seen   int // messages already handed out by next
}

const testMailFrom = "ebok@ebok.test"

// newPostOffice starts a mailbox and a worker on db's outbox.
func newPostOffice(t *testing.T, env *testEnv) *postOffice {
	t.Helper()
	box := startMailbox(t)
	sender, err := ebokmail.NewSMTPSender(ebokmail.SMTPConfig{
		Host: box.host, Port: box.port, TLS: ebokmail.TLSNone, From: testMailFrom, Timeout: 5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	w := &ebokmail.Worker{
		DB: env.db, Sender: sender, From: testMailFrom,
		Now:    func() time.Time { return now },
		Logger: slog.New(slog.NewTextHandler(testLogWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn})), // failed sends show in the test log
		Node:   "browser-test",
	}
	return &postOffice{t: t, box: box, worker: w}
}

// testLogWriter sends log lines to t.Log.
type testLogWriter struct{ t *testing.T }

func (w testLogWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// deliver runs one round of the worker and fails the test unless exactly
// want messages were sent in it.
func (po *postOffice) deliver(want int) {
	po.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	sent, err := po.worker.ProcessOnce(ctx)
	if err != nil {
		po.t.Fatalf("mail worker: %v", err)
	}
	if sent != want {
		po.t.Fatalf("mail worker sent %d messages, want %d", sent, want)
	}
}

// next delivers the outbox and returns the one new message, which must be
// addressed to to.
func (po *postOffice) next(to string) receivedMail {
	po.t.Helper()
	po.deliver(1)
	all := po.box.all()
	if len(all) != po.seen+1 {
		po.t.Fatalf("the SMTP server holds %d new messages, want 1", len(all)-po.seen)
	}
	m := all[po.seen]
	po.seen++
	if len(m.EnvelopeTo) != 1 || m.EnvelopeTo[0] != to {
		po.t.Errorf("message %q went to %q, want %s", m.Subject, m.EnvelopeTo, to)
	}
	if m.EnvelopeFrom != testMailFrom {
		po.t.Errorf("message %q: envelope sender %q, want %s", m.Subject, m.EnvelopeFrom, testMailFrom)
	}
	if got, err := mail.ParseAddress(m.Header.Get("To")); err != nil || got.Address != to {
		po.t.Errorf("message %q: To header %q, want %s", m.Subject, m.Header.Get("To"), to)
	}
	return m
}

// link finds the one address in the mail whose path is path and returns it
// as the path and query to open on the test server (the mail names the
// configured base URL, not the test server's random port).
func (m receivedMail) link(t *testing.T, path string) string {
	t.Helper()
	re := regexp.MustCompile(`https?://[^\s/]+` + regexp.QuoteMeta(path) + `\?token=[^\s]+`)
	found := re.FindAllString(m.Text, -1)
	if len(found) != 1 {
		t.Fatalf("%d links to %s in the mail %q, want 1:\n%s", len(found), path, m.Subject, m.Text)
	}
	return found[0][strings.Index(found[0], path):]
}
