package ledger

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/interest"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/store"
)

// Accrued is the statutory interest for delay on an account: what has
// accrued on every late amount up to a day, and what of it is posted.
type Accrued struct {
	AsOf   civil.Date
	Total  money.Amount // accrued on all late amounts up to AsOf
	Posted money.Amount // interest entries already in the ledger
}

// Unposted is the interest accrued but not (yet) posted.
func (a Accrued) Unposted() money.Amount { return max(a.Total-a.Posted, 0) }

// Interest posting errors.
var (
	// ErrNoRates: the service has no interest rate table.
	ErrNoRates = errors.New("ledger: no interest rate table")
	// ErrNoInterest: all the interest accrued is posted already.
	ErrNoInterest = errors.New("ledger: no accrued interest left to post")
	// ErrInterestChanged: the unposted interest is not what the caller
	// showed (a payment arrived, or someone else posted it meanwhile).
	ErrInterestChanged = errors.New("ledger: the unposted interest changed since it was shown")
)

// Interest computes the interest accrued on an account up to asOf: charges
// (and other debits with a due date) are debts; payments and credit
// corrections settle the debt staff allocated them to (see SetTarget), the
// oldest debts first otherwise; interest runs on each late part from the
// day after its due date until it was paid.
func (s *Service) Interest(ctx context.Context, coopID, accountID int64, asOf civil.Date) (Accrued, error) {
	return s.accrued(ctx, s.DB.Read(), coopID, accountID, asOf)
}

// accrued does Interest's work on q, inside a transaction or not.
func (s *Service) accrued(ctx context.Context, q store.Querier, coopID, accountID int64, asOf civil.Date) (Accrued, error) {
	a, _, _, err := s.report(ctx, q, coopID, accountID, asOf)
	return a, err
}

// report reads an account's book up to asOf and settles it (payments to
// debts, interest on each late part): the work behind Interest and Arrears.
func (s *Service) report(ctx context.Context, q store.Querier, coopID, accountID int64, asOf civil.Date) (Accrued, book, interest.Report, error) {
	a := Accrued{AsOf: asOf}
	if s.Rates == nil {
		return a, book{}, interest.Report{}, ErrNoRates
	}
	b, err := loadBook(ctx, s.DB.Dialect(), q, coopID, accountID, asOf)
	if err != nil {
		return a, b, interest.Report{}, fmt.Errorf("ledger: interest: %w", err)
	}
	a.Posted = b.posted
	rep, err := interest.Statement(b.debts, b.payments, asOf, s.Rates)
	if err != nil {
		return a, b, interest.Report{}, fmt.Errorf("ledger: interest: %w", err)
	}
	a.Total = rep.Interest
	return a, b, rep, nil
}

// PostInterest books the interest accrued on an account up to today and
// not yet posted as one interest entry booked today, with staff's reason,
// audited in the same transaction. The amount is computed here, in the
// transaction with the account locked, never taken from the caller: shown
// is the unposted amount the caller displayed, and another amount now
// refuses with ErrInterestChanged. When everything accrued is posted it
// returns ErrNoInterest and posts nothing, so a form sent twice posts once.
func (s *Service) PostInterest(ctx context.Context, by audit.Actor, accountID int64, today civil.Date, shown money.Amount, reason string) (int64, money.Amount, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || len(reason) > 500 {
		return 0, 0, ErrReasonRequired
	}
	var id int64
	var amount money.Amount
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		premisesID, err := lockAccount(ctx, tx, by.CoopID, accountID)
		if err != nil {
			return err
		}
		a, err := s.accrued(ctx, tx, by.CoopID, accountID, today)
		if err != nil {
			return err
		}
		amount = a.Unposted()
		switch {
		case amount == 0:
			return ErrNoInterest
		case amount != shown:
			return ErrInterestChanged
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO ledger_entries (coop_id, account_id, kind, booked_on, amount, description, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			by.CoopID, accountID, KindInterest, today, amount, reason, s.now()).Scan(&id); err != nil {
			return err
		}
		return audit.Append(ctx, tx, by.Did(s.now(), audit.LedgerPosted, fmt.Sprintf("premises:%d", premisesID), map[string]string{"entry": fmt.Sprint(id), "kind": KindInterest, "amount": amount.Plain(),
			"accrued_to": today.Format(), "reason": reason}))
	})
	if err != nil {
		return 0, amount, fmt.Errorf("ledger: post interest: %w", err)
	}
	return id, amount, nil
}

// lockAccount returns an account's premises and, on PostgreSQL, locks the
// account's row until the transaction ends, so that two postings which read
// the ledger to decide (interest, allocations) take turns. SQLite has one
// writer, so its transactions take turns anyway. A missing account, or one
// of another cooperative, is store.ErrNotFound.
func lockAccount(ctx context.Context, tx *store.Tx, coopID, accountID int64) (int64, error) {
	q := `SELECT premises_id FROM accounts WHERE coop_id = $1 AND id = $2`
	if tx.Dialect() == store.Postgres {
		q += ` FOR UPDATE`
	}
	var premisesID int64
	if err := tx.QueryRowContext(ctx, q, coopID, accountID).Scan(&premisesID); err != nil {
		return 0, store.MapError(err)
	}
	return premisesID, nil
}
