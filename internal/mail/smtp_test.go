package mail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

const testPassword = "tajne-Hasło-42"

func testOutgoing() Outgoing {
	return Outgoing{
		MessageID: "<auth-test@ebok.test>", To: "jan@example.test",
		Subject: "Próba", Text: "Treść próby", Date: time.Now(),
	}
}

func TestSMTPAuth(t *testing.T) {
	srv := startSMTP(t, "bok@sm-zorza.test", testPassword)
	cases := []struct {
		name, user, pass string
		wantErr          string // a part of the error; "" for success
	}{
		{"right password", "bok@sm-zorza.test", testPassword, ""},
		{"wrong password", "bok@sm-zorza.test", testPassword + "x", "535"},
		{"no credentials", "", "", "502"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, _ := srv.Messages()
			cfg := testConfig(srv)
			cfg.Username, cfg.Password = c.user, c.pass
			cfg.From, cfg.FromName = "bok@sm-zorza.test", "SM Zorza – Biuro"
			err := smtpSender(t, cfg).Send(context.Background(), testOutgoing())
			after, _ := srv.Messages()
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("Send = %v, want an error with %q", err, c.wantErr)
				}
				if len(after) != len(before) {
					t.Error("server accepted a message")
				}
				if c.pass != "" && strings.Contains(err.Error(), c.pass) {
					t.Errorf("error shows the password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(after) != len(before)+1 {
				t.Fatal("server did not accept the message")
			}
			if users := srv.AuthedUsers(); len(users) == 0 || users[len(users)-1] != c.user {
				t.Errorf("server saw AUTH by %q, want %q", users, c.user)
			}
			got := after[len(after)-1]
			if got.From != "bok@sm-zorza.test" {
				t.Errorf("MAIL FROM %q", got.From)
			}
			from, err := parseMail(t, got.Data).header.AddressList("From")
			if err != nil || len(from) != 1 || from[0].Name != "SM Zorza – Biuro" {
				t.Errorf("From = %v (%v), want the configured name", from, err)
			}
		})
	}
}

func TestSMTPStartTLSIsMandatory(t *testing.T) {
	srv := startSMTP(t, "", "") // offers no STARTTLS
	cfg := testConfig(srv)
	cfg.TLS = TLSStartTLS
	cfg.From = "bok@sm-zorza.test"
	err := smtpSender(t, cfg).Send(context.Background(), testOutgoing())
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Errorf("Send = %v, want a STARTTLS error", err)
	}
	if accepted, rejected := srv.Messages(); len(accepted)+len(rejected) != 0 {
		t.Error("message sent in clear text")
	}
}

func TestNewSMTPSenderChecksConfig(t *testing.T) {
	ok := SMTPConfig{Host: "smtp.example.test", Port: 587, TLS: TLSStartTLS}
	cases := []struct {
		name  string
		edit  func(*SMTPConfig)
		valid bool
	}{
		{"starttls", func(*SMTPConfig) {}, true},
		{"tls", func(c *SMTPConfig) { c.TLS, c.Port = TLSImplicit, 465 }, true},
		{"none", func(c *SMTPConfig) { c.TLS = TLSNone }, true},
		{"empty TLS mode", func(c *SMTPConfig) { c.TLS = "" }, false},
		{"unknown TLS mode", func(c *SMTPConfig) { c.TLS = "ssl" }, false},
		{"no host", func(c *SMTPConfig) { c.Host = "" }, false},
		{"no port", func(c *SMTPConfig) { c.Port = 0 }, false},
		{"port too high", func(c *SMTPConfig) { c.Port = 70000 }, false},
	}
	for _, c := range cases {
		cfg := ok
		c.edit(&cfg)
		_, err := NewSMTPSender(cfg)
		if (err == nil) != c.valid {
			t.Errorf("%s: err = %v, want valid=%v", c.name, err, c.valid)
		}
	}
}

func TestSMTPConfigRedactsPassword(t *testing.T) {
	cfg := SMTPConfig{Host: "smtp.example.test", Port: 587, TLS: TLSStartTLS, Username: "bok", Password: testPassword, From: "bok@sm-zorza.test"}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("smtp", "config", cfg)
	slog.New(slog.NewTextHandler(&logged, nil)).Info("smtp", "config", &cfg)
	outputs := map[string]string{
		"%v":   fmt.Sprintf("%v", cfg),
		"%+v":  fmt.Sprintf("%+v", cfg),
		"%#v":  fmt.Sprintf("%#v", cfg),
		"%s *": fmt.Sprintf("%s", &cfg),
		"slog": logged.String(),
	}
	for verb, out := range outputs {
		if strings.Contains(out, testPassword) {
			t.Errorf("%s shows the password: %s", verb, out)
		}
		if !strings.Contains(out, "smtp.example.test") || !strings.Contains(out, "REDACTED") {
			t.Errorf("%s lost the host or the redaction mark: %s", verb, out)
		}
	}
	if empty := (SMTPConfig{Host: "h"}).String(); strings.Contains(empty, "REDACTED") {
		t.Errorf("empty password shown as redacted: %s", empty)
	}
}

func TestSMTPErrorsHidePassword(t *testing.T) {
	s := smtpSender(t, SMTPConfig{Host: "h", Port: 25, TLS: TLSNone, Password: testPassword})
	err := s.scrub(fmt.Errorf("535 bad credentials bok/%s", testPassword))
	if strings.Contains(err.Error(), testPassword) || !strings.Contains(err.Error(), "535 bad credentials") {
		t.Errorf("scrub = %q", err)
	}
	plain := errors.New("451 try later")
	if got := s.scrub(plain); got != plain {
		t.Errorf("scrub changed an error without the password: %v", got)
	}
}
