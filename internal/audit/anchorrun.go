package audit

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/store"
)

// Chain names a cooperative whose chain is anchored (the caller lists the
// cooperatives: audit does not read their records).
type Chain struct {
	CoopID int64
	Slug   string
	// Name is the cooperative's name, for the e-mail.
	Name string
}

// Anchorer copies chain heads out of the database: each head, signed with
// the chain key, goes to a folder, to the board's mailbox, or both.
type Anchorer struct {
	DB  *store.DB
	Now func() time.Time
	// Dir is the folder anchors are written to, and read from to check
	// each chain first ("": none).
	Dir string
	// To are the addresses each anchor is mailed to (none: no mail).
	To []string
	// Send delivers the mail at once, never through the outbox: whoever
	// can write the database must not be able to drop an anchor from a
	// queue. An SMTP refusal is the run's error.
	Send mail.Sender
	// Domain makes the Message-ID (config.MailDomain).
	Domain string
	// Loc is the time zone of the time in the e-mail.
	Loc       *time.Location
	Catalogue *i18n.Catalogue
}

// Anchored is what one anchoring did.
type Anchored struct {
	Anchor Anchor
	// Path is the file written ("" without Dir).
	Path string
}

// Check reports a setup that cannot anchor: nowhere to put the anchors,
// or addresses without a sender.
func (r *Anchorer) Check() error {
	if r.Dir == "" && len(r.To) == 0 {
		return errors.New("audit: anchors need a folder or an e-mail address")
	}
	if len(r.To) > 0 && r.Send == nil {
		return errors.New("audit: anchors by e-mail need an SMTP server (EBOK_SMTP_HOST)")
	}
	return nil
}

// Anchors reads the anchors already in Dir (none when Dir is unset or not
// there yet), for Anchor to check chains against.
func (r *Anchorer) Anchors() ([]Anchor, error) {
	if r.Dir == "" {
		return nil, nil
	}
	if _, err := os.Stat(r.Dir); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	return ReadAnchors(r.Dir, r.DB.ChainKey())
}

// Anchor takes c's head, verifies the chain up to it (against anchors, as
// read by Anchors), then writes the signed head to Dir and mails it to
// each address in To. A broken chain is not anchored.
func (r *Anchorer) Anchor(ctx context.Context, c Chain, anchors []Anchor) (Anchored, error) {
	if err := r.Check(); err != nil {
		return Anchored{}, err
	}
	key := r.DB.ChainKey()
	// The head is read before the walk: rows appended meanwhile lie beyond
	// it and wait for the next anchor.
	head, err := Head(ctx, r.DB.Read(), c.CoopID, c.Slug, r.Now())
	if err != nil {
		return Anchored{}, err
	}
	if _, err := VerifyAnchored(ctx, r.DB.Read(), key, c.CoopID, anchors); err != nil {
		return Anchored{}, fmt.Errorf("%s: not anchored: %w", c.Slug, err)
	}
	done := Anchored{Anchor: head}
	if r.Dir != "" {
		if done.Path, err = WriteAnchor(r.Dir, key, head); err != nil {
			return done, err
		}
	}
	for _, to := range r.To {
		if err := r.Send.Send(ctx, r.mail(c, head, to)); err != nil {
			return done, fmt.Errorf("%s: anchor not mailed to %s: %w", c.Slug, to, err)
		}
	}
	return done, nil
}

// mail is the anchor's e-mail to one address: the anchor file attached
// under its file name, so that saved attachments make a folder `ebok audit
// verify --anchors` reads.
func (r *Anchorer) mail(c Chain, a Anchor, to string) mail.Outgoing {
	text := r.Catalogue.For(i18n.Polish)
	loc := r.Loc
	if loc == nil {
		loc = time.UTC
	}
	at := a.At.In(loc).Format("02.01.2006 15:04:05 MST")
	domain := r.Domain
	if domain == "" {
		domain = "localhost"
	}
	return mail.Outgoing{
		MessageID: fmt.Sprintf("<anchor-%s-%d-%s@%s>", a.At.UTC().Format("20060102T150405Z"), a.Seq, rand.Text()[:10], domain),
		To:        to,
		Subject:   text.T("audit.anchor.mail.subject", c.Name, a.Seq, at),
		Text:      text.T("audit.anchor.mail.body", c.Name, a.Seq, at, a.FileName()),
		Attachments: []mail.Attachment{{
			Filename: a.FileName(), ContentType: "text/plain; charset=utf-8", Data: a.Encode(r.DB.ChainKey()),
		}},
		Date: r.Now(),
	}
}
