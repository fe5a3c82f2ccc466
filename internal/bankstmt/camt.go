package bankstmt

import (
	"bytes"
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/nrb"
)

// FormatCAMT053 marks a statement read by ParseCAMT053.
const FormatCAMT053 = "camt.053"

// ParseCAMT053 reads an ISO 20022 bank-to-customer statement (camt.053, any
// version from .001.02 on), as Polish banks export it besides MT940: every
// statement (Stmt) of the file, or, if anything is wrong, no statements and
// a *ParseError naming the lines. Elements are matched by their local names,
// so the version's namespace does not matter. An intraday report (camt.052)
// or a notification (camt.054) is refused with a message saying what it is.
//
// Of a statement it reads the account (Acct/Id/IBAN, or Othr/Id holding an
// NRB), the number (LglSeqNb, else ElctrncSeqNb, else Id), the booked
// opening balance (OPBD, else PRCD) and closing balance (CLBD), and every
// booked entry (Sts BOOK; pending and informational ones are skipped):
// amount and CRDT/DBIT (a reversal, RvslInd true, counts the other way, as
// MT940's RC and RD), booking and value dates (Dt or DtTm), the bank's
// reference (AcctSvcrRef, else the transaction's EndToEndId), and of the
// transaction details the debtor's name and address, the debtor's and the
// creditor's accounts and the unstructured remittance (Ustrd) as the title.
// The credited accounts are the creditor's account and the statement's;
// the debtor's account is the counterparty's. The closing balance must be
// the opening balance plus the booked entries.
func ParseCAMT053(r io.Reader) ([]Statement, error) {
	raw, err := readInput(r)
	if err != nil {
		return nil, err
	}
	var p problems
	d := xml.NewDecoder(bytes.NewReader(raw))
	charset := CharsetUTF8
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		r, name, err := xmlCharset(label, in)
		charset = name
		return r, err
	}
	var out []Statement
	root := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			p.add(xmlErrorLine(err, d), KeyCAMTSyntax, q(xmlErrorText(err)))
			return nil, p.err()
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if !root {
			root = true
			if kind := camtKind(start); kind != "camt.053" {
				p.add(lineOf(d), KeyCAMTOther, q(kind))
				return nil, p.err()
			}
			continue
		}
		if start.Name.Local != "Stmt" {
			continue
		}
		s, err := readStmt(d, lineOf(d))
		if err != nil {
			p.add(xmlErrorLine(err, d), KeyCAMTSyntax, q(xmlErrorText(err)))
			return nil, p.err()
		}
		if st, ok := s.statement(charset, &p); ok {
			out = append(out, st)
		}
	}
	if !root {
		p.add(0, KeyCAMTSyntax, q("no element"))
	} else if len(out) == 0 && len(p) == 0 {
		p.add(0, KeyCAMTNoStatement)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// readStmt reads the elements of a Stmt whose start tag ended at line,
// noting the line of each entry.
func readStmt(d *xml.Decoder, line int) (camtStmt, error) {
	s := camtStmt{Line: line}
	for {
		tok, err := d.Token()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return s, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return s, nil
		case xml.StartElement:
			var dst any
			switch t.Name.Local {
			case "Id":
				dst = &s.ID
			case "ElctrncSeqNb":
				dst = &s.Electronic
			case "LglSeqNb":
				dst = &s.Legal
			case "Acct":
				dst = &s.Account
			case "Bal":
				s.Balances = append(s.Balances, camtBalance{})
				dst = &s.Balances[len(s.Balances)-1]
			case "Ntry":
				s.Entries = append(s.Entries, camtEntry{Line: lineOf(d)})
				dst = &s.Entries[len(s.Entries)-1]
			default:
				if err := d.Skip(); err != nil {
					return s, err
				}
				continue
			}
			if err := d.DecodeElement(dst, &t); err != nil {
				return s, err
			}
		}
	}
}

// statement checks s and converts it, reporting problems to p.
func (s camtStmt) statement(charset string, p *problems) (Statement, bool) {
	before, line := len(*p), s.Line
	st := Statement{Line: line, Format: FormatCAMT053, Charset: charset, Number: firstOf(s.Legal, s.Electronic, s.ID)}
	account, text := s.Account.number()
	switch {
	case text == "":
		p.add(line, KeyCAMTNoAccount)
	case account == "":
		p.add(line, KeyAccountBad, q(text))
	}
	st.Account = account
	st.Currency = firstOf(s.Account.Ccy, "PLN")
	st.Opening, st.Closing = s.balances(st.Currency, p)
	var extra []string
	for _, e := range s.Entries {
		if status := strings.TrimSpace(firstOf(e.Status.Code, e.Status.Text)); status != "" && status != "BOOK" {
			continue
		}
		txs, err := e.transactions(account, st.Currency)
		if err != nil {
			p.addErr(e.Line, err)
			continue
		}
		st.Transactions = append(st.Transactions, txs...)
		for i := range txs {
			extra = append(extra, e.identityText(len(txs) > 1, i))
		}
	}
	if len(*p) > before {
		return Statement{}, false
	}
	assignExternalIDs(st.Account, st.Transactions, extra)
	if err := checkBalance(st); err != nil {
		p.addErr(line, err)
		return Statement{}, false
	}
	return st, true
}

// balances returns the statement's booked opening balance (OPBD, else the
// previous closing one, PRCD) and its closing balance (CLBD), both in
// currency, reporting what is missing or wrong to p.
func (s camtStmt) balances(currency string, p *problems) (opening, closing money.Amount) {
	var first, last *camtBalance
	for i := range s.Balances {
		switch b := &s.Balances[i]; strings.TrimSpace(b.Code) {
		case "OPBD":
			first = b
		case "PRCD":
			if first == nil {
				first = b
			}
		case "CLBD":
			last = b
		}
	}
	read := func(b *camtBalance, missing string) money.Amount {
		if b == nil {
			p.add(s.Line, missing)
			return 0
		}
		a, err := camtSigned(b.Amount, currency, b.Mark, "")
		if err != nil {
			p.addErr(s.Line, err)
		}
		return a
	}
	return read(first, KeyCAMTNoOpening), read(last, KeyCAMTNoClosing)
}

// transactions converts a booked entry of the statement of account, kept
// in currency: one transaction, or, for a batch booking whose transaction
// details each carry an amount and add up to the entry's, one per detail.
func (e camtEntry) transactions(account nrb.Number, currency string) ([]Transaction, error) {
	amount, err := camtSigned(e.Amount, currency, e.Mark, e.Reversal)
	if err != nil {
		return nil, err
	}
	if amount == 0 {
		return nil, bad(KeyAmountZero)
	}
	base := Transaction{Line: e.Line, Amount: amount}
	if base.BookedOn, err = e.Booked.date(); err != nil {
		return nil, err
	}
	if base.ValueOn, err = e.Value.date(); err != nil {
		return nil, err
	}
	switch {
	case base.BookedOn.IsZero() && base.ValueOn.IsZero():
		return nil, bad(KeyCSVNoDate)
	case base.BookedOn.IsZero():
		base.BookedOn = base.ValueOn
	case base.ValueOn.IsZero():
		base.ValueOn = base.BookedOn
	}
	parts := e.batch(amount, currency)
	if parts == nil {
		tx := base
		tx.fill(account, camtRef(e.Ref), e.Info, e.Details)
		return []Transaction{tx}, nil
	}
	out := make([]Transaction, len(parts))
	for i, d := range e.Details {
		out[i] = base
		out[i].Amount = parts[i]
		out[i].fill(account, firstOf(camtRef(d.Ref), camtRef(d.EndToEnd), camtRef(e.Ref)), "", e.Details[i:i+1])
	}
	return out, nil
}

// batch returns the signed amounts of the entry's transaction details when
// there are two or more, each with an amount in currency, adding up to
// amount; nil otherwise.
func (e camtEntry) batch(amount money.Amount, currency string) []money.Amount {
	if len(e.Details) < 2 {
		return nil
	}
	parts := make([]money.Amount, len(e.Details))
	var sum money.Amount
	for i, d := range e.Details {
		a := d.Amount
		if strings.TrimSpace(a.Value) == "" {
			a = d.TxAmount
		}
		mark := "CRDT"
		if amount < 0 {
			mark = "DBIT"
		}
		part, err := camtSigned(a, currency, mark, "")
		if err != nil || part == 0 || part.Abs() > amount.Abs() {
			return nil
		}
		parts[i] = part
		sum += part
	}
	if sum != amount {
		return nil
	}
	return parts
}

// fill sets what the transaction details say of tx, booked on the
// statement of account: the reference (ref, else the details'), payer or
// payee, the counterparty's account, the title (else info) and the
// accounts.
func (tx *Transaction) fill(account nrb.Number, ref, info string, details []camtTxDtls) {
	tx.Reference = ref
	tx.Accounts = []nrb.Number{account}
	var titles []string
	for _, d := range details {
		if tx.Reference == "" {
			tx.Reference = firstOf(camtRef(d.Ref), camtRef(d.EndToEnd))
		}
		titles = append(titles, d.Remittance...)
		titles = append(titles, d.Structured...)
		party, partyAccount := d.Debtor, d.DebtorAcct
		if tx.Amount < 0 {
			party, partyAccount = d.Creditor, d.CredAcct
		}
		if tx.Counterparty == "" {
			tx.PayerName, tx.PayerAddress = party.nameAddress()
			tx.Counterparty = collapseSpace(tx.PayerName + " " + tx.PayerAddress)
		}
		if tx.CounterpartyAccount == "" {
			n, text := partyAccount.number()
			tx.CounterpartyAccount = firstOf(string(n), text)
		}
		for _, a := range [...]camtAccount{d.DebtorAcct, d.CredAcct} {
			if n, _ := a.number(); n != "" {
				tx.Accounts = append(tx.Accounts, n)
			}
		}
		if n, _ := d.CredAcct.number(); n != "" && tx.Amount > 0 {
			tx.Credited = append(tx.Credited, n)
		}
	}
	tx.Title = collapseSpace(strings.Join(titles, " "))
	if tx.Title == "" {
		tx.Title = collapseSpace(info)
	}
	for _, text := range [...]string{tx.Title, info} {
		tx.Accounts = append(tx.Accounts, FindAccounts(text)...)
	}
	tx.Credited = uniqueAccounts(append(tx.Credited, account))
	tx.Accounts = uniqueAccounts(tx.Accounts)
}

// camtRef returns a reference that identifies an entry, or "": besides
// what meaningfulRef drops, ISO 20022's "NOTPROVIDED".
func camtRef(ref string) string {
	if strings.EqualFold(strings.TrimSpace(ref), "NOTPROVIDED") {
		return ""
	}
	return meaningfulRef(ref)
}

// identityText is the entry's text, beyond the exported fields, that tells
// it apart from similar entries when the bank gave no reference: of all its
// details, or of detail i of a batch.
func (e camtEntry) identityText(batch bool, i int) string {
	key := identityKey(e.EntryRef) + "|" + identityKey(e.Info)
	details := e.Details
	if batch {
		key += "|" + strconv.Itoa(i)
		details = details[i : i+1]
	}
	for _, d := range details {
		key += "|" + identityKey(d.EndToEnd+" "+strings.Join(d.Remittance, " "))
	}
	return key
}
