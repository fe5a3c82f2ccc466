package messages

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/store"
)

// subject names a thread in the audit log.
func subject(id int64) string { return "message_thread:" + strconv.FormatInt(id, 10) }

// act runs a staff action on a thread of the desk in a transaction, locking
// the thread on PostgreSQL, and logs it.
func (s *Service) act(ctx context.Context, by audit.Actor, sc Scope, id int64, action audit.Action,
	do func(tx *store.Tx, t Thread) (map[string]string, error)) error {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if tx.Dialect() == store.Postgres {
			if _, err := tx.ExecContext(ctx, `SELECT 1 FROM message_threads WHERE coop_id = $1 AND id = $2 FOR UPDATE`,
				by.CoopID, id); err != nil {
				return err
			}
		}
		t, err := s.deskThread(ctx, tx, by.CoopID, sc, id)
		if err != nil {
			return err
		}
		details, err := do(tx, t)
		if err != nil {
			return err
		}
		return audit.Append(ctx, tx, by.Did(s.now(), action, subject(id), details))
	})
	if err != nil {
		return fmt.Errorf("messages: %s thread %d: %w", action, id, err)
	}
	return nil
}

// Assign gives a thread of the desk to a staff member whose desk holds it
// (0: to nobody).
func (s *Service) Assign(ctx context.Context, by audit.Actor, sc Scope, id, userID int64) error {
	return s.act(ctx, by, sc, id, audit.MessageAssigned, func(tx *store.Tx, t Thread) (map[string]string, error) {
		var to any
		if userID != 0 {
			ok, err := s.mayTake(ctx, tx, t, userID)
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, ErrAssignee
			}
			to = userID
		}
		_, err := tx.ExecContext(ctx, `UPDATE message_threads SET assigned_to = $3, updated_at = $4
			WHERE coop_id = $1 AND id = $2`, by.CoopID, id, to, s.now())
		return map[string]string{"assigned_to": strconv.FormatInt(userID, 10)}, err
	})
}

// mayTake reports whether a staff member's desk holds the thread.
func (s *Service) mayTake(ctx context.Context, q store.Querier, t Thread, userID int64) (bool, error) {
	var role string
	var estate int64
	err := q.QueryRowContext(ctx, `SELECT COALESCE(role, ''), COALESCE(estate_id, 0) FROM users
		WHERE coop_id = $1 AND id = $2 AND kind = 'staff'`, t.CoopID, userID).Scan(&role, &estate)
	if err != nil {
		return false, store.MapError(err)
	}
	return ScopeOf(auth.Role(role), estate).Sees(t), nil
}

// validStatus reports whether st is a status.
func validStatus(st Status) bool {
	for _, x := range Statuses {
		if x == st {
			return true
		}
	}
	return false
}

// SetStatus sets a thread's status. Closing or waiting for the resident
// ends the reply deadline.
func (s *Service) SetStatus(ctx context.Context, by audit.Actor, sc Scope, id int64, st Status) error {
	if !validStatus(st) {
		return ErrStatus
	}
	return s.act(ctx, by, sc, id, audit.MessageStatus, func(tx *store.Tx, t Thread) (map[string]string, error) {
		_, err := tx.ExecContext(ctx, `UPDATE message_threads SET status = $3, updated_at = $4,
			due_on = CASE WHEN $3 IN ('waiting', 'closed') THEN NULL ELSE due_on END
			WHERE coop_id = $1 AND id = $2`, by.CoopID, id, string(st), s.now())
		return map[string]string{"from": string(t.Status), "to": string(st)}, err
	})
}

// Note adds staff's internal note, never shown to the resident.
func (s *Service) Note(ctx context.Context, by audit.Actor, sc Scope, id int64, author, body string) error {
	if strings.TrimSpace(body) == "" || len(body) > MaxBody {
		return ErrBody
	}
	return s.act(ctx, by, sc, id, audit.MessageNoted, func(tx *store.Tx, t Thread) (map[string]string, error) {
		_, err := tx.ExecContext(ctx, `INSERT INTO messages (coop_id, thread_id, kind, channel, user_id, author, body, created_at)
			VALUES ($1, $2, 'note', 'ebok', $3, $4, $5, $6)`, by.CoopID, id, by.UserID, author, body, s.now())
		return nil, err
	})
}
