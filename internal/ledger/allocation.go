package ledger

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/interest"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/store"
)

// EntryRef names a ledger entry in a few words, as a payment's target.
type EntryRef struct {
	ID          int64
	Kind        string
	BookedOn    civil.Date
	Description string
}

// IsZero reports that the reference names no entry.
func (r EntryRef) IsZero() bool { return r.ID == 0 }

// Allocation is one decision of staff about a payment: the debt it settles
// from then on (none: the oldest debts first again), who decided, when and
// why.
type Allocation struct {
	Target EntryRef // zero: the oldest debts first
	Reason string
	By     string // the staff member's name
	At     time.Time
}

// Settled is a part of a payment that settles one debt.
type Settled struct {
	Debt   EntryRef
	Amount money.Amount
}

// DebtState is an entry that adds to what is owed, with what of it is still
// unpaid once every payment is allocated.
type DebtState struct {
	EntryRef
	DueOn       civil.Date
	Amount      money.Amount
	Outstanding money.Amount
}

// PaymentDetail is one payment of an account as staff allocate it.
type PaymentDetail struct {
	Entry  Entry
	Target EntryRef // the debt staff allocated it to; zero: oldest first
	// Settles is what the payment pays now, in the order it pays it;
	// Credit is the part no debt needs (an overpayment).
	Settles []Settled
	Credit  money.Amount
	History []Allocation // newest first
	// Debts is every debt of the account, oldest booked first, with what
	// each still owes: the payment's possible targets.
	Debts []DebtState
}

// Allocation errors.
var (
	// ErrBadTarget: the target is not a debt of the payment's account.
	ErrBadTarget = errors.New("ledger: a payment settles only a charge of its own account")
	// ErrUnchanged: the payment is allocated that way already.
	ErrUnchanged = errors.New("ledger: the payment is allocated that way already")
)

// isCredit reports whether an entry reduces what is owed and so settles
// debts. Interest entries are neither debts nor payments: payments settle
// principal.
func isCredit(kind string, amount money.Amount) bool { return kind != KindInterest && amount < 0 }

// isDebt reports whether an entry adds to what is owed as a debt.
func isDebt(kind string, amount money.Amount) bool { return kind != KindInterest && amount > 0 }

// book is an account's ledger up to a day as interest.Statement takes it.
type book struct {
	debts    []interest.Debt
	payments []interest.Payment
	posted   money.Amount        // interest entries
	refs     map[string]EntryRef // the debts, by interest.Debt.ID
}

// loadBook reads an account's entries booked up to asOf: debits with a due
// date (their booking date when they have none) are debts, credits are
// payments aimed at the debt staff allocated them to, interest entries are
// what was posted of the interest.
func loadBook(ctx context.Context, d store.Dialect, q store.Querier, coopID, accountID int64, asOf civil.Date) (book, error) {
	b := book{refs: make(map[string]EntryRef, 128)}
	targets, err := currentTargets(ctx, q, coopID, accountID)
	if err != nil {
		return b, err
	}
	// Only a debt's description is kept (in refs): payments' are not read.
	rows, err := q.QueryContext(ctx, `SELECT id, kind, `+d.DateText("booked_on")+`, `+d.DateText("due_on")+`, amount,
		CASE WHEN amount > 0 AND kind <> 'interest' THEN description ELSE '' END FROM ledger_entries
		WHERE coop_id = $1 AND account_id = $2 AND booked_on <= $3 ORDER BY booked_on, id`, coopID, accountID, asOf)
	if err != nil {
		return b, err
	}
	defer rows.Close()
	// Scanned into once for every row: a variable per row would be a heap
	// allocation per row (Scan takes pointers), and an account has ten
	// years of entries.
	var scan EntryRef
	var due civil.Date
	var amount money.Amount
	b.debts, b.payments = make([]interest.Debt, 0, 128), make([]interest.Payment, 0, 128)
	for rows.Next() {
		if err := rows.Scan(&scan.ID, &scan.Kind, &scan.BookedOn, &due, &amount, &scan.Description); err != nil {
			return b, err
		}
		r := scan
		id := strconv.FormatInt(r.ID, 10)
		switch {
		case r.Kind == KindInterest:
			b.posted += amount
		case amount > 0:
			if due.IsZero() {
				due = r.BookedOn
			}
			b.debts = append(b.debts, interest.Debt{ID: id, DueOn: due, Amount: amount})
			b.refs[id] = r
		case amount < 0:
			p := interest.Payment{ID: id, PaidOn: r.BookedOn, Amount: -amount}
			if t := targets[r.ID]; !t.IsZero() {
				p.Target = strconv.FormatInt(t.ID, 10)
			}
			b.payments = append(b.payments, p)
		}
	}
	return b, rows.Err()
}

// currentTargets maps each payment of an account that staff allocated to
// the debt it settles: the newest allocation of a payment wins, and one
// without a target leaves the payment out of the map.
func currentTargets(ctx context.Context, q store.Querier, coopID, accountID int64) (map[int64]EntryRef, error) {
	out := map[int64]EntryRef{}
	rows, err := allocationRows(ctx, q, coopID, accountID, 0)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		if r.Target.IsZero() {
			delete(out, r.paymentID)
		} else {
			out[r.paymentID] = r.Target
		}
	}
	return out, nil
}

// targetRow is one row of payment_targets with its target.
type targetRow struct {
	Allocation
	paymentID int64
}

// allocationRows returns an account's allocations, oldest first: of one
// payment, or of all when paymentID is 0. A target is named only when it
// is an entry of the same account.
func allocationRows(ctx context.Context, q store.Querier, coopID, accountID, paymentID int64) ([]targetRow, error) {
	query := `SELECT t.payment_entry_id, COALESCE(e.id, 0), COALESCE(e.kind, ''), e.booked_on, COALESCE(e.description, ''),
		t.reason, COALESCE(u.display_name, ''), t.created_at
		FROM payment_targets t
		LEFT JOIN ledger_entries e ON e.id = t.target_entry_id AND e.coop_id = t.coop_id AND e.account_id = t.account_id
		LEFT JOIN users u ON u.id = t.created_by AND u.coop_id = t.coop_id
		WHERE t.coop_id = $1 AND t.account_id = $2`
	args := []any{coopID, accountID}
	if paymentID != 0 {
		query += ` AND t.payment_entry_id = $3`
		args = append(args, paymentID)
	}
	out, err := store.QueryAll(ctx, q, func(row store.Scanner) (targetRow, error) {
		var r targetRow
		var at store.NullTime
		err := row.Scan(&r.paymentID, &r.Target.ID, &r.Target.Kind, &r.Target.BookedOn, &r.Target.Description,
			&r.Reason, &r.By, &at)
		r.At = at.Time
		return r, err
	}, query+` ORDER BY t.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("ledger: allocations: %w", err)
	}
	return out, nil
}

// entryOf reads one entry of an account; an entry of another account or
// cooperative is store.ErrNotFound.
func entryOf(ctx context.Context, q store.Querier, coopID, accountID, id int64) (Entry, error) {
	var e Entry
	err := q.QueryRowContext(ctx, `SELECT id, kind, booked_on, due_on, COALESCE(period, ''), COALESCE(component, ''), amount, description
		FROM ledger_entries WHERE coop_id = $1 AND account_id = $2 AND id = $3`, coopID, accountID, id).
		Scan(&e.ID, &e.Kind, &e.BookedOn, &e.DueOn, &e.Period, &e.Component, &e.Amount, &e.Description)
	return e, store.MapError(err)
}

// SetTarget allocates a payment of an account to the debt it settles from
// now on, or, with targetID 0, sends it back to the oldest debts first,
// with staff's reason, audited in the same transaction. Nothing is deleted:
// each decision is a new row and the newest one counts. The payment must be
// an entry of the account (of the cooperative) that reduces what is owed,
// else store.ErrNotFound; the target an entry of the same account that adds
// to it, else ErrBadTarget.
func (s *Service) SetTarget(ctx context.Context, by audit.Actor, accountID, paymentID, targetID int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" || len(reason) > 500 {
		return ErrReasonRequired
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		premisesID, err := lockAccount(ctx, tx, by.CoopID, accountID)
		if err != nil {
			return err
		}
		pay, err := entryOf(ctx, tx, by.CoopID, accountID, paymentID)
		if err != nil {
			return err
		}
		if !isCredit(pay.Kind, pay.Amount) {
			return fmt.Errorf("entry %d is not a payment: %w", paymentID, store.ErrNotFound)
		}
		var target any
		if targetID != 0 {
			t, err := entryOf(ctx, tx, by.CoopID, accountID, targetID)
			if errors.Is(err, store.ErrNotFound) || err == nil && !isDebt(t.Kind, t.Amount) {
				return ErrBadTarget
			}
			if err != nil {
				return err
			}
			target = targetID
		}
		current, err := currentTargets(ctx, tx, by.CoopID, accountID)
		if err != nil {
			return err
		}
		previous := current[paymentID].ID
		if previous == targetID {
			return ErrUnchanged
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO payment_targets (coop_id, account_id, payment_entry_id, target_entry_id, reason, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, by.CoopID, accountID, paymentID, target, reason, nullID(by.UserID), s.now()); err != nil {
			return err
		}
		return audit.Append(ctx, tx, by.Did(s.now(), audit.PaymentAllocated, fmt.Sprintf("premises:%d", premisesID), map[string]string{"payment": fmt.Sprint(paymentID), "target": idText(targetID),
			"previous": idText(previous), "reason": reason}))
	})
	if err != nil {
		return fmt.Errorf("ledger: allocate payment %d: %w", paymentID, err)
	}
	return nil
}

// idText is an entry id for the audit log; "oldest-first" for none.
func idText(id int64) string {
	if id == 0 {
		return "oldest-first"
	}
	return strconv.FormatInt(id, 10)
}

// Payment returns one payment of an account with its allocation: what it
// settles on asOf, the debts it could settle and the history of staff's
// decisions. An entry that is not a payment of the account is
// store.ErrNotFound.
func (s *Service) Payment(ctx context.Context, coopID, accountID, paymentID int64, asOf civil.Date) (*PaymentDetail, error) {
	q := s.DB.Read()
	e, err := entryOf(ctx, q, coopID, accountID, paymentID)
	if err == nil && !isCredit(e.Kind, e.Amount) {
		err = fmt.Errorf("entry %d is not a payment: %w", paymentID, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("ledger: payment %d: %w", paymentID, err)
	}
	d := &PaymentDetail{Entry: e}
	hist, err := allocationRows(ctx, q, coopID, accountID, paymentID)
	if err != nil {
		return nil, err
	}
	for i := len(hist) - 1; i >= 0; i-- {
		d.History = append(d.History, hist[i].Allocation)
	}
	if len(hist) > 0 {
		d.Target = hist[len(hist)-1].Target
	}
	b, err := loadBook(ctx, s.DB.Dialect(), q, coopID, accountID, asOf)
	if err != nil {
		return nil, fmt.Errorf("ledger: payment %d: %w", paymentID, err)
	}
	paid := map[string]money.Amount{}
	id := strconv.FormatInt(paymentID, 10)
	for _, a := range interest.Allocate(b.debts, b.payments) {
		switch {
		case a.PaymentID == id && a.Credit:
			d.Credit += a.Amount
		case a.PaymentID == id:
			d.Settles = append(d.Settles, Settled{Debt: b.refs[a.DebtID], Amount: a.Amount})
		}
		if !a.Credit {
			paid[a.DebtID] += a.Amount
		}
	}
	for _, debt := range b.debts {
		d.Debts = append(d.Debts, DebtState{EntryRef: b.refs[debt.ID], DueOn: debt.DueOn, Amount: debt.Amount, Outstanding: debt.Amount - paid[debt.ID]})
	}
	return d, nil
}
