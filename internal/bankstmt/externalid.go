package bankstmt

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/nrb"
)

// placeholderRefs are references banks print when they have none. They
// are compared case-insensitively.
var placeholderRefs = [...]string{"NONREF", "NOREF", "NONE", "BRAK", "-"}

// meaningfulRef returns ref trimmed, or "" if it identifies no entry: a
// placeholder, zeros only (as in "00000000000"), or an account number, which
// some banks print where the owner's reference goes and which all payments
// to that account share.
func meaningfulRef(ref string) string {
	ref = strings.TrimSpace(ref)
	if strings.Trim(ref, "0") == "" || len(FindAccounts(ref)) > 0 {
		return ""
	}
	for _, p := range placeholderRefs {
		if strings.EqualFold(ref, p) {
			return ""
		}
	}
	return ref
}

// assignExternalIDs sets ExternalID on every transaction of one statement
// of account. extra[i] is further line-independent text of transaction i
// (such as the whole :86: field) to tell apart payments without a
// reference.
//
// With a bank reference the ID is "ref:<account>:<booking date>:<grosze>:
// <reference>"; the date and amount are kept so that a bank reusing a short
// reference on another day can never make a new payment look like one
// already imported. Without a reference it is "sha256:" and the hex digest of
// the statement account, both dates, the amount, the sorted Accounts and the
// title, counterparty, counterparty account and extra text reduced by
// identityKey, so neither the charset, the line endings, the wrapping of
// long text nor stripped diacritics change it. The second and later
// transactions of a statement with the same ID (the same person paying the
// same amount with the same title twice a day) get "#2", "#3" and so on
// appended, counted in file order.
func assignExternalIDs(account nrb.Number, txs []Transaction, extra []string) {
	seen := make(map[string]int)
	for i := range txs {
		tx := &txs[i]
		id := baseExternalID(account, tx, extra[i])
		seen[id]++
		if n := seen[id]; n > 1 {
			id += "#" + strconv.Itoa(n)
		}
		tx.ExternalID = id
	}
}

// baseExternalID is the ExternalID of tx before repeats are numbered.
func baseExternalID(account nrb.Number, tx *Transaction, extra string) string {
	grosze := strconv.FormatInt(tx.Amount.Grosze(), 10)
	if tx.Reference != "" {
		return "ref:" + string(account) + ":" + tx.BookedOn.String() + ":" + grosze + ":" + tx.Reference
	}
	accounts := make([]string, len(tx.Accounts))
	for i, n := range tx.Accounts {
		accounts[i] = string(n)
	}
	slices.Sort(accounts)
	parts := []string{
		"v1",
		string(account),
		tx.BookedOn.String(),
		tx.ValueOn.String(),
		grosze,
		strings.Join(accounts, ","),
		identityKey(tx.Title),
		identityKey(tx.Counterparty),
		identityKey(tx.CounterpartyAccount),
		identityKey(extra),
	}
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x1f")))
	return "sha256:" + hex.EncodeToString(sum[:])
}
