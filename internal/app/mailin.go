package app

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/ebok/ebok/internal/mailin"
)

// MailPoller is the reader of the cooperative's mailbox (EBOK_IMAP_*), or
// nil when no IMAP host is configured. The mailbox is the one
// cooperative's of the installation: with several, it is not read (a
// hosting provider's installations get a setting naming the cooperative
// first).
func (a *App) MailPoller(ctx context.Context) (*mailin.Poller, error) {
	if a.Config.IMAP.Host == "" {
		return nil, nil
	}
	c, err := a.Coops.Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("mailbox (EBOK_IMAP_HOST) needs exactly one cooperative: %w", err)
	}
	return &mailin.Poller{Config: a.Config.IMAP, Taker: a.Messages, CoopID: c.ID, Logger: a.Logger}, nil
}

// MailFolder is what `ebok serve` reads instead of a mailbox when no IMAP
// host is configured: .eml files put in <data dir>/mail-in, filed as mail
// to the cooperative (the counterpart of the .eml files mail out is
// written to without SMTP). It is nil when IMAP is configured, and when
// the database holds no cooperative or several.
func (a *App) MailFolder(ctx context.Context) (*mailin.Folder, error) {
	if a.Config.IMAP.Host != "" {
		return nil, nil
	}
	c, err := a.Coops.Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("the mail-in folder needs exactly one cooperative: %w", err)
	}
	return &mailin.Folder{Dir: MailInDir(a.Config.DataDir), Taker: a.Messages, CoopID: c.ID, Logger: a.Logger}, nil
}

// MailInDir is the folder MailFolder reads under the data directory.
func MailInDir(dataDir string) string { return filepath.Join(dataDir, "mail-in") }
