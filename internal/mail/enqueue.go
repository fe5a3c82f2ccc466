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

// Enqueue validates m and writes it to the outbox inside the caller's
// transaction, so that it is sent only if that transaction commits. The
// message gets a new Message-ID "<random@domain>" that it keeps on every
// delivery attempt, and is due at now. It returns the outbox row id. Callers
// usually add tx.AfterCommit(worker.Wake) so that it leaves at once.
func Enqueue(ctx context.Context, tx *store.Tx, coopID int64, m Message, now time.Time, domain string) (int64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	if domain == "" || strings.ContainsAny(domain, "<>@ \t\r\n") {
		return 0, fmt.Errorf("mail: enqueue: bad Message-ID domain %q", domain)
	}
	msgID, err := newMessageID(domain)
	if err != nil {
		return 0, err
	}
	now = dbTime(now)
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO outbox
		(coop_id, message_id, to_addr, subject, text_body, html_body, status, attempts, next_attempt_at, last_error, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, '', $7)
		RETURNING id`,
		coopID, msgID, strings.TrimSpace(m.To), m.Subject, m.Text, m.HTML, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("mail: enqueue: %w", store.MapError(err))
	}
	for _, a := range m.Attachments {
		sum := sha256.Sum256(a.Data)
		_, err := tx.ExecContext(ctx, `INSERT INTO outbox_attachments (outbox_id, filename, content_type, data, sha256)
			VALUES ($1, $2, $3, $4, $5)`,
			id, a.Filename, a.contentType(), nonNil(a.Data), hex.EncodeToString(sum[:]))
		if err != nil {
			return 0, fmt.Errorf("mail: enqueue attachment %q: %w", a.Filename, store.MapError(err))
		}
	}
	return id, nil
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
