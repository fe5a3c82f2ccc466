package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/i18n"
)

// withRequestID gives every request an id, in the response header, the
// logs and the error page, and logs the request when it ends.
func (s *Server) withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 8)
		if _, err := rand.Read(b); err != nil {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		st := &state{requestID: hex.EncodeToString(b), lang: i18n.Polish}
		st.client, st.https = realClient(r, s.Config.TrustedProxies)
		w.Header().Set("X-Request-ID", st.requestID)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		start := time.Now()
		next.ServeHTTP(rec, r.WithContext(withState(r.Context(), st)))
		if !s.Logger.Enabled(r.Context(), slog.LevelInfo) {
			return
		}
		attrs := []slog.Attr{
			slog.String("request_id", st.requestID), slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.Int("status", rec.status),
			slog.Duration("duration", time.Since(start)),
		}
		if u := st.user(); u != nil {
			attrs = append(attrs, slog.Int64("user_id", u.ID))
		}
		s.Logger.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs...)
	})
}

// statusRecorder remembers the status code written.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// recoverPanics turns a panic into the error page; the stack goes to the
// log only.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.fail(w, r, fmt.Errorf("panic: %v\n%s", v, debug.Stack()))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy allows no inline script and nothing from elsewhere.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if s.Config.CookieSecure || stateOf(r).https {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// guard enforces a route's policy. Anonymous visitors go to the login for
// that part of the site; a logged-in user of the wrong kind or role gets a
// Polish "no access" page.
func (s *Server) guard(p Policy, next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p.ops {
			if !s.opsAllowed(r) {
				http.Error(w, "forbidden", http.StatusForbidden)
				return
			}
			next(w, r)
			return
		}
		st := stateOf(r)
		if u := st.user(); u != nil && !p.setup && p.kind != "" {
			// A user who owes a new password (or, for staff, a second
			// factor) does that first.
			if u.MustChangePassword {
				http.Redirect(w, r, "/password/change", http.StatusSeeOther)
				return
			}
			if s.Config.StaffTOTP && auth.NeedsTOTPEnrolment(u) {
				http.Redirect(w, r, "/account/2fa", http.StatusSeeOther)
				return
			}
		}
		if !p.allows(st.user()) {
			if st.user() == nil {
				http.Redirect(w, r, loginPathFor(p), http.StatusSeeOther)
				return
			}
			s.renderError(w, r, http.StatusForbidden, "error.forbidden")
			return
		}
		if st.user() != nil {
			w.Header().Set("Cache-Control", "no-store")
		}
		next(w, r)
	})
}

func loginPathFor(p Policy) string {
	switch p.kind {
	case "member":
		return "/#ikcs"
	case "staff":
		return "/staff/login"
	case "":
		return "/"
	default:
		return "/#ebok"
	}
}

// opsAllowed lets monitoring in from loopback when no token is set, and
// with the bearer token otherwise. Behind trusted proxies every request
// comes from a proxy (often on loopback), so there the token is required.
func (s *Server) opsAllowed(r *http.Request) bool {
	if tok := s.Config.MetricsToken; tok != "" {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		return ok && subtle.ConstantTimeCompare([]byte(got), []byte(tok)) == 1
	}
	if len(s.Config.TrustedProxies) > 0 {
		return false
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (s *Server) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusForbidden, "error.cross_origin")
}

// clientIP is the client's address: the peer, or behind a trusted proxy
// the address it forwarded (see realClient).
func clientIP(r *http.Request) string {
	if st := stateOf(r); st.client != "" {
		return st.client
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
