package audit

import (
	"context"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// Service records and reads the log for callers that hold no transaction
// of their own, such as the web: entries that record nothing but
// themselves (someone looked at a person's data), and the log's pages.
// Services that change data append in their own transaction instead.
type Service struct {
	DB  *store.DB
	Now func() time.Time
}

// Record appends that by did action to subject, about personID's data
// (0 = none), in a transaction of its own; called with a context carrying
// another transaction (store.Tx.Context), it joins that one.
func (s *Service) Record(ctx context.Context, by Actor, action Action, subject string, personID int64, details map[string]string) error {
	e := by.Did(s.Now(), action, subject, details)
	e.PersonID = personID
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		return Append(ctx, tx, e)
	})
}

// List returns a cooperative's entries that match f, newest first (see
// the function List).
func (s *Service) List(ctx context.Context, coopID int64, f Filter) ([]Entry, error) {
	return List(ctx, s.DB.Read(), coopID, f)
}

// LastLogins returns a user's last n login attempts, newest first (see the
// function LastLogins).
func (s *Service) LastLogins(ctx context.Context, coopID, userID int64, n int) ([]Entry, error) {
	return LastLogins(ctx, s.DB.Read(), coopID, userID, n)
}

// Verify walks a cooperative's chain and returns how many entries passed;
// a broken chain gives a *BrokenError (see the function Verify).
func (s *Service) Verify(ctx context.Context, coopID int64) (int, error) {
	return Verify(ctx, s.DB.Read(), s.DB.ChainKey(), coopID)
}
