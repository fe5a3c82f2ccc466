package ledger

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/ledgercsv"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/store"
)

// Kinds of ledger entry, as stored in ledger_entries.kind. The import
// file format names the same kinds, so they are defined once, there.
const (
	KindCharge     = ledgercsv.KindCharge
	KindPayment    = ledgercsv.KindPayment
	KindCorrection = ledgercsv.KindCorrection
	KindInterest   = ledgercsv.KindInterest
	KindSettlement = ledgercsv.KindSettlement
)

// Kinds lists the entry kinds in the order filters show them.
var Kinds = []string{KindCharge, KindPayment, KindCorrection, KindInterest, KindSettlement}

// Entry is one line of an account's ledger with the balance after it.
type Entry struct {
	ID          int64
	Kind        string
	BookedOn    civil.Date
	DueOn       civil.Date
	Period      string
	Component   string
	Amount      money.Amount // + adds to what is owed
	Description string
	Balance     money.Amount // the account's balance after this entry
	// Settles is, for a payment staff allocated to one debt, that debt
	// (zero otherwise: it settles the oldest debts first).
	Settles EntryRef
	// Bank holds, for a payment from a bank statement, what the statement
	// said besides the amount and the value date (BookedOn); staff see it.
	Bank BankDetails
}

// BankDetails are a bank payment's fields from its statement.
type BankDetails struct {
	BookedOn     civil.Date // the bank's booking date; zero if not from a statement
	PayerAccount string
	Reference    string
	Statement    string
}

// Debit is the part of the amount that adds to what is owed (0 if none).
func (e Entry) Debit() money.Amount {
	if e.Amount > 0 {
		return e.Amount
	}
	return 0
}

// Credit is the part that reduces it, as a positive amount (0 if none).
func (e Entry) Credit() money.Amount {
	if e.Amount < 0 {
		return -e.Amount
	}
	return 0
}

// MonthTotal sums one month of the ledger.
type MonthTotal struct {
	Month   civil.Month
	Debits  money.Amount
	Credits money.Amount
	Closing money.Amount // the balance at the month's end
}

// Filter picks entries: a year (0 = the newest year with entries) and a
// kind ("" = every kind).
type Filter struct {
	Year int
	Kind string
	// From, when not zero, hides entries booked before it: a resident sees
	// the ledger from the day their holding began (coop.Holding's
	// VisibleFrom), and what came before only as the balance on that day.
	From civil.Date
	// Until, when not zero, hides entries booked after it: a former
	// holder sees the ledger up to the day their title ended
	// (coop.Holding's VisibleUntil), never the buyer's entries.
	Until civil.Date
}

// View is an account's ledger for a year.
type View struct {
	Year  int
	Years []int // years with entries, newest first
	// OpeningOn is the day Opening is the balance at the start of: the
	// year's first day, or a later Filter.From.
	OpeningOn civil.Date
	Opening   money.Amount
	Closing   money.Amount
	Entries   []Entry // in booking order
	Months    []MonthTotal
	// PostedAt is when the newest entry was posted: the balance is current
	// to that moment.
	PostedAt time.Time
}

// Ledger returns a year of an account's ledger with the running balance.
// The balance runs over every entry, whatever the kind filter shows.
func (s *Service) Ledger(ctx context.Context, coopID, accountID int64, f Filter) (*View, error) {
	var first, last civil.Date
	var posted store.NullTime
	visible := f.From
	if visible.IsZero() {
		visible = civil.Date{Year: civil.MinYear, Month: time.January, Day: 1}
	}
	until := f.Until
	if until.IsZero() {
		until = civil.Date{Year: civil.MaxYear, Month: time.December, Day: 31}
	}
	if err := s.DB.Read().QueryRowContext(ctx, `SELECT MIN(booked_on), MAX(booked_on), MAX(created_at) FROM ledger_entries
		WHERE coop_id = $1 AND account_id = $2 AND booked_on >= $3 AND booked_on <= $4`, coopID, accountID, visible, until).Scan(&first, &last, &posted); err != nil {
		return nil, fmt.Errorf("ledger: account %d: %w", accountID, err)
	}
	v := &View{PostedAt: posted.Time}
	if first.IsZero() {
		return v, nil
	}
	for y := last.Year; y >= first.Year; y-- {
		v.Years = append(v.Years, y)
	}
	v.Year = f.Year
	if v.Year < first.Year || v.Year > last.Year {
		v.Year = last.Year
	}
	from := civil.Date{Year: v.Year, Month: time.January, Day: 1}
	if from.Before(f.From) {
		from = f.From
	}
	to := civil.Date{Year: v.Year + 1, Month: time.January, Day: 1}
	if !f.Until.IsZero() && f.Until.Before(to) {
		to = f.Until.AddDays(1)
	}
	if err := s.fill(ctx, v, coopID, accountID, from, to, f.Kind); err != nil {
		return nil, err
	}
	if err := s.fillTargets(ctx, v, coopID, accountID, f.From); err != nil {
		return nil, err
	}
	return v, nil
}

// Statement returns an account's entries booked from from to to
// inclusive, with the opening and closing balances, for statements.
// Payments name the charge staff allocated them to, unless it was booked
// before visible (a former holder's; zero: none hidden).
func (s *Service) Statement(ctx context.Context, coopID, accountID int64, from, to, visible civil.Date) (*View, error) {
	var posted store.NullTime
	if err := s.DB.Read().QueryRowContext(ctx, `SELECT MAX(created_at) FROM ledger_entries WHERE coop_id = $1 AND account_id = $2`,
		coopID, accountID).Scan(&posted); err != nil {
		return nil, fmt.Errorf("ledger: account %d: %w", accountID, err)
	}
	v := &View{PostedAt: posted.Time, Year: from.Year}
	if err := s.fill(ctx, v, coopID, accountID, from, to.AddDays(1), ""); err != nil {
		return nil, err
	}
	if err := s.fillTargets(ctx, v, coopID, accountID, visible); err != nil {
		return nil, err
	}
	return v, nil
}

// fill loads the entries booked in [from, to) with the running balance and
// monthly subtotals; kind, when set, limits the entries listed (the
// balance still runs over all).
func (s *Service) fill(ctx context.Context, v *View, coopID, accountID int64, from, to civil.Date, kind string) error {
	v.OpeningOn = from
	if err := s.DB.Read().QueryRowContext(ctx, `SELECT COALESCE(SUM(amount), 0) FROM ledger_entries
		WHERE coop_id = $1 AND account_id = $2 AND booked_on < $3`, coopID, accountID, from).Scan(&v.Opening); err != nil {
		return fmt.Errorf("ledger: opening balance: %w", err)
	}
	d := s.DB.Dialect()
	rows, err := s.DB.Read().QueryContext(ctx, `SELECT id, kind, `+d.DateText("booked_on")+`, `+d.DateText("due_on")+`, COALESCE(period, ''), COALESCE(component, ''), amount, description,
		`+d.DateText("bank_booked_on")+`, COALESCE(payer_account, ''), COALESCE(bank_reference, ''), COALESCE(bank_statement, '')
		FROM ledger_entries WHERE coop_id = $1 AND account_id = $2 AND booked_on >= $3 AND booked_on < $4
		ORDER BY booked_on, id`, coopID, accountID, from, to)
	if err != nil {
		return fmt.Errorf("ledger: entries: %w", err)
	}
	defer rows.Close()
	balance := v.Opening
	var month *MonthTotal
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.ID, &e.Kind, &e.BookedOn, &e.DueOn, &e.Period, &e.Component, &e.Amount, &e.Description,
			&e.Bank.BookedOn, &e.Bank.PayerAccount, &e.Bank.Reference, &e.Bank.Statement); err != nil {
			return fmt.Errorf("ledger: entries: %w", err)
		}
		balance += e.Amount
		e.Balance = balance
		m := civil.MonthOf(e.BookedOn)
		if month == nil || month.Month != m {
			v.Months = append(v.Months, MonthTotal{Month: m})
			month = &v.Months[len(v.Months)-1]
		}
		month.Debits += e.Debit()
		month.Credits += e.Credit()
		month.Closing = balance
		if kind == "" || kind == e.Kind {
			v.Entries = append(v.Entries, e)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("ledger: entries: %w", err)
	}
	v.Closing = balance
	return nil
}

// fillTargets names, on the listed payments staff allocated, the debt each
// settles, unless that debt was booked before visible (see Filter.From):
// what came before is not shown. The query is skipped on pages that list
// no payment at all.
func (s *Service) fillTargets(ctx context.Context, v *View, coopID, accountID int64, visible civil.Date) error {
	if !slices.ContainsFunc(v.Entries, func(e Entry) bool { return isCredit(e.Kind, e.Amount) }) {
		return nil
	}
	targets, err := currentTargets(ctx, s.DB.Read(), coopID, accountID)
	if err != nil {
		return err
	}
	for i := range v.Entries {
		if t := targets[v.Entries[i].ID]; !t.BookedOn.Before(visible) {
			v.Entries[i].Settles = t
		}
	}
	return nil
}
