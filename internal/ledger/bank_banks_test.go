package ledger_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/bankstmt"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/nrb"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// bankCoop is a demo cooperative with what the bank tests need: its main
// account and two premises with their virtual accounts and addresses.
type bankCoop struct {
	svc                *ledger.Service
	by                 audit.Actor
	db                 *store.DB
	main               nrb.Number
	acc1, acc2         int64
	virtual1, virtual2 nrb.Number
	addr1, addr2       string // "Kwiatowa 4/24"
	holder1            string // "Jan Kowalski": a holder of premises 1 now
}

func newBankCoop(t *testing.T, db *store.DB) *bankCoop {
	t.Helper()
	ctx := context.Background()
	coopID, _, _, _ := demoCoop(t, db)
	c := &bankCoop{svc: &ledger.Service{DB: db, Now: time.Now}, by: audit.Actor{CoopID: coopID, Name: "system"}, db: db}
	var main string
	if err := db.Read().QueryRowContext(ctx, `SELECT bank_account FROM cooperatives WHERE id = $1`, coopID).Scan(&main); err != nil {
		t.Fatal(err)
	}
	c.main = nrb.Number(main)
	rows, err := db.Read().QueryContext(ctx, `SELECT a.id, a.nrb, b.street, b.number, p.number, pe.first_name, pe.last_name FROM accounts a
		JOIN premises p ON p.coop_id = a.coop_id AND p.id = a.premises_id
		JOIN buildings b ON b.coop_id = p.coop_id AND b.id = p.building_id
		JOIN titles t ON t.coop_id = a.coop_id AND t.premises_id = a.premises_id AND t.ends_on IS NULL
		JOIN title_holders h ON h.title_id = t.id
		JOIN persons pe ON pe.id = h.person_id
		WHERE a.coop_id = $1 AND p.kind = 'flat' AND pe.company_name = '' ORDER BY a.id LIMIT 40`, coopID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type acc struct {
		id          int64
		n           string
		addr, first string
		last        string
	}
	var list []acc
	for rows.Next() {
		var a acc
		var street, house, number string
		if err := rows.Scan(&a.id, &a.n, &street, &house, &number, &a.first, &a.last); err != nil {
			t.Fatal(err)
		}
		a.addr = strings.TrimPrefix(street, "ul. ") + " " + house + "/" + number
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		if c.acc1 == 0 {
			c.acc1, c.virtual1, c.addr1, c.holder1 = a.id, nrb.Number(a.n), a.addr, a.first+" "+a.last
			continue
		}
		if a.id != c.acc1 {
			c.acc2, c.virtual2, c.addr2 = a.id, nrb.Number(a.n), a.addr
			break
		}
	}
	if c.acc2 == 0 {
		t.Fatal("the demo has fewer than two held flats")
	}
	return c
}

// balance is the account's balance in grosze.
func (c *bankCoop) balance(t *testing.T, account int64) int64 {
	t.Helper()
	b, err := c.svc.Balances(context.Background(), c.by.CoopID, []int64{account})
	if err != nil {
		t.Fatal(err)
	}
	return int64(b[account].Amount)
}

// payment is the bank payment stored on an account.
type payment struct {
	bookedOn, bankBookedOn        civil.Date
	amount                        int64
	description, payer, ref, stmt string
}

func (c *bankCoop) payments(t *testing.T, account int64) []payment {
	t.Helper()
	out, err := store.QueryAll(context.Background(), c.db.Read(), func(row store.Scanner) (payment, error) {
		var p payment
		err := row.Scan(&p.bookedOn, &p.bankBookedOn, &p.amount, &p.description, &p.payer, &p.ref, &p.stmt)
		return p, err
	}, `SELECT booked_on, bank_booked_on, amount, description, COALESCE(payer_account, ''), COALESCE(bank_reference, ''), COALESCE(bank_statement, '')
		FROM ledger_entries WHERE coop_id = $1 AND account_id = $2 AND bank_booked_on IS NOT NULL ORDER BY id`, c.by.CoopID, account)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// stored counts what imports left in the database.
func (c *bankCoop) stored(t *testing.T) (entries, credits, imports int) {
	t.Helper()
	ctx := context.Background()
	for _, q := range []struct {
		sql string
		n   *int
	}{
		{`SELECT COUNT(*) FROM ledger_entries WHERE coop_id = $1 AND external_id LIKE 'bank:%'`, &entries},
		{`SELECT COUNT(*) FROM bank_credits WHERE coop_id = $1`, &credits},
		{`SELECT COUNT(*) FROM imports WHERE coop_id = $1 AND kind = 'bank'`, &imports},
	} {
		if err := c.db.Read().QueryRowContext(ctx, q.sql, c.by.CoopID).Scan(q.n); err != nil {
			t.Fatal(err)
		}
	}
	return
}

func (c *bankCoop) load(t *testing.T, file string) *ledger.BankResult {
	t.Helper()
	res, err := c.svc.ImportBank(context.Background(), c.by, "wyciag.sta", strings.NewReader(file))
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return res
}

const payer = "55102055610000331203410012" // the payer's own account

// The statements below are written in the style of each bank; %[1]s is the
// main account, %[2]s the virtual account of premises 1, %[3]s that of
// premises 2.

// mbankStyle: free-text :86: broken mid-value, the credited account in
// NA RACH., premises 2's account in the title (which must not decide) and
// the payer's account being premises 2's virtual account (nor that).
const mbankStyle = "\x01\r\n:20:ST261010CYC/1\r\n:25:PL%[1]s\r\n:28C:112/1\r\n:60F:C261009PLN1000,00\r\n" +
	":61:2610101012CN450,00NTRFNONREF//MB2610100001\r\n770-PRZELEW PRZYCHODZĄCY\r\n" +
	":86:770 PRZELEW KRAJOWY; Z RACH.: %[3]s; OD: JAN KOWALSKI  UL. KWIATOWA 4 M 24 00-950 WARSZAWA; NA \r\n" +
	"RACH.: %[2]s; TYT.: OPŁATY ZA LOKAL, PAŹ\r\nDZIERNIK 2026 KONTO %[3]s; TNR: 1793010738\r\n37502.000001\r\n" +
	":62F:C261012PLN1450,00\r\n-\x03\r\n"

// pkoStyle: ~ subfields with the "˙" placeholder, the credited account in
// ~63.
const pkoStyle = ":20:MT940\r\n:25:/PL%[1]s\r\n:28C:211\r\n:60F:C261009PLN0,00\r\n" +
	":61:2610101012C300,00N152NONREF//6460500500000513\r\n152 0\r\n:86:020~00152\r\n~20Czynsz październik\r\n~21˙\r\n~22˙\r\n" +
	"~3010205561\r\n~310000331203410012\r\n~32JAN KOWALSKI˙˙˙\r\n~33˙\r\n~38PL" + payer + "\r\n~60˙\r\n~63%[2]s\r\n" +
	":62F:C261012PLN300,00\r\n"

// ingStyle: :86:150 then the structured :86:, the credited account in the
// :61: supplementary details.
const ingStyle = ":20:MT940\n:25:/PL%[1]s\n:28C:261010\n:60F:C261009PLN0,00\n" +
	":61:2610101012C241,08S15000000029217\n%[2]s\n:86:150\n:86:150~00B150PRZELEW ZEWNĘTRZNY PRZY\n~20Opłaty październik\n" +
	"~32JAN KOWALSKI       \n~33        UL. KWIATOWA 4\n~38PL" + payer + "\n~6200-950 WARSZAWA\n~63\n:62F:C261012PLN241,08\n"

// pekaoStyle: ^ subfields, a name cut across ^32/^33 and an address across
// ^62/^63.
const pekaoStyle = ":20:1\r\n:25:/PL%[1]s\r\n:28C:00075\r\n:60F:C261009PLN000000001000,00\r\n" +
	":61:2610101012CN000000000500,00N491NONREF\r\n%[2]s\r\n:86:491^00PRZELEW OTRZYMANY ELIXIR   ^34000\r\n" +
	"^3010205561^38" + payer + "\r\n^20Opłaty za lokal, październi^21k 2026\r\n^32KRZYSZTOF BRZĘCZYSZCZYKIEWI^33CZ\r\n" +
	"^62UL. GRZEGORZA BRZĘCZYSZCZYK^63IEWICZA 12 00-001 WARSZAWA\r\n:62F:C261012PLN000000001500,00\r\n"

// camtStyle: an ISO 20022 camt.053 statement (.001.08, prefixed elements),
// the credited virtual account in the creditor's account, premises 2's
// in the title (which must not decide).
const camtStyle = `<?xml version="1.0" encoding="UTF-8"?>
<ns2:Document xmlns:ns2="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><ns2:BkToCstmrStmt>
<ns2:Stmt><ns2:Id>S1</ns2:Id><ns2:LglSeqNb>75</ns2:LglSeqNb>
<ns2:Acct><ns2:Id><ns2:IBAN>PL%[1]s</ns2:IBAN></ns2:Id><ns2:Ccy>PLN</ns2:Ccy></ns2:Acct>
<ns2:Bal><ns2:Tp><ns2:CdOrPrtry><ns2:Cd>OPBD</ns2:Cd></ns2:CdOrPrtry></ns2:Tp><ns2:Amt Ccy="PLN">1000.00</ns2:Amt><ns2:CdtDbtInd>CRDT</ns2:CdtDbtInd><ns2:Dt><ns2:Dt>2026-10-09</ns2:Dt></ns2:Dt></ns2:Bal>
<ns2:Bal><ns2:Tp><ns2:CdOrPrtry><ns2:Cd>CLBD</ns2:Cd></ns2:CdOrPrtry></ns2:Tp><ns2:Amt Ccy="PLN">1123.45</ns2:Amt><ns2:CdtDbtInd>CRDT</ns2:CdtDbtInd><ns2:Dt><ns2:Dt>2026-10-12</ns2:Dt></ns2:Dt></ns2:Bal>
<ns2:Ntry><ns2:Amt Ccy="PLN">123.45</ns2:Amt><ns2:CdtDbtInd>CRDT</ns2:CdtDbtInd><ns2:Sts><ns2:Cd>BOOK</ns2:Cd></ns2:Sts>
<ns2:BookgDt><ns2:Dt>2026-10-12</ns2:Dt></ns2:BookgDt><ns2:ValDt><ns2:Dt>2026-10-10</ns2:Dt></ns2:ValDt><ns2:AcctSvcrRef>PKO2610100001</ns2:AcctSvcrRef>
<ns2:NtryDtls><ns2:TxDtls><ns2:RltdPties>
<ns2:Dbtr><ns2:Pty><ns2:Nm>JAN KOWALSKI</ns2:Nm><ns2:PstlAdr><ns2:AdrLine>UL. KWIATOWA 4</ns2:AdrLine></ns2:PstlAdr></ns2:Pty></ns2:Dbtr>
<ns2:DbtrAcct><ns2:Id><ns2:IBAN>PL` + payer + `</ns2:IBAN></ns2:Id></ns2:DbtrAcct>
<ns2:CdtrAcct><ns2:Id><ns2:IBAN>PL%[2]s</ns2:IBAN></ns2:Id></ns2:CdtrAcct>
</ns2:RltdPties><ns2:RmtInf><ns2:Ustrd>Opłaty za lokal, październik 2026 konto %[3]s</ns2:Ustrd></ns2:RmtInf></ns2:TxDtls></ns2:NtryDtls></ns2:Ntry>
</ns2:Stmt></ns2:BkToCstmrStmt></ns2:Document>
`

func TestBankStylesPostToTheCreditedPremises(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newBankCoop(t, db)
		valueOn, bookedOn := date(2026, 10, 10), date(2026, 10, 12) // Saturday the 10th, booked Monday
		tests := []struct {
			name, format string
			amount       int64
			description  string
			ref          string
		}{
			{"mBank", mbankStyle, 45000, "Jan Kowalski — opłaty za lokal, październik 2026 konto " + "%[3]s", "MB2610100001"},
			{"PKO BP", pkoStyle, 30000, "Jan Kowalski — Czynsz październik", "6460500500000513"},
			{"ING", ingStyle, 24108, "Jan Kowalski — Opłaty październik", "00000029217"},
			{"Pekao", pekaoStyle, 50000, "Krzysztof Brzęczyszczykiewicz — Opłaty za lokal, październik 2026", ""},
			{"camt.053", camtStyle, 12345, "Jan Kowalski — Opłaty za lokal, październik 2026 konto %[3]s", "PKO2610100001"},
		}
		for _, tt := range tests {
			file := fmt.Sprintf(tt.format, c.main, c.virtual1, c.virtual2)
			before1, before2 := c.balance(t, c.acc1), c.balance(t, c.acc2)
			n := len(c.payments(t, c.acc1))
			res := c.load(t, file)
			if res.Credits != 1 || res.Posted != 1 || res.Unmatched != 0 || res.Known != 0 {
				t.Fatalf("%s: %+v", tt.name, res)
			}
			if got := c.balance(t, c.acc1); got != before1-tt.amount {
				t.Errorf("%s: premises 1 balance %d, want %d", tt.name, got, before1-tt.amount)
			}
			if got := c.balance(t, c.acc2); got != before2 {
				t.Errorf("%s: premises 2 balance changed: %d → %d", tt.name, before2, got)
			}
			ps := c.payments(t, c.acc1)
			if len(ps) != n+1 {
				t.Fatalf("%s: %d payments", tt.name, len(ps))
			}
			p := ps[n]
			want := strings.ReplaceAll(tt.description, "%[3]s", c.virtual2.String())
			if p.bookedOn != valueOn || p.bankBookedOn != bookedOn || p.amount != -tt.amount || p.description != want || p.ref != tt.ref {
				t.Errorf("%s: payment %+v\nwant value date %s, booked %s, description %q, ref %q", tt.name, p, valueOn, bookedOn, want, tt.ref)
			}
			wantPayer := payer
			if tt.name == "mBank" {
				wantPayer = string(c.virtual2)
			}
			if p.payer != wantPayer || !strings.Contains(p.stmt, c.main.Format()) {
				t.Errorf("%s: payer %q statement %q", tt.name, p.payer, p.stmt)
			}
			// Again: nothing twice.
			res = c.load(t, file)
			if res.Posted != 0 || res.Unmatched != 0 || res.Known != 1 {
				t.Errorf("%s: second import %+v", tt.name, res)
			}
			if got := c.balance(t, c.acc1); got != before1-tt.amount {
				t.Errorf("%s: balance after re-import %d", tt.name, got)
			}
		}
	})
}

func TestBankIPHAndSubAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newBankCoop(t, db)
		// The IPH identifier is the last 12 digits of the virtual account.
		id := "XX" + string(c.virtual1)[14:]
		iph := fmt.Sprintf(":20:ST1\n:25:PL%s\n:28C:1\n:60F:C261009PLN0,00\n:61:2610101012CN120,00NTRFNONREF//MB1\n911-TRANSAKCJA IPH\n"+
			":86:911 TRANSAKCJA COLLECT; ID IPH: %s; Z RACH.: \n%s; OD: ANNA NOWAK  UL. LIPOWA 1; TYT.: CZYNSZ; TNR: 17930107384.1\n:62F:C261012PLN120,00\n", c.main, id, payer)
		before := c.balance(t, c.acc1)
		if res := c.load(t, iph); res.Posted != 1 {
			t.Fatalf("IPH: %+v", res)
		}
		if got := c.balance(t, c.acc1); got != before-12000 {
			t.Errorf("IPH balance %d, want %d", got, before-12000)
		}
		// A statement of a premises' virtual account (a sub-account in :25:)
		// posts to that premises, whatever the title says.
		sub := fmt.Sprintf(":20:S\n:25:/PL%s\n:28C:1\n:60F:C261009PLN0,00\n:61:2610101012CN70,00NTRFNONREF\n:86:Wpłata %s\n:62F:C261012PLN70,00\n", c.virtual2, c.virtual1)
		before2 := c.balance(t, c.acc2)
		if res := c.load(t, sub); res.Posted != 1 {
			t.Fatalf("sub-account: %+v", res)
		}
		if got := c.balance(t, c.acc2); got != before2-7000 {
			t.Errorf("sub-account balance %d, want %d", got, before2-7000)
		}
	})
}

func TestBankAccountsOfTheStatement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newBankCoop(t, db)
		eur, _ := nrb.New("11401010", "0000579009004002")
		savings, _ := nrb.New("11401010", "0000579009004003")
		unknown, _ := nrb.New("11401010", "0000579009004009")
		if _, err := c.svc.AddBankAccount(ctx, c.by, ledger.BankAccount{NRB: eur, Purpose: ledger.PurposeOther, Currency: "EUR", Note: "rachunek walutowy"}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.svc.AddBankAccount(ctx, c.by, ledger.BankAccount{NRB: savings, Purpose: ledger.PurposeOther, Note: "lokata"}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.svc.AddBankAccount(ctx, c.by, ledger.BankAccount{NRB: eur, Purpose: ledger.PurposeOther}); !errors.Is(err, ledger.ErrBankAccountExists) {
			t.Errorf("declaring twice: %v", err)
		}
		stmt := func(account nrb.Number, currency string) string {
			return fmt.Sprintf(":20:ST\n:25:PL%s\n:28C:1\n:60F:C261009%s0,00\n:61:2610101012CN10,00NTRFNONREF//R%s\n%s\n:86:TYTUL\n:62F:C261012%s10,00\n",
				account, currency, account[20:], c.virtual1, currency)
		}
		// PLN main, EUR and savings in one file (as mBank exports all of a
		// client's accounts): the main one is imported, the others listed.
		file := stmt(c.main, "PLN") + stmt(eur, "EUR") + stmt(savings, "PLN")
		res := c.load(t, file)
		if res.Posted != 1 || len(res.Skipped) != 2 || res.Skipped[0].Account != eur || res.Skipped[0].Line != 9 ||
			res.Skipped[1].Account != savings || res.Skipped[1].Note != "lokata" {
			t.Fatalf("result %+v", res)
		}
		// An unknown account among them refuses the whole file.
		entries, credits, imports := c.stored(t)
		_, err := c.svc.ImportBank(ctx, c.by, "x.sta", strings.NewReader(stmt(c.virtual2, "PLN")+stmt(unknown, "PLN")))
		var pe *bankstmt.ParseError
		if !errors.As(err, &pe) || len(pe.Problems) != 1 || pe.Problems[0].Key != bankstmt.KeyUnknownAccount || pe.Problems[0].Line != 9 ||
			pe.Problems[0].Args[0] != unknown.Format() {
			t.Fatalf("unknown account: %v", err)
		}
		if e, cr, im := c.stored(t); e != entries || cr != credits || im != imports {
			t.Errorf("a refused file stored something: %d/%d/%d → %d/%d/%d", entries, credits, imports, e, cr, im)
		}
	})
}

func TestBankRefusalsStoreNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newBankCoop(t, db)
		head := fmt.Sprintf(":20:X\n:25:/PL%s\n:28C:1\n:60F:C261009PLN0,00\n:61:2610101012CN10,00NTRFNONREF\n%s\n:86:TYTUL\n", c.main, c.virtual1)
		unmatched := ":61:2610101012CN5,00NTRFNONREF\n:86:BEZ KONTA\n"
		tests := []struct {
			name, file string
			line       int
			key        string
		}{
			{"amount with a dot", head + ":61:2610101012CN5.00NTRFNONREF\n:62F:C261012PLN15,00\n", 8, bankstmt.KeyAmountNotSwift},
			{"31 November", head + unmatched + ":61:2611311012CN5,00NTRFNONREF\n:62F:C261012PLN20,00\n", 10, bankstmt.KeyDateNone},
			{"cut before :62F:", head + unmatched, 9, bankstmt.KeyCutShort},
			{"closing balance wrong", head + unmatched + ":62F:C261012PLN15,01\n", 10, bankstmt.KeyBalanceWrong},
			{":86: before :61:", fmt.Sprintf(":20:X\n:25:/PL%s\n:28C:1\n:60F:C261009PLN0,00\n:86:INFO\n", c.main) + ":61:2610101012CN10,00NTRFNONREF\n:62F:C261012PLN10,00\n", 5, bankstmt.KeyInfoBefore61},
			{"MT942", fmt.Sprintf(":20:X\n:25:/PL%s\n:28C:1\n:34F:PLN0,\n:61:2610101012CN10,00NTRFNONREF\n:90C:1PLN10,00\n", c.main), 4, bankstmt.KeyMT942},
		}
		for _, tt := range tests {
			entries, credits, imports := c.stored(t)
			_, err := c.svc.ImportBank(context.Background(), c.by, "x.sta", strings.NewReader(tt.file))
			var pe *bankstmt.ParseError
			if !errors.As(err, &pe) || len(pe.Problems) == 0 || pe.Problems[0].Line != tt.line || pe.Problems[0].Key != tt.key {
				t.Errorf("%s: %v", tt.name, err)
			}
			if e, cr, im := c.stored(t); e != entries || cr != credits || im != imports {
				t.Errorf("%s: a refused file stored something", tt.name)
			}
		}
	})
}

func TestBankQueueSuggestions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newBankCoop(t, db)
		// No references at all: the key is the hash of the entry, and
		// loading the file twice still queues nothing twice.
		file := fmt.Sprintf(":20:X\n:25:/PL%s\n:28C:1\n:60F:C261009PLN0,00\n", c.main) +
			// 1: the title names the address of premises 2.
			":61:2610101012CN10,00NTRFNONREF\n:86:020~20Opłata za " + c.addr2 + "~32ADAM ZIELONY~38PL" + payer + "\n" +
			// 2: the title names premises 1's account (an NRB in a title never posts).
			":61:2610101012CN20,00NTRFNONREF\n:86:020~20Czynsz konto " + string(c.virtual1) + "~32ADAM ZIELONY\n" +
			// 3: the payer's name is a holder of premises 1.
			":61:2610101012CN30,00NTRFNONREF\n:86:020~20Czynsz~32" + strings.ToUpper(c.holder1) + "\n" +
			// 4: the same as 3 again (a second payment the same day).
			":61:2610101012CN30,00NTRFNONREF\n:86:020~20Czynsz~32" + strings.ToUpper(c.holder1) + "\n" +
			// 5: someone else pays, naming the holder of premises 1 in the title.
			":61:2610101012CN15,00NTRFNONREF\n:86:020~20Za " + c.holder1 + " czynsz~32OPIEKUN SPOLECZNY\n" +
			":62F:C261012PLN105,00\n"
		res := c.load(t, file)
		if res.Unmatched != 5 || res.Posted != 0 {
			t.Fatalf("import %+v", res)
		}
		if res := c.load(t, file); res.Unmatched != 0 || res.Known != 5 {
			t.Fatalf("re-import %+v", res)
		}
		q, err := c.svc.Unmatched(ctx, c.by.CoopID)
		if err != nil || len(q) != 5 {
			t.Fatalf("queue %d %v", len(q), err)
		}
		first := func(u ledger.UnmatchedCredit) ledger.Suggestion {
			if len(u.Suggestions) == 0 {
				return ledger.Suggestion{}
			}
			return u.Suggestions[0]
		}
		if s := first(q[0]); s.AccountID != c.acc2 || s.Reason != ledger.ReasonTitleAddress || s.Premises != c.addr2 {
			t.Errorf("title address: %+v", q[0].Suggestions)
		}
		if s := first(q[1]); s.AccountID != c.acc1 || s.Reason != ledger.ReasonTitleAccount {
			t.Errorf("title account: %+v", q[1].Suggestions)
		}
		if s := first(q[2]); s.AccountID != c.acc1 || s.Reason != ledger.ReasonPayerName {
			t.Errorf("payer's name: %+v", q[2].Suggestions)
		}
		if s := first(q[4]); s.AccountID != c.acc1 || s.Reason != ledger.ReasonTitleName {
			t.Errorf("holder's name in the title: %+v", q[4].Suggestions)
		}
		if q[0].PayerName != "Adam Zielony" || q[0].CounterpartyAccount != payer || q[0].ValueOn != date(2026, 10, 10) || q[0].BookedOn != date(2026, 10, 12) {
			t.Errorf("queue fields %+v", q[0])
		}
		// Nothing was applied by itself.
		if ps := c.payments(t, c.acc2); len(ps) != 0 {
			t.Errorf("payments before acceptance: %+v", ps)
		}
		if err := c.svc.AssignCredit(ctx, c.by, q[0].ID, q[0].Suggestions[0].AccountID); err != nil {
			t.Fatal(err)
		}
		ps := c.payments(t, c.acc2)
		if len(ps) != 1 || ps[0].description != "Adam Zielony — Opłata za "+c.addr2 || ps[0].bookedOn != date(2026, 10, 10) || ps[0].payer != payer {
			t.Errorf("assigned payment %+v", ps)
		}
		// The payer's account paid for premises 2: the next credit from it
		// is suggested there.
		next := fmt.Sprintf(":20:Y\n:25:/PL%s\n:28C:2\n:60F:C261012PLN0,00\n", c.main) +
			":61:2610131013CN40,00NTRFNONREF\n:86:020~20Listopad~32A. ZIELONY~38PL" + payer + "\n:62F:C261013PLN40,00\n"
		c.load(t, next)
		q, err = c.svc.Unmatched(ctx, c.by.CoopID)
		if err != nil {
			t.Fatal(err)
		}
		last := q[len(q)-1]
		if s := first(last); s.AccountID != c.acc2 || s.Reason != ledger.ReasonPayerHistory {
			t.Errorf("payer history: %+v", last.Suggestions)
		}
	})
}

// date is a civil date known to exist.
func date(y int, m time.Month, d int) civil.Date {
	dt, err := civil.NewDate(y, m, d)
	if err != nil {
		panic(err)
	}
	return dt
}

// The bank CSV path follows the same rules: the own-account column (the
// credited virtual account) decides, not the title; the payment is dated
// by the value date; a preamble naming an unknown account refuses the file.
func TestBankCSVSameRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newBankCoop(t, db)
		csv := func(account nrb.Number) string {
			return "Klient;SM TEST\nRachunek;" + string(account) + "\n\n" +
				"Data księgowania;Data waluty;Kwota;Tytuł;Nadawca;Rachunek nadawcy;Rachunek odbiorcy;Numer transakcji\n" +
				"12.10.2026;10.10.2026;450,00;OPŁATY ZA LOKAL KONTO " + string(c.virtual2) + ";JAN KOWALSKI  UL. KWIATOWA 4;" + payer + ";" + string(c.virtual1) + ";T-1\n"
		}
		before1, before2 := c.balance(t, c.acc1), c.balance(t, c.acc2)
		res, err := c.svc.ImportBank(context.Background(), c.by, "wyciag.csv", strings.NewReader(csv(c.main)))
		if err != nil || res.Format != "csv" || res.Posted != 1 {
			t.Fatalf("import %+v %v", res, err)
		}
		if c.balance(t, c.acc1) != before1-45000 || c.balance(t, c.acc2) != before2 {
			t.Errorf("balances %d %d, want %d %d", c.balance(t, c.acc1), c.balance(t, c.acc2), before1-45000, before2)
		}
		ps := c.payments(t, c.acc1)
		want := "Jan Kowalski — opłaty za lokal konto " + string(c.virtual2)
		if len(ps) != 1 || ps[0].bookedOn != date(2026, 10, 10) || ps[0].bankBookedOn != date(2026, 10, 12) || ps[0].description != want || ps[0].payer != payer || ps[0].ref != "T-1" {
			t.Errorf("payments %+v, want %q", ps, want)
		}
		if res, err := c.svc.ImportBank(context.Background(), c.by, "wyciag.csv", strings.NewReader(csv(c.main))); err != nil || res.Known != 1 || res.Posted != 0 {
			t.Errorf("re-import %+v %v", res, err)
		}
		unknown, _ := nrb.New("11401010", "0000579009004009")
		entries, credits, imports := c.stored(t)
		_, err = c.svc.ImportBank(context.Background(), c.by, "x.csv", strings.NewReader(csv(unknown)))
		var pe *bankstmt.ParseError
		if !errors.As(err, &pe) || pe.Problems[0].Key != bankstmt.KeyUnknownAccount {
			t.Errorf("unknown account: %v", err)
		}
		if e, cr, im := c.stored(t); e != entries || cr != credits || im != imports {
			t.Error("a refused CSV stored something")
		}
	})
}

// A CSV whose cells hold a time of day ("12:20:33", as PKO BP writes "Data
// i czas operacji") is still read as CSV, not as an MT940 field ":20:".
func TestBankCSVWithTimeOfDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newBankCoop(t, db)
		csv := "Data operacji;Data waluty;Kwota;Opis transakcji;Rachunek odbiorcy\n" +
			"2026-10-12;2026-10-10;450,00;\"Tytuł: OPŁATY ZA LOKAL Data i czas operacji: 2026-10-10 12:20:33\";" + string(c.virtual1) + "\n" +
			"2026-10-12;2026-10-10;-10,00;\"Data i czas operacji: 2026-10-10 14:25:07\";\n"
		res, err := c.svc.ImportBank(context.Background(), c.by, "wyciag.csv", strings.NewReader(csv))
		if err != nil || res.Format != "csv" || res.Posted != 1 {
			t.Fatalf("import %+v %v", res, err)
		}
	})
}
