package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/store"
)

// homeOf is where a user starts after logging in.
func homeOf(k auth.Kind) string {
	switch k {
	case auth.Member:
		return "/ikcs"
	case auth.Staff:
		return "/staff"
	}
	return "/ebok"
}

// recordLogin appends a login event of a known user to the audit log.
func (s *Server) recordLogin(r *http.Request, u *auth.User, action audit.Action, details map[string]string) error {
	return s.DB.InTx(r.Context(), func(tx *store.Tx) error {
		return s.appendLogin(r, tx, u.CoopID, u.ID, string(u.Kind)+":"+u.Login, action, details)
	})
}

func (s *Server) appendLogin(r *http.Request, tx *store.Tx, coopID, userID int64, actor string, action audit.Action, details map[string]string) error {
	subject := "login"
	if userID != 0 {
		subject = fmt.Sprintf("user:%d", userID)
	}
	return audit.Append(r.Context(), tx, audit.Entry{
		CoopID: coopID, At: s.Now(), ActorID: userID, Actor: actor, Action: action,
		Subject: subject, IP: clientIP(r), Details: details,
	})
}

// recordFailedLogin logs a refused login. What was typed is never logged
// (people type passwords into the login field); only the account it named,
// if any. When this attempt locked the account, an unlock link goes to the
// correspondence e-mail in the same transaction.
func (s *Server) recordFailedLogin(r *http.Request, kind auth.Kind, res auth.LoginResult) error {
	st := stateOf(r)
	return s.DB.InTx(r.Context(), func(tx *store.Tx) error {
		actor := audit.ActorAnonymous
		action := audit.LoginFailure
		if res.Locked {
			action = audit.LoginLocked
		}
		if err := s.appendLogin(r, tx, st.coop.ID, res.UserID, actor, action, map[string]string{"door": string(kind)}); err != nil {
			return err
		}
		if !res.NewlyLocked || res.UserID == 0 {
			return nil
		}
		token, u, err := s.Auth.RequestUnlock(r.Context(), tx, st.coop.ID, res.UserID)
		if errors.Is(err, auth.ErrNoEmail) {
			return nil // nowhere to send it; the lock lifts by itself
		}
		if err != nil {
			return err
		}
		l := s.Catalogue.For(st.lang)
		link := s.Config.BaseURL + "/unlock?token=" + token
		if _, err := s.Outbox.Queue(r.Context(), tx, st.coop.ID, mail.Message{
			To: u.Email, Subject: l.T("mail.unlock.subject"),
			Text: l.T("mail.unlock.body", u.DisplayName, u.Login, link),
		}); err != nil {
			return err
		}
		return nil
	})
}
