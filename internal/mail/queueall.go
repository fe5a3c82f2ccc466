package mail

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// queueChunk is how many messages one INSERT of QueueAll writes (5
// parameters each, and 5 for each attachment).
const queueChunk = 500

// Queued is a message as QueueAll wrote it.
type Queued struct {
	ID        int64  // the outbox row
	MessageID string // "<random@domain>"
}

// QueueAll is QueueWithID for many messages of one cooperative: one INSERT
// for the messages and one for each attachment position instead of a
// statement per row, for a mass mailing. Like Queue it writes inside the
// caller's transaction and wakes the worker after the commit.
func (o *Outbox) QueueAll(ctx context.Context, tx *store.Tx, coopID int64, ms []Message) ([]Queued, error) {
	if len(ms) == 0 {
		return nil, nil
	}
	if o.Domain == "" || strings.ContainsAny(o.Domain, "<>@ \t\r\n") {
		return nil, fmt.Errorf("mail: enqueue: bad Message-ID domain %q", o.Domain)
	}
	qs := make([]Queued, len(ms))
	folded := make([]Message, len(ms))
	for i, m := range ms {
		folded[i] = m.foldHeaders()
	}
	ms = folded
	for i, m := range ms {
		if err := m.validate(); err != nil {
			return nil, err
		}
		var err error
		if qs[i].MessageID, err = newMessageID(o.Domain); err != nil {
			return nil, err
		}
	}
	now := dbTime(o.Now())
	for start := 0; start < len(ms); start += queueChunk {
		end := min(start+queueChunk, len(ms))
		if err := insertMessages(ctx, tx, coopID, ms[start:end], qs[start:end], now); err != nil {
			return nil, fmt.Errorf("mail: enqueue: %w", store.MapError(err))
		}
		if err := insertAttachments(ctx, tx, ms[start:end], qs[start:end]); err != nil {
			return nil, fmt.Errorf("mail: enqueue attachments: %w", store.MapError(err))
		}
	}
	if o.Wake != nil {
		tx.AfterCommit(o.Wake)
	}
	return qs, nil
}

// placeholders is "$first, …" for n parameters.
func placeholders(first, n int) string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = "$" + strconv.Itoa(first+i)
	}
	return strings.Join(ps, ", ")
}

// insertMessages writes the messages in one INSERT and sets each one's id,
// matched by its Message-ID: neither engine promises RETURNING's rows in
// the order of VALUES.
func insertMessages(ctx context.Context, tx *store.Tx, coopID int64, ms []Message, qs []Queued, now time.Time) error {
	var values []string
	args := []any{coopID, now}
	for i, m := range ms {
		values = append(values, "($1, "+placeholders(len(args)+1, 5)+", 'pending', 0, $2, '', $2)")
		args = append(args, qs[i].MessageID, strings.TrimSpace(m.To), m.Subject, m.Text, m.HTML)
	}
	rows, err := tx.QueryContext(ctx, `INSERT INTO outbox
		(coop_id, message_id, to_addr, subject, text_body, html_body, status, attempts, next_attempt_at, last_error, created_at)
		VALUES `+strings.Join(values, ", ")+` RETURNING id, message_id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	ids := make(map[string]int64, len(ms))
	for rows.Next() {
		var id int64
		var msgID string
		if err := rows.Scan(&id, &msgID); err != nil {
			return err
		}
		ids[msgID] = id
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range qs {
		if qs[i].ID = ids[qs[i].MessageID]; qs[i].ID == 0 {
			return fmt.Errorf("outbox row of %s not returned", qs[i].MessageID)
		}
	}
	return nil
}

// insertAttachments writes the attachments, one INSERT per position: the
// first attachments of all messages, then the second ones, so that each
// message's attachments keep their order in their ids whatever order an
// INSERT gives its rows.
func insertAttachments(ctx context.Context, tx *store.Tx, ms []Message, qs []Queued) error {
	for pos := 0; ; pos++ {
		var values []string
		var args []any
		for i, m := range ms {
			if pos >= len(m.Attachments) {
				continue
			}
			a := m.Attachments[pos]
			sum := sha256.Sum256(a.Data)
			values = append(values, "("+placeholders(len(args)+1, 5)+")")
			args = append(args, qs[i].ID, a.Filename, a.contentType(), nonNil(a.Data), hex.EncodeToString(sum[:]))
		}
		if len(values) == 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO outbox_attachments (outbox_id, filename, content_type, data, sha256)
			VALUES `+strings.Join(values, ", "), args...)
		if err != nil {
			return err
		}
	}
}
