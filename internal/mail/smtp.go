package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
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

// SMTPSender delivers mail through an SMTP server, one connection per
// message. It is safe for concurrent use.
type SMTPSender struct {
	cfg  SMTPConfig
	opts []gomail.Option
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
	opts := []gomail.Option{gomail.WithPort(cfg.Port), gomail.WithTimeout(cfg.Timeout)}
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
	return &SMTPSender{cfg: cfg, opts: opts}, nil
}

// Send delivers o. Errors never contain the password.
func (s *SMTPSender) Send(ctx context.Context, o Outgoing) error {
	if o.From == "" {
		o.From = s.cfg.Address()
	}
	msg, err := buildMsg(o)
	if err != nil {
		return err
	}
	// A client per message: go-mail clients hold one connection and are
	// not meant to be shared between goroutines.
	client, err := gomail.NewClient(s.cfg.Host, s.opts...)
	if err != nil {
		return s.scrub(fmt.Errorf("mail: SMTP client: %w", err))
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		scrubbed := s.scrub(fmt.Errorf("mail: send via %s:%d: %w", s.cfg.Host, s.cfg.Port, err))
		if permanent(err) {
			return fmt.Errorf("%w: %w", ErrPermanent, scrubbed)
		}
		return scrubbed
	}
	return nil
}

// ErrPermanent marks a send error the server gave as a permanent refusal
// (an SMTP 5xx reply, e.g. 550 no such mailbox): the worker fails the
// message at once instead of retrying it.
var ErrPermanent = errors.New("mail: permanent refusal")

// permanent reports whether the server refused a message with a 5xx reply.
func permanent(err error) bool {
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
