package web

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/i18n"
)

// state is what middleware learns about a request: its id, cooperative,
// session and language.
type state struct {
	requestID string
	coop      *coop.Cooperative
	session   *auth.Session
	// pending is a session that passed the password but owes its second
	// factor: it opens only the second-factor page.
	pending *auth.Session
	token   string
	lang    i18n.Lang
	// client is the client's address and https whether it used HTTPS, as
	// realClient found them (behind trusted proxies, from their headers).
	client string
	https  bool
	// flash is the one-time message this page shows, if any.
	flash *flash
}

type stateKey struct{}

func stateOf(r *http.Request) *state {
	if st, ok := r.Context().Value(stateKey{}).(*state); ok {
		return st
	}
	return &state{lang: i18n.Polish}
}

// user is the logged-in user, or nil.
func (st *state) user() *auth.User {
	if st.session == nil {
		return nil
	}
	return &st.session.User
}

const (
	sessionCookie = "ebok_session"
	langCookie    = "ebok_lang"
)

// noCoopPaths need no cooperative: monitoring and static files.
func noCoopPath(p string) bool {
	return p == "/healthz" || p == "/metrics" || strings.HasPrefix(p, "/static/")
}

// loadState resolves the cooperative from the host and the session from
// its cookie. A session of another cooperative counts as none.
func (s *Server) loadState(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := stateOf(r)
		if c, err := r.Cookie(langCookie); err == nil {
			st.lang = i18n.ParseLang(c.Value)
		}
		if noCoopPath(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		c, err := s.Coops.Resolve(r.Context(), r.Host)
		if errors.Is(err, fault.ErrNotFound) {
			s.renderError(w, r, http.StatusNotFound, "error.no_coop")
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		st.coop = c
		if ck, err := r.Cookie(sessionCookie); err == nil && ck.Value != "" {
			sess, err := s.Auth.Session(r.Context(), ck.Value)
			switch {
			case err == nil && sess.User.CoopID == c.ID && sess.MFAPending:
				st.pending, st.token = sess, ck.Value
			case err == nil && sess.User.CoopID == c.ID:
				st.session, st.token = sess, ck.Value
			case err == nil || errors.Is(err, auth.ErrNoSession):
				s.clearSessionCookie(w)
			default:
				s.fail(w, r, err)
				return
			}
		}
		st.flash = s.takeFlash(w, r, st)
		next.ServeHTTP(w, r)
	})
}

// actorOf is who makes the request, and from where, as every service
// records it: the logged-in user ("staff:anna", with their estate), or
// someone anonymous (no name: the service says who, e.g. an applicant).
func actorOf(r *http.Request) audit.Actor {
	st := stateOf(r)
	a := audit.Actor{IP: clientIP(r)}
	if st.coop != nil {
		a.CoopID = st.coop.ID
	}
	if u := st.user(); u != nil {
		a.UserID, a.EstateID, a.Name = u.ID, u.EstateID, string(u.Kind)+":"+u.Login
	}
	return a
}

// applicantOf is the request's author as an applicant: anonymous even when
// a login happens to be open in the browser, since an application speaks
// for the person on the form, not for the session.
func applicantOf(r *http.Request) audit.Actor {
	a := actorOf(r)
	a.UserID, a.EstateID, a.Name = 0, 0, ""
	return a
}

func withState(ctx context.Context, st *state) context.Context {
	return context.WithValue(ctx, stateKey{}, st)
}

// setSessionCookie sets the session cookie: a browser-session cookie that
// goes when the browser closes, unless remember ("remember me" ticked at
// login), when it lasts as long as the session may (EBOK_SESSION_MAX_AGE).
func (s *Server) setSessionCookie(w http.ResponseWriter, token string, remember bool) {
	c := &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/",
		HttpOnly: true, Secure: s.Config.CookieSecure, SameSite: http.SameSiteLaxMode,
	}
	if remember {
		c.MaxAge = int(s.Config.SessionMaxAge.Seconds())
	}
	http.SetCookie(w, c)
}

// rotateSession gives the session a new token after the user's
// credentials changed, so that a token that leaked before opens nothing
// now, and sets the new token's cookie.
func (s *Server) rotateSession(w http.ResponseWriter, r *http.Request) error {
	token, err := s.Auth.RotateSession(r.Context(), stateOf(r).token)
	if err != nil {
		return err
	}
	s.setSessionCookie(w, token, false)
	return nil
}

// rememberCookie carries the "remember me" choice from the password to the
// second factor.
const rememberCookie = "ebok_remember"

func (s *Server) setRememberCookie(w http.ResponseWriter, remember bool) {
	c := &http.Cookie{Name: rememberCookie, Value: "1", Path: "/login/2fa",
		HttpOnly: true, Secure: s.Config.CookieSecure, SameSite: http.SameSiteStrictMode}
	if !remember {
		c.Value, c.MaxAge = "", -1
	}
	http.SetCookie(w, c)
}

// deviceCookie holds the browser's device tokens (auth.Client): proof
// that it completed a login before, so that failed logins aimed at an
// account from elsewhere do not lock it out.
const deviceCookie = "ebok_device"

// deviceCookieOf is the value of the request's device cookie, "" if none.
func deviceCookieOf(r *http.Request) string {
	if c, err := r.Cookie(deviceCookie); err == nil {
		return c.Value
	}
	return ""
}

// setDeviceCookie sets the device cookie to value for a year; an empty
// value leaves the browser's cookie as it is.
func (s *Server) setDeviceCookie(w http.ResponseWriter, value string) {
	if value == "" {
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: deviceCookie, Value: value, Path: "/", MaxAge: int(auth.DeviceCookieMaxAge.Seconds()),
		HttpOnly: true, Secure: s.Config.CookieSecure, SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.Config.CookieSecure, SameSite: http.SameSiteLaxMode,
	})
}
