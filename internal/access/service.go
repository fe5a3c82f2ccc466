package access

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/store"
)

// Service files, routes and decides applications.
type Service struct {
	DB   *store.DB
	Auth *auth.Service
	Now  func() time.Time
	// Loc is the cooperative's time zone, for deadlines.
	Loc *time.Location
	// BaseURL starts the links ebok e-mails.
	BaseURL string
	// Outbox queues the mail applications send.
	Outbox *mail.Outbox
	// ExtensionMonths: a former holder's access may be extended only for a
	// title that ended at most this many months ago (0: the default, 12).
	ExtensionMonths int
}

// Deadlines and lifetimes.
const (
	// Deadline is how long staff have to decide a filed application.
	Deadline = 14 * 24 * time.Hour
	// ConfirmValidity is how long the e-mailed confirmation link works.
	ConfirmValidity = 72 * time.Hour
	// StartPasswordValidity is how long an unused start password works.
	StartPasswordValidity = 14 * 24 * time.Hour
)

// Errors shown to people through the message catalogue.
var (
	ErrDuplicate     = errors.New("access: a pending application for this person and premises exists")
	ErrTokenInvalid  = errors.New("access: confirmation link unknown, used or expired")
	ErrWrongState    = errors.New("access: the application is not in a state that allows this")
	ErrNotVerified   = errors.New("access: the checklist is not complete")
	ErrReasonMissing = errors.New("access: a rejection needs a reason")
	ErrStaleRules    = errors.New("access: the regulations changed; read and accept the current version")
)

func (s *Service) now() time.Time { return s.Now().UTC() }

func (s *Service) audit(ctx context.Context, tx *store.Tx, by audit.Actor, action audit.Action, subject string, personID int64, details map[string]string) error {
	if by.Name == "" {
		by.Name = "applicant"
	}
	e := by.Did(s.now(), action, subject, details)
	e.PersonID = personID
	return audit.Append(ctx, tx, e)
}

func newToken() (raw, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("access: token: %w", err)
	}
	raw = base64.RawURLEncoding.EncodeToString(b)
	return raw, hashToken(raw), nil
}

func hashToken(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}

func subject(id int64) string { return fmt.Sprintf("application:%d", id) }
