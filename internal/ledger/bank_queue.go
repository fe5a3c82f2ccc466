package ledger

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/bankstmt"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/text"
)

// UnmatchedCredit is a credit waiting for staff to assign it.
type UnmatchedCredit struct {
	ID                  int64
	BookedOn            civil.Date // the bank's booking date
	ValueOn             civil.Date // the value date: the payment's date
	Amount              money.Amount
	Title               string
	Counterparty        string
	CounterpartyAccount string
	PayerName           string
	Reference           string
	Statement           string
	// Suggestions are the premises the credit likely belongs to, best
	// first. None is ever applied without staff confirming it.
	Suggestions []Suggestion
}

// Reasons for a suggestion; the message catalogue has "bank.why.<reason>".
const (
	ReasonTitleAccount = "title_account" // the title names the premises' (old) account number
	ReasonTitleAddress = "title_address" // the title names the premises' address or number
	ReasonPayerHistory = "payer_history" // the payer's account paid for the premises before
	ReasonPayerName    = "payer_name"    // the payer's name is that of a holder of the premises
	ReasonTitleName    = "title_name"    // the title names a holder of the premises
)

// Suggestion is a premises a queued credit likely belongs to.
type Suggestion struct {
	AccountID int64
	Premises  string // "Kwiatowa 4/24"
	Reason    string
}

// maxSuggestions bounds the suggestions shown for one credit.
const maxSuggestions = 3

// Unmatched lists the credits waiting in the queue, oldest first, each with
// its suggestions.
func (s *Service) Unmatched(ctx context.Context, coopID int64) ([]UnmatchedCredit, error) {
	out, err := s.queuedCredits(ctx, coopID)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	ix, err := s.accountIndex(ctx, coopID)
	if err != nil {
		return nil, err
	}
	holders, err := s.holderNames(ctx, coopID)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if err := s.suggest(ctx, coopID, &out[i], ix, holders); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// queuedCredits loads the credits waiting in the queue, oldest first,
// without their suggestions.
func (s *Service) queuedCredits(ctx context.Context, coopID int64) ([]UnmatchedCredit, error) {
	out, err := store.QueryAll(ctx, s.DB.Read(), func(row store.Scanner) (UnmatchedCredit, error) {
		var c UnmatchedCredit
		var value *civil.Date
		err := row.Scan(&c.ID, &c.BookedOn, &value, &c.Amount, &c.Title, &c.Counterparty, &c.CounterpartyAccount,
			&c.PayerName, &c.Reference, &c.Statement)
		c.ValueOn = c.BookedOn
		if value != nil {
			c.ValueOn = *value
		}
		return c, err
	}, `SELECT id, booked_on, value_on, amount, title, counterparty, counterparty_account, payer_name, bank_reference, bank_statement
		FROM bank_credits WHERE coop_id = $1 AND status = 'unmatched' ORDER BY COALESCE(value_on, booked_on), id LIMIT 500`, coopID)
	if err != nil {
		return nil, fmt.Errorf("ledger: unmatched credits: %w", err)
	}
	return out, nil
}

// suggest fills a queued credit's suggestions, at most maxSuggestions, in
// the order of the reasons: an account or an address in the title, the
// payer's earlier payments, the payer's name, a holder named in the title.
func (s *Service) suggest(ctx context.Context, coopID int64, c *UnmatchedCredit, ix *accountIndex, holders holderIndex) error {
	var sg suggester
	for _, n := range bankstmt.FindAccounts(c.Title) {
		if id, ok := ix.byNRB[string(n)]; ok {
			sg.add(id, ReasonTitleAccount)
		}
	}
	for _, id := range ix.byTitleAddress(c.Title) {
		sg.add(id, ReasonTitleAddress)
	}
	if c.CounterpartyAccount != "" {
		var id int64
		err := s.DB.Read().QueryRowContext(ctx, `SELECT account_id FROM ledger_entries WHERE coop_id = $1 AND kind = 'payment'
			AND payer_account = $2 ORDER BY booked_on DESC, id DESC LIMIT 1`, coopID, c.CounterpartyAccount).Scan(&id)
		switch {
		case err == nil:
			sg.add(id, ReasonPayerHistory)
		case !errors.Is(store.MapError(err), store.ErrNotFound):
			return fmt.Errorf("ledger: payer's earlier payments: %w", err)
		}
	}
	name := c.PayerName
	if name == "" {
		name = c.Counterparty
	}
	for _, id := range holders.match(name) {
		sg.add(id, ReasonPayerName)
	}
	for _, id := range holders.inText(c.Title) {
		sg.add(id, ReasonTitleName)
	}
	for _, sug := range sg.list {
		sug.Premises = ix.labels[sug.AccountID]
		c.Suggestions = append(c.Suggestions, sug)
		if len(c.Suggestions) == maxSuggestions {
			break
		}
	}
	return nil
}

// suggester collects suggestions without repeating a premises.
type suggester struct {
	list []Suggestion
	seen map[int64]bool
}

func (sg *suggester) add(id int64, reason string) {
	if sg.seen == nil {
		sg.seen = map[int64]bool{}
	}
	if sg.seen[id] {
		return
	}
	sg.seen[id] = true
	sg.list = append(sg.list, Suggestion{AccountID: id, Reason: reason})
}

// premisesNumber matches "4/24" or "12a/3" in a title.
var premisesNumber = regexp.MustCompile(`\d+[a-zA-Z]?\s*/\s*\d+[a-zA-Z]?`)

// byTitleAddress returns the premises whose "house/number" the title names:
// the one premises with that number, or among several those whose street
// the title names too.
func (ix *accountIndex) byTitleAddress(title string) []int64 {
	folded := foldWords(title)
	var out []int64
	for _, m := range premisesNumber.FindAllString(title, -1) {
		ids := ix.byNumber[strings.ToLower(strings.Join(strings.Fields(m), ""))]
		if len(ids) == 1 {
			out = append(out, ids[0])
			continue
		}
		var onStreet []int64
		for _, id := range ids {
			if st := ix.streets[id]; st != "" && strings.Contains(" "+folded+" ", " "+st+" ") {
				onStreet = append(onStreet, id)
			}
		}
		if len(onStreet) == 1 {
			out = append(out, onStreet[0])
		}
	}
	return out
}

// foldWords lower-cases s, folds Polish letters to ASCII and keeps letters
// and digits, with single spaces between words.
func foldWords(s string) string {
	var b strings.Builder
	for _, r := range s {
		r = unicode.ToLower(text.FoldRune(r))
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		} else {
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// holderIndex finds the accounts of premises whose current holders bear a
// name.
type holderIndex map[string][]int64

// holderNames indexes the names of the persons holding a title to each
// premises now, both "first last" and "last first".
func (s *Service) holderNames(ctx context.Context, coopID int64) (holderIndex, error) {
	rows, err := s.DB.Read().QueryContext(ctx, `SELECT a.id, pe.first_name, pe.last_name, pe.company_name FROM accounts a
		JOIN titles t ON t.coop_id = a.coop_id AND t.premises_id = a.premises_id AND t.ends_on IS NULL
		JOIN title_holders h ON h.coop_id = t.coop_id AND h.title_id = t.id
		JOIN persons pe ON pe.coop_id = h.coop_id AND pe.id = h.person_id
		WHERE a.coop_id = $1`, coopID)
	if err != nil {
		return nil, fmt.Errorf("ledger: holders: %w", err)
	}
	defer rows.Close()
	ix := holderIndex{}
	for rows.Next() {
		var id int64
		var first, last, company string
		if err := rows.Scan(&id, &first, &last, &company); err != nil {
			return nil, fmt.Errorf("ledger: holders: %w", err)
		}
		for _, k := range [...]string{first + " " + last, last + " " + first, company} {
			if k = foldWords(k); k != "" && strings.Contains(k, " ") || (k != "" && k == foldWords(company)) {
				ix[k] = append(ix[k], id)
			}
		}
	}
	return ix, rows.Err()
}

// match returns the accounts whose holders' name the payer's name is or
// starts with (a bank may append the address), at most maxSuggestions.
func (ix holderIndex) match(payer string) []int64 {
	p := foldWords(payer)
	if p == "" {
		return nil
	}
	var keys []string
	for k := range ix {
		if p == k || strings.HasPrefix(p, k+" ") {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return len(keys[i]) > len(keys[j]) })
	var out []int64
	for _, k := range keys {
		out = append(out, ix[k]...)
	}
	if len(out) > maxSuggestions {
		return nil // a common name: no suggestion at all beats a wrong one
	}
	return out
}

// inText returns the accounts whose holder's full name (first and last, in
// either order) the text names, unless that would be more than
// maxSuggestions premises.
func (ix holderIndex) inText(text string) []int64 {
	folded := " " + foldWords(text) + " "
	var out []int64
	for k, ids := range ix {
		if strings.Contains(k, " ") && strings.Contains(folded, " "+k+" ") {
			out = append(out, ids...)
		}
	}
	if len(out) > maxSuggestions {
		return nil
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// ErrAlreadyDecided: the credit was assigned or set aside meanwhile.
var ErrAlreadyDecided = errors.New("ledger: the credit has been dealt with already")

// AssignCredit posts a queued credit as a payment to an account of the
// cooperative, dated by its value date and with the bank's fields kept,
// audited; the credit leaves the queue.
func (s *Service) AssignCredit(ctx context.Context, by audit.Actor, creditID, accountID int64) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		var c UnmatchedCredit
		var value *civil.Date
		var extID, status string
		if err := tx.QueryRowContext(ctx, `SELECT booked_on, value_on, amount, title, counterparty, counterparty_account, payer_name,
			bank_reference, bank_statement, external_id, status FROM bank_credits WHERE coop_id = $1 AND id = $2`, by.CoopID, creditID).
			Scan(&c.BookedOn, &value, &c.Amount, &c.Title, &c.Counterparty, &c.CounterpartyAccount, &c.PayerName,
				&c.Reference, &c.Statement, &extID, &status); err != nil {
			return store.MapError(err)
		}
		if status != "unmatched" {
			return ErrAlreadyDecided
		}
		c.ValueOn = c.BookedOn
		if value != nil {
			c.ValueOn = *value
		}
		var premisesID int64
		if err := tx.QueryRowContext(ctx, `SELECT premises_id FROM accounts WHERE coop_id = $1 AND id = $2`, by.CoopID, accountID).Scan(&premisesID); err != nil {
			return store.MapError(err)
		}
		payer := c.PayerName
		if payer == "" {
			payer = plainName(c.Counterparty)
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_entries (coop_id, account_id, kind, booked_on, amount, description, external_id, created_at,
			bank_booked_on, payer_account, bank_reference, bank_statement)
			VALUES ($1, $2, 'payment', $3, $4, $5, $6, $7, $8, $9, $10, $11)`, by.CoopID, accountID, c.ValueOn, -c.Amount,
			PaymentDescription(payer, c.Title), extID, now, c.BookedOn, c.CounterpartyAccount, c.Reference, c.Statement); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE bank_credits SET status = 'assigned', account_id = $1, decided_by = $2, decided_at = $3
			WHERE coop_id = $4 AND id = $5`, accountID, nullID(by.UserID), now, by.CoopID, creditID); err != nil {
			return err
		}
		return audit.Append(ctx, tx, by.Did(now, audit.LedgerPosted, fmt.Sprintf("premises:%d", premisesID), map[string]string{"credit": fmt.Sprint(creditID), "amount": c.Amount.Plain(), "kind": "payment", "reason": "przypisanie wpłaty z wyciągu"}))
	})
}
