package ledger

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/ledgercsv"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/store"
)

// Posting is an entry staff post by hand. Nothing is ever deleted: a
// mistake is undone by a correcting entry.
type Posting struct {
	AccountID int64
	Kind      string // charge, payment, correction or interest
	BookedOn  civil.Date
	DueOn     civil.Date // charges only; zero = none
	// Amount is signed as stored: + adds to what is owed. For a payment it
	// must be negative, for a charge or interest positive; a correction may
	// be either.
	Amount    money.Amount
	Component string
	Reason    string
}

// Posting errors, shown through the message catalogue.
var (
	ErrReasonRequired = errors.New("ledger: a manual posting needs a reason")
	ErrBadKind        = errors.New("ledger: manual postings are charges, payments, corrections or interest")
	ErrBadAmount      = errors.New("ledger: the amount does not fit the kind of posting")
	ErrAmountTooLarge = errors.New("ledger: the amount is beyond what an entry may hold")
	ErrBadDate        = errors.New("ledger: the booking date is missing or in the future")
)

// Post books a manual entry with its reason, audited in the same
// transaction. The account must belong to the cooperative.
func (s *Service) Post(ctx context.Context, by audit.Actor, p Posting, today civil.Date) (int64, error) {
	p.Reason = strings.TrimSpace(p.Reason)
	switch {
	case p.Reason == "" || len(p.Reason) > 500:
		return 0, ErrReasonRequired
	case p.Kind != KindCharge && p.Kind != KindPayment && p.Kind != KindCorrection && p.Kind != KindInterest:
		return 0, ErrBadKind
	case p.Amount > ledgercsv.MaxAmount || p.Amount < -ledgercsv.MaxAmount:
		// The imports' limit: sums over an account stay far from overflow.
		return 0, ErrAmountTooLarge
	case p.Amount == 0, (p.Kind == KindCharge || p.Kind == KindInterest) && p.Amount < 0, p.Kind == KindPayment && p.Amount > 0:
		return 0, ErrBadAmount
	case p.BookedOn.IsZero() || p.BookedOn.After(today):
		return 0, ErrBadDate
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var premisesID int64
		if err := tx.QueryRowContext(ctx, `SELECT premises_id FROM accounts WHERE coop_id = $1 AND id = $2`, by.CoopID, p.AccountID).Scan(&premisesID); err != nil {
			return store.MapError(err)
		}
		var due any
		if !p.DueOn.IsZero() {
			due = p.DueOn
		}
		var component any
		if p.Component != "" {
			component = p.Component
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO ledger_entries (coop_id, account_id, kind, booked_on, due_on, component, amount, description, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			by.CoopID, p.AccountID, p.Kind, p.BookedOn, due, component, p.Amount, p.Reason, s.now()).Scan(&id); err != nil {
			return err
		}
		return audit.Append(ctx, tx, by.Did(s.now(), audit.LedgerPosted, fmt.Sprintf("premises:%d", premisesID), map[string]string{"entry": fmt.Sprint(id), "kind": p.Kind, "amount": p.Amount.Plain(), "reason": p.Reason}))
	})
	if err != nil {
		return 0, fmt.Errorf("ledger: post: %w", err)
	}
	return id, nil
}
