package bankstmt

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/nrb"
)

// addFixtureSeeds adds every testdata file matching pattern to the corpus.
func addFixtureSeeds(f *testing.F, pattern string) {
	files, err := filepath.Glob(filepath.Join("testdata", pattern))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seeds for %s: %v", pattern, err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// checkParsed asserts what every successfully parsed statement guarantees.
func checkParsed(t *testing.T, sts []Statement, err error) {
	if err != nil {
		if sts != nil {
			t.Fatalf("statements returned with error %v", err)
		}
		pe, ok := err.(*ParseError)
		if !ok || len(pe.Problems) == 0 {
			t.Fatalf("error %v is not a *ParseError with problems", err)
		}
		for _, p := range pe.Problems {
			if _, known := english[p.Key]; !known {
				t.Fatalf("problem %v has no catalogue key", p)
			}
		}
		return
	}
	if len(sts) == 0 {
		t.Fatal("no statements and no error")
	}
	for _, st := range sts {
		for _, tx := range st.Transactions {
			if tx.BookedOn.IsZero() || tx.ValueOn.IsZero() || !tx.BookedOn.IsValid() || !tx.ValueOn.IsValid() {
				t.Fatalf("transaction at line %d has dates %v %v", tx.Line, tx.BookedOn, tx.ValueOn)
			}
			if tx.Amount == 0 {
				t.Fatalf("transaction at line %d has a zero amount", tx.Line)
			}
			if tx.ExternalID == "" {
				t.Fatalf("transaction at line %d has no ExternalID", tx.Line)
			}
			for _, n := range append(append([]nrb.Number(nil), tx.Accounts...), tx.Credited...) {
				if !n.IsValid() {
					t.Fatalf("transaction at line %d lists invalid account %q", tx.Line, n)
				}
			}
			if strings.Contains(tx.Title+tx.Counterparty+tx.PayerName+tx.PayerAddress+tx.CounterpartyAccount, placeholder) {
				t.Fatalf("transaction at line %d keeps the placeholder in its text", tx.Line)
			}
		}
	}
}

func FuzzParseMT940(f *testing.F) {
	addFixtureSeeds(f, "*.sta")
	f.Add([]byte(":20:X\r:25:61109010140000071219812874\r:60F:C261120PLN0,00\r:61:2612310102RDN1,00NTRF//A\r:86:020~20a~3010901014\r:62F:C261120PLN1,00\r"))
	// One seed per case of issue 11: refusals and each bank's layout.
	const head = ":20:X\n:25:/PL46114010100000579009004001\n:28C:1\n:60F:C261009PLN0,00\n"
	for _, body := range []string{
		":61:2610101012CN450.00NTRFNONREF\n:62F:C261012PLN450,00\n",            // dot decimal
		":61:2610101012CN450NTRFNONREF\n:62F:C261012PLN450,00\n",               // no decimal comma
		":61:2602301012CN450,00NTRFNONREF\n:62F:C261012PLN450,00\n",            // 30 February
		":61:2610101012CN450,00NTRFNONREF\n:86:770 PRZELEW; TYT.: CZYNSZ\n",    // cut before :62F:
		":61:2610101012CN450,00NTRFNONREF\n:62F:C261012PLN450,01\n",            // balance wrong
		":86:770 X\n:61:2610101012CN450,00NTRFNONREF\n:62F:C261012PLN450,00\n", // :86: before :61:
		":61:2610101012CN1,00NTRFNONREF//MB1\n:86:911 TRANSAKCJA COLLECT; ID IPH: XX000000000017; Z RACH.: \n55102055610000331203410012; OD: JAN  UL. X; NA \nRACH.: 11114010105550000000000424; TYT.: A;B; TNR: 1\n:62F:C261012PLN1,00\n",
		":61:2610101012C1,00S1\n:86:150\n:86:150~00B~20t\n~32N \u02d9\u02d9\n~63\u02d9\n:62F:C261012PLN1,00\n",
		":61:2610101012C1,00N491NONREF\n:86:491^20a^32KRZYSZTOF BRZĘCZYSZCZYKIEWI^33CZ^62UL. X^6311114010105550000000000424\n:62F:C261012PLN1,00\n",
	} {
		f.Add([]byte(head + body))
	}
	f.Add([]byte(":20:X\n:25:/PL46114010100000579009004001\n:28C:1\n:34F:PLN0,\n:13D:2610101200+0100\n:61:2610101012CN450,00NTRFNONREF\n:90C:1PLN450,00\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sts, err := ParseMT940(bytes.NewReader(data))
		checkParsed(t, sts, err)
	})
}

func FuzzParseCSV(f *testing.F) {
	addFixtureSeeds(f, "*.csv")
	f.Add([]byte("Data;Uznania;Obciążenia;Opis;Saldo\n21.11.2026;1,00;;\"Tytuł: x\";2,00\n"))
	f.Add([]byte("Data księgowania;Data waluty;Kwota;Tytuł;Nadawca;Rachunek nadawcy;Rachunek odbiorcy\n12.10.2026;10.10.2026;450,00;Opłaty 4/24;JAN KOWALSKI  UL. KWIATOWA 4;55102055610000331203410012;11114010105550000000000424\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sts, err := ParseCSV(bytes.NewReader(data))
		checkParsed(t, sts, err)
	})
}

func FuzzFindAccounts(f *testing.F) {
	f.Add("PL61 1090 1014 0000 0712 1981 2874")
	f.Add("lokal 12 61109010140000071219812874 i 71-1090-1014-4440-0000-0015-0008")
	f.Add("6110 9010 1400 0007 1219 8128 74\u00a0x")
	f.Fuzz(func(t *testing.T, text string) {
		seen := make(map[string]bool)
		for _, n := range FindAccounts(text) {
			if !n.IsValid() {
				t.Fatalf("invalid account %q", n)
			}
			if seen[string(n)] {
				t.Fatalf("account %q listed twice", n)
			}
			seen[string(n)] = true
		}
	})
}

func FuzzParseCAMT053(f *testing.F) {
	addFixtureSeeds(f, "*.xml")
	f.Add([]byte(`<?xml version="1.0" encoding="windows-1250"?><Document><BkToCstmrStmt><Stmt><Acct><Id><IBAN>PL61109010140000071219812874</IBAN></Id></Acct>` +
		`<Bal><Tp><CdOrPrtry><Cd>PRCD</Cd></CdOrPrtry></Tp><Amt Ccy="PLN">1</Amt><CdtDbtInd>DBIT</CdtDbtInd></Bal>` +
		`<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt>0.00000</Amt><CdtDbtInd>CRDT</CdtDbtInd></Bal>` +
		`<Ntry><Amt>1.0</Amt><CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd><ValDt><DtTm>2026-12-31T23:59:59Z</DtTm></ValDt>` +
		`<NtryDtls><TxDtls><RltdPties><CdtrAcct><Id><Othr><Id>57109010144440000000330001</Id></Othr></Id></CdtrAcct></RltdPties></TxDtls></NtryDtls></Ntry></Stmt></BkToCstmrStmt></Document>`))
	f.Add([]byte(`<ns2:Document xmlns:ns2="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><ns2:BkToCstmrStmt><ns2:Stmt/></ns2:BkToCstmrStmt></ns2:Document>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		sts, err := ParseCAMT053(bytes.NewReader(b))
		checkParsed(t, sts, err)
		for _, st := range sts {
			if err := checkBalance(st); err != nil {
				t.Fatalf("statement at line %d does not add up: %v", st.Line, err)
			}
			if st.Format != FormatCAMT053 || !st.Account.IsValid() {
				t.Fatalf("statement at line %d: format %q, account %q", st.Line, st.Format, st.Account)
			}
		}
	})
}
