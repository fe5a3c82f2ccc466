package ledger

import (
	"context"
	"errors"
	"fmt"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/ledgercsv"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/store"
)

// Settlement is a utility settlement of a premises for a period.
type Settlement struct {
	ID          int64
	Kind        string // water or heating
	From, To    civil.Date
	Consumption int64 // thousandths of the unit
	Unit        string
	Cost        money.Amount
	Advances    money.Amount
}

// Result is what the settlement posts: positive to pay, negative refunded.
func (s Settlement) Result() money.Amount { return s.Cost - s.Advances }

// ConsumptionText shows the consumption Polish-style: "12,345".
func (s Settlement) ConsumptionText() string {
	return fmt.Sprintf("%d,%03d", s.Consumption/1000, s.Consumption%1000)
}

// Settlement errors.
var (
	ErrBadSettlement = errors.New("ledger: a settlement needs a kind, a period, and non-negative figures")
	ErrDuplicate     = errors.New("ledger: this period is settled already")
)

// Settlements lists a premises' utility settlements, newest first.
func (s *Service) Settlements(ctx context.Context, coopID, premisesID int64) ([]Settlement, error) {
	out, err := store.QueryAll(ctx, s.DB.Read(), func(row store.Scanner) (Settlement, error) {
		var st Settlement
		err := row.Scan(&st.ID, &st.Kind, &st.From, &st.To, &st.Consumption, &st.Unit, &st.Cost, &st.Advances)
		return st, err
	}, `SELECT id, kind, period_from, period_to, consumption, unit, cost, advances
		FROM utility_settlements WHERE coop_id = $1 AND premises_id = $2 ORDER BY period_to DESC, kind`, coopID, premisesID)
	if err != nil {
		return nil, fmt.Errorf("ledger: settlements: %w", err)
	}
	return out, nil
}

// SettlementByID loads one settlement of a premises.
func (s *Service) SettlementByID(ctx context.Context, coopID, premisesID, id int64) (*Settlement, error) {
	all, err := s.Settlements(ctx, coopID, premisesID)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].ID == id {
			return &all[i], nil
		}
	}
	return nil, fmt.Errorf("ledger: settlement %d: %w", id, store.ErrNotFound)
}

// RecordSettlement stores a settlement and posts its result to the
// premises' account (kind settlement, due in 14 days when to pay), in one
// transaction, audited.
func (s *Service) RecordSettlement(ctx context.Context, by audit.Actor, premisesID int64, st Settlement, today civil.Date) (int64, error) {
	unit := map[string]string{"water": "m3", "heating": "GJ"}[st.Kind]
	if unit == "" || st.From.IsZero() || st.To.Before(st.From) || st.Consumption < 0 || st.Cost < 0 || st.Advances < 0 || st.To.After(today) ||
		st.Cost > ledgercsv.MaxAmount || st.Advances > ledgercsv.MaxAmount {
		return 0, ErrBadSettlement
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var account int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM accounts WHERE coop_id = $1 AND premises_id = $2`, by.CoopID, premisesID).Scan(&account); err != nil {
			return store.MapError(err)
		}
		var dup int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM utility_settlements WHERE coop_id = $1 AND premises_id = $2 AND kind = $3 AND period_from = $4`,
			by.CoopID, premisesID, st.Kind, st.From).Scan(&dup); err != nil {
			return err
		}
		if dup > 0 {
			return ErrDuplicate
		}
		label := map[string]string{"water": "Rozliczenie wody", "heating": "Rozliczenie c.o."}[st.Kind]
		var due any
		if st.Result() > 0 {
			due = today.AddDays(14)
		}
		var entry int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO ledger_entries (coop_id, account_id, kind, booked_on, due_on, amount, description, created_at)
			VALUES ($1, $2, 'settlement', $3, $4, $5, $6, $7) RETURNING id`, by.CoopID, account, today, due, st.Result(),
			fmt.Sprintf("%s %s–%s", label, st.From.Format(), st.To.Format()), s.now()).Scan(&entry); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO utility_settlements (coop_id, premises_id, kind, period_from, period_to, consumption, unit, cost, advances, entry_id, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`, by.CoopID, premisesID, st.Kind, st.From, st.To,
			st.Consumption, unit, st.Cost, st.Advances, entry, nullID(by.UserID), s.now()).Scan(&id); err != nil {
			return err
		}
		return audit.Append(ctx, tx, by.Did(s.now(), audit.LedgerPosted, fmt.Sprintf("premises:%d", premisesID), map[string]string{"settlement": fmt.Sprint(id), "kind": "settlement", "amount": st.Result().Plain(), "reason": label}))
	})
	if err != nil {
		return 0, fmt.Errorf("ledger: settlement: %w", err)
	}
	return id, nil
}
