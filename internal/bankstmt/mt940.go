package bankstmt

import (
	"io"
	"strings"

	"github.com/ebok/ebok/internal/nrb"
)

// ParseMT940 reads a file of MT940 statements as Polish banks produce them
// (see the package documentation for what is accepted). It returns every
// statement in the file, or, if anything in the file is wrong, no statements
// and a *ParseError listing every offending line.
func ParseMT940(r io.Reader) ([]Statement, error) {
	raw, err := readInput(r)
	if err != nil {
		return nil, err
	}
	text, charset := decodeText(raw)
	var p problems
	b := mtBuilder{p: &p, charset: charset}
	for _, f := range lexMT940(text, &p) {
		b.field(f)
	}
	b.finish()
	if len(b.out) == 0 && len(p) == 0 {
		p.add(0, "no MT940 statement found")
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return b.out, nil
}

// mtBuilder assembles statements from the fields of an MT940 file.
type mtBuilder struct {
	p       *problems
	charset string
	out     []Statement
	cur     *mtStatement
	prevTag string // the tag of the previous field
	entryOK bool   // whether the previous :61: was read without error
}

// mtStatement is a statement being read.
type mtStatement struct {
	line        int // line of the field that started it
	number      string
	account     nrb.Number
	opening     *balance
	closing     *balance
	closingLine int
	entries     []entry
	problems    int // count of problems when the statement started
	// seen holds the tags met, valid or not, so that a bad field is not
	// also reported as missing.
	seen map[string]bool
}

// field processes one field.
func (b *mtBuilder) field(f mtField) {
	switch {
	case f.tag == "20":
		b.start(f.line)
	case f.tag == "25":
		if b.cur == nil || b.cur.seen["25"] {
			b.start(f.line) // a statement without :20:
		}
		b.cur.seen["25"] = true
		b.account(f)
	case !isStatementTag(f.tag):
		// :21:, :13D:, :64:, :65:, :90D:, bank-specific tags.
	case b.cur == nil:
		b.p.add(f.line, "field :%s: outside a statement (no :20: or :25: before it)", f.tag)
	default:
		b.statementField(f)
	}
	b.prevTag = f.tag
}

// statementField processes a field of the current statement after :25:.
func (b *mtBuilder) statementField(f mtField) {
	kind := f.tag[:2]
	repeated := b.cur.seen[kind]
	b.cur.seen[kind] = true
	switch kind {
	case "28":
		b.cur.number = collapseSpace(strings.Join(f.lines, " "))
	case "60", "62":
		if repeated {
			b.p.add(f.line, "second :%s: balance in one statement", f.tag)
			return
		}
		if kind == "60" {
			b.balance(f, &b.cur.opening)
			return
		}
		b.cur.closingLine = f.line
		b.balance(f, &b.cur.closing)
	case "61":
		b.entry(f)
	case "86":
		// Only a :86: right after a valid :61: describes it; others
		// carry statement-level information.
		if b.prevTag == "61" && b.entryOK {
			last := &b.cur.entries[len(b.cur.entries)-1]
			last.info = parseInfo(f.lines)
		}
	}
}

// isStatementTag reports whether tag is one the builder reads after :20:
// and :25:.
func isStatementTag(tag string) bool {
	switch tag {
	case "28", "28C", "60F", "60M", "61", "86", "62F", "62M":
		return true
	}
	return false
}

// start finishes the current statement and begins a new one at line n.
func (b *mtBuilder) start(n int) {
	b.finish()
	b.cur = &mtStatement{line: n, problems: len(*b.p), seen: make(map[string]bool)}
	b.entryOK = false
}

// account reads :25:, the statement's account. Banks write it as
// "/PL61109010140000071219812874", without the slash or the country code,
// with the currency after it, or as sort code and account part without
// check digits ("10901014/0000071219812874").
func (b *mtBuilder) account(f mtField) {
	v := strings.TrimSpace(strings.Join(f.lines, ""))
	if n, err := nrb.Parse(strings.TrimPrefix(v, "/")); err == nil {
		b.cur.account = n
		return
	}
	if found := FindAccounts(v); len(found) > 0 {
		b.cur.account = found[0]
		return
	}
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, v)
	if len(digits) == nrb.Length-2 {
		if n, err := nrb.New(digits[:nrb.SortCodeLength], digits[nrb.SortCodeLength:]); err == nil {
			b.cur.account = n
			return
		}
	}
	b.p.add(f.line, "account %q is not a valid Polish account number (NRB)", v)
}

// balance reads an opening or closing balance into *dst.
func (b *mtBuilder) balance(f mtField, dst **balance) {
	bal, err := parseBalance(strings.Join(f.lines, ""))
	if err != nil {
		b.p.add(f.line, "%v", err)
		return
	}
	if bal.currency != "PLN" {
		b.p.add(f.line, "currency %q is not supported, only PLN", bal.currency)
		return
	}
	*dst = &bal
}

// entry reads a :61: statement line; its continuation lines are the
// supplementary details.
func (b *mtBuilder) entry(f mtField) {
	b.entryOK = false
	if b.cur.closing != nil {
		b.p.add(f.line, "statement line after the closing balance")
		return
	}
	e, err := parseEntry(f.lines[0])
	if err != nil {
		b.p.add(f.line, "%v", err)
		return
	}
	e.line = f.line
	e.details = f.lines[1:]
	b.cur.entries = append(b.cur.entries, e)
	b.entryOK = true
}

// finish checks the current statement and, if it is sound, adds it to the
// output.
func (b *mtBuilder) finish() {
	s := b.cur
	b.cur = nil
	if s == nil {
		return
	}
	if !s.seen["25"] {
		b.p.add(s.line, "statement has no :25: account")
	}
	if !s.seen["60"] {
		b.p.add(s.line, "statement has no :60F: opening balance")
	}
	if !s.seen["62"] {
		b.p.add(s.line, "statement has no :62F: closing balance")
	}
	if len(*b.p) > s.problems {
		return // the statement is already rejected; a balance check would only repeat it
	}
	st := s.statement(b.charset)
	if msg := checkBalance(st); msg != "" {
		b.p.add(s.closingLine, "%s", msg)
		return
	}
	b.out = append(b.out, st)
}

// statement converts a checked statement to its exported form.
func (s *mtStatement) statement(charset string) Statement {
	st := Statement{
		Account: s.account,
		Number:  s.number,
		Opening: s.opening.amount,
		Closing: s.closing.amount,
		Format:  FormatMT940,
		Charset: charset,
	}
	extra := make([]string, len(s.entries))
	for i, e := range s.entries {
		st.Transactions = append(st.Transactions, e.transaction(s.account))
		extra[i] = e.identityText()
	}
	assignExternalIDs(st.Account, st.Transactions, extra)
	return st
}

// transaction converts an entry of the statement of account to a
// Transaction without its ExternalID.
func (e *entry) transaction(account nrb.Number) Transaction {
	tx := Transaction{
		Line:      e.line,
		BookedOn:  e.bookedOn,
		ValueOn:   e.valueOn,
		Amount:    e.amount,
		Reference: meaningfulRef(e.bankRef),
		Accounts:  []nrb.Number{account},
	}
	if tx.Reference == "" {
		tx.Reference = meaningfulRef(e.custRef)
	}
	details := joinWrapped(e.details, lineWidth, 0)
	for _, text := range [...]string{e.custRef, e.bankRef, details} {
		tx.Accounts = append(tx.Accounts, FindAccounts(text)...)
	}
	for _, line := range e.details {
		tx.Accounts = append(tx.Accounts, FindAccounts(line)...)
	}
	if e.info != nil {
		tx.Title = e.info.title
		tx.Counterparty = e.info.counterparty
		tx.CounterpartyAccount = e.info.counterpartyAccount
		tx.Accounts = append(tx.Accounts, e.info.accounts...)
	} else {
		tx.Title = details
	}
	tx.Accounts = uniqueAccounts(tx.Accounts)
	return tx
}

// identityText is the entry's text, beyond the exported fields, that tells
// it apart from similar entries when the bank gave no reference.
func (e *entry) identityText() string {
	key := e.typeCode + "|" + e.custRef + "|" + identityKey(strings.Join(e.details, ""))
	if e.info != nil {
		key += "|" + e.info.key
	}
	return key
}

// checkBalance returns a complaint if the statement's closing balance is
// not its opening balance plus its entries, which would mean an entry was
// lost or misread.
func checkBalance(st Statement) string {
	sum := st.Opening
	for _, tx := range st.Transactions {
		next := sum + tx.Amount
		if (tx.Amount > 0 && next < sum) || (tx.Amount < 0 && next > sum) {
			return "the amounts of the statement overflow"
		}
		sum = next
	}
	if sum != st.Closing {
		return "closing balance " + st.Closing.Plain() + " is not the opening balance plus the entries (" + sum.Plain() + ")"
	}
	return ""
}
