package messages

import (
	"context"
	"strings"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/store"
)

// Reply is staff's answer to a thread, shown to the resident in ebok.
type Reply struct {
	// Author is the staff member's name as the resident sees it.
	Author string
	Body   string
	// Next is the thread's status after the reply (default: waiting for
	// the resident).
	Next Status
}

// Reply answers a thread of the desk: the reply shows in the resident's
// ebok and ends the reply deadline; when the resident consented to
// e-Korespondencja (and the service has an outbox) it is also e-mailed to
// them with the reply as a PDF attachment.
func (s *Service) Reply(ctx context.Context, by audit.Actor, sc Scope, id int64, r Reply) error {
	if strings.TrimSpace(r.Body) == "" || len(r.Body) > MaxBody {
		return ErrBody
	}
	if r.Next == "" {
		r.Next = StatusWaiting
	}
	if !validStatus(r.Next) || r.Next == StatusNew {
		return ErrStatus
	}
	return s.act(ctx, by, sc, id, audit.MessageReplied, func(tx *store.Tx, t Thread) (map[string]string, error) {
		now := s.now()
		var msgID int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO messages (coop_id, thread_id, kind, channel, user_id, author, body, created_at)
			VALUES ($1, $2, 'reply', 'ebok', $3, $4, $5, $6) RETURNING id`, by.CoopID, id, by.UserID, r.Author, r.Body, now).Scan(&msgID); err != nil {
			return nil, err
		}
		// A reply answers: nothing is owed until the resident writes again.
		if _, err := tx.ExecContext(ctx, `UPDATE message_threads SET status = $3, updated_at = $4, due_on = NULL
			WHERE coop_id = $1 AND id = $2`, by.CoopID, id, string(r.Next), now); err != nil {
			return nil, err
		}
		emailed, err := s.mailReply(ctx, tx, t, msgID, r)
		if err != nil {
			return nil, err
		}
		return map[string]string{"status": string(r.Next), "emailed": emailed}, nil
	})
}
