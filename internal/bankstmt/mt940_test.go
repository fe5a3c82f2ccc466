package bankstmt

import (
	"bytes"
	"strings"
	"testing"
)

// mt940Fixtures are the bank-like MT940 files in testdata with every field
// expected from them: per statement its summary followed by its
// transactions' summaries.
var mt940Fixtures = []struct {
	file    string
	charset string
	want    []string
}{
	{
		// mBank-like: windows-1250, CRLF, SWIFT blocks, two messages,
		// "^" subfields cut at 65 columns, the virtual account in the
		// :61: supplementary details, no usable references.
		file:    "mbank_cp1250_crlf.sta",
		charset: CharsetWindows1250,
		want: []string{
			"19 1140 2004 0000 3502 3059 9137 00231/001 12345.67..14392.97 MT940/windows-1250 4",
			"6 2026-11-20 2026-11-20 450.00 ref= title=Opłata za lokal 12/3 za listopad 2026 cp=JAN KOWALSKI UL. ŻYTNIA 5/3 00-950 WARSZ cpacc=60102010260000123456789012 acc=19114020040000350230599137,81114020049876000000120003,60102010260000123456789012",
			"12 2026-11-20 2026-11-20 450.00 ref= title=Opłata za lokal 12/3 za listopad 2026 cp=JAN KOWALSKI UL. ŻYTNIA 5/3 00-950 WARSZ cpacc=60102010260000123456789012 acc=19114020040000350230599137,81114020049876000000120003,60102010260000123456789012",
			"18 2026-11-20 2026-11-20 1234.50 ref= title=Czynsz + woda, lokal 7/1, Łucja Grześkowiak-Świątek cp=ŁUCJA GRZEŚKOWIAK-ŚWIĄTEK cpacc=24124010370000111122223333 acc=19114020040000350230599137,89114020049876000000070001,24124010370000111122223333",
			"23 2026-11-21 2026-11-21 -87.20 ref= title=Opłata miesięczna 11/2026 cp= cpacc= acc=19114020040000350230599137",
			"19 1140 2004 0000 3502 3059 9137 00232/001 14392.97..14892.97 MT940/windows-1250 1",
			"32 2026-11-24 2026-11-24 500.00 ref= title=Nadpłata - lokal 12/3 cp=ANNA KOWALSKA cpacc=60102010260000123456789012 acc=19114020040000350230599137,81114020049876000000120003,60102010260000123456789012",
		},
	},
	{
		// PKO-like: CP852, CRLF, "~" subfields cut at 65 columns, the
		// virtual account split across ~20 and ~21, a free-text :86:
		// cut mid-word, a reversal of a credit (RC).
		file:    "pko_cp852_crlf.sta",
		charset: CharsetCP852,
		want: []string{
			"36 1020 1026 0000 0422 0234 5678 331 50000.00..50150.00 MT940/CP852 3",
			"5 2026-11-20 2026-11-20 612.40 ref=15E2611200012345 title=Wpłata na rach. 76 1020 1026 9870 0000 0005 0012 za lokal 5/12 listopad cp=MARIA NOWAK cpacc=50105014451000009012345678 acc=36102010260000042202345678,50105014451000009012345678,76102010269870000000050012",
			"10 2026-11-21 2026-11-21 150.00 ref=15E2611210004567 title=PRZELEW PRZYCHODZĄCY OD: PIOTR WIŚNIEWSKI UL. LEŚNA 2 05-500 PIASECZNO TYTUŁ: OPŁATA GARAŻ 34 RACHUNEK 12 1020 1026 9870 0000 0012 0034 cp= cpacc= acc=36102010260000042202345678,12102010269870000000120034",
			"14 2026-11-21 2026-11-21 -612.40 ref=15E2611210009999 title=ZWROT - BŁĘDNY RACHUNEK cp=MARIA NOWAK cpacc= acc=36102010260000042202345678",
		},
	},
	{
		// ING-like: ISO-8859-2, LF, one subfield a line (one code cut
		// across lines), the virtual account in ~63, two statements,
		// :64: and a statement-level :86: to skip.
		file:    "ing_iso88592_lf.sta",
		charset: CharsetISO88592,
		want: []string{
			"89 1050 1012 1000 0023 4567 8901 00320 8000.00..8320.15 MT940/ISO-8859-2 1",
			"5 2026-11-20 2026-11-20 320.15 ref=IBE2611200000101 title=Opłata eksploatacyjna 11/2026 lok. 3/5 cp=Zofia Dąbrowska-Żółkiewska cpacc=91116022020000000123456789 acc=89105010121000002345678901,91116022020000000123456789,14105010127777000000030005",
			"89 1050 1012 1000 0023 4567 8901 00321 8320.15..6918.15 MT940/ISO-8859-2 2",
			"29 2026-11-21 2026-11-21 98.00 ref=IBE2611210000207 title=Woda - rozliczenie lok. 9/11 cp=Bogdan Kaczmarczyk ul. Źródlana 4 cpacc=43116022020000000987654321 acc=89105010121000002345678901,43116022020000000987654321,43105010127777000000090011",
			"33 2026-11-21 2026-11-21 -1500.00 ref=IBE2611210000208 title=Faktura 127/11/2026 cp=ZAKŁAD WODOCIĄGÓW SP. Z O.O. cpacc=94194010760000222233334444 acc=89105010121000002345678901,94194010760000222233334444",
		},
	},
	{
		// Santander/Millennium-like: UTF-8, LF, free-text :86: wrapped
		// at word boundaries, booking in the next year, a reversal of a
		// debit (RD), a second statement whose :25: is a virtual
		// account, :60M:/:62M: balances.
		file:    "santander_utf8_lf.sta",
		charset: CharsetUTF8,
		want: []string{
			"61 1090 1014 0000 0712 1981 2874 366/1 2500.00..3225.50 MT940/UTF-8 2",
			"5 2027-01-02 2026-12-31 700.00 ref=SANPL26365A00441 title=Wpłata z rachunku 43 1160 2202 0000 0009 8765 4321 Grażyna Ździebło, ul. Mickiewicza 8, 33-100 Tarnów; tytuł: czynsz za styczeń 2027, lokal 33/1 cp= cpacc= acc=61109010140000071219812874,57109010144440000000330001,43116022020000000987654321",
			"10 2026-12-31 2026-12-31 25.50 ref=SANPL26365C00002 title=Zwrot opłaty za przelew natychmiastowy cp= cpacc= acc=61109010140000071219812874",
			"71 1090 1014 4440 0000 0015 0008 366/2 0.00..1200.00 MT940/UTF-8 1",
			"17 2026-12-31 2026-12-31 1200.00 ref=SANPL26365A00442 title=Przelew od Henryk Żuławski, rach. PL94194010760000222233334444, tytuł: opłaty lokal 15/8 grudzień cp= cpacc= acc=71109010144440000000150008,94194010760000222233334444",
		},
	},
}

// summarize lists the summaries of statements and their transactions.
func summarize(sts []Statement) []string {
	var out []string
	for _, st := range sts {
		out = append(out, statementSummary(st))
		for _, tx := range st.Transactions {
			out = append(out, txSummary(tx))
		}
	}
	return out
}

// compareLines reports differences between got and want line by line.
func compareLines(t *testing.T, got, want []string) {
	t.Helper()
	for i := 0; i < max(len(got), len(want)); i++ {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("item %d:\n got %s\nwant %s", i, g, w)
		}
	}
}

func TestParseMT940Fixtures(t *testing.T) {
	for _, fx := range mt940Fixtures {
		t.Run(fx.file, func(t *testing.T) {
			raw := readFixture(t, fx.file)
			if _, cs := decodeText(raw); cs != fx.charset {
				t.Errorf("fixture detected as %s, want %s", cs, fx.charset)
			}
			compareLines(t, summarize(mustParseMT940(t, raw)), fx.want)
		})
	}
}

func TestParseMT940FixturesAreRealistic(t *testing.T) {
	for _, fx := range mt940Fixtures {
		raw := readFixture(t, fx.file)
		crlf := bytes.Count(raw, []byte("\r\n"))
		lf := bytes.Count(raw, []byte("\n"))
		wantCRLF := strings.Contains(fx.file, "crlf")
		if wantCRLF && crlf != lf || !wantCRLF && crlf != 0 {
			t.Errorf("%s: %d CRLF among %d LF", fx.file, crlf, lf)
		}
		if fx.charset != CharsetUTF8 && bytes.ContainsRune(raw, 'ł') {
			t.Errorf("%s: holds UTF-8 text", fx.file)
		}
	}
}

func TestParseMT940LineEndings(t *testing.T) {
	raw := readFixture(t, "pko_cp852_crlf.sta")
	text, _ := decodeText(raw)
	want := summarize(mustParseMT940(t, raw))
	for _, eol := range []string{"\n", "\r", "\r\n"} {
		got := summarize(mustParseMT940(t, encode(t, text, CharsetCP852, eol)))
		compareLines(t, got, want)
	}
}

func TestParseMT940Details(t *testing.T) {
	const account = ":25:/PL61109010140000071219812874\n"
	tests := []struct {
		name string
		body string // the fields after :25:
		want string // the summary of the only transaction
	}{
		{
			name: "entry date before the value date across new year",
			body: ":60F:C270101PLN0,00\n:61:2701021231C10,00NTRFNONREF\n:62F:C270102PLN10,00\n",
			want: "4 2026-12-31 2027-01-02 10.00 ref= title= cp= cpacc= acc=61109010140000071219812874",
		},
		{
			name: "funds code, trailing comma, one decimal",
			body: ":60F:C261120PLN0,\n:61:261120DN10,5NCHGNONREF//ABC\n:62F:D261120PLN10,50\n",
			want: "4 2026-11-20 2026-11-20 -10.50 ref=ABC title= cp= cpacc= acc=61109010140000071219812874",
		},
		{
			name: "no type code, bank reference only",
			body: ":60F:C261120PLN0,00\n:61:261120C1,00//XYZ-1\n:62F:C261120PLN1,00\n",
			want: "4 2026-11-20 2026-11-20 1.00 ref=XYZ-1 title= cp= cpacc= acc=61109010140000071219812874",
		},
		{
			name: "virtual account as the owner's reference, title from details",
			body: ":60F:C261120PLN0,00\n:61:261120C1,00NTRF71109010144440000000150008\nWPLATA LOKAL 15/8\n:62F:C261120PLN1,00\n",
			want: "4 2026-11-20 2026-11-20 1.00 ref= title=WPLATA LOKAL 15/8 cp= cpacc= acc=61109010140000071219812874,71109010144440000000150008",
		},
		{
			name: "caret subfields with ~30/~31 only and a separator in the title",
			body: ":60F:C261120PLN0,00\n:61:261120C1,00NTRFNONREF\n:86:^20Lokal 5^7^3010501012^317777000000030005^32Jan\n:62F:C261120PLN1,00\n",
			want: "4 2026-11-20 2026-11-20 1.00 ref= title=Lokal 5^7 cp=Jan cpacc=14105010127777000000030005 acc=61109010140000071219812874,14105010127777000000030005",
		},
		{
			name: "question-mark subfields without a transaction code, name from ~27",
			body: ":60F:C261120PLN0,00\n:61:261120C1,00NTRFNONREF\n:86:?20Czynsz?27Anna Nowak?38DE89370400440532013000\n:62F:C261120PLN1,00\n",
			want: "4 2026-11-20 2026-11-20 1.00 ref= title=Czynsz cp=Anna Nowak cpacc=DE89370400440532013000 acc=61109010140000071219812874",
		},
		{
			name: "statement-level :86: after the closing balance is skipped",
			body: ":60F:C261120PLN0,00\n:61:261120C1,00NTRFNONREF\n:62F:C261120PLN1,00\n:86:KONIEC\n",
			want: "4 2026-11-20 2026-11-20 1.00 ref= title= cp= cpacc= acc=61109010140000071219812874",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ":20:X\n" + account + tt.body
			sts := mustParseMT940(t, []byte(in))
			if len(sts) != 1 || len(sts[0].Transactions) != 1 {
				t.Fatalf("got %v", summarize(sts))
			}
			if got := txSummary(sts[0].Transactions[0]); got != tt.want {
				t.Errorf("\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestParseMT940AccountForms(t *testing.T) {
	for _, form := range []string{
		"/PL61109010140000071219812874",
		"PL61109010140000071219812874",
		"61109010140000071219812874",
		"/PL61109010140000071219812874/PLN",
		"PL61 1090 1014 0000 0712 1981 2874",
		"10901014/0000071219812874",
	} {
		in := ":20:X\n:25:" + form + "\n:60F:C261120PLN0,00\n:62F:C261120PLN0,00\n"
		sts := mustParseMT940(t, []byte(in))
		if sts[0].Account != "61109010140000071219812874" {
			t.Errorf(":25:%s gave account %q", form, sts[0].Account)
		}
	}
}

func TestParseMT940Malformed(t *testing.T) {
	sts, err := ParseMT940(bytes.NewReader(readFixture(t, "malformed.sta")))
	checkProblems(t, problemsOf(t, sts, err), []string{
		"1: text outside any MT940 field",
		"3: is not a valid Polish account number",
		"6: date \"261132\" does not exist",
		"8: amount \"45\" is not in SWIFT form",
		"9: no debit/credit mark",
		"10: amount is zero",
		"12: no :60F: opening balance",
		"14: the file ends at line 14 without :62F: — was the download cut?",
	})
	if msg := err.Error(); !strings.Contains(msg, "8 problems") || !strings.Contains(msg, "line 8: ") {
		t.Errorf("Error() = %q", msg)
	}
}

func TestParseMT940Rejects(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty file", "", []string{"0: no MT940 statement found"}},
		{"only SWIFT blocks", "{1:F01X}{2:O940X}{4:\n-}\n", []string{"0: no MT940 statement found"}},
		{
			"closing balance does not add up",
			":20:X\n:25:61109010140000071219812874\n:60F:C261120PLN10,00\n:61:261120C1,00NTRF\n:62F:C261120PLN12,00\n",
			[]string{"5: closing balance 12.00 is not the opening balance plus the entries (11.00)"},
		},
		{
			"entry after the closing balance and a field outside a statement",
			":61:261120C1,00NTRF\n:20:X\n:25:61109010140000071219812874\n:60F:C261120PLN0,00\n:62F:C261120PLN0,00\n:61:261120C1,00NTRF\n",
			[]string{"1: outside a statement", "6: after the closing balance"},
		},
		{
			"bad balances",
			":20:X\n:25:61109010140000071219812874\n:60F:X261120PLN0,00\n:62F:C261120PLN0,00x\n:62F:C261120PLN0,00\n",
			[]string{"3: does not start with C or D", "4: unexpected \"x\"", "5: second :62F: balance"},
		},
		{
			"bad entry dates and amounts",
			":20:X\n:25:61109010140000071219812874\n:60F:C261120PLN0,00\n:61:2611201340C1,00NTRF\n:61:261120C999999999999999,00NTRF\n:61:26112\n:61:261120C\n:62F:C261120PLN0,00\n",
			[]string{"4: entry date \"1340\"", "5: too large", "6: too short", "7: missing amount"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sts, err := ParseMT940(strings.NewReader(tt.in))
			checkProblems(t, problemsOf(t, sts, err), tt.want)
		})
	}
}
