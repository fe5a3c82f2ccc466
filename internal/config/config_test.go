package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != "127.0.0.1:8080" || c.BaseURL != "http://127.0.0.1:8080" {
		t.Errorf("listen %q base %q", c.Listen, c.BaseURL)
	}
	if c.DatabaseURL != filepath.Join("data", "ebok.db") {
		t.Errorf("database %q", c.DatabaseURL)
	}
	if c.CookieSecure {
		t.Error("cookies Secure on a plain-http base URL")
	}
	if c.SessionIdle != 30*time.Minute || c.SessionMaxAge != 12*time.Hour {
		t.Errorf("session %v/%v", c.SessionIdle, c.SessionMaxAge)
	}
	if c.TimeZone.String() != "Europe/Warsaw" {
		t.Errorf("zone %v", c.TimeZone)
	}
}

func TestHTTPSBaseMakesCookiesSecure(t *testing.T) {
	c, err := Load(env(map[string]string{"EBOK_BASE_URL": "https://ebok.example.pl/"}))
	if err != nil {
		t.Fatal(err)
	}
	if !c.CookieSecure || c.BaseURL != "https://ebok.example.pl" {
		t.Errorf("secure %v base %q", c.CookieSecure, c.BaseURL)
	}
}

func TestBadValuesNameTheirSetting(t *testing.T) {
	cases := map[string]map[string]string{
		"EBOK_LISTEN":            {"EBOK_LISTEN": "8080"},
		"EBOK_BASE_URL":          {"EBOK_BASE_URL": "ftp://x"},
		"EBOK_SESSION_IDLE":      {"EBOK_SESSION_IDLE": "soon"},
		"EBOK_SMTP_PORT":         {"EBOK_SMTP_PORT": "70000"},
		"EBOK_SMTP_TLS":          {"EBOK_SMTP_TLS": "maybe"},
		"EBOK_SMTP_PASSWORD":     {"EBOK_SMTP_USERNAME": "u"},
		"EBOK_MAIL_FROM":         {"EBOK_MAIL_FROM": "not an address"},
		"EBOK_LOG_LEVEL":         {"EBOK_LOG_LEVEL": "loud"},
		"EBOK_TIME_ZONE":         {"EBOK_TIME_ZONE": "Mars/Olympus"},
		"EBOK_COOKIE_SECURE":     {"EBOK_COOKIE_SECURE": "yes"},
		"EBOK_PASSWORD_HASHES":   {"EBOK_PASSWORD_HASHES": "0"},
		"EBOK_AUDIT_ANCHOR_MAIL": {"EBOK_SMTP_HOST": "smtp.example.pl", "EBOK_AUDIT_ANCHOR_MAIL": "zarzad@sm.example.pl, nie adres"},
	}
	for name, vars := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Load(env(vars))
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a config error", err)
			}
			if !strings.Contains(err.Error(), name) {
				t.Errorf("error %q does not name %s", err, name)
			}
		})
	}
}

func TestSecretFromFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(path, []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(env(map[string]string{"EBOK_SMTP_USERNAME": "u", "EBOK_SMTP_PASSWORD_FILE": path}))
	if err != nil {
		t.Fatal(err)
	}
	if c.SMTP.Password != "s3cret" {
		t.Errorf("password %q", c.SMTP.Password)
	}
	if strings.Contains(c.String(), "s3cret") {
		t.Error("String() leaks the SMTP password")
	}
	// With no SMTP host the log names no SMTP address (the port and TLS
	// defaults would), but where the e-mails go.
	if s := c.String(); strings.Contains(s, "smtp=") || strings.Contains(s, ":587") || !strings.Contains(s, "mail=files in ") {
		t.Errorf("String() without an SMTP host: %s", s)
	}
	withHost, err := Load(env(map[string]string{"EBOK_SMTP_HOST": "smtp.example.pl"}))
	if err != nil {
		t.Fatal(err)
	}
	if s := withHost.String(); !strings.Contains(s, "smtp=smtp.example.pl:587/starttls") {
		t.Errorf("String() with an SMTP host: %s", s)
	}
	_, err = Load(env(map[string]string{"EBOK_SMTP_PASSWORD": "a", "EBOK_SMTP_PASSWORD_FILE": path}))
	if err == nil || !strings.Contains(err.Error(), "not both") {
		t.Errorf("both set: err = %v", err)
	}
	_, err = Load(env(map[string]string{"EBOK_METRICS_TOKEN_FILE": "/nonexistent/x"}))
	if err == nil || !strings.Contains(err.Error(), "EBOK_METRICS_TOKEN_FILE") {
		t.Errorf("missing file: err = %v", err)
	}
}

func TestDatabaseURLRedacted(t *testing.T) {
	c, err := Load(env(map[string]string{"EBOK_DATABASE_URL": "postgres://u:topsecret@db/ebok"}))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(c.String(), "topsecret") {
		t.Errorf("String() leaks the database password: %s", c)
	}
}

func TestEverySettingDocumented(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Settings() {
		seen[s.Name] = true
	}
	// Every variable Load reads must be in Settings (and so in README.md).
	read := map[string]bool{}
	_, _ = Load(func(k string) string { read[strings.TrimSuffix(k, "_FILE")] = true; return "" })
	for k := range read {
		if !seen[k] {
			t.Errorf("%s is read but not documented in Settings()", k)
		}
	}
}

// Anchor mail is a list of addresses and goes straight over SMTP, so it
// needs an SMTP server: without one, start-up refuses it by name.
func TestAuditAnchorSettings(t *testing.T) {
	c, err := Load(env(map[string]string{"EBOK_SMTP_HOST": "smtp.example.pl", "EBOK_AUDIT_ANCHOR_DIR": "/mnt/kotwice",
		"EBOK_AUDIT_ANCHOR_MAIL": " zarzad@sm.example.pl ,, Rada <rada@sm.example.pl>"}))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"zarzad@sm.example.pl", "Rada <rada@sm.example.pl>"}
	if c.AuditAnchorDir != "/mnt/kotwice" || strings.Join(c.AuditAnchorMail, "|") != strings.Join(want, "|") {
		t.Errorf("dir %q, mail %q; want /mnt/kotwice, %q", c.AuditAnchorDir, c.AuditAnchorMail, want)
	}
	if c, err = Load(env(nil)); err != nil {
		t.Fatal(err)
	}
	if c.AuditAnchorDir != "" || c.AuditAnchorMail != nil {
		t.Errorf("defaults: dir %q, mail %q; want none", c.AuditAnchorDir, c.AuditAnchorMail)
	}
	_, err = Load(env(map[string]string{"EBOK_AUDIT_ANCHOR_MAIL": "zarzad@sm.example.pl"}))
	if err == nil || !strings.Contains(err.Error(), "EBOK_AUDIT_ANCHOR_MAIL") || !strings.Contains(err.Error(), "EBOK_SMTP_HOST") {
		t.Errorf("anchor mail without SMTP: %v", err)
	}
}

// A PostgreSQL password with a character a URL reserves (/, #, ?, %, a
// space: `openssl rand -base64` gives / and +) makes the URL unparsable.
// Start-up refuses it by name, saying how to write it, and never echoes
// the value; a password given as a query parameter is not logged either.
func TestDatabaseURLNeverLeaksItsPassword(t *testing.T) {
	for _, dsn := range []string{
		"postgres://ebok:ab/cd+Sekret@db/ebok",
		"postgres://ebok:ab#Sekret@db/ebok",
		"postgresql://ebok:50%Sekret@db/ebok",
		"postgres://ebok:p Sekret@db/ebok",
	} {
		_, err := Load(env(map[string]string{"EBOK_DATABASE_URL": dsn}))
		var ce *Error
		if !errors.As(err, &ce) || ce.Setting != "EBOK_DATABASE_URL" {
			t.Errorf("%s: err = %v, want an EBOK_DATABASE_URL error", dsn, err)
			continue
		}
		if strings.Contains(err.Error(), "Sekret") || !strings.Contains(err.Error(), "percent-encode") {
			t.Errorf("%s: error %q leaks the password or does not say to percent-encode it", dsn, err)
		}
	}
	c, err := Load(env(map[string]string{"EBOK_DATABASE_URL": "postgres://ebok@db/ebok?sslmode=require&password=Sekret"}))
	if err != nil {
		t.Fatal(err)
	}
	if s := c.String(); strings.Contains(s, "Sekret") || !strings.Contains(s, "sslmode=require") {
		t.Errorf("String() = %s; want the password redacted and sslmode kept", s)
	}
}

// A PostgreSQL connection string in keyword form (libpq's "host=db
// password=…") is not a postgres:// URL, so ebok would take it for an
// SQLite file of that name, create it, and log it, password and all.
// Start-up refuses it by name instead, without echoing it.
func TestDatabaseKeywordStringRefused(t *testing.T) {
	for _, dsn := range []string{
		"host=db user=ebok password=Sekret dbname=ebok",
		"dbname=ebok host=/run/postgresql",
		"user=ebok password=Sekret",
	} {
		_, err := Load(env(map[string]string{"EBOK_DATABASE_URL": dsn}))
		var ce *Error
		if !errors.As(err, &ce) || ce.Setting != "EBOK_DATABASE_URL" {
			t.Errorf("%s: err = %v, want an EBOK_DATABASE_URL error", dsn, err)
			continue
		}
		if strings.Contains(err.Error(), "Sekret") || !strings.Contains(err.Error(), "postgres://") {
			t.Errorf("%s: error %q leaks the password or does not name the URL form", dsn, err)
		}
	}
	// SQLite paths, with or without a prefix, stay as they are.
	for _, path := range []string{"/var/lib/ebok/ebok.db", "sqlite:data/ebok.db", "file:/srv/ebok db/ebok.db?mode=rwc"} {
		c, err := Load(env(map[string]string{"EBOK_DATABASE_URL": path}))
		if err != nil {
			t.Errorf("%s: %v", path, err)
		} else if c.DatabaseURL != path {
			t.Errorf("%s: database %q", path, c.DatabaseURL)
		}
	}
}

// Implicit TLS is served on port 465 (RFC 8314): an administrator who
// sets EBOK_SMTP_TLS=tls and no port gets 465, not 587, where a TLS
// handshake meets a plain-text greeting and every message waits in the
// outbox. A port given is kept.
func TestSMTPPortFollowsTLS(t *testing.T) {
	for _, tc := range []struct {
		vars map[string]string
		want int
	}{
		{map[string]string{"EBOK_SMTP_HOST": "smtp.example.pl"}, 587},
		{map[string]string{"EBOK_SMTP_HOST": "smtp.example.pl", "EBOK_SMTP_TLS": "starttls"}, 587},
		{map[string]string{"EBOK_SMTP_HOST": "smtp.example.pl", "EBOK_SMTP_TLS": "tls"}, 465},
		{map[string]string{"EBOK_SMTP_HOST": "smtp.example.pl", "EBOK_SMTP_TLS": "TLS"}, 465},
		{map[string]string{"EBOK_SMTP_HOST": "smtp.example.pl", "EBOK_SMTP_TLS": "tls", "EBOK_SMTP_PORT": "2465"}, 2465},
		{map[string]string{"EBOK_SMTP_HOST": "127.0.0.1", "EBOK_SMTP_TLS": "none"}, 587},
	} {
		c, err := Load(env(tc.vars))
		if err != nil {
			t.Fatal(err)
		}
		if c.SMTP.Port != tc.want {
			t.Errorf("%v: port %d, want %d", tc.vars, c.SMTP.Port, tc.want)
		}
	}
}

// The same for IMAP: 993 is implicit TLS, 143 plain text that STARTTLS
// upgrades; EBOK_IMAP_TLS=starttls without a port gets 143.
func TestIMAPPortFollowsTLS(t *testing.T) {
	base := map[string]string{"EBOK_IMAP_HOST": "imap.example.pl", "EBOK_IMAP_USERNAME": "u", "EBOK_IMAP_PASSWORD": "p"}
	for _, tc := range []struct {
		tls, port string
		want      int
	}{{"", "", 993}, {"tls", "", 993}, {"starttls", "", 143}, {"none", "", 143}, {"starttls", "1143", 1143}} {
		vars := map[string]string{"EBOK_IMAP_TLS": tc.tls, "EBOK_IMAP_PORT": tc.port}
		for k, v := range base {
			vars[k] = v
		}
		c, err := Load(env(vars))
		if err != nil {
			t.Fatal(err)
		}
		if c.IMAP.Port != tc.want {
			t.Errorf("EBOK_IMAP_TLS=%q EBOK_IMAP_PORT=%q: port %d, want %d", tc.tls, tc.port, c.IMAP.Port, tc.want)
		}
	}
}

// A misspelt variable (EBOK_SMTP_PASS for EBOK_SMTP_PASSWORD) or _FILE on
// a setting that is no secret is read by nobody: ebok would start with the
// default in its place. Unknown names them, so start-up can warn.
func TestUnknownNamesMisspeltSettings(t *testing.T) {
	environ := []string{
		"PATH=/usr/bin", "EBOK_DATABASE_URL=postgres://db/ebok", "EBOK_SMTP_PASSWORD_FILE=/run/secrets/smtp",
		"EBOK_SMTP_PASS=x", "EBOK_DATABASE=postgres://db/ebok", "EBOK_SMTP_USERNAME_FILE=/run/secrets/u",
		"EBOK_TEST_POSTGRES_URL=postgres://db/test", "EBOK_DEMO_BENCH_PREMISES=100", "EBOK_LISTEN=:8080", "EBOK_X",
	}
	got := strings.Join(Unknown(environ), ",")
	if want := "EBOK_DATABASE,EBOK_SMTP_PASS,EBOK_SMTP_USERNAME_FILE,EBOK_X"; got != want {
		t.Errorf("Unknown = %s, want %s", got, want)
	}
}
