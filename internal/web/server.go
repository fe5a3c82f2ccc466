// Package web is ebok's HTTP side: the route table, middleware, handlers,
// templates and static assets of the public pages, the resident (E-BOK) and
// member (IKCS) portals and the staff back office.
package web

import (
	"fmt"
	"net/http"

	"github.com/ebok/ebok/internal/app"
	"github.com/ebok/ebok/internal/civil"
	"github.com/prometheus/client_golang/prometheus"
)

// Deps are what the web side needs; Server holds nothing else.
type Deps struct {
	// App is every service, built once (see package app).
	*app.App
	// Registry receives ebok's metrics and is served on /metrics.
	Registry *prometheus.Registry
}

// Server serves ebok's pages.
type Server struct {
	Deps
	// pages are the page templates of each language.
	pages   pageSets
	metrics *httpMetrics
	handler http.Handler
	// pageCache keeps rendered pages (the ledger) by what they show.
	pageCache *pageCache
	// nav is the navigation of the route table.
	nav []navLink
	// mux is the route table, which the not-found page asks whether an
	// address without its trailing slash is a page.
	mux *http.ServeMux
}

// New parses the templates (failing fast on any error) and builds the
// handler.
func New(d Deps) (*Server, error) {
	pages, err := parseTemplates(d.Catalogue)
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	s := &Server{Deps: d, pages: pages, pageCache: newPageCache(d.Config.PageCacheMiB << 20)}
	if s.metrics, err = newHTTPMetrics(d.Registry, d.App.OutboxDepth); err != nil {
		return nil, fmt.Errorf("web: metrics: %w", err)
	}
	mux := http.NewServeMux()
	routes := s.routes()
	s.nav = navLinks(routes)
	for _, rt := range routes {
		if rt.policy.IsZero() {
			return nil, fmt.Errorf("web: route %q has no policy", rt.pattern)
		}
		if rt.personal {
			rt.handler = s.auditPersonalRead(rt.handler)
		}
		h := rt.wrapped()
		mux.Handle(rt.pattern, s.instrument(rt.pattern, s.guard(rt.policy, s.handle(h))))
	}
	mux.Handle("/", s.instrument("not found", http.HandlerFunc(s.notFound)))
	s.mux = mux
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(s.crossOriginDenied))
	s.handler = s.withRequestID(s.recoverPanics(s.securityHeaders(csrf.Handler(s.loadState(mux)))))
	return s, nil
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// today is the current date in the cooperative's time zone.
func (s *Server) today() civil.Date { return civil.Today(s.Config.TimeZone, s.Now()) }
