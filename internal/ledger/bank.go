package ledger

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/bankstmt"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/store"
)

// BankResult says what a bank statement import did.
type BankResult struct {
	Format     string // "mt940" or "csv"
	Credits    int    // credits in the file (debits are left out)
	Posted     int    // credits posted as payments to premises accounts
	Unmatched  int    // credits newly put in the queue for staff
	Known      int    // credits already imported before
	ImportID   int64
	TotalPosts money.Amount
}

// maxBankFile bounds a statement file (a year of a large cooperative's
// credits fits easily).
const maxBankFile = 64 << 20

// ErrBankFileTooLarge: the file is larger than a statement can be.
var ErrBankFileTooLarge = errors.New("ledger: bank statement file too large")

// ImportBank reads a bank statement (MT940, or the banks' CSV export) and
// posts each credit as a payment to the premises whose virtual account it
// names, wherever the bank put that account. Credits naming no account of
// the cooperative go to the queue for staff. A malformed file is refused
// whole (the error lists the bad lines) and nothing is posted; importing
// the same statement twice posts nothing twice.
func (s *Service) ImportBank(ctx context.Context, by audit.Actor, filename string, r io.Reader) (*BankResult, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxBankFile+1))
	if err != nil {
		return nil, fmt.Errorf("ledger: read %s: %w", filename, err)
	}
	if len(data) > maxBankFile {
		return nil, ErrBankFileTooLarge
	}
	res := &BankResult{Format: "mt940"}
	parse := bankstmt.ParseMT940
	if !looksLikeMT940(data) {
		res.Format, parse = "csv", bankstmt.ParseCSV
	}
	statements, err := parse(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	accounts, err := s.accountIndex(ctx, by.CoopID)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO imports (coop_id, kind, filename, sha256, rows_total, rows_new, rows_known, created_by, created_at)
			VALUES ($1, 'bank', $2, $3, 0, 0, 0, $4, $5) RETURNING id`,
			by.CoopID, filename, hex.EncodeToString(sum[:]), nullID(by.UserID), s.now()).Scan(&res.ImportID); err != nil {
			return err
		}
		for _, st := range statements {
			for _, t := range st.Transactions {
				if t.Amount <= 0 {
					continue
				}
				res.Credits++
				if err := s.bookCredit(ctx, tx, by.CoopID, res, accounts, t); err != nil {
					return fmt.Errorf("line %d: %w", t.Line, err)
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE imports SET rows_total = $1, rows_new = $2, rows_known = $3 WHERE id = $4`,
			res.Credits, res.Posted+res.Unmatched, res.Known, res.ImportID); err != nil {
			return err
		}
		return audit.Append(ctx, tx, by.Did(s.now(), audit.LedgerImported, fmt.Sprintf("import:%d", res.ImportID), map[string]string{"file": filename, "format": res.Format, "credits": fmt.Sprint(res.Credits),
			"posted": fmt.Sprint(res.Posted), "unmatched": fmt.Sprint(res.Unmatched)}))
	})
	if err != nil {
		return nil, fmt.Errorf("ledger: import %s: %w", filename, err)
	}
	return res, nil
}

// bookCredit posts one credit to its premises, or queues it.
func (s *Service) bookCredit(ctx context.Context, tx *store.Tx, coopID int64, res *BankResult, ix *accountIndex, t bankstmt.Transaction) error {
	extID := "bank:" + t.ExternalID
	var account int64
	for _, n := range t.Accounts {
		if id, ok := ix.byNRB[string(n)]; ok {
			account = id
			break
		}
	}
	now := s.now()
	var added bool
	var err error
	if account == 0 {
		added, err = insertNew(ctx, tx, `INSERT INTO bank_credits (coop_id, import_id, external_id, booked_on, amount, title, counterparty,
			counterparty_account, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'unmatched', $9)
			ON CONFLICT (coop_id, external_id) DO NOTHING`,
			coopID, res.ImportID, extID, t.BookedOn, t.Amount, t.Title, t.Counterparty, t.CounterpartyAccount, now)
	} else {
		added, err = insertNew(ctx, tx, `INSERT INTO ledger_entries (coop_id, account_id, kind, booked_on, amount, description, external_id, created_at)
			VALUES ($1, $2, 'payment', $3, $4, $5, $6, $7) ON CONFLICT (coop_id, external_id) WHERE external_id IS NOT NULL DO NOTHING`,
			coopID, account, t.BookedOn, -t.Amount, paymentDescription(t.Title, t.Counterparty), extID, now)
	}
	switch {
	case err != nil:
		return err
	case !added:
		res.Known++ // imported before
	case account == 0:
		res.Unmatched++
	default:
		res.Posted++
		res.TotalPosts += t.Amount
	}
	return nil
}

// insertNew runs an INSERT … ON CONFLICT DO NOTHING and reports whether it
// added the row. A row already there (imported before) is not an error.
func insertNew(ctx context.Context, tx *store.Tx, query string, args ...any) (bool, error) {
	r, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return false, err
	}
	n, err := r.RowsAffected()
	return err == nil && n > 0, err
}

// paymentDescription is the payer's title and name; the ledger already
// says it is a payment.
func paymentDescription(title, counterparty string) string {
	d := strings.TrimSpace(title)
	if d == "" {
		d = "przelew bez tytułu"
	}
	if counterparty = strings.TrimSpace(counterparty); counterparty != "" {
		d += " (" + counterparty + ")"
	}
	if len(d) > 500 {
		d = d[:500]
	}
	return d
}

// looksLikeMT940 tells an MT940 file from a CSV export by its tags.
func looksLikeMT940(b []byte) bool {
	head := b[:min(len(b), 4096)]
	return bytes.Contains(head, []byte(":20:")) || bytes.Contains(head, []byte(":25:")) || bytes.Contains(head, []byte("{1:"))
}

// UnmatchedCredit is a credit waiting for staff to assign it.
type UnmatchedCredit struct {
	ID                  int64
	BookedOn            civil.Date
	Amount              money.Amount
	Title               string
	Counterparty        string
	CounterpartyAccount string
}

// Unmatched lists the credits waiting in the queue, oldest first.
func (s *Service) Unmatched(ctx context.Context, coopID int64) ([]UnmatchedCredit, error) {
	out, err := store.QueryAll(ctx, s.DB.Read(), func(row store.Scanner) (UnmatchedCredit, error) {
		var c UnmatchedCredit
		err := row.Scan(&c.ID, &c.BookedOn, &c.Amount, &c.Title, &c.Counterparty, &c.CounterpartyAccount)
		return c, err
	}, `SELECT id, booked_on, amount, title, counterparty, counterparty_account FROM bank_credits
		WHERE coop_id = $1 AND status = 'unmatched' ORDER BY booked_on, id LIMIT 500`, coopID)
	if err != nil {
		return nil, fmt.Errorf("ledger: unmatched credits: %w", err)
	}
	return out, nil
}

// ErrAlreadyDecided: the credit was assigned or set aside meanwhile.
var ErrAlreadyDecided = errors.New("ledger: the credit has been dealt with already")

// AssignCredit posts a queued credit as a payment to an account of the
// cooperative, audited; the credit leaves the queue.
func (s *Service) AssignCredit(ctx context.Context, by audit.Actor, creditID, accountID int64) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		var c UnmatchedCredit
		var extID, status string
		if err := tx.QueryRowContext(ctx, `SELECT booked_on, amount, title, counterparty, external_id, status FROM bank_credits
			WHERE coop_id = $1 AND id = $2`, by.CoopID, creditID).Scan(&c.BookedOn, &c.Amount, &c.Title, &c.Counterparty, &extID, &status); err != nil {
			return store.MapError(err)
		}
		if status != "unmatched" {
			return ErrAlreadyDecided
		}
		var premisesID int64
		if err := tx.QueryRowContext(ctx, `SELECT premises_id FROM accounts WHERE coop_id = $1 AND id = $2`, by.CoopID, accountID).Scan(&premisesID); err != nil {
			return store.MapError(err)
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_entries (coop_id, account_id, kind, booked_on, amount, description, external_id, created_at)
			VALUES ($1, $2, 'payment', $3, $4, $5, $6, $7)`, by.CoopID, accountID, c.BookedOn, -c.Amount,
			paymentDescription(c.Title, c.Counterparty), extID, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE bank_credits SET status = 'assigned', account_id = $1, decided_by = $2, decided_at = $3
			WHERE coop_id = $4 AND id = $5`, accountID, nullID(by.UserID), now, by.CoopID, creditID); err != nil {
			return err
		}
		return audit.Append(ctx, tx, by.Did(now, audit.LedgerPosted, fmt.Sprintf("premises:%d", premisesID), map[string]string{"credit": fmt.Sprint(creditID), "amount": c.Amount.Plain(), "kind": "payment", "reason": "przypisanie wpłaty z wyciągu"}))
	})
}
