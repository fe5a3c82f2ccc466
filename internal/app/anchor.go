package app

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"

	"github.com/ebok/ebok/internal/audit"
)

// AuditAnchorer anchors audit chains to a folder ("": none) and to
// addresses. Anchor mail goes straight to the configured SMTP server, not
// through the outbox (nor as .eml files when none is configured): whoever
// can write the database must not be able to hold an anchor back.
func (a *App) AuditAnchorer(dir string, to []string) (*audit.Anchorer, error) {
	r := &audit.Anchorer{DB: a.DB, Now: a.Now, Dir: dir, To: to, Domain: a.Config.MailDomain(),
		Loc: a.Config.TimeZone, Catalogue: a.Catalogue}
	if len(to) > 0 {
		if a.Config.SMTP.Host == "" {
			return nil, errors.New("audit anchors by e-mail need an SMTP server: set EBOK_SMTP_HOST")
		}
		sender, err := smtpSender(a.Config)
		if err != nil {
			return nil, err
		}
		r.Send = sender
	}
	if err := r.Check(); err != nil {
		return nil, err
	}
	return r, nil
}

// DailyAnchors is `ebok serve`'s daily anchoring of every cooperative's
// chain to EBOK_AUDIT_ANCHOR_DIR and EBOK_AUDIT_ANCHOR_MAIL; nil when
// neither is set.
func (a *App) DailyAnchors() (*audit.DailyAnchors, error) {
	if a.Config.AuditAnchorDir == "" && len(a.Config.AuditAnchorMail) == 0 {
		return nil, nil
	}
	r, err := a.AuditAnchorer(a.Config.AuditAnchorDir, a.Config.AuditAnchorMail)
	if err != nil {
		return nil, err
	}
	return &audit.DailyAnchors{Anchorer: r, Chains: a.Chains, Node: nodeName()}, nil
}

// Chains lists every cooperative's audit chain, for anchoring.
func (a *App) Chains(ctx context.Context) ([]audit.Chain, error) {
	list, err := a.Coops.List(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]audit.Chain, len(list))
	for i, c := range list {
		out[i] = audit.Chain{CoopID: c.ID, Slug: c.Slug, Name: c.Name}
	}
	return out, nil
}

// nodeName names this process in leases: host, process id and a random
// part, unique across nodes and restarts.
func nodeName() string {
	host, err := os.Hostname()
	if err != nil {
		host = "unknown"
	}
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), rand.Text()[:8])
}
