package web

import (
	"fmt"
	"net/http"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/store"
)

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
