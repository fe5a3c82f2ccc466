package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/ebok/ebok/internal/access"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/ebok/ebok/internal/app"
	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/config"
	"github.com/ebok/ebok/internal/library"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/web"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

func cmdServe(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer, env func(string) string) error {
	fs, common := newFlags("serve")
	withDemo := fs.Bool("demo", false, "generate a demo cooperative first when the database has none")
	premises := fs.Int("premises", 2000, "premises in the demo cooperative (with --demo)")
	// A cooperative's own data (host, name, bank account), and that a
	// resident may see a premises, are read once per 5 seconds rather than
	// at every request; see coop.Service.ResolveTTL and HoldingTTL.
	a, err := common.parseAndSetup(ctx, args, env, stderr, app.Options{CacheTTL: 5 * time.Second})
	if err != nil {
		return err
	}
	defer a.DB.Close()
	if a.DB.Dialect() == store.SQLite {
		// Cheap on SQLite and keeps the planner's statistics fresh.
		if err := a.DB.Optimize(ctx); err != nil {
			return err
		}
	}
	if *withDemo {
		if err := ensureDemo(ctx, a, *premises, stdout); err != nil {
			return err
		}
	}
	if err := warnNoCooperative(ctx, a, stdout); err != nil {
		return err
	}
	setMemoryLimit(a.Config.MemoryLimitMiB, env("GOMEMLIMIT"), a.Logger)
	// Checked before listening: a bad anchor setting stops the start.
	anchors, err := a.DailyAnchors()
	if err != nil {
		return err
	}
	return serve(ctx, a, anchors, stdout, *withDemo)
}

// warnNoCooperative tells the administrator who starts ebok on an empty
// database why every page will answer 404, and what to do.
func warnNoCooperative(ctx context.Context, a *app.App, stdout io.Writer) error {
	coops, err := a.Coops.List(ctx)
	if err != nil || len(coops) > 0 {
		return err
	}
	a.Logger.Warn("the database holds no cooperative: every page answers 404 until one is there")
	fmt.Fprintln(stdout, "The database holds no cooperative yet, so every page, / and /staff/login too, answers 404")
	fmt.Fprintln(stdout, "(\"Pod tym adresem nie działa żadna spółdzielnia\"). To try ebok, run `ebok serve --demo`;")
	fmt.Fprintln(stdout, "how a cooperative's own data gets in is in README.md, \"Installing on a server\".")
	return nil
}

// setMemoryLimit gives the Go runtime the soft memory limit of
// EBOK_MEMORY_LIMIT_MIB, unless GOMEMLIMIT (which the runtime read at
// start) sets one already or the setting is 0.
func setMemoryLimit(mib int, gomemlimit string, logger *slog.Logger) {
	if mib == 0 || gomemlimit != "" {
		return
	}
	debug.SetMemoryLimit(int64(mib) << 20)
	logger.Info("memory limit", "mib", mib)
}

// serve runs the web server and the background workers until ctx ends,
// then stops accepting, lets requests in flight finish and stops the
// workers.
func serve(ctx context.Context, a *app.App, anchors *audit.DailyAnchors, stdout io.Writer, demo bool) error {
	cfg, logger := a.Config, a.Logger
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	srv, err := web.New(web.Deps{App: a, Registry: reg})
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
	startWorkers(workCtx, &wg, a, anchors, reg)

	logger.Info("ebok started", "version", version, "config", cfg.String(), "dialect", a.DB.Dialect())
	fmt.Fprintf(stdout, "ebok is serving on http://%s (Ctrl+C stops it)\n", ln.Addr())
	if demo {
		printWhereToGo(stdout, cfg, siteURL(cfg.BaseURL, ln.Addr()))
	}
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

// startWorkers starts the background work of `ebok serve` in wg, until
// ctx ends: the mail and letters workers, clean-ups, the announcements of
// library documents published at a later time, the ledger feed, the
// mailbox reader and, when configured (anchors not nil), the daily audit
// anchors.
func startWorkers(ctx context.Context, wg *sync.WaitGroup, a *app.App, anchors *audit.DailyAnchors, reg *prometheus.Registry) {
	logger := a.Logger
	wg.Go(func() { a.Worker.Run(ctx) })
	wg.Go(func() { a.LettersWorker.Run(ctx) })
	wg.Go(func() { purgeSessions(ctx, a.Auth, logger) })
	wg.Go(func() { purgeApplications(ctx, a.Access, a.Config.ApplicationRetention, logger) })
	wg.Go(func() { announceDocuments(ctx, a.Library, logger) })
	if a.Config.OCR != "off" {
		wg.Go(func() { readScans(ctx, a.Library, logger) })
	}
	if feed := a.DB.FollowLedger(); feed != nil {
		wg.Go(func() { feed.Run(ctx, logger) })
	}
	// Every node may read the mailbox: a mail's Message-ID is taken once.
	if poller, err := a.MailPoller(ctx); err != nil {
		logger.Warn("mailbox not read", "err", err)
	} else if poller != nil {
		wg.Go(func() { poller.Run(ctx) })
	}
	// Without IMAP, .eml files put in the mail-in folder stand for the
	// mailbox; each node reads its own data directory's.
	if folder, err := a.MailFolder(ctx); err != nil {
		logger.Info("mail-in folder not read", "err", err)
	} else if folder != nil {
		wg.Go(func() { folder.Run(ctx) })
	}
	if anchors != nil {
		failures := prometheus.NewCounter(prometheus.CounterOpts{Name: "ebok_audit_anchor_failures_total",
			Help: "Daily audit anchors that could not be written or mailed."})
		reg.MustRegister(failures)
		logger.Info("daily audit anchors", "dir", a.Config.AuditAnchorDir, "mail_recipients", len(a.Config.AuditAnchorMail))
		wg.Go(func() { anchorDaily(ctx, anchors, a.Now, failures, logger) })
	}
}

// siteURL is the address to open in a browser: the configured base URL,
// or, when that names no host, this server's own address (localhost for a
// server listening on every interface).
func siteURL(base string, addr net.Addr) string {
	if u, err := url.Parse(base); err == nil && u.Hostname() != "" {
		return strings.TrimRight(base, "/")
	}
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// printWhereToGo tells a new user of the demo what to open, and where the
// e-mails go when no SMTP server is configured.
func printWhereToGo(w io.Writer, cfg *config.Config, site string) {
	fmt.Fprintln(w, "Open in a browser:")
	fmt.Fprintf(w, "  E-BOK (residents):  %s/#ebok\n", site)
	fmt.Fprintf(w, "  IKCS (members):     %s/#ikcs\n", site)
	fmt.Fprintf(w, "  Staff:              %s/staff/login\n", site)
	if cfg.SMTP.Host == "" {
		fmt.Fprintf(w, "E-mails are not sent (EBOK_SMTP_HOST is not set): each one is written to %s as an .eml file.\n",
			filepath.Join(cfg.DataDir, "mail"))
	} else {
		fmt.Fprintf(w, "E-mails are sent through %s:%d.\n", cfg.SMTP.Host, cfg.SMTP.Port)
	}
	if cfg.IMAP.Host == "" {
		fmt.Fprintf(w, "No mailbox is read (EBOK_IMAP_HOST is not set): an .eml file put in %s is read as e-mail to the cooperative.\n",
			app.MailInDir(cfg.DataDir))
	}
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

// announceDocuments sends, at start and then every five minutes, the
// e-mails to members about library documents whose publication time has
// come (library.Service.NotifyDue). Every node may run it: a document is
// taken once.
func announceDocuments(ctx context.Context, l *library.Service, logger *slog.Logger) {
	t := time.NewTicker(5 * time.Minute)
	defer t.Stop()
	for {
		if n, err := l.NotifyDue(ctx); err != nil {
			if ctx.Err() != nil {
				return
			}
			logger.Error("announce library documents", "err", err)
		} else if n > 0 {
			logger.Info("members e-mailed about library documents", "emails", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// readScans reads library PDFs published without a text layer
// (library.Service.ReadScans), one after another, looking for new ones
// every minute, when pdftoppm and tesseract with Polish are installed.
func readScans(ctx context.Context, l *library.Service, logger *slog.Logger) {
	ocr := library.DefaultOCR(ctx)
	if ocr == nil {
		logger.Info("scanned library PDFs are not read: pdftoppm or tesseract with Polish (tesseract-ocr-pol) is missing")
		return
	}
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		for {
			read, err := l.ReadScans(ctx, ocr)
			if err != nil && ctx.Err() == nil {
				logger.Error("read a scanned library PDF", "err", err)
			}
			if !read || ctx.Err() != nil {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// purgeApplications deletes applications past their deadline or retention
// period (access.Service.Purge) at start and then every hour. Every node
// may run it: a purge is one transaction, and a second finds nothing.
func purgeApplications(ctx context.Context, a *access.Service, retention time.Duration, logger *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if res, err := a.Purge(ctx, retention); err != nil {
			if ctx.Err() != nil {
				return
			}
			logger.Error("purge applications", "err", err)
		} else if res.Unconfirmed+res.Decided > 0 {
			logger.Info("purged applications", "unconfirmed", res.Unconfirmed, "decided", res.Decided, "files", res.Files)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
