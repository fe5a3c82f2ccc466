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
	"unicode"
	"unicode/utf8"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/bankstmt"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/nrb"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/text"
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
	// Skipped lists the statements of the cooperative's other declared
	// accounts (another currency, savings) that were left out.
	Skipped []SkippedStatement
}

// SkippedStatement is a statement of a declared account that takes no
// residents' payments.
type SkippedStatement struct {
	Line    int
	Account nrb.Number
	Note    string
}

// maxBankFile bounds a statement file (a year of a large cooperative's
// credits fits easily).
const maxBankFile = 64 << 20

// ErrBankFileTooLarge: the file is larger than a statement can be.
var ErrBankFileTooLarge = errors.New("ledger: bank statement file too large")

// ImportBank reads a bank statement (MT940, or the banks' CSV export) and
// posts each credit as a payment, dated by its value date, to the premises
// whose virtual account was credited: the account named in the entry's
// details, in NA RACH. or ~60 to ~63, a sub-account in :25:, or mBank's
// IPH identifier. An account in the title or the payer's own account never
// decides. Credits naming no virtual account go to the queue for staff.
//
// Every statement must be of one of the cooperative's accounts: its main
// account, a declared account or a premises' virtual account. Statements of
// declared accounts that take no residents' payments are skipped and
// listed; one of an unknown account refuses the whole file. A malformed or
// refused file posts and queues nothing, and the error (a
// *bankstmt.ParseError) names the lines. Importing the same statement twice
// posts nothing twice.
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
	switch {
	case looksLikeXML(data):
		res.Format, parse = "camt.053", bankstmt.ParseCAMT053
	case !looksLikeMT940(data):
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
	own, err := s.ownAccounts(ctx, by.CoopID)
	if err != nil {
		return nil, err
	}
	var take []bankstmt.Statement
	for _, st := range statements {
		ok, err := own.admit(st, accounts, res)
		if err != nil {
			return nil, err
		}
		if ok {
			take = append(take, st)
		}
	}
	sum := sha256.Sum256(data)
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		return s.bookStatements(ctx, tx, by, filename, sum, take, accounts, res)
	})
	if err != nil {
		return nil, fmt.Errorf("ledger: import %s: %w", filename, err)
	}
	return res, nil
}

// bookStatements records the import, books every credit of the admitted
// statements, completes the import's counts and appends its audit entry,
// all in tx.
func (s *Service) bookStatements(ctx context.Context, tx *store.Tx, by audit.Actor, filename string, sum [sha256.Size]byte,
	take []bankstmt.Statement, accounts *accountIndex, res *BankResult) error {
	if err := tx.QueryRowContext(ctx, `INSERT INTO imports (coop_id, kind, filename, sha256, rows_total, rows_new, rows_known, created_by, created_at)
		VALUES ($1, 'bank', $2, $3, 0, 0, 0, $4, $5) RETURNING id`,
		by.CoopID, filename, hex.EncodeToString(sum[:]), nullID(by.UserID), s.now()).Scan(&res.ImportID); err != nil {
		return err
	}
	for _, st := range take {
		for _, t := range st.Transactions {
			if t.Amount <= 0 {
				continue
			}
			res.Credits++
			if err := s.bookCredit(ctx, tx, by.CoopID, res, accounts, st, t); err != nil {
				return fmt.Errorf("line %d: %w", t.Line, err)
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE imports SET rows_total = $1, rows_new = $2, rows_known = $3 WHERE id = $4`,
		res.Credits, res.Posted+res.Unmatched, res.Known, res.ImportID); err != nil {
		return err
	}
	return audit.Append(ctx, tx, by.Did(s.now(), audit.LedgerImported, fmt.Sprintf("import:%d", res.ImportID), map[string]string{"file": filename, "format": res.Format, "credits": fmt.Sprint(res.Credits),
		"posted": fmt.Sprint(res.Posted), "unmatched": fmt.Sprint(res.Unmatched), "skipped": fmt.Sprint(len(res.Skipped))}))
}

// ownAccountSet is the cooperative's own accounts by NRB: true for those
// that take residents' payments.
type ownAccountSet struct {
	payments map[nrb.Number]bool
	notes    map[nrb.Number]string
}

// ownAccounts loads the cooperative's main account and declared accounts.
func (s *Service) ownAccounts(ctx context.Context, coopID int64) (*ownAccountSet, error) {
	set := &ownAccountSet{payments: map[nrb.Number]bool{}, notes: map[nrb.Number]string{}}
	var main string
	if err := s.DB.Read().QueryRowContext(ctx, `SELECT bank_account FROM cooperatives WHERE id = $1`, coopID).Scan(&main); err != nil {
		return nil, fmt.Errorf("ledger: cooperative account: %w", err)
	}
	if n, err := nrb.Parse(main); err == nil {
		set.payments[n] = true
	}
	list, err := s.BankAccounts(ctx, coopID)
	if err != nil {
		return nil, err
	}
	for _, a := range list {
		set.payments[a.NRB] = a.Purpose == PurposePayments
		set.notes[a.NRB] = a.Note
	}
	return set, nil
}

// admit decides about one statement: true to import it, false to skip it
// (listed in res), or a refusal for an account that is not the
// cooperative's or a payments account not in PLN.
func (o *ownAccountSet) admit(st bankstmt.Statement, ix *accountIndex, res *BankResult) (bool, error) {
	if st.Account == "" {
		return true, nil // a CSV export that does not name its account
	}
	payments, declared := o.payments[st.Account]
	if _, virtual := ix.byNRB[string(st.Account)]; virtual {
		payments, declared = true, true
	}
	switch {
	case !declared:
		return false, bankstmt.Refusal(st.Line, bankstmt.KeyUnknownAccount, st.Account.Format())
	case !payments:
		res.Skipped = append(res.Skipped, SkippedStatement{Line: st.Line, Account: st.Account, Note: o.notes[st.Account]})
		return false, nil
	case st.Currency != "" && st.Currency != "PLN":
		return false, bankstmt.Refusal(st.Line, bankstmt.KeyNotPLN, st.Account.Format(), st.Currency)
	}
	return true, nil
}

// creditedAccount finds the premises account a credit was paid to: the
// first of its credited accounts that is a premises' virtual account, or
// else the one whose virtual account ends with the mBank IPH identifier.
func (ix *accountIndex) creditedAccount(t bankstmt.Transaction) int64 {
	for _, n := range t.Credited {
		if id, ok := ix.byNRB[string(n)]; ok {
			return id
		}
	}
	if id := ix.byPayerID(t.PayerID); id != 0 {
		return id
	}
	return 0
}

// minPayerIDDigits is the shortest IPH identifier matched: fewer digits
// could end more than one virtual account by chance.
const minPayerIDDigits = 6

// byPayerID returns the account whose virtual NRB ends with the digits of
// an mBank IPH identifier ("XX000000000017"), if exactly one does.
func (ix *accountIndex) byPayerID(id string) int64 {
	digits := strings.TrimLeftFunc(id, func(r rune) bool { return r < '0' || r > '9' })
	if len(digits) < minPayerIDDigits || len(digits) > nrb.Length-10 || !text.Digits(digits) {
		return 0
	}
	var found int64
	for n, acc := range ix.byNRB {
		if strings.HasSuffix(n, digits) {
			if found != 0 {
				return 0
			}
			found = acc
		}
	}
	return found
}

// statementLabel names a statement for staff: its number and account.
func statementLabel(st bankstmt.Statement) string {
	parts := []string{}
	if st.Number != "" {
		parts = append(parts, st.Number)
	}
	if st.Account != "" {
		parts = append(parts, st.Account.Format())
	}
	return strings.Join(parts, " · ")
}

// bookCredit posts one credit to its premises, or queues it.
func (s *Service) bookCredit(ctx context.Context, tx *store.Tx, coopID int64, res *BankResult, ix *accountIndex, st bankstmt.Statement, t bankstmt.Transaction) error {
	extID := "bank:" + t.ExternalID
	account := ix.creditedAccount(t)
	now := s.now()
	payer := payerName(t)
	label := statementLabel(st)
	var added bool
	var err error
	if account == 0 {
		added, err = insertNew(ctx, tx, `INSERT INTO bank_credits (coop_id, import_id, external_id, booked_on, value_on, amount, title, counterparty,
			counterparty_account, payer_name, bank_reference, bank_statement, status, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'unmatched', $13)
			ON CONFLICT (coop_id, external_id) DO NOTHING`,
			coopID, res.ImportID, extID, t.BookedOn, t.ValueOn, t.Amount, t.Title, t.Counterparty, t.CounterpartyAccount,
			payer, t.Reference, label, now)
	} else {
		added, err = insertNew(ctx, tx, `INSERT INTO ledger_entries (coop_id, account_id, kind, booked_on, amount, description, external_id, created_at,
			bank_booked_on, payer_account, bank_reference, bank_statement)
			VALUES ($1, $2, 'payment', $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (coop_id, external_id) WHERE external_id IS NOT NULL DO NOTHING`,
			coopID, account, t.ValueOn, -t.Amount, PaymentDescription(payer, t.Title), extID, now,
			t.BookedOn, t.CounterpartyAccount, t.Reference, label)
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

// payerName is the payer's name in plain words.
func payerName(t bankstmt.Transaction) string {
	name := t.PayerName
	if name == "" {
		name = t.Counterparty
	}
	return plainName(name)
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

// maxDescription bounds a payment's description in bytes.
const maxDescription = 500

// PaymentDescription is the description of a payment from a bank statement:
// the payer's name and the title in plain words, "Jan Kowalski — opłaty za
// lokal 4/24, październik 2026", which residents and staff read after the
// kind ("Wpłata: Jan Kowalski — …"). A title the bank wrote in capitals is
// put in lower case.
func PaymentDescription(payer, title string) string {
	title = plainTitle(title)
	if title == "" {
		title = "przelew bez tytułu"
	}
	d := title
	if payer = strings.TrimSpace(payer); payer != "" {
		d = payer + " — " + title
	}
	if len(d) > maxDescription {
		cut := maxDescription
		for cut > 0 && !utf8.RuneStart(d[cut]) {
			cut--
		}
		d = d[:cut]
	}
	return d
}

// plainTitle writes a title banks keep in capitals ("OPŁATY ZA LOKAL 4/24")
// in lower case; a title with any lower-case letter is kept as written.
func plainTitle(title string) string {
	title = strings.Join(strings.Fields(title), " ")
	if title != strings.ToUpper(title) {
		return title
	}
	return strings.ToLower(title)
}

// plainName writes a name in capitals ("JAN KOWALSKI") with capital
// initials ("Jan Kowalski"); words with dots or digits ("SP.", "O.O.") and
// names written in mixed case are kept.
func plainName(name string) string {
	name = strings.Join(strings.Fields(name), " ")
	if name != strings.ToUpper(name) {
		return name
	}
	words := strings.Fields(name)
	for i, w := range words {
		if strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) >= 0 {
			continue
		}
		lower := []rune(strings.ToLower(w))
		for j := range lower {
			if j == 0 || lower[j-1] == '-' {
				lower[j] = unicode.ToUpper(lower[j])
			}
		}
		words[i] = string(lower)
	}
	return strings.Join(words, " ")
}

// looksLikeXML reports whether the file is an XML document (an ISO 20022
// statement, camt.053): after a byte order mark and white space it starts
// with an XML declaration or with a Document element, with or without a
// namespace prefix ("<ns2:Document").
func looksLikeXML(b []byte) bool {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	b = bytes.TrimLeft(b, " \t\r\n")
	if bytes.HasPrefix(b, []byte("<?xml")) {
		return true
	}
	if !bytes.HasPrefix(b, []byte("<")) {
		return false
	}
	name := b[1:]
	if i := bytes.IndexAny(name, " \t\r\n>"); i >= 0 {
		name = name[:i]
	}
	return bytes.HasSuffix(name, []byte("Document")) && !bytes.ContainsAny(name, "<&\"'")
}

// looksLikeMT940 tells an MT940 file from a CSV export by its tags: a line
// in the first 4 KB that starts with ":20:", ":25:" or the SWIFT block
// "{1:". A tag inside a line does not count, since CSV cells hold times of
// day ("12:20:33").
func looksLikeMT940(b []byte) bool {
	head := b[:min(len(b), 4096)]
	for _, line := range bytes.FieldsFunc(head, func(r rune) bool { return r == '\n' || r == '\r' }) {
		line = bytes.TrimLeft(line, " \t\x00\x01\x03\x1a\xef\xbb\xbf")
		for _, tag := range [...]string{":20:", ":25:", "{1:"} {
			if bytes.HasPrefix(line, []byte(tag)) {
				return true
			}
		}
	}
	return false
}
