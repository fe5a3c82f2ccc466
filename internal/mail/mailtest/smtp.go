// Package mailtest gives tests a real SMTP server on 127.0.0.1 that records
// what it is sent, and can be told to refuse messages. It does not import
// internal/mail, so that package's own tests can use it too.
package mailtest

import (
	"bytes"
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// SMTP is a running test server.
type SMTP struct {
	// Host and Port are where it listens (127.0.0.1, a free port).
	Host string
	Port int
	// user and pass, when set, make AUTH PLAIN required.
	user, pass string

	mu       sync.Mutex
	failNext int
	// refuseNext is how many messages to refuse for good (550).
	refuseNext int
	accepted   []Msg
	rejected   []Msg
	authed     []string
	// conns counts the connections made; open holds those not yet closed.
	conns int
	open  map[*smtp.Conn]bool
	// wire is what clients sent, up to wireCap bytes; noChunking and
	// noPipelining hide the CHUNKING and PIPELINING extensions from the
	// EHLO reply.
	wire         []byte
	noChunking   bool
	noPipelining bool
	// replies are the server's replies in order, each with how many bytes
	// of wire the server had read when it wrote it (while wire is not full).
	replies []reply
	// refusedRcpt is the recipient address RCPT TO refuses (550).
	refusedRcpt string
}

// reply is one write of the server, and how much of wire it had read by
// then.
type reply struct {
	text []byte
	read int
}

// wireCap bounds the bytes kept by Wire.
const wireCap = 1 << 20

// Msg is one DATA transaction: envelope and raw message.
type Msg struct {
	From string
	To   []string
	Data []byte
	// Conn numbers the connection it came on, from 1 in order of connecting.
	Conn int
}

// Start starts a server, stopped when the test ends. With user set,
// clients must authenticate with AUTH PLAIN (allowed without TLS).
func Start(t testing.TB, user, pass string) *SMTP {
	t.Helper()
	ts := &SMTP{user: user, pass: pass, open: map[*smtp.Conn]bool{}}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		ts.mu.Lock()
		defer ts.mu.Unlock()
		ts.conns++
		ts.open[c] = true
		return &session{ts: ts, conn: c, n: ts.conns}, nil
	}))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.MaxMessageBytes = 10 << 20
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().(*net.TCPAddr)
	ts.Host, ts.Port = addr.IP.String(), addr.Port
	served := make(chan error, 1)
	go func() { served <- srv.Serve(wireListener{Listener: ln, ts: ts}) }()
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("close SMTP server: %v", err)
		}
		// Close only closes listeners Serve has registered; when nothing
		// connected, Serve may not have got that far yet.
		if err := ln.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
			t.Errorf("close SMTP listener: %v", err)
		}
		if err := <-served; err != nil && !errors.Is(err, smtp.ErrServerClosed) {
			t.Errorf("SMTP server: %v", err)
		}
	})
	return ts
}

// OfferChunking says whether the EHLO reply offers CHUNKING (RFC 3030,
// BDAT), as go-smtp does by default. Off, the server still understands
// BDAT, but a client that follows the reply uses DATA.
func (ts *SMTP) OfferChunking(on bool) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.noChunking = !on
}

// OfferPipelining says whether the EHLO reply offers PIPELINING (RFC
// 2920), as go-smtp does by default. Off, the server still reads
// pipelined commands, but a client that follows the reply waits for each
// answer.
func (ts *SMTP) OfferPipelining(on bool) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.noPipelining = !on
}

// RefuseRecipient makes RCPT TO refuse addr for good (550), as a server
// refuses a mailbox it does not have.
func (ts *SMTP) RefuseRecipient(addr string) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.refusedRcpt = addr
}

// WireWhenReplied is what clients had sent when the server first wrote a
// reply containing text: for a reply to MAIL FROM, whether the client
// waited for it before sending RCPT TO. Nil when no reply contained text.
func (ts *SMTP) WireWhenReplied(text string) []byte {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	for _, r := range ts.replies {
		if bytes.Contains(r.text, []byte(text)) {
			return bytes.Clone(ts.wire[:r.read])
		}
	}
	return nil
}

// Wire is what clients have sent so far, commands and messages, on every
// connection in turn (the first MiB).
func (ts *SMTP) Wire() []byte {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return bytes.Clone(ts.wire)
}

// FailNext makes the server answer 451 to the next n messages.
func (ts *SMTP) FailNext(n int) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.failNext = n
}

// RefuseNext makes the server answer 550 (a permanent refusal) to the
// next n messages.
func (ts *SMTP) RefuseNext(n int) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.refuseNext = n
}

// Messages returns what was accepted and what was answered with 451 or 550.
func (ts *SMTP) Messages() (accepted, rejected []Msg) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]Msg(nil), ts.accepted...), append([]Msg(nil), ts.rejected...)
}

// AuthedUsers lists the logins that authenticated, in order.
func (ts *SMTP) AuthedUsers() []string {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]string(nil), ts.authed...)
}

// Connections is how many connections were made, and how many of them are
// still open.
func (ts *SMTP) Connections() (made, open int) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.conns, len(ts.open)
}

// HangUp closes every open connection without a word, as a server does to
// clients idle for too long.
func (ts *SMTP) HangUp() {
	ts.mu.Lock()
	var open []*smtp.Conn
	for c := range ts.open {
		open = append(open, c)
		delete(ts.open, c)
	}
	ts.mu.Unlock() // closing logs the session out, which takes ts.mu
	for _, c := range open {
		_ = c.Close() // the point is to cut it; an error means it is gone already
	}
}

// wireListener hands the server connections that keep what clients send
// and can hide CHUNKING.
type wireListener struct {
	net.Listener
	ts *SMTP
}

func (l wireListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return wireConn{Conn: c, ts: l.ts}, nil
}

type wireConn struct {
	net.Conn
	ts *SMTP
}

func (c wireConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.ts.mu.Lock()
	if room := wireCap - len(c.ts.wire); room > 0 {
		c.ts.wire = append(c.ts.wire, p[:min(n, room)]...)
	}
	c.ts.mu.Unlock()
	return n, err
}

func (c wireConn) Write(p []byte) (int, error) {
	c.ts.mu.Lock()
	if len(c.ts.wire) < wireCap {
		c.ts.replies = append(c.ts.replies, reply{text: bytes.Clone(p), read: len(c.ts.wire)})
	}
	hidden := p
	if c.ts.noChunking {
		hidden = bytes.Replace(hidden, []byte("CHUNKING\r\n"), []byte("X-NO-CHUNKS\r\n"), 1)
	}
	if c.ts.noPipelining {
		hidden = bytes.Replace(hidden, []byte("PIPELINING\r\n"), []byte("X-NO-PIPES\r\n"), 1)
	}
	c.ts.mu.Unlock()
	if _, err := c.Conn.Write(hidden); err != nil {
		return 0, err
	}
	return len(p), nil
}

// session is one SMTP connection.
type session struct {
	ts     *SMTP
	conn   *smtp.Conn
	n      int
	authOK bool
	from   string
	to     []string
}

func (s *session) AuthMechanisms() []string {
	if s.ts.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *session) Auth(mech string) (sasl.Server, error) {
	if s.ts.user == "" || mech != sasl.Plain {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(_, username, password string) error {
		if username != s.ts.user || password != s.ts.pass {
			return smtp.ErrAuthFailed
		}
		s.authOK = true
		s.ts.mu.Lock()
		s.ts.authed = append(s.ts.authed, username)
		s.ts.mu.Unlock()
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.ts.user != "" && !s.authOK {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.ts.mu.Lock()
	refused := to == s.ts.refusedRcpt
	s.ts.mu.Unlock()
	if refused {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user here"}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m := Msg{From: s.from, To: append([]string(nil), s.to...), Data: data, Conn: s.n}
	s.ts.mu.Lock()
	defer s.ts.mu.Unlock()
	if s.ts.refuseNext > 0 {
		s.ts.refuseNext--
		s.ts.rejected = append(s.ts.rejected, m)
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user here"}
	}
	if s.ts.failNext > 0 {
		s.ts.failNext--
		s.ts.rejected = append(s.ts.rejected, m)
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Temporary failure, try later"}
	}
	s.ts.accepted = append(s.ts.accepted, m)
	return nil
}

func (s *session) Reset() { s.from, s.to = "", nil }

func (s *session) Logout() error {
	s.ts.mu.Lock()
	defer s.ts.mu.Unlock()
	delete(s.ts.open, s.conn)
	return nil
}
