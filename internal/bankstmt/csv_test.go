package bankstmt

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestParseCSVFixtures(t *testing.T) {
	tests := []struct {
		file    string
		charset string
		want    []string
	}{
		{
			// mBank-like: windows-1250, ";", CRLF, a preamble with the
			// account, "#" headers, a ";" inside a quoted title, a
			// virtual account in the title, a summary footer.
			file:    "mbank_cp1250.csv",
			charset: CharsetWindows1250,
			want: []string{
				"19 1140 2004 0000 3502 3059 9137  12345.67..14392.97 CSV/windows-1250 4",
				"22 2026-11-20 2026-11-20 450.00 ref= title=Opłata za lokal 12/3 za listopad 2026 cp=JAN KOWALSKI UL. ŻYTNIA 5/3 00-950 WARSZAWA cpacc=60102010260000123456789012 acc=19114020040000350230599137,60102010260000123456789012",
				"23 2026-11-20 2026-11-20 450.00 ref= title=Opłata za lokal 12/3 za listopad 2026 cp=JAN KOWALSKI UL. ŻYTNIA 5/3 00-950 WARSZAWA cpacc=60102010260000123456789012 acc=19114020040000350230599137,60102010260000123456789012",
				"24 2026-11-20 2026-11-20 1234.50 ref= title=Czynsz + woda; lokal 7/1 (rach. 89 1140 2004 9876 0000 0007 0001) cp=ŁUCJA GRZEŚKOWIAK-ŚWIĄTEK cpacc=24124010370000111122223333 acc=19114020040000350230599137,89114020049876000000070001,24124010370000111122223333",
				"25 2026-11-21 2026-11-21 -87.20 ref= title=Opłata miesięczna 11/2026 cp= cpacc= acc=19114020040000350230599137",
			},
		},
		{
			// PKO-like: UTF-8 with BOM, ",", LF, all quoted, newest
			// first, "Label: value" cells, a title over two lines.
			file:    "pko_utf8bom.csv",
			charset: CharsetUTF8,
			want: []string{
				"  50000.00..50762.40 CSV/UTF-8 2",
				"2 2026-11-21 2026-11-21 150.00 ref= title=OPŁATA GARAŻ 34 cp=PIOTR WIŚNIEWSKI cpacc=24124010370000111122223333 acc=24124010370000111122223333,12102010269870000000120034",
				"3 2026-11-20 2026-11-20 612.40 ref= title=Wpłata za lokal 5/12 listopad 2026 cp=MARIA NOWAK cpacc=50105014451000009012345678 acc=50105014451000009012345678,76102010269870000000050012",
			},
		},
		{
			// ING Bank Śląski: windows-1250, ";", CRLF, the preamble
			// with the account and the sums, newest first, a card
			// blockade (no booking date, no amount, only "Kwota
			// blokady"), references and accounts behind an apostrophe,
			// and a closing line of text under the table.
			file:    "ing_cp1250.csv",
			charset: CharsetWindows1250,
			want: []string{
				"46 1140 1010 0000 5790 0900 4001  1000.00..1362.80 CSV/windows-1250 2",
				"21 2026-11-21 2026-11-21 -87.20 ref=202611210002 title=Faktura 127/11/2026 cp=ZAKŁAD WODOCIĄGÓW SP. Z O.O. cpacc=94194010760000222233334444 acc=46114010100000579009004001,94194010760000222233334444",
				"22 2026-11-20 2026-11-20 450.00 ref=202611200003 title=Opłata za lokal 4/24 listopad cp=Łucja Grześkowiak-Świątek UL. ŻYTNIA 5/3 00-950 WARSZAWA cpacc=55102055610000331203410012 acc=46114010100000579009004001,55102055610000331203410012",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			raw := readFixture(t, tt.file)
			if _, cs := decodeText(raw); cs != tt.charset {
				t.Errorf("fixture detected as %s, want %s", cs, tt.charset)
			}
			compareLines(t, summarize(mustParseCSV(t, raw)), tt.want)
		})
	}
}

func TestParseCSVLayouts(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{
			name: "comma separator, English-style amounts, own account column, references",
			in: "Data księgowania,Data waluty,Kwota,Tytuł operacji,Nazwa kontrahenta,Rachunek nadawcy,Rachunek odbiorcy,Numer referencyjny\n" +
				"2026-11-20,2026-11-19,1234.56,\"Czynsz, lokal 3\",\"Nowak, Jan\",PL24124010370000111122223333,PL61 1090 1014 0000 0712 1981 2874,R-1\n" +
				"21-11-2026,21-11-2026,\"1,234.50\",Woda,Kowalski,,61109010140000071219812874,R-2\n",
			want: []string{
				"61 1090 1014 0000 0712 1981 2874  0.00..0.00 CSV/UTF-8 2",
				"2 2026-11-20 2026-11-19 1234.56 ref=R-1 title=Czynsz, lokal 3 cp=Nowak, Jan cpacc=24124010370000111122223333 acc=61109010140000071219812874,24124010370000111122223333",
				"3 2026-11-21 2026-11-21 1234.50 ref=R-2 title=Woda cp=Kowalski cpacc= acc=61109010140000071219812874",
			},
		},
		{
			name: "semicolon, Polish dates, credit and debit columns, description as title",
			in: "Data operacji;Opis;Kontrahent;Numer rachunku;Uznania;Obciążenia;Waluta\n" +
				"21.11.2026;Przelew przychodzący;Anna;;\"1 234,56\";;PLN\n" +
				"22.11.2026 10:15;Opłata;Bank;;;12,30;PLN\n",
			want: []string{
				"  0.00..0.00 CSV/UTF-8 2",
				"2 2026-11-21 2026-11-21 1234.56 ref= title=Przelew przychodzący cp=Anna cpacc= acc=",
				"3 2026-11-22 2026-11-22 -12.30 ref= title=Opłata cp=Bank cpacc= acc=",
			},
		},
		{
			name: "tab separator, English headers, oldest first balances",
			in: "Booking date\tAmount\tTitle\tBalance\n" +
				"2026/11/20\t+10,00 PLN\tA\t110,00\n" +
				"2026.11.21\t-5,00\tB\t105,00\n",
			want: []string{
				"  100.00..105.00 CSV/US-ASCII 2",
				"2 2026-11-20 2026-11-20 10.00 ref= title=A cp= cpacc= acc=",
				"3 2026-11-21 2026-11-21 -5.00 ref= title=B cp= cpacc= acc=",
			},
		},
		{
			name: "sloppy quotes stay inside their field",
			in: "Data;Kwota;Tytuł;Nadawca\n" +
				"2026-11-20;1,00;\"Lokal\" 5;Jan \"Janek\" Nowak\n" +
				"2026-11-20;2,00;\"Cytat \"\"X\"\"\";\n",
			want: []string{
				"  0.00..0.00 CSV/UTF-8 2",
				"2 2026-11-20 2026-11-20 1.00 ref= title=Lokal 5 cp=Jan \"Janek\" Nowak cpacc= acc=",
				"3 2026-11-20 2026-11-20 2.00 ref= title=Cytat \"X\" cp= cpacc= acc=",
			},
		},
		{
			name: "header only",
			in:   "Data;Kwota\n",
			want: []string{"  0.00..0.00 CSV/US-ASCII 0"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			compareLines(t, summarize(mustParseCSV(t, []byte(tt.in))), tt.want)
		})
	}
}

func TestParseCSVMalformed(t *testing.T) {
	sts, err := ParseCSV(bytes.NewReader(readFixture(t, "malformed.csv")))
	checkProblems(t, problemsOf(t, sts, err), []string{
		"3: bad date \"2026-13-20\"",
		"4: bad amount \"45x\"",
		"5: amount is zero",
		"6: currency \"EUR\" is not supported",
		"7: bad date \"32.11.2026\"",
		"7: bad amount \"1.234\"",
		"9: no amount",
	})
}

func TestParseCSVRejects(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty file", "", []string{"0: no header row"}},
		{"no amount column", "Data;Tytuł\n2026-11-20;x\n", []string{"0: no header row"}},
		{"both credit and debit", "Data;Uznania;Obciążenia\n2026-11-20;1,00;2,00\n", []string{"2: both a credit and a debit"}},
		{"no date", "Data;Kwota\n;1,00\n", []string{"2: no date"}},
		{"unterminated quote", "Data;Kwota;Tytuł\n2026-11-20;1,00;\"abc\n", []string{"2: CSV syntax"}},
		{"absurd amount", "Data;Kwota\n2026-11-20;99999999999999999\n", []string{"2: bad amount"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sts, err := ParseCSV(strings.NewReader(tt.in))
			checkProblems(t, problemsOf(t, sts, err), tt.want)
		})
	}
}

func TestNormalizeHeader(t *testing.T) {
	tests := map[string]column{
		"#Data księgowania":                  colBooked,
		"DATA KSIĘGOWANIA:":                  colBooked,
		"\uFEFF\"Data operacji\"":            colOperation,
		"Kwota transakcji (waluta rachunku)": colAmount,
		"Nadawca / Odbiorca":                 colCounterparty,
		"Tytuł":                              colTitle,
		"Rachunek_odbiorcy":                  colOwnAccount,
		"Numer referencyjny":                 colReference,
		"Saldo po operacji":                  colBalance,
		"Lp.":                                colNone,
	}
	for in, want := range tests {
		if got := columnOf(normalizeHeader(in)); got != want {
			t.Errorf("columnOf(normalizeHeader(%q)) = %d, want %d", in, got, want)
		}
	}
}

func TestDocumentedHeaders(t *testing.T) {
	// The header table in the package documentation is the import format
	// promised to users: every name in it must select its column.
	fields := map[string]column{
		"booking date":         colBooked,
		"operation date":       colOperation,
		"value date":           colValue,
		"amount (signed)":      colAmount,
		"credit (positive)":    colCredit,
		"debit (negative)":     colDebit,
		"currency (PLN only)":  colCurrency,
		"title":                colTitle,
		"description":          colDescription,
		"counterparty":         colCounterparty,
		"counterparty account": colCounterpartyAccount,
		"own account":          colOwnAccount,
		"reference":            colReference,
		"balance after":        colBalance,
	}
	raw, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	_, table, ok := strings.Cut(doc, "// The header names ParseCSV accepts")
	if !ok {
		t.Fatal("header table not found in doc.go")
	}
	table, _, _ = strings.Cut(table, "\n//\n// Statement.Account")
	seen := make(map[column]int)
	var field column
	for _, line := range strings.Split(table, "\n") {
		line, ok := strings.CutPrefix(line, "//\t")
		if !ok || len(line) < 22 {
			continue
		}
		label, names := line[:22], line[22:]
		if label = strings.TrimSpace(label); label != "" {
			if field, ok = fields[label]; !ok {
				t.Fatalf("unknown field %q in the header table", label)
			}
		}
		for _, name := range strings.Split(names, ",") {
			if name = strings.TrimSpace(name); name == "" {
				continue
			}
			seen[field]++
			if got := columnOf(normalizeHeader(name)); got != field {
				t.Errorf("documented header %q selects column %d, want %d", name, got, field)
			}
		}
	}
	if len(seen) != len(fields) {
		t.Errorf("the table documents %d fields, want %d", len(seen), len(fields))
	}
}

// The CSV exports of Alior, Pekao and Millennium: where each puts the
// title, the payer, the payer's account and the credited account, and which
// of two amounts is in the account's currency.
func TestCSVBankLayouts(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{
			name: "Alior: title in Szczegóły transakcji, a card payment in EUR beside its PLN amount",
			in: "Kryteria transakcji: data od 01-11-2026 do 21-11-2026;\n" +
				"Data transakcji;Data księgowania;Nazwa nadawcy;Nazwa odbiorcy;Szczegóły transakcji;Kwota operacji;Waluta operacji;Kwota w walucie rachunku;Waluta rachunku;Numer rachunku nadawcy;Numer rachunku odbiorcy\n" +
				"20-11-2026;20-11-2026;JAN KOWALSKI;SM ZIELONE WZGÓRZE;Opłata za lokal 4/24;450,00;PLN;450,00;PLN;55102055610000331203410012;11114010105550000000000424\n" +
				"21-11-2026;23-11-2026;;;SHOP.EXAMPLE.COM BERLIN DE;-10,00;EUR;-43,21;PLN;;\n",
			want: []string{
				"value=2026-11-20 booked=2026-11-20 amount=450.00 ref= title=Opłata za lokal 4/24 | name=JAN KOWALSKI | address= | payer=55102055610000331203410012 | iph= | credited=11114010105550000000000424",
				"value=2026-11-21 booked=2026-11-23 amount=-43.21 ref= title=SHOP.EXAMPLE.COM BERLIN DE | name= | address= | payer= | iph= | credited=",
			},
		},
		{
			name: "Pekao: Rachunek źródłowy and Rachunek docelowy",
			in: "Data księgowania;Data waluty;Nadawca / Odbiorca;Adres nadawcy / odbiorcy;Rachunek źródłowy;Rachunek docelowy;Tytułem;Kwota operacji;Waluta;Numer referencyjny;Typ operacji;Kategoria\n" +
				"20.11.2026;19.11.2026;JAN KOWALSKI;UL. KWIATOWA 4 00-950 WARSZAWA;'55102055610000331203410012;'11114010105550000000000424;Opłata za lokal 4/24;450,00;PLN;'0AN0000009912030;PRZELEW KRAJOWY;Wpływy\n",
			want: []string{
				"value=2026-11-19 booked=2026-11-20 amount=450.00 ref=0AN0000009912030 title=Opłata za lokal 4/24 | name=JAN KOWALSKI | address= | payer=55102055610000331203410012 | iph= | credited=11114010105550000000000424",
			},
		},
		{
			name: "Millennium: Numer rachunku/karty, Na konto/Z konta, Odbiorca/Zleceniodawca, Data rozliczenia",
			in: "Numer rachunku/karty,Data transakcji,Data rozliczenia,Rodzaj transakcji,Na konto/Z konta,Odbiorca/Zleceniodawca,Opis,Obciążenia,Uznania,Saldo,Waluta\n" +
				"\"PL46 1140 1010 0000 5790 0900 4001\",\"2026-11-20\",\"2026-11-20\",\"PRZELEW PRZYCHODZĄCY\",\"55 1020 5561 0000 3312 0341 0012\",\"JAN KOWALSKI\",\"Opłata za lokal 4/24\",\"\",\"450.00\",\"1450.00\",\"PLN\"\n" +
				"\"PL46 1140 1010 0000 5790 0900 4001\",\"2026-11-21\",\"2026-11-22\",\"TRANSAKCJA KARTĄ PŁATNICZĄ\",\"\",\"\",\"STACJA PALIW 21/11/26\",\"-12.50\",\"\",\"1437.50\",\"PLN\"\n",
			want: []string{
				"value=2026-11-20 booked=2026-11-20 amount=450.00 ref= title=Opłata za lokal 4/24 | name=JAN KOWALSKI | address= | payer=55102055610000331203410012 | iph= | credited=46114010100000579009004001",
				"value=2026-11-21 booked=2026-11-22 amount=-12.50 ref= title=STACJA PALIW 21/11/26 | name= | address= | payer= | iph= | credited=46114010100000579009004001",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sts := mustParseCSV(t, []byte(tt.in))
			var got []string
			for _, tx := range sts[0].Transactions {
				got = append(got, bankTx(tx))
			}
			compareLines(t, got, tt.want)
		})
	}
}
