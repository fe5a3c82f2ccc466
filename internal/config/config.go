// Package config reads ebok's settings from the environment (and flags, via
// the caller), validates them once at start-up and hands out a typed Config.
// There is no global configuration: whoever needs a setting is given it.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/netip"
	"net/url"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// Config is every setting ebok reads. The field comments name the variable.
type Config struct {
	DatabaseURL string // EBOK_DATABASE_URL: postgres://… or an SQLite path; default DataDir/ebok.db
	Listen      string // EBOK_LISTEN
	BaseURL     string // EBOK_BASE_URL
	DataDir     string // EBOK_DATA_DIR
	AuditKey    string // EBOK_AUDIT_KEY (or _FILE); empty: DataDir/audit.key, created when missing
	LogLevel    slog.Level
	LogFormat   string // EBOK_LOG_FORMAT: text | json

	CookieSecure   bool          // EBOK_COOKIE_SECURE: auto (https base URL) | true | false
	SessionIdle    time.Duration // EBOK_SESSION_IDLE
	SessionMaxAge  time.Duration // EBOK_SESSION_MAX_AGE
	PasswordHashes int           // EBOK_PASSWORD_HASHES: password hashes computed at once
	MetricsToken   string        // EBOK_METRICS_TOKEN (or _FILE)
	FlashKey       string        // EBOK_FLASH_KEY (or _FILE); default: DataDir/flash.key, created at first start
	StaffTOTP      bool          // EBOK_STAFF_TOTP: required (default) | optional
	TimeZone       *time.Location

	SMTP SMTP
	IMAP IMAP

	ShutdownTimeout time.Duration // EBOK_SHUTDOWN_TIMEOUT

	PageCacheMiB   int // EBOK_PAGE_CACHE_MIB: memory for kept pages; 0 keeps none
	MemoryLimitMiB int // EBOK_MEMORY_LIMIT_MIB: the Go runtime's soft memory limit; 0 sets none
	// Hardening (issue 12).
	TrustedProxies       []netip.Prefix // EBOK_TRUSTED_PROXIES: CIDRs whose forwarding headers are believed
	ApplicationRetention time.Duration  // EBOK_APPLICATION_RETENTION_DAYS: decided applications are kept this long
	AccessExtensionLimit int            // EBOK_ACCESS_EXTENSION_MONTHS: titles that ended longer ago cannot be extended
	// AuditAnchorDir and AuditAnchorMail make `ebok serve` anchor every
	// audit chain daily, to a folder and to the board's mailbox.
	AuditAnchorDir  string   // EBOK_AUDIT_ANCHOR_DIR
	AuditAnchorMail []string // EBOK_AUDIT_ANCHOR_MAIL: comma-separated addresses
	// OCR: "auto" reads scanned library PDFs in the background where
	// pdftoppm and tesseract with Polish are installed; "off" never.
	OCR string // EBOK_OCR: auto | off
}

// SMTP holds the outgoing mail settings. With no Host, mail is written as
// .eml files to DataDir/mail.
type SMTP struct {
	Host     string // EBOK_SMTP_HOST
	Port     int    // EBOK_SMTP_PORT
	TLS      string // EBOK_SMTP_TLS: starttls | tls | none
	Username string // EBOK_SMTP_USERNAME
	Password string // EBOK_SMTP_PASSWORD (or _FILE)
	// Connections is how many messages the mail worker sends at once, each
	// on its own connection (EBOK_SMTP_CONNECTIONS; 0: the engine's
	// default, see mail.Senders).
	Connections int
	From        string // EBOK_MAIL_FROM
	FromName    string // EBOK_MAIL_FROM_NAME
}

// IMAP holds the settings of the cooperative's mailbox, which ebok reads
// for residents' e-mail (see internal/mailin). With no Host, nothing is
// read.
type IMAP struct {
	Host     string        // EBOK_IMAP_HOST
	Port     int           // EBOK_IMAP_PORT
	TLS      string        // EBOK_IMAP_TLS: tls | starttls | none
	Username string        // EBOK_IMAP_USERNAME
	Password string        // EBOK_IMAP_PASSWORD (or _FILE)
	Mailbox  string        // EBOK_IMAP_MAILBOX
	Poll     time.Duration // EBOK_IMAP_POLL
}

// Setting documents one variable for README.md and `ebok help config`.
type Setting struct {
	Name, Default, Meaning string
}

// Settings lists every variable ebok reads, in the order README.md shows.
func Settings() []Setting {
	return []Setting{
		{"EBOK_DATABASE_URL", "`<data dir>/ebok.db`", "Database: a `postgres://` URL selects PostgreSQL (percent-encode a `/ # ? % @ :` or space in its password; not the `host=… dbname=…` form); anything else is an SQLite file path."},
		{"EBOK_LISTEN", "`127.0.0.1:8080`", "Address the web server listens on."},
		{"EBOK_BASE_URL", "`http://<listen>`", "Public address of the site, used in links in e-mails; `https://` also makes cookies Secure."},
		{"EBOK_DATA_DIR", "`./data`", "Folder for the SQLite file, mail files and uploads."},
		{"EBOK_AUDIT_KEY", "`<data dir>/audit.key`", "Secret (at least 32 characters) that keys the audit log's hash chain; keep it outside the database and its backups, the same on every node. When empty, the file `<data dir>/audit.key` is read, and created (0600) when missing."},
		{"EBOK_AUDIT_ANCHOR_DIR", "empty", "Folder (on another machine or a mounted share, not writable by the database's administrators) to which `ebok serve` writes each cooperative's signed audit anchor once a day, as `ebok audit anchor --dir` does; empty: none."},
		{"EBOK_AUDIT_ANCHOR_MAIL", "empty", "Comma-separated addresses (e.g. the board's) to which `ebok serve` mails each cooperative's signed audit anchor once a day, straight over SMTP (needs `EBOK_SMTP_HOST`), as `ebok audit anchor --mail` does; empty: none."},
		{"EBOK_LOG_LEVEL", "`info`", "`debug`, `info`, `warn` or `error`."},
		{"EBOK_LOG_FORMAT", "`text`", "`text` or `json`."},
		{"EBOK_TIME_ZONE", "`Europe/Warsaw`", "Time zone for dates shown and for \"today\"."},
		{"EBOK_COOKIE_SECURE", "`auto`", "`auto` (Secure when the base URL is https), `true` or `false`."},
		{"EBOK_SESSION_IDLE", "`30m`", "A session ends after this long without a request."},
		{"EBOK_SESSION_MAX_AGE", "`12h`", "A session ends this long after login, however active."},
		{"EBOK_PASSWORD_HASHES", "number of CPUs", "How many argon2id password hashes may run at once (each uses 19 MiB)."},
		{"EBOK_STAFF_TOTP", "`required`", "`required`: staff must log in with a one-time code (TOTP) and enrol at first login; `optional` only for test installations."},
		{"EBOK_METRICS_TOKEN", "empty", "Bearer token for `/metrics`; when empty, `/metrics` answers only on loopback."},
		{"EBOK_FLASH_KEY", "`<data dir>/flash.key`", "Key (at least 32 characters) signing the one-time messages shown after an action and the login device cookies; several app nodes must share it (set it, or share the file). When empty, the file is read, and created with a random key if missing."},
		{"EBOK_SMTP_HOST", "empty", "SMTP server; when empty, mail is written as `.eml` files to `<data dir>/mail`."},
		{"EBOK_SMTP_PORT", "`587`; `465` with `EBOK_SMTP_TLS=tls`", "SMTP port."},
		{"EBOK_SMTP_TLS", "`starttls`", "`starttls`, `tls` (implicit, usually port 465) or `none` (local relays only)."},
		{"EBOK_SMTP_USERNAME", "empty", "SMTP login; no authentication when empty."},
		{"EBOK_SMTP_PASSWORD", "empty", "SMTP password."},
		{"EBOK_SMTP_CONNECTIONS", "`4` on SQLite, `8` on PostgreSQL", "How many e-mails `ebok serve` sends at once, each on its own SMTP connection; lower it for a server that limits connections per client."},
		{"EBOK_MAIL_FROM", "`ebok@localhost`", "Sender address of every e-mail."},
		{"EBOK_MAIL_FROM_NAME", "`e-BOK`", "Sender name of every e-mail."},
		{"EBOK_IMAP_HOST", "empty", "IMAP server of the cooperative's mailbox, read for residents' e-mail; when empty, no mail is read."},
		{"EBOK_IMAP_PORT", "`993`; `143` with `EBOK_IMAP_TLS=starttls` or `none`", "IMAP port."},
		{"EBOK_IMAP_TLS", "`tls`", "`tls` (implicit), `starttls` or `none` (local servers only)."},
		{"EBOK_IMAP_USERNAME", "empty", "IMAP login."},
		{"EBOK_IMAP_PASSWORD", "empty", "IMAP password."},
		{"EBOK_IMAP_MAILBOX", "`INBOX`", "Mailbox read."},
		{"EBOK_IMAP_POLL", "`2m`", "How often the mailbox is read."},
		{"EBOK_SHUTDOWN_TIMEOUT", "`20s`", "How long a stopping server waits for requests in flight."},
		{"EBOK_PAGE_CACHE_MIB", "`48`", "Memory (MiB) for rendered ledger pages kept until their data changes; `0` keeps none."},
		{"EBOK_MEMORY_LIMIT_MIB", "`120`", "Soft memory limit (MiB) of the Go runtime (`GOMEMLIMIT`): above it the garbage collector works harder to stay below; `0` sets none. Raise it with the page cache or on a busy multi-cooperative node."},
		{"EBOK_TRUSTED_PROXIES", "empty", "Comma-separated CIDRs of reverse proxies (e.g. `127.0.0.1/32,10.0.0.0/8`); only from these peers are `X-Forwarded-For`, `Forwarded` and `X-Forwarded-Proto` read. When set, `/metrics` requires `EBOK_METRICS_TOKEN`."},
		{"EBOK_APPLICATION_RETENTION_DAYS", "`365`", "Accepted and rejected applications (with their files) are deleted this many days after the decision; unconfirmed ones 72 hours after filing."},
		{"EBOK_ACCESS_EXTENSION_MONTHS", "`12`", "Staff may extend a former holder's access only for titles that ended at most this many months ago."},
		{"EBOK_OCR", "`auto`", "`auto`: where `pdftoppm` (poppler-utils) and `tesseract` with Polish (`tesseract-ocr-pol`) are installed, library PDFs published without a text layer are read in the background and become searchable; `off`: never."},
	}
}

// secretSettings may also be given as NAME_FILE, a path to a file holding
// the value (for container secrets).
var secretSettings = map[string]bool{
	"EBOK_DATABASE_URL": true, "EBOK_SMTP_PASSWORD": true, "EBOK_METRICS_TOKEN": true,
	"EBOK_IMAP_PASSWORD": true, "EBOK_AUDIT_KEY": true, "EBOK_FLASH_KEY": true,
}

// testSettings are read by tests and benchmarks alone (README,
// Development): never reported by Unknown. So are EBOK_TEST_* and every
// name with BENCH in it.
var testSettings = map[string]bool{
	"EBOK_BROWSER_SHOTS": true, "EBOK_PDF_KEEP": true,
	"EBOK_LETTERS_KILL_CHILD_DSN": true, "EBOK_LETTERS_KILL_CHILD_SMTP": true,
}

// Unknown returns, sorted, the EBOK_ variables in environ (NAME=value
// lines, as os.Environ gives) that ebok does not read: a misspelt name,
// or NAME_FILE of a setting that is no secret. ebok would start with the
// default in their place, so start-up warns of them.
func Unknown(environ []string) []string {
	known := map[string]bool{}
	for _, s := range Settings() {
		known[s.Name] = true
		if secretSettings[s.Name] {
			known[s.Name+"_FILE"] = true
		}
	}
	var out []string
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "EBOK_") || known[name] || testSettings[name] ||
			strings.HasPrefix(name, "EBOK_TEST_") || strings.Contains(name, "BENCH") {
			continue
		}
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// Error names the setting that is wrong.
type Error struct {
	Setting string
	Problem string
}

func (e *Error) Error() string { return e.Setting + ": " + e.Problem }

// Load reads the settings from getenv (os.Getenv in production) and checks
// them. All problems are returned together, each naming its setting.
func Load(getenv func(string) string) (*Config, error) {
	r := reader{getenv: getenv}
	c := &Config{
		Listen:          r.str("EBOK_LISTEN", "127.0.0.1:8080"),
		DataDir:         r.str("EBOK_DATA_DIR", "data"),
		AuditKey:        strings.TrimSpace(r.str("EBOK_AUDIT_KEY", "")),
		LogFormat:       r.oneOf("EBOK_LOG_FORMAT", "text", "text", "json"),
		SessionIdle:     r.duration("EBOK_SESSION_IDLE", 30*time.Minute),
		SessionMaxAge:   r.duration("EBOK_SESSION_MAX_AGE", 12*time.Hour),
		PasswordHashes:  r.positiveInt("EBOK_PASSWORD_HASHES", defaultHashes()),
		MetricsToken:    r.str("EBOK_METRICS_TOKEN", ""),
		FlashKey:        r.str("EBOK_FLASH_KEY", ""),
		ShutdownTimeout: r.duration("EBOK_SHUTDOWN_TIMEOUT", 20*time.Second),
		PageCacheMiB:    r.nonNegativeInt("EBOK_PAGE_CACHE_MIB", 48),
		MemoryLimitMiB:  r.nonNegativeInt("EBOK_MEMORY_LIMIT_MIB", 120),
	}
	c.TrustedProxies = r.prefixes("EBOK_TRUSTED_PROXIES")
	c.ApplicationRetention = time.Duration(r.positiveInt("EBOK_APPLICATION_RETENTION_DAYS", 365)) * 24 * time.Hour
	c.AccessExtensionLimit = r.positiveInt("EBOK_ACCESS_EXTENSION_MONTHS", 12)
	c.AuditAnchorDir = r.str("EBOK_AUDIT_ANCHOR_DIR", "")
	c.OCR = r.oneOf("EBOK_OCR", "auto", "auto", "off")
	var err error
	if c.AuditAnchorMail, err = Addresses(r.str("EBOK_AUDIT_ANCHOR_MAIL", "")); err != nil {
		r.fail("EBOK_AUDIT_ANCHOR_MAIL", err.Error())
	}
	c.DatabaseURL = r.str("EBOK_DATABASE_URL", filepath.Join(c.DataDir, "ebok.db"))
	c.BaseURL = r.str("EBOK_BASE_URL", "http://"+c.Listen)
	c.LogLevel = r.level("EBOK_LOG_LEVEL")
	c.TimeZone = r.location("EBOK_TIME_ZONE", "Europe/Warsaw")
	smtpTLS := r.oneOf("EBOK_SMTP_TLS", "starttls", "starttls", "tls", "none")
	imapTLS := r.oneOf("EBOK_IMAP_TLS", "tls", "tls", "starttls", "none")
	c.SMTP = SMTP{
		Host:        r.str("EBOK_SMTP_HOST", ""),
		Port:        r.positiveInt("EBOK_SMTP_PORT", portFor(smtpTLS, 465, 587)),
		TLS:         smtpTLS,
		Username:    r.str("EBOK_SMTP_USERNAME", ""),
		Password:    r.str("EBOK_SMTP_PASSWORD", ""),
		Connections: r.positiveInt("EBOK_SMTP_CONNECTIONS", 0),
		From:        r.str("EBOK_MAIL_FROM", "ebok@localhost"),
		FromName:    r.str("EBOK_MAIL_FROM_NAME", "e-BOK"),
	}
	c.IMAP = IMAP{
		Host:     r.str("EBOK_IMAP_HOST", ""),
		Port:     r.positiveInt("EBOK_IMAP_PORT", portFor(imapTLS, 993, 143)),
		TLS:      imapTLS,
		Username: r.str("EBOK_IMAP_USERNAME", ""),
		Password: r.str("EBOK_IMAP_PASSWORD", ""),
		Mailbox:  r.str("EBOK_IMAP_MAILBOX", "INBOX"),
		Poll:     r.duration("EBOK_IMAP_POLL", 2*time.Minute),
	}
	r.check(c)
	c.StaffTOTP = r.oneOf("EBOK_STAFF_TOTP", "required", "required", "optional") == "required"
	secure := r.oneOf("EBOK_COOKIE_SECURE", "auto", "auto", "true", "false")
	c.CookieSecure = secure == "true" || (secure == "auto" && strings.HasPrefix(c.BaseURL, "https://"))
	if len(r.errs) > 0 {
		return nil, errors.Join(r.errs...)
	}
	return c, nil
}

// portFor is a mail protocol's default port: implicit for implicit TLS
// ("tls"), plain for STARTTLS and no TLS (RFC 8314).
func portFor(tls string, implicit, plain int) int {
	if tls == "tls" {
		return implicit
	}
	return plain
}

func defaultHashes() int { return runtime.NumCPU() }

// check validates the values that depend on each other.
func (r *reader) check(c *Config) {
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		r.fail("EBOK_LISTEN", "want host:port, e.g. 127.0.0.1:8080")
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		r.fail("EBOK_BASE_URL", "want an absolute http:// or https:// URL")
	} else {
		c.BaseURL = strings.TrimSuffix(c.BaseURL, "/")
	}
	if isKeywordString(c.DatabaseURL) {
		// The value holds the password: never echo it.
		r.fail("EBOK_DATABASE_URL", "looks like a PostgreSQL keyword string (host=… dbname=…); give a URL, postgres://user:password@host:5432/dbname")
	}
	if isPostgresURL(c.DatabaseURL) {
		if _, err := url.Parse(c.DatabaseURL); err != nil {
			// The value holds the password: never echo it.
			r.fail("EBOK_DATABASE_URL", "not a valid postgres:// URL; percent-encode any / # ? % @ : or space in the password (e.g. / as %2F)")
		}
	}
	if c.IMAP.Port > 65535 {
		r.fail("EBOK_IMAP_PORT", "want a port number from 1 to 65535")
	}
	if c.IMAP.Host != "" && (c.IMAP.Username == "" || c.IMAP.Password == "") {
		r.fail("EBOK_IMAP_USERNAME", "a login and password (EBOK_IMAP_PASSWORD) are required with EBOK_IMAP_HOST")
	}
	if c.SMTP.Port > 65535 {
		r.fail("EBOK_SMTP_PORT", "want a port number from 1 to 65535")
	}
	if c.SMTP.Username != "" && c.SMTP.Password == "" {
		r.fail("EBOK_SMTP_PASSWORD", "required when EBOK_SMTP_USERNAME is set")
	}
	if _, err := mail.ParseAddress(c.SMTP.From); err != nil {
		r.fail("EBOK_MAIL_FROM", "want an e-mail address")
	}
	if len(c.AuditAnchorMail) > 0 && c.SMTP.Host == "" {
		r.fail("EBOK_AUDIT_ANCHOR_MAIL", "requires EBOK_SMTP_HOST: anchors are mailed straight over SMTP, never from a file or the outbox")
	}
	if c.AuditKey != "" && len(c.AuditKey) < 32 {
		r.fail("EBOK_AUDIT_KEY", "want at least 32 characters, e.g. from `openssl rand -hex 32`")
	}
	if len(c.TrustedProxies) > 0 && c.MetricsToken == "" {
		r.fail("EBOK_METRICS_TOKEN", "required with EBOK_TRUSTED_PROXIES: behind a proxy every request looks local")
	}
	if c.SessionIdle > c.SessionMaxAge {
		r.fail("EBOK_SESSION_IDLE", "must not be longer than EBOK_SESSION_MAX_AGE")
	}
}

// Addresses splits a comma-separated list of e-mail addresses ("" is
// none) and checks each one.
func Addresses(list string) ([]string, error) {
	var out []string
	for _, a := range strings.Split(list, ",") {
		if a = strings.TrimSpace(a); a == "" {
			continue
		}
		if _, err := mail.ParseAddress(a); err != nil {
			return nil, fmt.Errorf("%q is not an e-mail address", a)
		}
		out = append(out, a)
	}
	return out, nil
}

// MailDomain is the domain used in Message-IDs.
func (c *Config) MailDomain() string {
	if i := strings.LastIndexByte(c.SMTP.From, '@'); i >= 0 {
		return strings.Trim(c.SMTP.From[i+1:], "> ")
	}
	return "localhost"
}

// DatabaseName names the database for messages: the SQLite path, or the
// PostgreSQL URL without its password.
func (c *Config) DatabaseName() string {
	if isPostgresURL(c.DatabaseURL) {
		return RedactedURL(c.DatabaseURL)
	}
	return c.DatabaseURL
}

// String describes the configuration for the start-up log with secrets
// redacted.
func (c *Config) String() string {
	base := fmt.Sprintf("listen=%s base=%s data=%s db=%s", c.Listen, c.BaseURL, c.DataDir, c.DatabaseName())
	if c.SMTP.Host == "" {
		// No SMTP server: the port and TLS defaults would name one that
		// is not there.
		return base + " mail=files in " + filepath.Join(c.DataDir, "mail")
	}
	return base + fmt.Sprintf(" smtp=%s:%d/%s user=%q password=%s",
		c.SMTP.Host, c.SMTP.Port, c.SMTP.TLS, c.SMTP.Username, redact(c.SMTP.Password))
}

// isPostgresURL reports whether dsn selects PostgreSQL (as store.Open
// decides).
func isPostgresURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// isKeywordString reports whether dsn is a PostgreSQL connection string in
// keyword form ("host=db dbname=ebok"), which ebok would otherwise take for
// the name of an SQLite file.
func isKeywordString(dsn string) bool {
	for _, f := range strings.Fields(dsn) {
		key, _, ok := strings.Cut(f, "=")
		switch key {
		case "host", "hostaddr", "port", "dbname", "user", "password", "sslmode":
			if ok {
				return true
			}
		}
	}
	return false
}

// RedactedURL is a URL fit for a log: the password in its user part and a
// password query parameter (which PostgreSQL's drivers accept) replaced
// by xxxxx; a URL that cannot be parsed shows only its scheme.
func RedactedURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		scheme, _, _ := strings.Cut(raw, "://")
		return scheme + "://(not a valid URL)"
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

func redact(s string) string {
	if s == "" {
		return "(none)"
	}
	return "(set)"
}
