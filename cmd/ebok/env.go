package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/app"
	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/config"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/store"
)

// commonFlags are the settings every command accepts as flags; a flag
// overrides its environment variable. fs is the command's flag set.
type commonFlags struct {
	fs     *flag.FlagSet
	values map[string]*string
}

// newFlags makes a command's flag set, with the flags every command
// accepts; the command adds its own to fs.
func newFlags(name string) (*flag.FlagSet, *commonFlags) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	c := &commonFlags{fs: fs, values: map[string]*string{}}
	for flagName, env := range map[string]string{
		"database": "EBOK_DATABASE_URL", "listen": "EBOK_LISTEN",
		"data-dir": "EBOK_DATA_DIR", "base-url": "EBOK_BASE_URL",
	} {
		c.values[env] = fs.String(flagName, "", "overrides "+env)
	}
	return fs, c
}

// getenv layers the flags over the environment.
func (c *commonFlags) getenv(env func(string) string) func(string) string {
	return func(k string) string {
		if v, ok := c.values[k]; ok && *v != "" {
			return *v
		}
		return env(k)
	}
}

// setup sets up the app (see setup) with the flags layered over env. The
// caller closes a.DB.
func (c *commonFlags) setup(ctx context.Context, env func(string) string, stderr io.Writer, opts app.Options) (*app.App, error) {
	return setup(ctx, c.getenv(env), stderr, opts)
}

// parseAndSetup parses the command's arguments (see parseFlags) and sets
// up the app, for a command that checks nothing in between. The caller
// closes a.DB.
func (c *commonFlags) parseAndSetup(ctx context.Context, args []string, env func(string) string, stderr io.Writer, opts app.Options) (*app.App, error) {
	if err := parseFlags(c.fs, args); err != nil {
		return nil, err
	}
	return c.setup(ctx, env, stderr, opts)
}

// coopFlags are the flags of a command that acts on one cooperative: the
// common ones and --coop.
type coopFlags struct {
	common *commonFlags
	slug   *string
}

// newCoopFlags makes the flag set of a command that acts on one
// cooperative, with the common flags and --coop; the command adds its own
// to fs.
func newCoopFlags(name string) (*flag.FlagSet, coopFlags) {
	fs, common := newFlags(name)
	return fs, coopFlags{
		common: common,
		slug:   fs.String("coop", "", "cooperative slug (may be left out when there is only one)"),
	}
}

// open sets up the app (see setup) and picks the cooperative named by
// --coop, or the only one. The caller closes a.DB; when the cooperative
// cannot be picked the database is closed here, so an error leaves nothing
// open.
func (f coopFlags) open(ctx context.Context, env func(string) string, stderr io.Writer) (*app.App, *coop.Cooperative, error) {
	a, err := f.common.setup(ctx, env, stderr, app.Options{})
	if err != nil {
		return nil, nil, err
	}
	c, err := findCoop(ctx, a.Coops, *f.slug)
	if err != nil {
		return nil, nil, errors.Join(err, a.DB.Close())
	}
	return a, c, nil
}

// cliActor is who the audit log names for what a command line does in a
// cooperative.
func cliActor(c *coop.Cooperative) audit.Actor {
	return audit.Actor{CoopID: c.ID, Name: "system:cli"}
}

// onlySubcommand checks that args name a command's one subcommand and
// returns the arguments after it.
func onlySubcommand(args []string, command, sub string) ([]string, error) {
	if len(args) == 0 || args[0] != sub {
		return nil, usageError{fmt.Sprintf("%s: the only subcommand is '%s'", command, sub)}
	}
	return args[1:], nil
}

// parseFlags parses a command's flags, turning mistakes into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	if err := flagError(fs, fs.Parse(args)); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))}
	}
	return nil
}

// flagError turns the error of fs.Parse into the command's help (for
// -h, -help, --help) or a usage error; nil stays nil.
func flagError(fs *flag.FlagSet, err error) error {
	if errors.Is(err, flag.ErrHelp) {
		var b strings.Builder
		b.WriteString(commandUsage(fs.Name()))
		b.WriteString("\nFlags:\n")
		fs.SetOutput(&b)
		fs.PrintDefaults()
		return helpRequested{text: b.String()}
	}
	if err != nil {
		return usageError{fmt.Sprintf("%s: %v", fs.Name(), err)}
	}
	return nil
}

// setup loads the configuration, builds the logger, opens and migrates the
// database and builds every service on it (package app).
func setup(ctx context.Context, getenv func(string) string, stderr io.Writer, opts app.Options) (*app.App, error) {
	cfg, err := config.Load(getenv)
	if err != nil {
		return nil, fmt.Errorf("configuration:\n%w", err)
	}
	logOpts := &slog.HandlerOptions{Level: cfg.LogLevel}
	var h slog.Handler = slog.NewTextHandler(stderr, logOpts)
	if cfg.LogFormat == "json" {
		h = slog.NewJSONHandler(stderr, logOpts)
	}
	logger := slog.New(h)
	key, err := auditKey(cfg, logger)
	if err != nil {
		return nil, err
	}
	openCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	db, err := store.Open(openCtx, cfg.DatabaseURL, store.Options{ChainKey: key})
	if err != nil {
		return nil, err
	}
	applied, err := db.Migrate(ctx)
	if err == nil && len(applied) > 0 {
		logger.Info("database migrated", "versions", applied, "dialect", db.Dialect())
	}
	var a *app.App
	if err == nil {
		a, err = app.New(ctx, cfg, db, logger, opts)
	}
	if err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return a, nil
}

// auditKey is the audit chain's key: EBOK_AUDIT_KEY (or _FILE), else the
// file audit.key in the data folder, created on first use.
func auditKey(cfg *config.Config, logger *slog.Logger) ([]byte, error) {
	if cfg.AuditKey != "" {
		return []byte(cfg.AuditKey), nil
	}
	path := filepath.Join(cfg.DataDir, "audit.key")
	key, created, err := audit.LoadOrCreateKey(path)
	if err != nil {
		return nil, err
	}
	if created {
		logger.Warn("audit key created: keep a copy apart from the database backups, and give every node the same key (EBOK_AUDIT_KEY_FILE)", "file", path)
	}
	return key, nil
}

// cmdMigrate applies the database migrations and exits: `ebok migrate`.
func cmdMigrate(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer, env func(string) string) error {
	_, common := newFlags("migrate")
	a, err := common.parseAndSetup(ctx, args, env, stderr, app.Options{})
	if err != nil {
		return err
	}
	defer a.DB.Close()
	fmt.Fprintln(stdout, "database is up to date")
	return nil
}
