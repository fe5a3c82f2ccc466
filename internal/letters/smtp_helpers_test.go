package letters

import (
	"bufio"
	"errors"
	"io"
	"log"
	"net"
	"net/textproto"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/ebok/ebok/internal/mail"
)

// smtpCounter is a real SMTP server on 127.0.0.1 that counts, per
// Message-ID, the messages it accepted. While down it answers every
// message with 451 (a temporary failure).
type smtpCounter struct {
	host string
	port int

	mu       sync.Mutex
	down     bool
	got      map[string]int // Message-ID → acceptances
	accepted int
	refused  int
	last     time.Time // when the last message was accepted
}

// startSMTPCounter starts a counting server, stopped when the test ends.
func startSMTPCounter(t testing.TB) *smtpCounter {
	t.Helper()
	c := &smtpCounter{got: map[string]int{}}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &counterSession{c: c}, nil
	}))
	srv.Domain = "localhost"
	srv.ErrorLog = log.New(io.Discard, "", 0) // a killed client's reset connections are expected
	srv.ReadTimeout = 30 * time.Second
	srv.WriteTimeout = 30 * time.Second
	srv.MaxMessageBytes = 10 << 20
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().(*net.TCPAddr)
	c.host, c.port = addr.IP.String(), addr.Port
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	t.Cleanup(func() {
		_ = srv.Close()
		_ = ln.Close()
		if err := <-served; err != nil && !errors.Is(err, smtp.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
			t.Errorf("SMTP server: %v", err)
		}
	})
	return c
}

// downServer starts a counting server that is down (451 to every
// message) and a mail worker sending to it on a clock of its own, a minute
// between attempts, at most maxAttempts of them; advance moves the clock.
func downServer(t *testing.T, f *fixture, maxAttempts int) (srv *smtpCounter, mw *mail.Worker, advance func(time.Duration)) {
	t.Helper()
	srv = startSMTPCounter(t)
	srv.setDown(true)
	clock := f.s.Now()
	mw = &mail.Worker{DB: f.db, Sender: srv.sender(t), From: "bok@example.org", Now: func() time.Time { return clock },
		Backoff: func(int) time.Duration { return time.Minute }, MaxAttempts: maxAttempts}
	return srv, mw, func(d time.Duration) { clock = clock.Add(d) }
}

// sender is an SMTPSender for the server.
func (c *smtpCounter) sender(t testing.TB) *mail.SMTPSender {
	t.Helper()
	s, err := mail.NewSMTPSender(mail.SMTPConfig{Host: c.host, Port: c.port, TLS: mail.TLSNone,
		Timeout: 10 * time.Second, From: "bok@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// setDown makes the server refuse (451) or accept messages.
func (c *smtpCounter) setDown(down bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.down = down
}

// counts returns a copy of the acceptances per Message-ID and the total.
func (c *smtpCounter) counts() (map[string]int, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int, len(c.got))
	for k, v := range c.got {
		out[k] = v
	}
	return out, c.accepted
}

// acceptedCount is how many messages the server accepted.
func (c *smtpCounter) acceptedCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.accepted
}

// refusedCount is how many messages the server refused while down.
func (c *smtpCounter) refusedCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.refused
}

// lastAccepted is when the last message was accepted.
func (c *smtpCounter) lastAccepted() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}

// counterSession is one SMTP connection.
type counterSession struct{ c *smtpCounter }

func (s *counterSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *counterSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *counterSession) Reset()                               {}
func (s *counterSession) Logout() error                        { return nil }

// Data reads the message's Message-ID and counts it. It reads the body
// through to the end, as a server must, without keeping it: only the
// header is looked at.
func (s *counterSession) Data(r io.Reader) error {
	br := bufio.NewReaderSize(r, 16<<10)
	h, err := textproto.NewReader(br).ReadMIMEHeader()
	if _, cerr := io.Copy(io.Discard, br); cerr != nil {
		return cerr
	}
	if err != nil && len(h) == 0 {
		return err
	}
	id := h.Get("Message-Id")
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	if s.c.down {
		s.c.refused++
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Temporary failure, try later"}
	}
	if id == "" {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "No Message-ID"}
	}
	s.c.got[id]++
	s.c.accepted++
	s.c.last = time.Now()
	return nil
}
