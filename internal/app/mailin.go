package app

import (
	"context"
	"fmt"

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
