package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/ebok/ebok/internal/access"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/config"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/documents"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/interest"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/web"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer, env func(string) string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	common := addCommonFlags(fs)
	withDemo := fs.Bool("demo", false, "generate a demo cooperative first when the database has none")
	premises := fs.Int("premises", 2000, "premises in the demo cooperative (with --demo)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, logger, db, err := setup(ctx, common.getenv(env), stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	hasher := auth.NewHasher(cfg.PasswordHashes)
	if db.Dialect() == store.SQLite {
		// Cheap on SQLite and keeps the planner's statistics fresh.
		if err := db.Optimize(ctx); err != nil {
			return err
		}
	}
	if *withDemo {
		if err := ensureDemo(ctx, cfg, db, hasher, logger, *premises, stdout); err != nil {
			return err
		}
	}
	return serve(ctx, cfg, logger, db, hasher, stdout)
}

// serve runs the web server and the background workers until ctx ends,
// then stops accepting, lets requests in flight finish and stops the
// workers.
func serve(ctx context.Context, cfg *config.Config, logger *slog.Logger, db *store.DB, hasher *auth.Hasher, stdout io.Writer) error {
	authSvc, err := auth.NewService(ctx, db, hasher, time.Now, cfg.SessionIdle, cfg.SessionMaxAge)
	if err != nil {
		return err
	}
	sender, err := newSender(cfg)
	if err != nil {
		return err
	}
	worker := &mail.Worker{DB: db, Sender: sender, From: cfg.SMTP.From, Logger: logger}
	rates, err := interest.Default()
	if err != nil {
		return err
	}
	renderer, err := documents.NewRenderer()
	if err != nil {
		return err
	}
	accessSvc := &access.Service{DB: db, Auth: authSvc, Now: time.Now, Loc: cfg.TimeZone,
		BaseURL: cfg.BaseURL, MailDomain: cfg.MailDomain(), Wake: worker.Wake}
	// A cooperative's own data (host, name, bank account), and that a
	// resident may see a premises, are read once per cacheTTL rather than
	// at every request; see coop.Service.ResolveTTL and HoldingTTL.
	const cacheTTL = 5 * time.Second
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	srv, err := web.New(web.Deps{
		Config: cfg, DB: db, Auth: authSvc, Coops: &coop.Service{DB: db, ResolveTTL: cacheTTL, HoldingTTL: cacheTTL}, Ledger: &ledger.Service{DB: db, Rates: rates},
		Access: accessSvc, Documents: renderer, WakeMail: worker.Wake,
		Catalogue: i18n.New(), Logger: logger, Now: time.Now, Registry: reg,
		OutboxDepth: func(ctx context.Context) (int, int, error) { return mail.Depth(ctx, db.Read()) },
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s (EBOK_LISTEN): %w", cfg.Listen, err)
	}
	httpSrv := &http.Server{
		Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Go(func() { worker.Run(workCtx) })
	wg.Go(func() { purgeSessions(workCtx, authSvc, logger) })
	if feed := db.FollowLedger(); feed != nil {
		wg.Go(func() { feed.Run(workCtx, logger) })
	}

	logger.Info("ebok started", "version", version, "config", cfg.String(), "dialect", db.Dialect())
	fmt.Fprintf(stdout, "ebok is serving on http://%s (Ctrl+C stops it)\n", ln.Addr())
	serveErr := make(chan error, 1)
	go func() { serveErr <- httpSrv.Serve(ln) }()

	select {
	case err := <-serveErr:
		stopWork()
		wg.Wait()
		return fmt.Errorf("web server: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down", "timeout", cfg.ShutdownTimeout)
	shutCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	err = httpSrv.Shutdown(shutCtx)
	stopWork()
	wg.Wait()
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	logger.Info("stopped")
	return nil
}

// newSender sends over SMTP when a host is configured, and otherwise
// writes .eml files to the data directory.
func newSender(cfg *config.Config) (mail.Sender, error) {
	if cfg.SMTP.Host == "" {
		dir := filepath.Join(cfg.DataDir, "mail")
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("mail folder: %w", err)
		}
		return mail.FileSender{Dir: dir}, nil
	}
	return mail.NewSMTPSender(mail.SMTPConfig{
		Host: cfg.SMTP.Host, Port: cfg.SMTP.Port, TLS: cfg.SMTP.TLS,
		Username: cfg.SMTP.Username, Password: cfg.SMTP.Password,
		From: cfg.SMTP.From, FromName: cfg.SMTP.FromName, Timeout: 30 * time.Second,
	})
}

// purgeSessions deletes expired sessions every ten minutes.
func purgeSessions(ctx context.Context, a *auth.Service, logger *slog.Logger) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := a.PurgeExpired(ctx); err != nil {
				logger.Error("purge sessions", "err", err)
			} else if n > 0 {
				logger.Debug("purged sessions", "count", n)
			}
		}
	}
}
