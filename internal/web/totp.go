package web

import (
	"encoding/base64"
	"errors"
	"html/template"
	"net/http"
	"strings"

	"github.com/ebok/ebok/internal/auth"
)

// secondFactorPage asks for the one-time code after the password.
type secondFactorPage struct {
	Page
	Error string
}

func (s *Server) secondFactorForm(w http.ResponseWriter, r *http.Request) error {
	if stateOf(r).pending == nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	return s.render(w, r, http.StatusOK, "second_factor", secondFactorPage{Page: s.page(r, "twofa.title")})
}

func (s *Server) secondFactor(w http.ResponseWriter, r *http.Request) error {
	st := stateOf(r)
	if st.pending == nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	code := strings.TrimSpace(r.PostFormValue("code"))
	res, err := s.Auth.VerifySecondFactor(r.Context(), actorOf(r), &st.pending.User, st.token, code, deviceCookieOf(r))
	switch {
	case errors.Is(err, auth.ErrInvalidCode):
		p := secondFactorPage{Page: s.page(r, "twofa.title")}
		p.Error = p.L.T("twofa.error.code")
		return s.render(w, r, http.StatusUnauthorized, "second_factor", p)
	case errors.Is(err, auth.ErrNoSession):
		s.clearSessionCookie(w)
		return s.showNotice(w, r, http.StatusUnauthorized, notice{Title: "twofa.title", Text: "twofa.error.ended",
			Back: loginPageOf(st.pending.User.Kind), BackText: "reset.done.login"})
	case err != nil:
		return err
	}
	remember := false
	if c, err := r.Cookie(rememberCookie); err == nil && c.Value == "1" {
		remember = true
		s.setRememberCookie(w, false)
	}
	s.setSessionCookie(w, res.Token, remember)
	s.setDeviceCookie(w, res.DeviceCookie)
	http.Redirect(w, r, homeOf(st.pending.User.Kind), http.StatusSeeOther)
	return nil
}

// enrolPage sets up a second factor: a QR code for the authenticator app,
// the secret to type when the camera cannot be used, then the recovery
// codes, shown once.
type enrolPage struct {
	Page
	Secret   string
	QR       template.URL // data: URL of the PNG, made here
	Error    string
	Enabled  bool
	Codes    []string
	Required bool
}

func (s *Server) enrolForm(w http.ResponseWriter, r *http.Request) error {
	st := stateOf(r)
	u := st.user()
	p := enrolPage{Page: s.page(r, "enrol.title"), Required: u.Kind == auth.Staff && s.Config.StaffTOTP}
	if !auth.NeedsTOTPEnrolment(u) && u.TOTPEnabled {
		p.Enabled = true
		return s.render(w, r, http.StatusOK, "enrol", p)
	}
	secret, _, png, err := s.Auth.BeginTOTP(r.Context(), u.CoopID, u.ID, st.coop.ShortName)
	if err != nil {
		return err
	}
	p.Secret, p.QR = secret, template.URL("data:image/png;base64,"+base64.StdEncoding.EncodeToString(png))
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, http.StatusOK, "enrol", p)
}

func (s *Server) enrol(w http.ResponseWriter, r *http.Request) error {
	st := stateOf(r)
	u := st.user()
	p := enrolPage{Page: s.page(r, "enrol.title"), Required: u.Kind == auth.Staff && s.Config.StaffTOTP}
	codes, err := s.Auth.ConfirmTOTP(r.Context(), actorOf(r), strings.TrimSpace(r.PostFormValue("code")))
	if errors.Is(err, auth.ErrInvalidCode) {
		// Keep the same secret: the app has already been set up with it.
		secret, perr := s.Auth.PendingTOTP(r.Context(), u.CoopID, u.ID)
		if perr != nil {
			return perr
		}
		p.Secret = secret
		p.Error = p.L.T("twofa.error.code")
		return s.render(w, r, http.StatusUnprocessableEntity, "enrol", p)
	}
	if errors.Is(err, auth.ErrTOTPEnabled) {
		p.Enabled = true
		return s.render(w, r, http.StatusOK, "enrol", p)
	}
	if err != nil {
		return err
	}
	// A new second factor: a token that leaked before opens nothing now.
	if err := s.rotateSession(w, r); err != nil {
		return err
	}
	p.Codes = codes
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, http.StatusOK, "enrol", p)
}
