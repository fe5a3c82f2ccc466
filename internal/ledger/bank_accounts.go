package ledger

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/nrb"
	"github.com/ebok/ebok/internal/store"
)

// Purposes of a declared bank account.
const (
	// PurposePayments: the account takes residents' payments; its
	// statements are imported.
	PurposePayments = "payments"
	// PurposeOther: another currency, a savings or deposit account; its
	// statements are skipped (and listed) when a file holds them.
	PurposeOther = "other"
)

// BankAccount is one of the cooperative's own bank accounts.
type BankAccount struct {
	ID       int64
	NRB      nrb.Number
	Purpose  string
	Currency string
	Note     string
}

// Errors of AddBankAccount.
var (
	ErrBankAccountPurpose  = errors.New("ledger: purpose must be payments or other")
	ErrBankAccountCurrency = errors.New("ledger: currency must be three capital letters")
	ErrBankAccountExists   = errors.New("ledger: the account is declared already")
)

// AddBankAccount declares one of the cooperative's own accounts, audited.
func (s *Service) AddBankAccount(ctx context.Context, by audit.Actor, a BankAccount) (int64, error) {
	if a.Purpose != PurposePayments && a.Purpose != PurposeOther {
		return 0, ErrBankAccountPurpose
	}
	a.Currency = strings.ToUpper(strings.TrimSpace(a.Currency))
	if a.Currency == "" {
		a.Currency = "PLN"
	}
	if len(a.Currency) != 3 || strings.Trim(a.Currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return 0, ErrBankAccountCurrency
	}
	if !a.NRB.IsValid() {
		return 0, nrb.ErrChecksum
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM bank_accounts WHERE coop_id = $1 AND nrb = $2`, by.CoopID, string(a.NRB)).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrBankAccountExists
		}
		now := s.now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO bank_accounts (coop_id, nrb, purpose, currency, note, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, by.CoopID, string(a.NRB), a.Purpose, a.Currency, strings.TrimSpace(a.Note), now).Scan(&id); err != nil {
			return err
		}
		return audit.Append(ctx, tx, by.Did(now, audit.BankAccountDeclared, fmt.Sprintf("bank_account:%d", id),
			map[string]string{"nrb": string(a.NRB), "purpose": a.Purpose, "currency": a.Currency}))
	})
	if err != nil {
		return 0, fmt.Errorf("ledger: declare bank account: %w", err)
	}
	return id, nil
}

// BankAccounts lists the cooperative's declared accounts in the order
// they were declared.
func (s *Service) BankAccounts(ctx context.Context, coopID int64) ([]BankAccount, error) {
	out, err := store.QueryAll(ctx, s.DB.Read(), func(row store.Scanner) (BankAccount, error) {
		var a BankAccount
		var n string
		err := row.Scan(&a.ID, &n, &a.Purpose, &a.Currency, &a.Note)
		a.NRB = nrb.Number(n)
		return a, err
	}, `SELECT id, nrb, purpose, currency, note FROM bank_accounts WHERE coop_id = $1 ORDER BY id`, coopID)
	if err != nil {
		return nil, fmt.Errorf("ledger: bank accounts: %w", err)
	}
	return out, nil
}
