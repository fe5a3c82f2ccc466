package bankstmt

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/nrb"
)

// A camt.053 file of two statements, in the .001.02 layout with one
// debtor written the .001.08 way (Pty), every field ebok reads.
func TestParseCAMT053(t *testing.T) {
	sts, err := ParseCAMT053(bytes.NewReader(readFixture(t, "camt053_001_02_utf8.xml")))
	if err != nil {
		t.Fatalf("ParseCAMT053: %v", err)
	}
	if len(sts) != 2 {
		t.Fatalf("%d statements, want 2", len(sts))
	}
	wantSt := []string{
		"61 1090 1014 0000 0712 1981 2874 366 2500.00..3174.50 camt.053/UTF-8 2",
		"71 1090 1014 4440 0000 0015 0008 366 0.00..1150.00 camt.053/UTF-8 2",
	}
	wantTx := [][]string{{
		"30 2026-12-31 2026-12-30 700.00 ref=SANPL26365A00441 title=czynsz za styczeń 2027, lokal 33/1 cp=Grażyna Ździebło ul. Mickiewicza 8 33-100 Tarnów cpacc=43116022020000000987654321 acc=61109010140000071219812874,43116022020000000987654321,57109010144440000000330001",
		"55 2026-12-31 2026-12-31 -25.50 ref= title=Opłata za przelew natychmiastowy cp=Santander Bank Polska cpacc= acc=61109010140000071219812874",
	}, {
		"91 2026-12-31 2026-12-31 1200.00 ref=E2E-2026-4471 title=opłaty lokal 15/8 grudzień cp=Henryk Żuławski Długa 15/8 00-001 Warszawa cpacc=94194010760000222233334444 acc=71109010144440000000150008,94194010760000222233334444",
		"108 2026-12-31 2026-12-31 -50.00 ref=SANPL26365C00002 title=Storno uznania cp= cpacc= acc=71109010144440000000150008",
	}}
	for i, st := range sts {
		if got := statementSummary(st); got != wantSt[i] {
			t.Errorf("statement %d:\n got %s\nwant %s", i, got, wantSt[i])
		}
		for j, tx := range st.Transactions {
			if got := txSummary(tx); j >= len(wantTx[i]) || got != wantTx[i][j] {
				t.Errorf("statement %d entry %d:\n got %s", i, j, got)
				continue
			}
			if tx.ExternalID == "" {
				t.Errorf("statement %d entry %d has no ExternalID", i, j)
			}
		}
	}
	first := sts[0].Transactions[0]
	if first.PayerName != "Grażyna Ździebło" || first.PayerAddress != "ul. Mickiewicza 8 33-100 Tarnów" {
		t.Errorf("payer %q / %q", first.PayerName, first.PayerAddress)
	}
	// The credited virtual account is the creditor's account, then the
	// statement's; never the debtor's.
	if got := accountsText(first.Credited); got != "57109010144440000000330001,61109010140000071219812874" {
		t.Errorf("credited %s", got)
	}
	if got := accountsText(sts[1].Transactions[0].Credited); got != "71109010144440000000150008" {
		t.Errorf("credited without a creditor's account %s", got)
	}
}

// The same statement declared and written in windows-1250 reads the same.
func TestParseCAMT053Windows1250(t *testing.T) {
	utf := string(readFixture(t, "camt053_001_02_utf8.xml"))
	cp := encode(t, strings.Replace(utf, `encoding="UTF-8"`, `encoding="windows-1250"`, 1), CharsetWindows1250, "\r\n")
	a, err := ParseCAMT053(strings.NewReader(utf))
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseCAMT053(bytes.NewReader(cp))
	if err != nil {
		t.Fatalf("windows-1250: %v", err)
	}
	if b[0].Charset != CharsetWindows1250 {
		t.Errorf("charset %s", b[0].Charset)
	}
	for i := range a {
		for j := range a[i].Transactions {
			x, y := a[i].Transactions[j], b[i].Transactions[j]
			if txSummary(x) != txSummary(y) || x.ExternalID != y.ExternalID {
				t.Errorf("entry %d/%d differs:\n%s %s\n%s %s", i, j, txSummary(x), x.ExternalID, txSummary(y), y.ExternalID)
			}
		}
	}
}

// Damaged statements and other messages are refused whole, naming the line
// and what is wrong.
func TestParseCAMT053Refusals(t *testing.T) {
	good := string(readFixture(t, "camt053_001_02_utf8.xml"))
	cases := []struct {
		name, in string
		key      string
		line     int
	}{
		{"closing balance off by a grosz", strings.Replace(good, "3174.50", "3174.51", 1), KeyBalanceWrong, 8},
		{"amount in euro", strings.Replace(good, `<Amt Ccy="PLN">700.00</Amt>`, `<Amt Ccy="EUR">700.00</Amt>`, 1), KeyCurrency, 30},
		{"decimal comma", strings.Replace(good, ">700.00<", ">700,00<", 1), KeyCSVAmount, 30},
		{"three decimals", strings.Replace(good, ">700.00<", ">700.001<", 1), KeyCSVAmount, 30},
		{"negative amount", strings.Replace(good, ">700.00<", ">-700.00<", 1), KeyCSVAmount, 30},
		{"a trillion złoty", strings.Replace(good, ">700.00<", ">1000000000000.00<", 1), KeyAmountLarge, 30},
		{"zero amount", strings.Replace(good, ">25.50<", ">0.00<", 1), KeyAmountZero, 55},
		{"no mark", strings.Replace(good, "<CdtDbtInd>DBIT</CdtDbtInd>", "<CdtDbtInd>X</CdtDbtInd>", 1), KeyCAMTMark, 55},
		{"impossible date", strings.Replace(good, "<BookgDt><Dt>2026-12-31</Dt></BookgDt>\n        <ValDt><Dt>2026-12-30</Dt>", "<BookgDt><Dt>2026-02-30</Dt></BookgDt>\n        <ValDt><Dt>2026-12-30</Dt>", 1), KeyCSVDate, 30},
		{"no dates", strings.Replace(strings.Replace(good, "<BookgDt><Dt>2026-12-31</Dt></BookgDt>\n        <ValDt><Dt>2026-12-31</Dt></ValDt>\n        <AcctSvcrRef>NONREF", "<AcctSvcrRef>NONREF", 1), "", "", 1), KeyCSVNoDate, 55},
		{"no closing balance", strings.Replace(good, "<Cd>CLBD</Cd>", "<Cd>CLAV</Cd>", 1), KeyCAMTNoClosing, 8},
		{"no opening balance", strings.Replace(good, "<Cd>OPBD</Cd>", "<Cd>OPAV</Cd>", 1), KeyCAMTNoOpening, 8},
		{"no account", strings.Replace(good, "<Id><IBAN>PL61109010140000071219812874</IBAN></Id>", "", 1), KeyCAMTNoAccount, 8},
		{"foreign account", strings.Replace(good, "PL61109010140000071219812874", "DE89370400440532013000", 1), KeyAccountBad, 8},
		{"cut short", good[:strings.Index(good, "<Stmt>\n      <Id>20261231-0002")+200], KeyCAMTSyntax, 80},
		{"not XML at heart", "<?xml version=\"1.0\"?>\n<Document><Stmt></Document>", KeyCAMTSyntax, 2},
		{"intraday report", strings.Replace(good, "camt.053.001.02", "camt.052.001.02", 1), KeyCAMTOther, 2},
		{"notification", strings.Replace(good, "camt.053.001.02", "camt.054.001.08", 1), KeyCAMTOther, 2},
		{"payment order", "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\"><CstmrCdtTrfInitn/></Document>", KeyCAMTOther, 2},
		{"no statement", "<?xml version=\"1.0\"?>\n<Document><BkToCstmrStmt><GrpHdr/></BkToCstmrStmt></Document>", KeyCAMTNoStatement, 0},
		{"unknown charset", strings.Replace(good, `encoding="UTF-8"`, `encoding="KOI8-R"`, 1), KeyCAMTSyntax, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sts, err := ParseCAMT053(strings.NewReader(c.in))
			ps := problemsOf(t, sts, err)
			if ps[0].Key != c.key || ps[0].Line != c.line {
				t.Errorf("got %s, want %s at line %d", problemList(ps), c.key, c.line)
			}
		})
	}
}

// An Elixir-O file (orders or operations, not a statement) is refused as
// what it is, naming its first line, rather than as a CSV without a header.
func TestElixirIsNamed(t *testing.T) {
	in := "\n110,20261201,45000,10901014,0,\"57109010144440000000330001\",\"61109010140000071219812874\",\"JAN KOWALSKI\",\"SM\",0,10901014,\"CZYNSZ\",\"\",\"\",\"51\"\n"
	sts, err := ParseCSV(strings.NewReader(in))
	ps := problemsOf(t, sts, err)
	if len(ps) != 1 || ps[0].Key != KeyElixir || ps[0].Line != 2 {
		t.Errorf("got %s", problemList(ps))
	}
	// A file that only starts with digits and commas is still a CSV
	// without a header.
	sts, err = ParseCSV(strings.NewReader("1,2,3\n4,5,6\n"))
	if ps := problemsOf(t, sts, err); len(ps) != 1 || ps[0].Key != KeyCSVNoHeader {
		t.Errorf("got %s", problemList(ps))
	}
}

func accountsText(list []nrb.Number) string {
	s := make([]string, len(list))
	for i, n := range list {
		s[i] = string(n)
	}
	return strings.Join(s, ",")
}

// camtOne is a statement of one entry of amount whose details are given.
func camtOne(ccy, amount, details string) string {
	return `<?xml version="1.0"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04"><BkToCstmrStmt><Stmt>
<Acct><Id><IBAN>PL61109010140000071219812874</IBAN></Id><Ccy>` + ccy + `</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="` + ccy + `">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="` + ccy + `">` + amount + `</Amt><CdtDbtInd>CRDT</CdtDbtInd></Bal>
<Ntry><Amt Ccy="` + ccy + `">` + amount + `</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-12-01</Dt></BookgDt><AcctSvcrRef>ZB-1</AcctSvcrRef>
<NtryDtls>` + details + `</NtryDtls></Ntry></Stmt></BkToCstmrStmt></Document>`
}

// camtDetail is one TxDtls crediting the virtual account to with amount
// (none when empty), written the .001.04 way or in AmtDtls.
func camtDetail(amount, to, title string, inAmtDtls bool) string {
	amt := ""
	switch {
	case amount != "" && inAmtDtls:
		amt = `<AmtDtls><TxAmt><Amt Ccy="PLN">` + amount + `</Amt></TxAmt></AmtDtls>`
	case amount != "":
		amt = `<Amt Ccy="PLN">` + amount + `</Amt>`
	}
	return `<TxDtls>` + amt + `<RltdPties><CdtrAcct><Id><IBAN>PL` + to + `</IBAN></Id></CdtrAcct></RltdPties><RmtInf><Ustrd>` + title + `</Ustrd></RmtInf></TxDtls>`
}

// A batch booking (one entry, several payments to several virtual
// accounts) is one transaction per payment when each carries its amount
// and they add up; otherwise it stays one entry, for staff to look at.
func TestParseCAMT053Batch(t *testing.T) {
	const a, b = "57109010144440000000330001", "71109010144440000000150008"
	for _, inAmtDtls := range []bool{false, true} {
		in := camtOne("PLN", "650.00", camtDetail("450.00", a, "czynsz 1", inAmtDtls)+camtDetail("200.00", b, "czynsz 2", inAmtDtls))
		sts, err := ParseCAMT053(strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		txs := sts[0].Transactions
		if len(txs) != 2 || txs[0].Amount != 45000 || txs[1].Amount != 20000 ||
			accountsText(txs[0].Credited) != a+",61109010140000071219812874" || accountsText(txs[1].Credited) != b+",61109010140000071219812874" ||
			txs[0].Title != "czynsz 1" || txs[1].Title != "czynsz 2" || txs[0].ExternalID == txs[1].ExternalID {
			t.Errorf("AmtDtls %v: split into %d:\n%+v", inAmtDtls, len(txs), txs)
		}
	}
	for name, details := range map[string]string{
		"amounts that do not add up": camtDetail("450.00", a, "czynsz 1", false) + camtDetail("100.00", b, "czynsz 2", false),
		"a detail without an amount": camtDetail("450.00", a, "czynsz 1", false) + camtDetail("", b, "czynsz 2", false),
	} {
		sts, err := ParseCAMT053(strings.NewReader(camtOne("PLN", "650.00", details)))
		if err != nil {
			t.Fatal(err)
		}
		if txs := sts[0].Transactions; len(txs) != 1 || txs[0].Amount != 65000 || txs[0].Title != "czynsz 1 czynsz 2" {
			t.Errorf("%s: %+v", name, txs)
		}
	}
}

// A statement of an account kept in another currency is read in that
// currency (the importer skips or refuses it, as for MT940).
func TestParseCAMT053OtherCurrency(t *testing.T) {
	if _, err := ParseCAMT053(strings.NewReader(camtOne("PLN", "00999999999999.99", ""))); err != nil {
		t.Errorf("the largest amount, with leading zeros: %v", err)
	}
	sts, err := ParseCAMT053(strings.NewReader(camtOne("EUR", "10.00", "")))
	if err != nil {
		t.Fatal(err)
	}
	if sts[0].Currency != "EUR" || sts[0].Transactions[0].Amount != 1000 {
		t.Errorf("%+v", sts[0])
	}
}
