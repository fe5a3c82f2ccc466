package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/ebok/ebok/internal/auth"
)

// passwordPage is the form for a new password: after a start password, by
// choice, or through a reset link.
type passwordPage struct {
	Page
	// Current asks for the current password (not with a reset link).
	Current bool
	Token   string
	Forced  bool
	Errors  []fieldError
	Action  string
}

// Err returns the message for a field, or "".
func (p passwordPage) Err(field string) string { return fieldErr(p.Errors, field) }

// passwordRefused shows the password form again with the message beside
// the field that caused it.
func (s *Server) passwordRefused(w http.ResponseWriter, r *http.Request, p passwordPage, field, key string) error {
	p.Errors = []fieldError{{Field: field, Message: p.L.T(key)}}
	return s.render(w, r, http.StatusUnprocessableEntity, "password", p)
}

// passwordRefusals are the password policy's refusals and their messages.
var passwordRefusals = refusalsOf("password")

func (s *Server) passwordChangeForm(w http.ResponseWriter, r *http.Request) error {
	u := stateOf(r).user()
	p := passwordPage{Page: s.page(r, "password.change.title"), Current: true, Forced: u.MustChangePassword, Action: "/password/change"}
	return s.render(w, r, http.StatusOK, "password", p)
}

func (s *Server) passwordChange(w http.ResponseWriter, r *http.Request) error {
	st := stateOf(r)
	u := st.user()
	p := passwordPage{Page: s.page(r, "password.change.title"), Current: true, Forced: u.MustChangePassword, Action: "/password/change"}
	newPw, repeat := r.PostFormValue("new"), r.PostFormValue("repeat")
	if newPw != repeat {
		return s.passwordRefused(w, r, p, "repeat", "password.error.repeat")
	}
	err := s.Auth.ChangePassword(r.Context(), actorOf(r), r.PostFormValue("current"), newPw, st.token)
	if errors.Is(err, auth.ErrInvalidCredentials) {
		return s.passwordRefused(w, r, p, "current", "password.error.current")
	}
	if key := passwordRefusals.key(err); key != "" {
		return s.passwordRefused(w, r, p, "new", key)
	}
	if err != nil {
		return err
	}
	// A new password: a token that leaked before opens nothing now.
	if err := s.rotateSession(w, r); err != nil {
		return err
	}
	// The guard sends staff on to enrol a second factor if they owe one.
	http.Redirect(w, r, homeOf(u.Kind), http.StatusSeeOther)
	return nil
}

// forgotPage asks for the login or e-mail to send a reset link to.
type forgotPage struct {
	Page
	Door  auth.Kind
	Value string
	Error string
}

func doorOf(r *http.Request) auth.Kind {
	switch auth.Kind(r.FormValue("door")) {
	case auth.Member:
		return auth.Member
	case auth.Staff:
		return auth.Staff
	}
	return auth.Resident
}

func (s *Server) passwordForgotForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "password_forgot", forgotPage{Page: s.page(r, "forgot.title"), Door: doorOf(r)})
}

// passwordForgot sends a single-use reset link when the login or e-mail
// matches, and answers the same either way.
func (s *Server) passwordForgot(w http.ResponseWriter, r *http.Request) error {
	st := stateOf(r)
	door := doorOf(r)
	value := strings.TrimSpace(r.PostFormValue("login"))
	if value == "" || len(value) > 200 {
		p := forgotPage{Page: s.page(r, "forgot.title"), Door: door, Value: value}
		p.Error = p.L.T("forgot.error.empty")
		return s.render(w, r, http.StatusUnprocessableEntity, "password_forgot", p)
	}
	// The link goes out in the language of the page.
	if err := s.Auth.RequestPasswordReset(r.Context(), actorOf(r), s.Catalogue.For(st.lang), door, value); err != nil {
		return err
	}
	return s.showNotice(w, r, http.StatusOK, notice{Title: "forgot.sent.title", Text: "forgot.sent.text", Back: "/", BackText: "error.home"})
}

func (s *Server) passwordResetForm(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("token")
	w.Header().Set("Referrer-Policy", "no-referrer")
	return s.render(w, r, http.StatusOK, "password", passwordPage{Page: s.page(r, "reset.title"), Token: token, Action: "/password/reset"})
}

func (s *Server) passwordReset(w http.ResponseWriter, r *http.Request) error {
	token := r.PostFormValue("token")
	p := passwordPage{Page: s.page(r, "reset.title"), Token: token, Action: "/password/reset"}
	newPw := r.PostFormValue("new")
	if newPw != r.PostFormValue("repeat") {
		return s.passwordRefused(w, r, p, "repeat", "password.error.repeat")
	}
	u, err := s.Auth.ResetPassword(r.Context(), actorOf(r), token, newPw)
	if errors.Is(err, auth.ErrTokenInvalid) {
		return s.showNotice(w, r, http.StatusNotFound, notice{Title: "reset.title", Text: "reset.invalid",
			Back: "/password/forgot", BackText: "forgot.title"})
	}
	if key := passwordRefusals.key(err); key != "" {
		return s.passwordRefused(w, r, p, "new", key)
	}
	if err != nil {
		return err
	}
	return s.showNotice(w, r, http.StatusOK, notice{Title: "reset.done.title", Text: "reset.done.text",
		Back: loginPageOf(u.Kind), BackText: "reset.done.login"})
}

// loginPageOf is where a user of a kind logs in.
func loginPageOf(k auth.Kind) string { return doors[k].login }

// unlockForm shows a button: opening the link alone changes nothing.
func (s *Server) unlockForm(w http.ResponseWriter, r *http.Request) error {
	p := messagePage{Page: s.page(r, "unlock.title")}
	p.Lines = []string{p.L.T("unlock.text")}
	p.FormAction, p.FormToken, p.FormButton = "/unlock", r.URL.Query().Get("token"), p.L.T("unlock.submit")
	w.Header().Set("Referrer-Policy", "no-referrer")
	return s.render(w, r, http.StatusOK, "message", p)
}

func (s *Server) unlock(w http.ResponseWriter, r *http.Request) error {
	u, err := s.Auth.Unlock(r.Context(), actorOf(r), r.PostFormValue("token"))
	if errors.Is(err, auth.ErrTokenInvalid) {
		return s.showNotice(w, r, http.StatusNotFound, notice{Title: "unlock.title", Text: "unlock.invalid"})
	}
	if err != nil {
		return err
	}
	return s.showNotice(w, r, http.StatusOK, notice{Title: "unlock.title", Text: "unlock.done",
		Back: loginPageOf(u.Kind), BackText: "reset.done.login"})
}
