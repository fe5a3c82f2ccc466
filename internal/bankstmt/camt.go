package bankstmt

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/nrb"
	"golang.org/x/text/encoding/charmap"
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

// camtKind names the message an XML file's root element holds: "camt.053"
// for a statement, else the message named by the namespace or the first
// element under the root.
func camtKind(root xml.StartElement) string {
	ns := root.Name.Space
	if i := strings.Index(ns, "camt."); i >= 0 {
		kind := ns[i:]
		if len(kind) >= len("camt.000") {
			kind = kind[:len("camt.000")]
		}
		return kind
	}
	if root.Name.Local == "Document" && ns == "" {
		return "camt.053" // a bank that leaves the namespace out: the content decides
	}
	if ns != "" {
		return ns
	}
	return root.Name.Local
}

// camtStmt is a Stmt element, the fields ebok reads.
type camtStmt struct {
	Line                  int
	ID, Electronic, Legal string
	Account               camtAccount
	Balances              []camtBalance
	Entries               []camtEntry
}

// camtAccount is an account: an IBAN, or another identifier.
type camtAccount struct {
	IBAN  string `xml:"Id>IBAN"`
	Other string `xml:"Id>Othr>Id"`
	Ccy   string `xml:"Ccy"`
}

// number returns the account as an NRB, and its text when it is none.
func (a camtAccount) number() (nrb.Number, string) {
	text := strings.TrimSpace(a.IBAN)
	if text == "" {
		text = strings.TrimSpace(a.Other)
	}
	if text == "" {
		return "", ""
	}
	if n, err := nrb.Parse(text); err == nil {
		return n, text
	}
	return "", text
}

// camtAmount is an amount with its currency.
type camtAmount struct {
	Value string `xml:",chardata"`
	Ccy   string `xml:"Ccy,attr"`
}

// camtDate is a date given as Dt or DtTm.
type camtDate struct {
	Dt   string `xml:"Dt"`
	DtTm string `xml:"DtTm"`
}

// camtBalance is a Bal element.
type camtBalance struct {
	Code   string     `xml:"Tp>CdOrPrtry>Cd"`
	Amount camtAmount `xml:"Amt"`
	Mark   string     `xml:"CdtDbtInd"`
}

// camtEntry is an Ntry element; Line is where its start tag ends.
type camtEntry struct {
	Line     int        `xml:"-"`
	Amount   camtAmount `xml:"Amt"`
	Mark     string     `xml:"CdtDbtInd"`
	Reversal string     `xml:"RvslInd"`
	Status   struct {
		Text string `xml:",chardata"`
		Code string `xml:"Cd"`
	} `xml:"Sts"`
	Booked   camtDate     `xml:"BookgDt"`
	Value    camtDate     `xml:"ValDt"`
	Ref      string       `xml:"AcctSvcrRef"`
	EntryRef string       `xml:"NtryRef"`
	Details  []camtTxDtls `xml:"NtryDtls>TxDtls"`
	Info     string       `xml:"AddtlNtryInf"`
}

// camtParty is a debtor or creditor: its name and address lines, directly
// under it (.001.02) or under Pty (from .001.08).
type camtParty struct {
	Name     string   `xml:"Nm"`
	Address  []string `xml:"PstlAdr>AdrLine"`
	Street   string   `xml:"PstlAdr>StrtNm"`
	Building string   `xml:"PstlAdr>BldgNb"`
	Postcode string   `xml:"PstlAdr>PstCd"`
	Town     string   `xml:"PstlAdr>TwnNm"`
	Pty      *struct {
		Name     string   `xml:"Nm"`
		Address  []string `xml:"PstlAdr>AdrLine"`
		Street   string   `xml:"PstlAdr>StrtNm"`
		Building string   `xml:"PstlAdr>BldgNb"`
		Postcode string   `xml:"PstlAdr>PstCd"`
		Town     string   `xml:"PstlAdr>TwnNm"`
	} `xml:"Pty"`
}

// nameAddress returns the party's name and its address as one line.
func (c camtParty) nameAddress() (string, string) {
	name, lines := c.Name, c.Address
	street, building, postcode, town := c.Street, c.Building, c.Postcode, c.Town
	if c.Pty != nil {
		name, lines = c.Pty.Name, c.Pty.Address
		street, building, postcode, town = c.Pty.Street, c.Pty.Building, c.Pty.Postcode, c.Pty.Town
	}
	if len(lines) == 0 {
		lines = []string{strings.TrimSpace(street + " " + building), strings.TrimSpace(postcode + " " + town)}
	}
	return collapseSpace(name), collapseSpace(strings.Join(lines, " "))
}

// camtTxDtls is a TxDtls element.
type camtTxDtls struct {
	EndToEnd   string      `xml:"Refs>EndToEndId"`
	Ref        string      `xml:"Refs>AcctSvcrRef"`
	Debtor     camtParty   `xml:"RltdPties>Dbtr"`
	DebtorAcct camtAccount `xml:"RltdPties>DbtrAcct"`
	Creditor   camtParty   `xml:"RltdPties>Cdtr"`
	CredAcct   camtAccount `xml:"RltdPties>CdtrAcct"`
	Remittance []string    `xml:"RmtInf>Ustrd"`
	Structured []string    `xml:"RmtInf>Strd>CdtrRefInf>Ref"`
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
	var opening, closing *camtBalance
	for i := range s.Balances {
		b := &s.Balances[i]
		switch strings.TrimSpace(b.Code) {
		case "OPBD":
			opening = b
		case "PRCD":
			if opening == nil {
				opening = b
			}
		case "CLBD":
			closing = b
		}
	}
	if opening == nil {
		p.add(line, KeyCAMTNoOpening)
	}
	if closing == nil {
		p.add(line, KeyCAMTNoClosing)
	}
	for _, b := range [...]*camtBalance{opening, closing} {
		if b == nil {
			continue
		}
		a, err := camtSigned(b.Amount, b.Mark, "")
		if err != nil {
			p.addErr(line, err)
			continue
		}
		if b == opening {
			st.Opening = a
		} else {
			st.Closing = a
		}
		if st.Currency == "" {
			st.Currency = strings.TrimSpace(b.Amount.Ccy)
		}
	}
	if st.Currency == "" {
		st.Currency = strings.TrimSpace(s.Account.Ccy)
	}
	var extra []string
	for _, e := range s.Entries {
		if status := strings.TrimSpace(firstOf(e.Status.Code, e.Status.Text)); status != "" && status != "BOOK" {
			continue
		}
		tx, err := e.transaction(account)
		if err != nil {
			p.addErr(e.Line, err)
			continue
		}
		st.Transactions = append(st.Transactions, tx)
		extra = append(extra, e.identityText())
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

// transaction converts a booked entry of the statement of account.
func (e camtEntry) transaction(account nrb.Number) (Transaction, error) {
	tx := Transaction{Line: e.Line, Accounts: []nrb.Number{account}}
	amount, err := camtSigned(e.Amount, e.Mark, e.Reversal)
	if err != nil {
		return tx, err
	}
	if amount == 0 {
		return tx, bad(KeyAmountZero)
	}
	tx.Amount = amount
	if tx.BookedOn, err = e.Booked.date(); err != nil {
		return tx, err
	}
	if tx.ValueOn, err = e.Value.date(); err != nil {
		return tx, err
	}
	switch {
	case tx.BookedOn.IsZero() && tx.ValueOn.IsZero():
		return tx, bad(KeyCSVNoDate)
	case tx.BookedOn.IsZero():
		tx.BookedOn = tx.ValueOn
	case tx.ValueOn.IsZero():
		tx.ValueOn = tx.BookedOn
	}
	tx.Reference = meaningfulRef(e.Ref)
	var titles []string
	for _, d := range e.Details {
		if tx.Reference == "" {
			tx.Reference = meaningfulRef(firstOf(d.Ref, d.EndToEnd))
		}
		titles = append(titles, d.Remittance...)
		titles = append(titles, d.Structured...)
		party, partyAccount := d.Debtor, d.DebtorAcct
		if amount < 0 {
			party, partyAccount = d.Creditor, d.CredAcct
		}
		if tx.Counterparty == "" {
			name, address := party.nameAddress()
			tx.PayerName, tx.PayerAddress = name, address
			tx.Counterparty = collapseSpace(name + " " + address)
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
		if amount > 0 {
			if n, _ := d.CredAcct.number(); n != "" {
				tx.Credited = append(tx.Credited, n)
			}
		}
	}
	tx.Title = collapseSpace(strings.Join(titles, " "))
	if tx.Title == "" {
		tx.Title = collapseSpace(e.Info)
	}
	for _, text := range [...]string{tx.Title, e.Info} {
		tx.Accounts = append(tx.Accounts, FindAccounts(text)...)
	}
	tx.Credited = uniqueAccounts(append(tx.Credited, account))
	tx.Accounts = uniqueAccounts(tx.Accounts)
	return tx, nil
}

// identityText is the entry's text, beyond the exported fields, that tells
// it apart from similar entries when the bank gave no reference.
func (e camtEntry) identityText() string {
	key := identityKey(e.EntryRef) + "|" + identityKey(e.Info)
	for _, d := range e.Details {
		key += "|" + identityKey(d.EndToEnd+" "+strings.Join(d.Remittance, " "))
	}
	return key
}

// date returns the date, or the zero Date when none is given.
func (c camtDate) date() (civil.Date, error) {
	s := strings.TrimSpace(firstOf(c.Dt, c.DtTm))
	if s == "" {
		return civil.Date{}, nil
	}
	if len(s) < len("2006-01-02") || (len(s) > len("2006-01-02") && s[10] != 'T' && s[10] != '+' && s[10] != 'Z') {
		return civil.Date{}, bad(KeyCSVDate, q(s))
	}
	d, err := civil.ParseISO(s[:10])
	if err != nil || d.Year < 1980 || d.Year > 2079 {
		return civil.Date{}, bad(KeyCSVDate, q(s))
	}
	return d, nil
}

// camtSigned returns an amount with its credit or debit mark as a signed
// amount (a reversal counts the other way). Only PLN is accepted: a
// cooperative's residents pay in złoty.
func camtSigned(a camtAmount, mark, reversal string) (money.Amount, error) {
	if ccy := strings.TrimSpace(a.Ccy); ccy != "" && ccy != "PLN" {
		return 0, bad(KeyCurrency, q(ccy))
	}
	v := strings.TrimSpace(a.Value)
	if i := strings.IndexByte(v, '.'); i >= 0 && len(v)-i-1 > 2 {
		// ISO 20022 allows five decimals; a złoty amount has two.
		if strings.Trim(v[i+3:], "0") != "" {
			return 0, bad(KeyCSVAmount, q(v))
		}
		v = v[:i+3]
	}
	if strings.HasPrefix(v, "-") || strings.Contains(v, ",") || len(v) > 18 {
		return 0, bad(KeyCSVAmount, q(a.Value))
	}
	amount, err := money.ParsePlain(v)
	if err != nil {
		return 0, bad(KeyCSVAmount, q(a.Value))
	}
	switch strings.TrimSpace(mark) {
	case "CRDT":
	case "DBIT":
		amount = -amount
	default:
		return 0, bad(KeyCAMTMark, q(mark))
	}
	if strings.TrimSpace(reversal) == "true" {
		amount = -amount
	}
	return amount, nil
}

// firstOf returns the first of values that is not blank, trimmed.
func firstOf(values ...string) string {
	for _, v := range values {
		if s := strings.TrimSpace(v); s != "" {
			return s
		}
	}
	return ""
}

// lineOf returns the line the decoder has read to.
func lineOf(d *xml.Decoder) int {
	line, _ := d.InputPos()
	return line
}

// xmlErrorLine returns the line of an XML syntax error, or where the
// decoder stopped.
func xmlErrorLine(err error, d *xml.Decoder) int {
	var syntax *xml.SyntaxError
	if errors.As(err, &syntax) {
		return syntax.Line
	}
	return lineOf(d)
}

// xmlErrorText returns what is wrong, without the line (the problem has it).
func xmlErrorText(err error) string {
	var syntax *xml.SyntaxError
	if errors.As(err, &syntax) {
		return syntax.Msg
	}
	return err.Error()
}

// xmlCharset decodes the 8-bit character sets a Polish bank may declare in
// the XML declaration, and names the one it chose.
func xmlCharset(label string, in io.Reader) (io.Reader, string, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "windows-1250", "cp1250", "x-cp1250":
		return charmap.Windows1250.NewDecoder().Reader(in), CharsetWindows1250, nil
	case "iso-8859-2", "iso8859-2", "latin2":
		return charmap.ISO8859_2.NewDecoder().Reader(in), CharsetISO88592, nil
	case "us-ascii", "ascii":
		return in, CharsetASCII, nil
	}
	return nil, "", fmt.Errorf("character set %q is not supported", label)
}
