package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
	gosmtp "github.com/wneessen/go-mail/smtp"
)

// TLS modes for SMTPConfig.TLS.
const (
	// TLSNone sends in clear text; only for a local relay or test server.
	TLSNone = "none"
	// TLSStartTLS requires STARTTLS on a plain connection (usually port 587).
	TLSStartTLS = "starttls"
	// TLSImplicit connects with TLS from the start (usually port 465).
	TLSImplicit = "tls"
)

// SMTPConfig says how to reach the SMTP server. Its String and LogValue
// methods never show the password.
type SMTPConfig struct {
	// Host and Port name the server.
	Host string
	Port int
	// TLS is TLSNone, TLSStartTLS or TLSImplicit.
	TLS string
	// Username enables SMTP AUTH (PLAIN, or LOGIN) when set.
	Username string
	// Password is never printed by String, GoString or LogValue.
	Password string
	// From and FromName make the sender used when an Outgoing has none.
	From, FromName string
	// Timeout bounds connecting and each SMTP command (default 30 s).
	Timeout time.Duration
}

// String describes c with the password redacted.
func (c SMTPConfig) String() string {
	return fmt.Sprintf("smtp://%s:%d tls=%s user=%q password=%s from=%q",
		c.Host, c.Port, c.TLS, c.Username, redacted(c.Password), c.Address())
}

// LogValue makes slog print c with the password redacted.
func (c SMTPConfig) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("host", c.Host),
		slog.Int("port", c.Port),
		slog.String("tls", c.TLS),
		slog.String("username", c.Username),
		slog.String("password", redacted(c.Password)),
		slog.String("from", c.Address()),
		slog.Duration("timeout", c.Timeout),
	)
}

// GoString keeps %#v from printing the password too.
func (c SMTPConfig) GoString() string { return "mail.SMTPConfig{" + c.String() + "}" }

// Address is the configured sender as a header value, e.g.
// "=?utf-8?q?...?= <noreply@example.pl>"; empty when From is unset.
func (c SMTPConfig) Address() string {
	if c.From == "" {
		return ""
	}
	return (&mail.Address{Name: c.FromName, Address: c.From}).String()
}

func redacted(secret string) string {
	if secret == "" {
		return `""`
	}
	return "[REDACTED]"
}

// SMTPSender delivers mail through an SMTP server. A connection that
// delivered a message stays open for the next one, so a mass mailing does
// not connect, greet and quit once per letter: it is reused for at most
// connMessages messages and while idle for less than connIdle, and closed
// once idle that long. It is safe for concurrent use: each Send holds a
// connection of its own.
type SMTPSender struct {
	cfg  SMTPConfig
	opts []gomail.Option
	// now is the clock that ages idle connections (time.Now outside tests).
	now func() time.Time

	mu     sync.Mutex
	idle   []*smtpConn // most recently used last
	sweep  *time.Timer // closes connections idle for connIdle
	closed bool
}

// A connection is reused for at most connMessages messages (servers such
// as Exchange Online refuse more on one connection), and not after it has
// been idle for connIdle: servers close idle clients after a minute at the
// earliest (RFC 5321 asks them to wait five), so ten seconds stay well
// clear of a server hanging up while ebok starts a message.
const (
	connMessages = 100
	connIdle     = 10 * time.Second
)

// smtpConn is one open SMTP connection. Each has its own go-mail client:
// go-mail records what it learns when authenticating in its client.
type smtpConn struct {
	client *gomail.Client
	smtp   *gosmtp.Client
	sent   int       // messages delivered on it
	since  time.Time // idle since
}

// NewSMTPSender checks cfg and returns a sender for it.
func NewSMTPSender(cfg SMTPConfig) (*SMTPSender, error) {
	if cfg.Host == "" {
		return nil, errors.New("mail: SMTP host not set")
	}
	if cfg.Port <= 0 || cfg.Port > 65535 {
		return nil, fmt.Errorf("mail: SMTP port %d out of range", cfg.Port)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	// No NOOP before each message: a connection that went stale shows at
	// MAIL FROM, before anything was sent, and Send then dials again.
	opts := []gomail.Option{gomail.WithPort(cfg.Port), gomail.WithTimeout(cfg.Timeout), gomail.WithoutNoop()}
	switch cfg.TLS {
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case TLSStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	default:
		return nil, fmt.Errorf("mail: SMTP TLS mode %q: want %q, %q or %q", cfg.TLS, TLSNone, TLSStartTLS, TLSImplicit)
	}
	if cfg.Username != "" {
		// PLAIN where offered, else LOGIN. go-mail refuses both over an
		// unencrypted connection unless the server is on localhost.
		opts = append(opts,
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthPlain, gomail.SMTPAuthLogin),
			gomail.WithUsername(cfg.Username),
			gomail.WithPassword(cfg.Password))
	}
	return &SMTPSender{cfg: cfg, opts: opts, now: time.Now}, nil
}

// Send delivers o, on an idle connection when there is one. Errors never
// contain the password.
func (s *SMTPSender) Send(ctx context.Context, o Outgoing) error {
	if o.From == "" {
		o.From = s.cfg.Address()
	}
	msg, err := buildMsg(o)
	if err != nil {
		return err
	}
	size := o.sizeHint()
	c := s.take()
	if c != nil {
		err = c.transmit(msg, size, s.cfg.Timeout)
		if err == nil {
			s.put(c)
			return nil
		}
		c.drop()
		if !stale(err) {
			return s.sendError(err)
		}
		// The server hung up on the idle connection before MAIL FROM was
		// accepted: nothing was sent, so a new connection may try.
	}
	if c, err = s.dial(ctx); err != nil {
		return err
	}
	if err := c.transmit(msg, size, s.cfg.Timeout); err != nil {
		c.drop()
		return s.sendError(err)
	}
	s.put(c)
	return nil
}

// dial opens a connection: greeting, EHLO, STARTTLS and AUTH as configured.
func (s *SMTPSender) dial(ctx context.Context) (*smtpConn, error) {
	client, err := gomail.NewClient(s.cfg.Host, s.opts...)
	if err != nil {
		return nil, s.scrub(fmt.Errorf("mail: SMTP client: %w", err))
	}
	conn, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return nil, s.scrub(fmt.Errorf("mail: send via %s:%d: dial failed: %w", s.cfg.Host, s.cfg.Port, err))
	}
	return &smtpConn{client: client, smtp: conn}, nil
}

// sendError words a failed send, marked ErrPermanent for a 5xx reply.
func (s *SMTPSender) sendError(err error) error {
	scrubbed := s.scrub(fmt.Errorf("mail: send via %s:%d: %w", s.cfg.Host, s.cfg.Port, err))
	if permanent(err) {
		return fmt.Errorf("%w: %w", ErrPermanent, scrubbed)
	}
	return scrubbed
}

// stale reports whether a send on a reused connection failed because the
// server had closed it: the connection broke, or the server said 421
// (closing), before MAIL FROM was accepted.
func stale(err error) bool {
	var st *stepError
	if errors.As(err, &st) {
		code := st.code()
		return (st.step == stepConnection || st.step == stepMail) && (code == 0 || code == 421)
	}
	var se *gomail.SendError
	if !errors.As(err, &se) || (se.Reason != gomail.ErrConnCheck && se.Reason != gomail.ErrSMTPMailFrom) {
		return false
	}
	code := se.ErrorCode()
	return code == 0 || code == 421
}

// take hands out the most recently used idle connection still fit for
// reuse, closing those that are not.
func (s *SMTPSender) take() *smtpConn {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.idle) > 0 {
		c := s.idle[len(s.idle)-1]
		s.idle = s.idle[:len(s.idle)-1]
		if s.now().Sub(c.since) < connIdle {
			return c
		}
		go c.quit()
	}
	return nil
}

// put returns a connection that delivered a message to the idle ones, or
// closes it when it has carried connMessages.
func (s *SMTPSender) put(c *smtpConn) {
	c.sent++
	if c.sent >= connMessages {
		c.quit()
		return
	}
	c.since = s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		go c.quit()
		return
	}
	s.idle = append(s.idle, c)
	if s.sweep == nil {
		s.sweep = time.AfterFunc(connIdle, s.closeIdle)
	}
}

// closeIdle closes the connections idle for connIdle, and looks again
// later while any are left.
func (s *SMTPSender) closeIdle() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep = nil
	now := s.now()
	kept := s.idle[:0]
	for _, c := range s.idle {
		if now.Sub(c.since) >= connIdle {
			go c.quit()
		} else {
			kept = append(kept, c)
		}
	}
	clear(s.idle[len(kept):])
	s.idle = kept
	if len(s.idle) > 0 {
		s.sweep = time.AfterFunc(connIdle-now.Sub(s.idle[0].since), s.closeIdle)
	}
}

// Close quits the idle connections; a Send after Close still works but
// keeps no connection open.
func (s *SMTPSender) Close() {
	s.mu.Lock()
	idle := s.idle
	s.idle, s.closed = nil, true
	if s.sweep != nil {
		s.sweep.Stop()
		s.sweep = nil
	}
	s.mu.Unlock()
	for _, c := range idle {
		c.quit()
	}
}

// quit says QUIT and closes the connection.
func (c *smtpConn) quit() {
	if err := c.smtp.Quit(); err != nil {
		c.drop()
	}
}

// drop closes the connection without a word, after an error.
func (c *smtpConn) drop() {
	_ = c.smtp.Close() // the connection is being discarded after an error
}

// ErrPermanent marks a send error the server gave as a permanent refusal
// (an SMTP 5xx reply, e.g. 550 no such mailbox): the worker fails the
// message at once instead of retrying it.
var ErrPermanent = errors.New("mail: permanent refusal")

// permanent reports whether the server refused a message with a 5xx reply.
func permanent(err error) bool {
	var st *stepError
	if errors.As(err, &st) {
		return st.code() >= 500 && st.code() < 600
	}
	var se *gomail.SendError
	return errors.As(err, &se) && se.ErrorCode() >= 500 && se.ErrorCode() < 600
}

// scrub replaces an error whose text shows the password (a server echoing
// credentials, say) by one that does not.
func (s *SMTPSender) scrub(err error) error {
	if s.cfg.Password == "" || !strings.Contains(err.Error(), s.cfg.Password) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), s.cfg.Password, "[REDACTED]"))
}
