package mail

import (
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// testSMTP is a real SMTP server on 127.0.0.1 that records what it gets.
type testSMTP struct {
	host string
	port int
	// user and pass, when set, make AUTH PLAIN required.
	user, pass string

	mu       sync.Mutex
	failNext int
	// refuseNext is how many messages to refuse for good (550).
	refuseNext int
	accepted   []smtpMsg
	rejected   []smtpMsg
	authed     []string
}

// smtpMsg is one DATA transaction: envelope and raw message.
type smtpMsg struct {
	from string
	to   []string
	data []byte
}

// startSMTP starts a server, stopped when the test ends. With user set,
// clients must authenticate with AUTH PLAIN (allowed without TLS).
func startSMTP(t *testing.T, user, pass string) *testSMTP {
	t.Helper()
	ts := &testSMTP{user: user, pass: pass}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &testSession{ts: ts}, nil
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
	ts.host, ts.port = addr.IP.String(), addr.Port
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
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

// config is an SMTPConfig for this server without TLS.
func (ts *testSMTP) config() SMTPConfig {
	return SMTPConfig{Host: ts.host, Port: ts.port, TLS: TLSNone, Timeout: 5 * time.Second}
}

// failNextN makes the server answer 451 to the next n messages.
func (ts *testSMTP) failNextN(n int) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.failNext = n
}

// refuseNextN makes the server answer 550 (a permanent refusal) to the
// next n messages.
func (ts *testSMTP) refuseNextN(n int) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.refuseNext = n
}

// messages returns what was accepted and what was answered with 451.
func (ts *testSMTP) messages() (accepted, rejected []smtpMsg) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]smtpMsg(nil), ts.accepted...), append([]smtpMsg(nil), ts.rejected...)
}

func (ts *testSMTP) authedUsers() []string {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]string(nil), ts.authed...)
}

// testSession is one SMTP connection.
type testSession struct {
	ts     *testSMTP
	authOK bool
	from   string
	to     []string
}

func (s *testSession) AuthMechanisms() []string {
	if s.ts.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *testSession) Auth(mech string) (sasl.Server, error) {
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

func (s *testSession) Mail(from string, _ *smtp.MailOptions) error {
	if s.ts.user != "" && !s.authOK {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *testSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *testSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m := smtpMsg{from: s.from, to: append([]string(nil), s.to...), data: data}
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

func (s *testSession) Reset() { s.from, s.to = "", nil }

func (s *testSession) Logout() error { return nil }
