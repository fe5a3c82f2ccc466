package mail

import (
	"context"
	"fmt"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// preloadMax is the largest attachment loadAll reads with its batch; a
// larger one (a letter may carry 5 MB files) is read just before its
// message is sent, so that a batch holds at most Parallel of them.
const preloadMax = 256 << 10

// loadAll reads the claimed messages still leased to this worker, with
// their attachments, in two queries for the batch instead of two a
// message. A message missing from the result has lost its lease.
func (w *Worker) loadAll(ctx context.Context, ids []int64, leaseUntil time.Time) (map[int64]*leased, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	q := w.DB.Read()
	args := []any{w.node, leaseUntil}
	for _, id := range ids {
		args = append(args, id)
	}
	cs, err := store.QueryAll(ctx, q, func(row store.Scanner) (*leased, error) {
		c := &leased{leaseUntil: leaseUntil, out: Outgoing{From: w.From}}
		err := row.Scan(&c.id, &c.out.MessageID, &c.out.To, &c.out.Subject, &c.out.Text, &c.out.HTML, &c.attempts, &c.out.Date)
		return c, err
	}, `SELECT id, message_id, to_addr, subject, text_body, html_body, attempts, created_at
		FROM outbox WHERE status = 'pending' AND lease_owner = $1 AND lease_until = $2 AND id `+inList(3, len(ids)), args...)
	if err != nil {
		return nil, fmt.Errorf("mail: load outbox: %w", err)
	}
	byID := make(map[int64]*leased, len(cs))
	args = []any{preloadMax}
	for _, c := range cs {
		byID[c.id] = c
		args = append(args, c.id)
	}
	if len(cs) == 0 {
		return byID, nil
	}
	type row struct {
		outboxID, id int64
		a            Attachment
		loaded       bool
	}
	rows, err := store.QueryAll(ctx, q, func(sc store.Scanner) (row, error) {
		var r row
		err := sc.Scan(&r.outboxID, &r.id, &r.a.Filename, &r.a.ContentType, &r.loaded, &r.a.Data)
		return r, err
	}, `SELECT outbox_id, id, filename, content_type, LENGTH(data) <= $1, CASE WHEN LENGTH(data) <= $1 THEN data END
		FROM outbox_attachments WHERE outbox_id `+inList(2, len(cs))+` ORDER BY outbox_id, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("mail: load attachments: %w", err)
	}
	for _, r := range rows {
		c := byID[r.outboxID]
		if !r.loaded {
			c.later = append(c.later, laterAttachment{index: len(c.out.Attachments), id: r.id})
		}
		c.out.Attachments = append(c.out.Attachments, r.a)
	}
	return byID, nil
}

// laterAttachment is an attachment too large to read with the batch: its
// place among the message's attachments and its row.
type laterAttachment struct {
	index int
	id    int64
}

// loadLater reads the attachments of c left for just before sending.
func (w *Worker) loadLater(ctx context.Context, c *leased) error {
	for _, l := range c.later {
		err := w.DB.Read().QueryRowContext(ctx, `SELECT data FROM outbox_attachments WHERE id = $1`, l.id).
			Scan(&c.out.Attachments[l.index].Data)
		if err != nil {
			return fmt.Errorf("mail: load attachment %d of %d: %w", l.id, c.id, err)
		}
	}
	return nil
}

// inList is "IN ($first, …)" for n parameters.
func inList(first, n int) string {
	return "IN (" + placeholders(first, n) + ")"
}
