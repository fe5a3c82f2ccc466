// Package web is ebok's HTTP side: the route table, middleware, handlers,
// templates and static assets of the public pages, the resident (E-BOK) and
// member (IKCS) portals and the staff back office.
package web

import (
	"context"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/ebok/ebok/internal/access"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/config"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/documents"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/store"
	"github.com/prometheus/client_golang/prometheus"
)

// Deps are what the web side needs; Server holds nothing else.
type Deps struct {
	Config    *config.Config
	DB        *store.DB
	Auth      *auth.Service
	Coops     *coop.Service
	Ledger    *ledger.Service
	Access    *access.Service
	Documents *documents.Renderer
	Catalogue *i18n.Catalogue
	Logger    *slog.Logger
	Now       func() time.Time
	// Registry receives ebok's metrics and is served on /metrics.
	Registry *prometheus.Registry
	// WakeMail wakes the mail worker after a commit that queued mail.
	WakeMail func()
	// OutboxDepth reports mail waiting and failed, for /metrics.
	OutboxDepth func(ctx context.Context) (pending, failed int, err error)
}

// Server serves ebok's pages.
type Server struct {
	Deps
	pages   map[string]*template.Template
	metrics *httpMetrics
	handler http.Handler
	// pageCache keeps rendered pages (the ledger) by what they show.
	pageCache *pageCache
}

// New parses the templates (failing fast on any error) and builds the
// handler.
func New(d Deps) (*Server, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	pages, err := parseTemplates()
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	s := &Server{Deps: d, pages: pages, pageCache: newPageCache(defaultPageCacheLimit)}
	if s.metrics, err = newHTTPMetrics(d.Registry, d.OutboxDepth); err != nil {
		return nil, fmt.Errorf("web: metrics: %w", err)
	}
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		if rt.policy.IsZero() {
			return nil, fmt.Errorf("web: route %q has no policy", rt.pattern)
		}
		mux.Handle(rt.pattern, s.instrument(rt.pattern, s.guard(rt.policy, rt.handler)))
	}
	mux.Handle("/", s.instrument("not found", http.HandlerFunc(s.notFound)))
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(s.crossOriginDenied))
	s.handler = s.withRequestID(s.recoverPanics(s.securityHeaders(csrf.Handler(s.loadState(mux)))))
	return s, nil
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// today is the current date in the cooperative's time zone.
func (s *Server) today() civil.Date { return civil.Today(s.Config.TimeZone, s.Now()) }
