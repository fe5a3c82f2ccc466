package letters

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
)

// openBatch is the cooperative's postal batch not yet printed, started
// when there is none.
func openBatch(ctx context.Context, tx *store.Tx, coopID int64, now time.Time) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM postal_batches WHERE coop_id = $1 AND printed_at IS NULL
		ORDER BY id DESC LIMIT 1`, coopID).Scan(&id)
	if err = store.MapError(err); !isNotFound(err) {
		return id, err
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO postal_batches (coop_id, created_at) VALUES ($1, $2) RETURNING id`,
		coopID, dbTime(now)).Scan(&id)
	return id, err
}

// finish marks sent the letters none of whose recipients waits to be
// queued.
func (s *Service) finish(ctx context.Context) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE letters SET status = 'sent', sent_at = $1 WHERE status = 'sending'
			AND NOT EXISTS (SELECT 1 FROM letter_recipients r WHERE r.coop_id = letters.coop_id
				AND r.letter_id = letters.id AND r.status = 'pending')`, dbTime(s.Now()))
		return err
	})
}

// Follow brings the recipients' e-mails up to date with the outbox:
// accepted ones become sent (with the time the server took them), failed
// ones move to the next postal batch with the server's reason.
func (s *Service) Follow(ctx context.Context) error {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := s.markSent(ctx, tx); err != nil {
			return err
		}
		type failed struct {
			id, coopID int64
			reason     string
		}
		var fs []failed
		rows, err := tx.QueryContext(ctx, `SELECT r.id, r.coop_id, o.last_error FROM letter_recipients r
			JOIN outbox o ON o.id = r.outbox_id WHERE r.status = 'queued' AND o.status = 'failed' ORDER BY r.id`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var f failed
			if err := rows.Scan(&f.id, &f.coopID, &f.reason); err != nil {
				rows.Close()
				return err
			}
			fs = append(fs, f)
		}
		rows.Close()
		for _, f := range fs {
			if err := s.toPost(ctx, tx, f.coopID, f.id, f.reason); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("letters: follow the outbox: %w", err)
	}
	return nil
}

// markSent marks sent the recipients whose e-mail the server accepted,
// with the time it did and the day it counts as delivered (in the
// cooperative's zone).
func (s *Service) markSent(ctx context.Context, tx *store.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT r.id, o.sent_at FROM letter_recipients r JOIN outbox o ON o.id = r.outbox_id
		WHERE r.status = 'queued' AND o.status = 'sent' ORDER BY r.id`)
	if err != nil {
		return err
	}
	type sent struct {
		id int64
		at time.Time
	}
	var ss []sent
	for rows.Next() {
		var x sent
		if err := rows.Scan(&x.id, &x.at); err != nil {
			rows.Close()
			return err
		}
		ss = append(ss, x)
	}
	rows.Close()
	// One UPDATE per day of delivery (rarely more than one) and
	// followChunk recipients, rather than one per recipient.
	byDay := map[civil.Date][]int64{}
	var days []civil.Date
	for _, x := range ss {
		d := civil.DateOf(x.at.In(s.Loc))
		if byDay[d] == nil {
			days = append(days, d)
		}
		byDay[d] = append(byDay[d], x.id)
	}
	for _, d := range days {
		ids := byDay[d]
		for start := 0; start < len(ids); start += followChunk {
			chunk := ids[start:min(start+followChunk, len(ids))]
			args := []any{d}
			for _, id := range chunk {
				args = append(args, id)
			}
			_, err := tx.ExecContext(ctx, `UPDATE letter_recipients SET status = 'sent', delivered_on = $1,
				sent_at = (SELECT o.sent_at FROM outbox o WHERE o.id = letter_recipients.outbox_id)
				WHERE status = 'queued' AND id `+inIDs(2, len(chunk)), args...)
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// followChunk is how many recipients one UPDATE of markSent marks sent.
const followChunk = 500

// toPost moves a recipient whose e-mail failed or bounced to the open
// postal batch, keeping the reason for staff.
func (s *Service) toPost(ctx context.Context, tx *store.Tx, coopID, id int64, reason string) error {
	batch, err := openBatch(ctx, tx, coopID, s.Now())
	if err != nil {
		return err
	}
	if len(reason) > 300 {
		reason = reason[:300]
	}
	_, err = tx.ExecContext(ctx, `UPDATE letter_recipients SET status = 'post', channel = 'post', reason = $3, batch_id = $4
		WHERE coop_id = $1 AND id = $2 AND status IN ('queued', 'sent')`, coopID, id, strings.ToValidUTF8(reason, "?"), batch)
	return err
}

// Bounced moves the recipient whose e-mail had the Message-ID (with or
// without its angle brackets) to the next postal batch, with the bounce's
// reason shown to staff. The mail-in side calls it for every bounce it
// parses. It reports whether the Message-ID is a letter's; a recipient
// already on paper (a second notice of the same mail) stays as it is.
func (s *Service) Bounced(ctx context.Context, coopID int64, messageID, reason string) (bool, error) {
	messageID = strings.TrimSpace(messageID)
	if messageID == "" {
		return false, nil
	}
	if !strings.HasPrefix(messageID, "<") {
		messageID = "<" + messageID + ">"
	}
	known := false
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var id int64
		var status string
		err := tx.QueryRowContext(ctx, `SELECT id, status FROM letter_recipients WHERE coop_id = $1 AND message_id = $2`,
			coopID, messageID).Scan(&id, &status)
		if err = store.MapError(err); isNotFound(err) {
			return nil
		} else if err != nil {
			return err
		}
		known = true
		if status != "queued" && status != "sent" {
			return nil
		}
		return s.toPost(ctx, tx, coopID, id, reason)
	})
	if err != nil {
		return false, fmt.Errorf("letters: bounce of %s: %w", messageID, err)
	}
	return known, nil
}
