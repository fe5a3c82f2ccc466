package mailin

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/ebok/ebok/internal/config"
	"github.com/ebok/ebok/internal/messages"
)

// Taken is the keyword ebok sets on mail it filed; mail without it is read
// again at the next poll (Take's unique Message-ID keeps it from being
// filed twice).
const Taken imap.Flag = "$EbokTaken"

// batch is how many mails one poll takes at most.
const batch = 50

// Taker files one mail (messages.Service).
type Taker interface {
	Take(ctx context.Context, coopID int64, m messages.Mail) (messages.Outcome, error)
}

// Poller reads the mailbox every Config.Poll.
type Poller struct {
	Config config.IMAP
	Taker  Taker
	// CoopID is the cooperative whose mailbox it is.
	CoopID int64
	Logger *slog.Logger
}

// Run polls until ctx ends; a failed poll is logged and tried again at the
// next tick.
func (p *Poller) Run(ctx context.Context) {
	t := time.NewTicker(p.Config.Poll)
	defer t.Stop()
	for {
		if n, err := p.Once(ctx); err != nil {
			p.Logger.Warn("mailbox poll failed", "host", p.Config.Host, "err", err)
		} else if n > 0 {
			p.Logger.Info("mail taken from the mailbox", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Once reads the mail not yet taken, files each and marks it Taken; it
// returns how many it marked. Nothing is deleted.
func (p *Poller) Once(ctx context.Context) (int, error) {
	c, err := p.dial()
	if err != nil {
		return 0, err
	}
	defer c.Close()
	if err := c.Login(p.Config.Username, p.Config.Password).Wait(); err != nil {
		return 0, fmt.Errorf("mailin: login: %w", err)
	}
	if _, err := c.Select(p.Config.Mailbox, nil).Wait(); err != nil {
		return 0, fmt.Errorf("mailin: select %s: %w", p.Config.Mailbox, err)
	}
	found, err := c.UIDSearch(&imap.SearchCriteria{NotFlag: []imap.Flag{Taken}}, nil).Wait()
	if err != nil {
		return 0, fmt.Errorf("mailin: search: %w", err)
	}
	// Mail that cannot be taken (the server does not give it, or filing
	// it fails) is passed over, so that it never keeps the mail after it
	// from being read; it is tried again at the next poll.
	n := 0
	for _, uid := range found.AllUIDs() {
		if n == batch {
			break
		}
		if err := p.one(ctx, c, uid); err != nil {
			p.Logger.Warn("mail not taken", "uid", uid, "err", err)
			continue
		}
		n++
	}
	return n, c.Logout().Wait()
}

// one fetches, files and marks one mail.
func (p *Poller) one(ctx context.Context, c *imapclient.Client, uid imap.UID) error {
	section := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(imap.UIDSetNum(uid), &imap.FetchOptions{BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil || len(msgs) == 0 {
		return fmt.Errorf("mailin: fetch %d: %v", uid, err)
	}
	raw := msgs[0].FindBodySection(section)
	if len(raw) == 0 {
		return fmt.Errorf("mailin: the server gave mail %d empty", uid)
	}
	if _, err := p.Taker.Take(ctx, p.CoopID, Parse(raw)); err != nil {
		return err
	}
	return c.Store(imap.UIDSetNum(uid), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Flags: []imap.Flag{Taken}, Silent: true}, nil).Close()
}

// dial connects as the configuration says.
func (p *Poller) dial() (*imapclient.Client, error) {
	addr := net.JoinHostPort(p.Config.Host, strconv.Itoa(p.Config.Port))
	var c *imapclient.Client
	var err error
	switch p.Config.TLS {
	case "none":
		c, err = imapclient.DialInsecure(addr, nil)
	case "starttls":
		c, err = imapclient.DialStartTLS(addr, nil)
	default:
		c, err = imapclient.DialTLS(addr, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("mailin: connect to %s: %w", addr, err)
	}
	return c, nil
}
