// Package app builds ebok once: every service with its clock, the mail
// outbox, the document renderer and the configuration. `ebok serve`, every
// other command and the web tests use it, so that no service is built by
// hand anywhere else, and a new module is wired here in one place.
package app

import (
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/ebok/ebok/internal/access"
	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/config"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/documents"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/interest"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/letters"
	"github.com/ebok/ebok/internal/library"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/meeting"
	"github.com/ebok/ebok/internal/messages"
	"github.com/ebok/ebok/internal/meters"
	"github.com/ebok/ebok/internal/ratelimit"
	"github.com/ebok/ebok/internal/register"
	"github.com/ebok/ebok/internal/store"
)

// App is every service of one ebok process, built once.
type App struct {
	Config    *config.Config
	DB        *store.DB
	Logger    *slog.Logger
	Now       func() time.Time
	Catalogue *i18n.Catalogue
	Hasher    *auth.Hasher
	// Worker sends what the outbox holds; Outbox is where services queue
	// mail and wakes Worker after their commits.
	Worker *mail.Worker
	Outbox *mail.Outbox
	// Documents renders statements, slips, forms and printouts (fonts
	// parsed once per process).
	Documents *documents.Renderer

	Auth *auth.Service
	// Limits counts rate-limited events (heavy downloads) for all nodes.
	Limits *ratelimit.Limiter
	Audit  *audit.Service
	Coops  *coop.Service
	Ledger *ledger.Service
	Access *access.Service
	Meters *meters.Service
	// Register is the correspondence register every letter out and
	// message in is entered in.
	Register *register.Service
	// Letters writes, approves and sends letters out (e-Korespondencja).
	Letters *letters.Service
	// LettersWorker renders and queues the recipients of letters being
	// sent, and follows their e-mails in the outbox.
	LettersWorker *letters.Worker
	// Messages is e-Korespondencja's messages in: residents' threads and
	// staff's desks.
	Messages *messages.Service
	// Library is the members' library (statute, regulations, resolutions…).
	Library *library.Service
	// FlashKey signs the one-time messages pages show after an action
	// (see config.FlashKey); every node of an installation has the same.
	FlashKey []byte
	// Meetings is the general meeting: its parts, materials, members'
	// draft resolutions and votes.
	Meetings *meeting.Service
}

// Options change what New builds; the zero value is the production setup.
type Options struct {
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Sender delivers mail (default: SMTP when configured, else .eml
	// files in the data directory).
	Sender mail.Sender
	// Hasher hashes passwords (default: as many at once as configured).
	Hasher *auth.Hasher
	// CacheTTL is how long a cooperative's own record and a resident's
	// right to open a premises are kept (0: read at every request; serve
	// uses 5 s, see coop.Service).
	CacheTTL time.Duration
}

// New builds every service on an open, migrated database.
func New(ctx context.Context, cfg *config.Config, db *store.DB, logger *slog.Logger, opts Options) (*App, error) {
	a := &App{Config: cfg, DB: db, Logger: logger, Now: opts.Now, Hasher: opts.Hasher, Catalogue: i18n.New()}
	if a.Now == nil {
		a.Now = time.Now
	}
	if a.Hasher == nil {
		a.Hasher = auth.NewHasher(cfg.PasswordHashes)
	}
	var err error
	if a.FlashKey, err = flashKey(cfg); err != nil {
		return nil, err
	}
	sender := opts.Sender
	if sender == nil {
		if sender, err = newSender(cfg); err != nil {
			return nil, err
		}
	}
	// The worker's sender is the whole header value, name included: it
	// stands in every message, so the SMTP sender's own default (which has
	// the name) never applies.
	from := mail.SMTPConfig{From: cfg.SMTP.From, FromName: cfg.SMTP.FromName}.Address()
	a.Worker = &mail.Worker{DB: db, Sender: sender, From: from, Logger: logger, Now: a.Now, Parallel: cmp.Or(cfg.SMTP.Connections, mail.Senders(db.Dialect()))}
	a.Outbox = &mail.Outbox{Domain: cfg.MailDomain(), Now: a.Now, Wake: a.Worker.Wake}
	if err := a.buildServices(ctx, opts.CacheTTL); err != nil {
		return nil, err
	}
	return a, nil
}

// buildServices builds the domain services, each once.
func (a *App) buildServices(ctx context.Context, cacheTTL time.Duration) error {
	cfg, db := a.Config, a.DB
	var err error
	if a.Documents, err = documents.NewRenderer(); err != nil {
		return err
	}
	rates, err := interest.Default()
	if err != nil {
		return err
	}
	if a.Auth, err = auth.NewService(ctx, db, a.Hasher, a.Now, cfg.SessionIdle, cfg.SessionMaxAge); err != nil {
		return err
	}
	a.Auth.Outbox, a.Auth.BaseURL = a.Outbox, cfg.BaseURL
	a.Auth.DeviceKey = subKey(a.FlashKey, "ebok device cookie")
	a.Audit = &audit.Service{DB: db, Now: a.Now}
	a.Limits = &ratelimit.Limiter{DB: db}
	a.Coops = &coop.Service{DB: db, Now: a.Now, ResolveTTL: cacheTTL, HoldingTTL: cacheTTL}
	a.Ledger = &ledger.Service{DB: db, Rates: rates, Now: a.Now}
	a.Meters = &meters.Service{DB: db, Now: a.Now}
	a.Register = &register.Service{DB: db, Now: a.Now, Loc: cfg.TimeZone}
	a.Library = &library.Service{DB: db, Now: a.Now, Loc: cfg.TimeZone, Extract: library.DefaultExtractor(),
		Outbox: a.Outbox, BaseURL: cfg.BaseURL}
	a.Access = &access.Service{DB: db, Auth: a.Auth, Now: a.Now, Loc: cfg.TimeZone,
		BaseURL: cfg.BaseURL, Outbox: a.Outbox, ExtensionMonths: cfg.AccessExtensionLimit}
	a.Letters = &letters.Service{DB: db, Now: a.Now, Loc: cfg.TimeZone, Outbox: a.Outbox, Register: a.Register,
		Documents: a.Documents, Coops: a.Coops, Catalogue: a.Catalogue, Consents: a.Access}
	a.LettersWorker = &letters.Worker{S: a.Letters, Logger: a.Logger}
	a.Letters.Wake = a.LettersWorker.Wake
	a.Messages = &messages.Service{DB: db, Now: a.Now, Loc: cfg.TimeZone, Register: a.Register, Coops: a.Coops,
		Outbox: a.Outbox, Consents: a.Access, Documents: a.Documents, Catalogue: a.Catalogue,
		Applications: a.Access, Bounces: a.Letters, Letters: a.Letters}
	a.Meetings = &meeting.Service{DB: db, Now: a.Now, Loc: cfg.TimeZone, Documents: a.Documents, Coops: a.Coops,
		Catalogue: a.Catalogue}
	return nil
}

// OutboxDepth reports mail waiting and mail given up on, for /metrics.
func (a *App) OutboxDepth(ctx context.Context) (pending, failed int, err error) {
	return mail.Depth(ctx, a.DB.Read())
}

// Ping reports whether the database answers, for /healthz.
func (a *App) Ping(ctx context.Context) error { return a.DB.Ping(ctx) }

// subKey derives from the installation's key one for a single purpose,
// so that a signature made for one use is worthless for another.
func subKey(key []byte, purpose string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(purpose))
	return m.Sum(nil)
}

// minFlashKey is the shortest flash key accepted, in bytes.
const minFlashKey = 32

// flashKey is the configured flash key or, when none is, the one in the
// data directory's flash.key, written there with a random key the first
// time (so a restart, and nodes sharing the directory, keep it).
func flashKey(cfg *config.Config) ([]byte, error) {
	if cfg.FlashKey != "" {
		if len(cfg.FlashKey) < minFlashKey {
			return nil, fmt.Errorf("EBOK_FLASH_KEY: at least %d characters needed", minFlashKey)
		}
		return []byte(cfg.FlashKey), nil
	}
	path := filepath.Join(cfg.DataDir, "flash.key")
	key, err := os.ReadFile(path)
	if err == nil && len(key) >= minFlashKey {
		return key, nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("flash key: %w", err)
	}
	if err == nil {
		return nil, fmt.Errorf("flash key %s: shorter than %d bytes", path, minFlashKey)
	}
	raw := make([]byte, minFlashKey)
	if _, err := rand.Read(raw); err != nil {
		return nil, fmt.Errorf("flash key: %w", err)
	}
	key = []byte(hex.EncodeToString(raw))
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("flash key: %w", err)
	}
	// O_EXCL: of two nodes starting at once on a shared directory, the
	// second reads what the first wrote.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return flashKey(cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("flash key: %w", err)
	}
	if _, err := f.Write(key); err != nil {
		f.Close()
		return nil, fmt.Errorf("flash key: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("flash key: %w", err)
	}
	return key, nil
}

// newSender sends over SMTP when a host is configured, and otherwise
// writes .eml files to the data directory.
func newSender(cfg *config.Config) (mail.Sender, error) {
	if cfg.SMTP.Host == "" {
		dir := filepath.Join(cfg.DataDir, "mail")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("mail folder: %w", err)
		}
		return mail.FileSender{Dir: dir}, nil
	}
	return smtpSender(cfg)
}

// smtpSender sends through the configured SMTP server.
func smtpSender(cfg *config.Config) (*mail.SMTPSender, error) {
	return mail.NewSMTPSender(mail.SMTPConfig{
		Host: cfg.SMTP.Host, Port: cfg.SMTP.Port, TLS: cfg.SMTP.TLS,
		Username: cfg.SMTP.Username, Password: cfg.SMTP.Password,
		From: cfg.SMTP.From, FromName: cfg.SMTP.FromName, Timeout: 30 * time.Second,
	})
}
