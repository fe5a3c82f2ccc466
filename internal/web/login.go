package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/i18n"
)

// loginForm is one login panel: what was typed (never the password) and
// the error to show beside it.
type loginForm struct {
	ID     string // "ebok", "ikcs" or "staff": the panel's anchor and field ids
	Action string
	Login  string
	Error  string
}

// homePage is the cooperative's public home page with the two login panels
// the seeds describe: IKCS for members and E-BOK for everyone who settles
// with the cooperative.
type homePage struct {
	Page
	IKCS loginForm
	EBOK loginForm
}

func (s *Server) homeData(r *http.Request) homePage {
	return homePage{
		Page: s.page(r, "home.title"),
		IKCS: loginForm{ID: "ikcs", Action: "/ikcs/login"},
		EBOK: loginForm{ID: "ebok", Action: "/ebok/login"},
	}
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "home", s.homeData(r))
}

type staffLoginPage struct {
	Page
	Form loginForm
}

func (s *Server) staffLoginForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "staff_login", staffLoginPage{
		Page: s.page(r, "staff.login.title"),
		Form: loginForm{ID: "staff", Action: "/staff/login"},
	})
}

func (s *Server) loginEBOK(w http.ResponseWriter, r *http.Request) error {
	return s.login(w, r, auth.Resident, "/ebok", func(msg, login string) error {
		p := s.homeData(r)
		p.EBOK.Login, p.EBOK.Error = login, msg
		return s.render(w, r, http.StatusUnauthorized, "home", p)
	})
}

func (s *Server) loginIKCS(w http.ResponseWriter, r *http.Request) error {
	return s.login(w, r, auth.Member, "/ikcs", func(msg, login string) error {
		p := s.homeData(r)
		p.IKCS.Login, p.IKCS.Error = login, msg
		return s.render(w, r, http.StatusUnauthorized, "home", p)
	})
}

func (s *Server) loginStaff(w http.ResponseWriter, r *http.Request) error {
	return s.login(w, r, auth.Staff, "/staff", func(msg, login string) error {
		return s.render(w, r, http.StatusUnauthorized, "staff_login", staffLoginPage{
			Page: s.page(r, "staff.login.title"),
			Form: loginForm{ID: "staff", Action: "/staff/login", Login: login, Error: msg},
		})
	})
}

// maxLoginField bounds what a login form may send.
const maxLoginField = 256

// login checks the credentials for one door. On success it ends any
// previous session, sets a new session cookie and goes to next; otherwise
// refail re-renders the form with a message that does not say whether the
// login exists.
func (s *Server) login(w http.ResponseWriter, r *http.Request, kind auth.Kind, next string, refail func(msg, login string) error) error {
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	st := stateOf(r)
	l := s.Catalogue.For(st.lang)
	login := strings.TrimSpace(r.PostFormValue("login"))
	password := r.PostFormValue("password")
	if len(login) > maxLoginField || len(password) > maxLoginField {
		return refail(l.T("login.error.invalid"), "")
	}
	if login == "" || password == "" {
		return refail(l.T("login.error.empty"), login)
	}
	// The unlock link, if this attempt locks the account, is written in
	// the language of the page.
	res, err := s.Auth.Login(r.Context(), actorOf(r), l, kind, login, password,
		auth.Client{UserAgent: r.UserAgent(), DeviceCookie: deviceCookieOf(r)})
	switch {
	case errors.Is(err, auth.ErrThrottled):
		return refail(l.T("login.error.throttled", int(res.RetryAfter.Minutes())+1), login)
	case errors.Is(err, auth.ErrInvalidCredentials):
		return refail(l.T("login.error.invalid"), login)
	case err != nil:
		return err
	}
	if st.token != "" {
		if err := s.Auth.Logout(r.Context(), st.token); err != nil {
			return err
		}
	}
	remember := r.PostFormValue("remember") == "yes"
	s.setSessionCookie(w, res.Token, remember)
	s.setDeviceCookie(w, res.DeviceCookie)
	if res.MFAPending {
		next = "/login/2fa"
		s.setRememberCookie(w, remember)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// doors are, per kind of login, where its user starts after logging in
// and where they log in.
var doors = map[auth.Kind]struct{ home, login string }{
	auth.Resident: {"/ebok", "/#ebok"},
	auth.Member:   {"/ikcs", "/#ikcs"},
	auth.Staff:    {"/staff", "/staff/login"},
}

// homeOf is where a user starts after logging in.
func homeOf(k auth.Kind) string { return doors[k].home }

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	st := stateOf(r)
	if err := s.Auth.Logout(r.Context(), st.token); err != nil {
		return err
	}
	s.clearSessionCookie(w)
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// setLang remembers the chosen language for a year and goes back.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) error {
	lang := string(i18n.ParseLang(r.PostFormValue("lang")))
	http.SetCookie(w, &http.Cookie{
		Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.Config.CookieSecure, SameSite: http.SameSiteLaxMode,
	})
	http.Redirect(w, r, sameSitePath(r.PostFormValue("back")), http.StatusSeeOther)
	return nil
}

// sameSitePath returns back when it is a path on this site, and "/"
// otherwise: no scheme, no host, no "//" or "/\" (which browsers read as a
// host), and no control characters (browsers drop tabs and newlines, so
// "/\t/evil.example" would become "//evil.example").
func sameSitePath(back string) string {
	if !strings.HasPrefix(back, "/") || strings.HasPrefix(back, "//") {
		return "/"
	}
	for _, c := range back {
		if c < 0x20 || c == 0x7f || c == '\\' {
			return "/"
		}
	}
	if u, err := url.Parse(back); err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return back
}

// loginPanel is what the login_form partial shows.
type loginPanel struct {
	Form   loginForm
	L      *i18n.Localizer
	Label  string
	Hint   string
	Submit string
	// Door is the login kind, for the "forgot password" link; Apply links
	// to the application form of the portal (none for staff).
	Door  string
	Apply string
}

// IKCSPanel is the member login form.
func (p homePage) IKCSPanel() loginPanel {
	return loginPanel{Form: p.IKCS, L: p.L, Label: p.L.T("login.ikcs.label"), Hint: p.L.T("login.ikcs.hint"), Submit: p.L.T("login.ikcs.submit"), Door: "member", Apply: "ikcs"}
}

// EBOKPanel is the resident login form.
func (p homePage) EBOKPanel() loginPanel {
	return loginPanel{Form: p.EBOK, L: p.L, Label: p.L.T("login.ebok.label"), Hint: p.L.T("login.ebok.hint"), Submit: p.L.T("login.ebok.submit"), Door: "resident", Apply: "ebok"}
}

// Panel is the staff login form.
func (p staffLoginPage) Panel() loginPanel {
	return loginPanel{Form: p.Form, L: p.L, Label: p.L.T("login.staff.label"), Hint: p.L.T("login.staff.hint"), Submit: p.L.T("login.staff.submit"), Door: "staff"}
}
