package auth

import (
	"context"
	"fmt"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/store"
)

// userActor is by acting as u: the log names u's login ("staff:anna") and
// u's cooperative, and keeps by's address. A login step is u's, whoever
// else may still be logged in in that browser.
func userActor(by audit.Actor, u *User) audit.Actor {
	by.CoopID, by.UserID, by.EstateID, by.Name = u.CoopID, u.ID, u.EstateID, string(u.Kind)+":"+u.Login
	return by
}

// anonymousAt is by acting without a name at the account userID (0: none
// matched): what a refused login or a reset request records. What was
// typed is never logged (people type passwords into the login field).
func anonymousAt(by audit.Actor, userID int64) audit.Actor {
	by.UserID, by.EstateID, by.Name = userID, 0, audit.ActorAnonymous
	return by
}

// appendLogin appends an entry about the account by.UserID in tx: Subject
// "user:<id>", or "login" when the attempt named no account.
func (s *Service) appendLogin(ctx context.Context, tx *store.Tx, by audit.Actor, action audit.Action, details map[string]string) error {
	subject := "login"
	if by.UserID != 0 {
		subject = fmt.Sprintf("user:%d", by.UserID)
	}
	return audit.Append(ctx, tx, by.Did(s.now(), action, subject, details))
}

// recordLogin is appendLogin in a transaction of its own, for a step whose
// changes committed already (or that changed nothing).
func (s *Service) recordLogin(ctx context.Context, by audit.Actor, action audit.Action, details map[string]string) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		return s.appendLogin(ctx, tx, by, action, details)
	})
}

// What an e-mailed link does: the catalogue keys of its mail are
// mail.<what>.subject and mail.<what>.body, and path is the page it opens.
const (
	resetMail, resetPath   = "reset", "/password/reset"
	unlockMail, unlockPath = "unlock", "/unlock"
)

// queueLink writes to the outbox in tx the e-mail that takes u (at
// u.Email) to path with the link's token, in l's language. It is sent only
// if tx commits.
func (s *Service) queueLink(ctx context.Context, tx *store.Tx, l *i18n.Localizer, u *User, what, path, token string) error {
	link := s.BaseURL + path + "?token=" + token
	_, err := s.Outbox.Queue(ctx, tx, u.CoopID, mail.Message{
		To:      u.Email,
		Subject: l.T("mail." + what + ".subject"),
		Text:    l.T("mail."+what+".body", u.Login, link),
	})
	return err
}
