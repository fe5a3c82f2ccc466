package mail

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// Outbox is where every service queues its mail: one value, built once,
// that knows the Message-ID domain, the clock and the worker to wake.
type Outbox struct {
	// Domain is the right-hand side of every Message-ID.
	Domain string
	// Now is the clock: a queued message is due at once.
	Now func() time.Time
	// Wake is called after the commit of a transaction that queued mail
	// (the worker's Wake), so that it leaves at once; nil leaves it to the
	// worker's next poll.
	Wake func()
}

// Queue validates m and writes it to the outbox inside the caller's
// transaction, so that it is sent only if that transaction commits, and
// wakes the worker after that commit. The message gets a new Message-ID
// "<random@domain>" that it keeps on every delivery attempt. It returns the
// outbox row id.
func (o *Outbox) Queue(ctx context.Context, tx *store.Tx, coopID int64, m Message) (int64, error) {
	id, _, err := o.QueueWithID(ctx, tx, coopID, m)
	return id, err
}

// QueueWithID is Queue, also returning the message's Message-ID, for a
// caller that records it (a letter's proof of delivery).
func (o *Outbox) QueueWithID(ctx context.Context, tx *store.Tx, coopID int64, m Message) (int64, string, error) {
	id, msgID, err := queueIn(ctx, tx, coopID, m, o.Now(), o.Domain)
	if err != nil {
		return 0, "", err
	}
	if o.Wake != nil {
		tx.AfterCommit(o.Wake)
	}
	return id, msgID, nil
}

// queueIn writes m to the outbox in tx, due at now.
func queueIn(ctx context.Context, tx *store.Tx, coopID int64, m Message, now time.Time, domain string) (int64, string, error) {
	m = m.foldHeaders()
	if err := m.validate(); err != nil {
		return 0, "", err
	}
	if domain == "" || strings.ContainsAny(domain, "<>@ \t\r\n") {
		return 0, "", fmt.Errorf("mail: enqueue: bad Message-ID domain %q", domain)
	}
	msgID, err := newMessageID(domain)
	if err != nil {
		return 0, "", err
	}
	now = dbTime(now)
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO outbox
		(coop_id, message_id, to_addr, subject, text_body, html_body, status, attempts, next_attempt_at, last_error, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, '', $7)
		RETURNING id`,
		coopID, msgID, strings.TrimSpace(m.To), m.Subject, m.Text, m.HTML, now).Scan(&id)
	if err != nil {
		return 0, "", fmt.Errorf("mail: enqueue: %w", store.MapError(err))
	}
	for _, a := range m.Attachments {
		sum := sha256.Sum256(a.Data)
		_, err := tx.ExecContext(ctx, `INSERT INTO outbox_attachments (outbox_id, filename, content_type, data, sha256)
			VALUES ($1, $2, $3, $4, $5)`,
			id, a.Filename, a.contentType(), nonNil(a.Data), hex.EncodeToString(sum[:]))
		if err != nil {
			return 0, "", fmt.Errorf("mail: enqueue attachment %q: %w", a.Filename, store.MapError(err))
		}
	}
	return id, msgID, nil
}

// newMessageID returns "<32 hex digits@domain>".
func newMessageID(domain string) (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("mail: message id: %w", err)
	}
	return "<" + hex.EncodeToString(b) + "@" + domain + ">", nil
}

// dbTime is t as stored: UTC, to the microsecond PostgreSQL keeps, so that a
// value read back or compared in SQL equals the one written.
func dbTime(t time.Time) time.Time {
	return t.UTC().Truncate(time.Microsecond)
}

// nonNil keeps an empty attachment from being stored as NULL.
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// FirstAttachment reads back the first attachment queued with an outbox
// message. Outbox messages and their attachments are kept for good (sent or
// failed), so a caller that queued a document as the first attachment may
// keep that copy as its own instead of storing the bytes twice: letters do
// so for the PDF of a letter sent by e-mail.
func FirstAttachment(ctx context.Context, q store.Querier, outboxID int64) (Attachment, error) {
	var a Attachment
	err := q.QueryRowContext(ctx, `SELECT filename, content_type, data FROM outbox_attachments
		WHERE outbox_id = $1 ORDER BY id LIMIT 1`, outboxID).Scan(&a.Filename, &a.ContentType, &a.Data)
	if err != nil {
		return a, fmt.Errorf("mail: attachment of %d: %w", outboxID, store.MapError(err))
	}
	return a, nil
}
