package web

import (
	"bytes"
	"context"
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/fault"
)

//go:embed static
var staticFS embed.FS

// healthz answers 200 when the database answers, 503 otherwise.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.App.Ping(ctx); err != nil {
		s.Logger.Error("health check", "request_id", stateOf(r).requestID, "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		s.write(w, r, bytes.NewBufferString("database unavailable\n"))
		return nil
	}
	s.write(w, r, bytes.NewBufferString("ok\n"))
	return nil
}

// static serves the embedded assets: files only, never a listing of a
// folder.
func (s *Server) static(w http.ResponseWriter, r *http.Request) error {
	name := strings.TrimPrefix(r.URL.Path, "/static/")
	if st, err := fs.Stat(staticFS, path.Join("static", name)); err != nil || st.IsDir() {
		return fault.ErrNotFound
	}
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.StripPrefix("/static/", http.FileServerFS(sub)).ServeHTTP(w, r)
	return nil
}
