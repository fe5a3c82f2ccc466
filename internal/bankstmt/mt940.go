package bankstmt

import (
	"fmt"
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
	b := mtBuilder{p: &p, charset: charset, lastLine: lastTextLine(text)}
	fields := lexMT940(text, &p)
	if line, ok := interimReport(fields); ok {
		// An MT942 has no balances to check and would only be reported
		// as a pile of missing fields.
		var only problems
		only.add(line, KeyMT942)
		return nil, only.err()
	}
	for _, f := range fields {
		b.field(f)
	}
	b.atEnd = true
	b.finish()
	if len(b.out) == 0 && len(p) == 0 {
		p.add(0, KeyNoStatement)
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
	// lastLine is the number of the file's last line with text, and
	// atEnd is set when the file has been read to its end.
	lastLine int
	atEnd    bool
}

// interimReport reports whether the fields are those of an MT942 interim
// report (floor limit :34F:, no opening balance), and the line of its
// first field.
func interimReport(fields []mtField) (int, bool) {
	line, has34, has60 := 0, false, false
	for _, f := range fields {
		switch {
		case f.tag == "34F":
			has34 = true
			if line == 0 {
				line = f.line
			}
		case strings.HasPrefix(f.tag, "60"):
			has60 = true
		}
	}
	return line, has34 && !has60
}

// lastTextLine returns the number of the last line of text holding more
// than white space.
func lastTextLine(text string) int {
	lines := splitLines(text)
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.Trim(lines[i], " \t"+lineNoise) != "" {
			return i + 1
		}
	}
	return 0
}

// mtStatement is a statement being read.
type mtStatement struct {
	line        int // line of the field that started it
	number      string
	account     nrb.Number
	opening     *balance
	closing     *balance
	closingLine int
	currency    string
	badEntry    bool // whether a :61: could not be read
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
		b.p.add(f.line, KeyOutside, f.tag)
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
			b.p.add(f.line, KeyBalanceTwice, f.tag)
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
		// A :86: after a :61: describes it; some banks (ING Bank Śląski)
		// write two, a code line and the details, and both are read. A
		// :86: after the closing balance carries statement-level
		// information; one before any :61: is a malformed file.
		switch {
		case b.cur.closing != nil:
		case len(b.cur.entries) == 0 && !b.cur.badEntry:
			b.p.add(f.line, KeyInfoBefore61)
		case (b.prevTag == "61" || b.prevTag == "86") && b.entryOK:
			last := &b.cur.entries[len(b.cur.entries)-1]
			last.infoLines = append(last.infoLines, f.lines)
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
	b.p.add(f.line, KeyAccountBad, q(v))
}

// balance reads an opening or closing balance into *dst.
func (b *mtBuilder) balance(f mtField, dst **balance) {
	bal, err := parseBalance(strings.Join(f.lines, ""))
	if err != nil {
		b.p.addErr(f.line, err)
		return
	}
	if b.cur.currency == "" {
		b.cur.currency = bal.currency
	}
	*dst = &bal
}

// entry reads a :61: statement line; its continuation lines are the
// supplementary details.
func (b *mtBuilder) entry(f mtField) {
	b.entryOK = false
	if b.cur.closing != nil {
		b.p.add(f.line, KeyAfterClosing)
		return
	}
	e, err := parseEntry(f.lines[0])
	if err != nil {
		b.cur.badEntry = true
		b.p.addErr(f.line, err)
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
		b.p.add(s.line, KeyNo25)
	}
	if !s.seen["60"] {
		b.p.add(s.line, KeyNo60)
	}
	if !s.seen["62"] {
		if b.atEnd {
			b.p.add(b.lastLine, KeyCutShort, fmt.Sprint(b.lastLine))
		} else {
			b.p.add(s.line, KeyNo62)
		}
	}
	if len(*b.p) > s.problems {
		return // the statement is already rejected; a balance check would only repeat it
	}
	st := s.statement(b.charset)
	if err := checkBalance(st); err != nil {
		b.p.addErr(s.closingLine, err)
		return
	}
	b.out = append(b.out, st)
}

// statement converts a checked statement to its exported form.
func (s *mtStatement) statement(charset string) Statement {
	st := Statement{
		Line:     s.line,
		Account:  s.account,
		Number:   s.number,
		Opening:  s.opening.amount,
		Closing:  s.closing.amount,
		Format:   FormatMT940,
		Charset:  charset,
		Currency: s.currency,
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
	// The credited account: in the :61: line and its supplementary
	// details, in NA RACH. or ~60 to ~63, or the statement's own account
	// (a sub-account). Never the title's or the payer's.
	for _, text := range [...]string{e.custRef, e.bankRef, details} {
		tx.Credited = append(tx.Credited, FindAccounts(text)...)
	}
	for _, line := range e.details {
		tx.Credited = append(tx.Credited, FindAccounts(line)...)
	}
	if in := e.info(); in != nil {
		tx.Title = in.title
		tx.Counterparty = in.counterparty
		tx.CounterpartyAccount = in.counterpartyAccount
		tx.PayerName = in.payerName
		tx.PayerAddress = in.payerAddress
		tx.PayerID = in.payerID
		tx.Accounts = append(tx.Accounts, in.accounts...)
		tx.Credited = append(tx.Credited, in.credited...)
		if tx.Reference == "" {
			tx.Reference = meaningfulRef(in.reference)
		}
	} else {
		tx.Title = collapseSpace(strings.ReplaceAll(details, placeholder, ""))
	}
	tx.Credited = append(tx.Credited, account)
	tx.Credited = uniqueAccounts(tx.Credited)
	tx.Accounts = uniqueAccounts(tx.Accounts)
	return tx
}

// identityText is the entry's text, beyond the exported fields, that tells
// it apart from similar entries when the bank gave no reference.
func (e *entry) identityText() string {
	key := e.typeCode + "|" + e.custRef + "|" + identityKey(strings.Join(e.details, ""))
	if in := e.info(); in != nil {
		key += "|" + in.key
	}
	return key
}

// checkBalance returns a complaint if the statement's closing balance is
// not its opening balance plus its entries, which would mean an entry was
// lost or misread.
func checkBalance(st Statement) error {
	sum := st.Opening
	for _, tx := range st.Transactions {
		next := sum + tx.Amount
		if (tx.Amount > 0 && next < sum) || (tx.Amount < 0 && next > sum) {
			return bad(KeyOverflow)
		}
		sum = next
	}
	if sum != st.Closing {
		return bad(KeyBalanceWrong, st.Closing.Plain(), sum.Plain())
	}
	return nil
}

// info returns the entry's :86: information. Of two or more :86: fields
// (ING Bank Śląski writes ":86:150" and then ":86:150~00…"), a structured
// one wins; free-text ones are read as one text.
func (e *entry) info() *info {
	if len(e.infoLines) == 0 {
		return nil
	}
	for _, lines := range e.infoLines {
		if _, ok := structuredBody(strings.Join(lines, "")); ok {
			return parseInfo(lines)
		}
	}
	var all []string
	for _, lines := range e.infoLines {
		if len(e.infoLines) > 1 && len(lines) == 1 && allDigits(strings.TrimSpace(lines[0])) {
			continue // a bare transaction code
		}
		all = append(all, lines...)
	}
	if len(all) == 0 {
		return nil
	}
	return parseInfo(all)
}
