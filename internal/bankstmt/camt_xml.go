package bankstmt

import (
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

// camtParty is a debtor or creditor: its name and address, directly under
// it (.001.02) or under Pty (from .001.08).
type camtParty struct {
	camtPartyFields
	Pty *camtPartyFields `xml:"Pty"`
}

// camtPartyFields are a party's name and postal address: address lines, or
// street, building, postcode and town.
type camtPartyFields struct {
	Name     string   `xml:"Nm"`
	Address  []string `xml:"PstlAdr>AdrLine"`
	Street   string   `xml:"PstlAdr>StrtNm"`
	Building string   `xml:"PstlAdr>BldgNb"`
	Postcode string   `xml:"PstlAdr>PstCd"`
	Town     string   `xml:"PstlAdr>TwnNm"`
}

// nameAddress returns the party's name and its address as one line.
func (c camtParty) nameAddress() (string, string) {
	f := c.camtPartyFields
	if c.Pty != nil {
		f = *c.Pty
	}
	lines := f.Address
	if len(lines) == 0 {
		lines = []string{strings.TrimSpace(f.Street + " " + f.Building), strings.TrimSpace(f.Postcode + " " + f.Town)}
	}
	return collapseSpace(f.Name), collapseSpace(strings.Join(lines, " "))
}

// camtTxDtls is a TxDtls element.
type camtTxDtls struct {
	Amount     camtAmount  `xml:"Amt"`
	TxAmount   camtAmount  `xml:"AmtDtls>TxAmt>Amt"`
	EndToEnd   string      `xml:"Refs>EndToEndId"`
	Ref        string      `xml:"Refs>AcctSvcrRef"`
	Debtor     camtParty   `xml:"RltdPties>Dbtr"`
	DebtorAcct camtAccount `xml:"RltdPties>DbtrAcct"`
	Creditor   camtParty   `xml:"RltdPties>Cdtr"`
	CredAcct   camtAccount `xml:"RltdPties>CdtrAcct"`
	Remittance []string    `xml:"RmtInf>Ustrd"`
	Structured []string    `xml:"RmtInf>Strd>CdtrRefInf>Ref"`
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
// amount (a reversal counts the other way). It must be in the account's
// currency, with at most two decimals that are not zero: the importer
// takes residents' payments in złoty only, and skips or refuses statements
// of accounts in other currencies.
func camtSigned(a camtAmount, currency, mark, reversal string) (money.Amount, error) {
	if ccy := strings.TrimSpace(a.Ccy); ccy != "" && ccy != currency {
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
	if strings.HasPrefix(v, "-") || strings.Contains(v, ",") {
		return 0, bad(KeyCSVAmount, q(a.Value))
	}
	if whole, _, _ := strings.Cut(strings.TrimLeft(v, "0"), "."); len(whole) > 12 {
		// As MT940's 15 characters allow: sums over an account stay far
		// from overflowing.
		return 0, bad(KeyAmountLarge, q(a.Value))
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
