package ledgercsv

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/money"
)

// fullHeader names every column, in the canonical order.
const fullHeader = "external_id;account;premises;booked_on;due_on;period;kind;component;amount;description\n"

// parseString parses s, failing the test on a read error.
func parseString(t *testing.T, s string) *File {
	t.Helper()
	f, err := Parse(strings.NewReader(s))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return f
}

// problemLines returns the problems as text, one a line, for messages.
func problemLines(f *File) string {
	var b strings.Builder
	for _, p := range f.Problems {
		fmt.Fprintln(&b, p)
	}
	return b.String()
}

// wantOK fails the test unless f has no problems.
func wantOK(t *testing.T, f *File) {
	t.Helper()
	if !f.OK() {
		t.Fatalf("file not OK:\n%s", problemLines(f))
	}
}

// date is civil.Date for tests.
func date(y, m, d int) civil.Date {
	return civil.Date{Year: y, Month: time.Month(m), Day: d}
}

func TestParseGoodFile(t *testing.T) {
	in := fullHeader +
		"FK/1;61 1090 1014 0000 0712 1981 2874;;2026-11-01;2026-11-10;2026-11;naliczenie;eksploatacja;1 234,56;\n" +
		"FK/2;;Mickiewicza 5/12;21.11.2026;;11.2026;wpłata;;-12,30;Przelew\n" +
		"FK/3;PL61109010140000071219812874;Mickiewicza 5/12;30.11.2026;;;korekta;woda;-0,05;Zaokrąglenie\n" +
		"FK/4;;G-17;01.12.2026;15.12.2026;;odsetki;;3.5;\n" +
		"FK/5;;G-17;01.12.2026;;2026-10;rozliczenie;c.o.;-120;Nadpłata c.o.\n"
	f := parseString(t, in)
	wantOK(t, f)
	want := []Row{
		{Line: 2, ExternalID: "FK/1", Account: validNRB, BookedOn: date(2026, 11, 1), DueOn: date(2026, 11, 10),
			Period: civil.Month{Year: 2026, Month: 11}, Kind: KindCharge, Component: "eksploatacja", Amount: 123456},
		{Line: 3, ExternalID: "FK/2", Premises: "Mickiewicza 5/12", BookedOn: date(2026, 11, 21),
			Period: civil.Month{Year: 2026, Month: 11}, Kind: KindPayment, Amount: -1230, Description: "Przelew"},
		{Line: 4, ExternalID: "FK/3", Account: validNRB, Premises: "Mickiewicza 5/12", BookedOn: date(2026, 11, 30),
			Kind: KindCorrection, Component: "woda", Amount: -5, Description: "Zaokrąglenie"},
		{Line: 5, ExternalID: "FK/4", Premises: "G-17", BookedOn: date(2026, 12, 1), DueOn: date(2026, 12, 15),
			Kind: KindInterest, Amount: 350},
		{Line: 6, ExternalID: "FK/5", Premises: "G-17", BookedOn: date(2026, 12, 1),
			Period: civil.Month{Year: 2026, Month: 10}, Kind: KindSettlement, Component: "c.o.", Amount: -12000,
			Description: "Nadpłata c.o."},
	}
	if len(f.Rows) != len(want) {
		t.Fatalf("got %d rows, want %d", len(f.Rows), len(want))
	}
	for i := range want {
		want[i].AccountColumn, want[i].PremisesColumn = "account", "premises"
		if f.Rows[i] != want[i] {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, f.Rows[i], want[i])
		}
	}
	if f.Records != 5 || f.Bad != 0 || f.Comma != ';' {
		t.Errorf("Records %d, Bad %d, Comma %q; want 5, 0, ';'", f.Records, f.Bad, f.Comma)
	}
	if f.SHA256 != sha256.Sum256([]byte(in)) {
		t.Error("SHA256 is not the hash of the file")
	}
}

func TestHeaderAliases(t *testing.T) {
	// One entry's values, by column; each header below names the columns
	// differently and in another order.
	values := map[column]string{
		colExternalID: "X-1", colAccount: "61 1090 1014 0000 0712 1981 2874", colPremises: "Mickiewicza 5/12",
		colBookedOn: "2026-11-01", colDueOn: "2026-11-10", colPeriod: "2026-11", colKind: "naliczenie",
		colComponent: "eksploatacja", colAmount: "10,00", colDescription: "Opłata",
	}
	headers := [][]string{
		{"external_id", "account", "premises", "booked_on", "due_on", "period", "kind", "component", "amount", "description"},
		{"id_zewnetrzny", "rachunek", "lokal", "data_ksiegowania", "termin_platnosci", "okres", "rodzaj", "skladnik", "kwota", "opis"},
		{"Id zewnętrzny", "Rachunek", "Lokal", "Data księgowania", "Termin płatności", "Okres", "Rodzaj", "Składnik", "Kwota", "Opis"},
		{"OPIS", "KWOTA", "SKŁADNIK", "RODZAJ", "OKRES", "TERMIN_PŁATNOŚCI", "DATA_KSIĘGOWANIA", "LOKAL", "NRB", "ID_ZEWNĘTRZNY"},
		{"amount", "id-zewnetrzny", "numer rachunku", "numer_lokalu", "booked-on", "due on", "period", "kind", "component", "description"},
	}
	want := Row{Line: 2, ExternalID: "X-1", Account: validNRB, Premises: "Mickiewicza 5/12", BookedOn: date(2026, 11, 1),
		DueOn: date(2026, 11, 10), Period: civil.Month{Year: 2026, Month: 11}, Kind: KindCharge,
		Component: "eksploatacja", Amount: 1000, Description: "Opłata"}
	for _, h := range headers {
		t.Run(strings.Join(h, ","), func(t *testing.T) {
			vals := make([]string, len(h))
			for i, name := range h {
				c, ok := lookupColumn(name)
				if !ok {
					t.Fatalf("%q is no alias", name)
				}
				vals[i] = values[c]
			}
			f := parseString(t, strings.Join(h, ";")+"\n"+strings.Join(vals, ";")+"\n")
			wantOK(t, f)
			want := want
			for _, name := range h {
				switch c, _ := lookupColumn(name); c {
				case colAccount:
					want.AccountColumn = name // the file's own spelling
				case colPremises:
					want.PremisesColumn = name
				}
			}
			if len(f.Rows) != 1 || f.Rows[0] != want {
				t.Errorf("rows %+v; want %+v", f.Rows, want)
			}
		})
	}
}

func TestEncodingAndLayout(t *testing.T) {
	body := []string{
		"external_id;premises;booked_on;kind;amount;description",
		"A;Mickiewicza 5/12;2026-11-01;naliczenie;10;",
		"B;Mickiewicza 5/12;2026-11-02;wpłata;-10;\"Wpłata; dziękujemy \"\"z góry\"\"\"",
	}
	want := []Row{
		{Line: 2, ExternalID: "A", Premises: "Mickiewicza 5/12", BookedOn: date(2026, 11, 1), Kind: KindCharge, Amount: 1000},
		{Line: 3, ExternalID: "B", Premises: "Mickiewicza 5/12", BookedOn: date(2026, 11, 2), Kind: KindPayment, Amount: -1000,
			Description: `Wpłata; dziękujemy "z góry"`},
	}
	tests := []struct{ name, in string }{
		{"LF", strings.Join(body, "\n") + "\n"},
		{"CRLF", strings.Join(body, "\r\n") + "\r\n"},
		{"BOM+CRLF", "\uFEFF" + strings.Join(body, "\r\n") + "\r\n"},
		{"BOM, no final line end", "\uFEFF" + strings.Join(body, "\n")},
		{"BOM+CRLF, no final line end", "\uFEFF" + strings.Join(body, "\r\n")},
		{"quoted header", `"external_id";"premises";"booked_on";"kind";"amount";"description"` + "\n" +
			strings.Join(body[1:], "\n")},
		{"spaces around values", "external_id ; premises;booked_on ;kind;amount;description\n" +
			" A ;  Mickiewicza  5/12 ; 2026-11-01 ; naliczenie ; 10 ;  \n" + body[2]},
		{"comma separator", "external_id,premises,booked_on,kind,amount,description\n" +
			"A,Mickiewicza 5/12,2026-11-01,naliczenie,\"10,00\",\n" +
			"B,Mickiewicza 5/12,2026-11-02,wpłata,-10.00,\"Wpłata; dziękujemy \"\"z góry\"\"\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parseString(t, tt.in)
			wantOK(t, f)
			if len(f.Rows) != len(want) {
				t.Fatalf("got %d rows, want %d", len(f.Rows), len(want))
			}
			for i := range want {
				want[i].AccountColumn, want[i].PremisesColumn = "account", "premises"
				if f.Rows[i] != want[i] {
					t.Errorf("row %d:\n got %+v\nwant %+v", i, f.Rows[i], want[i])
				}
			}
			if f.SHA256 != sha256.Sum256([]byte(tt.in)) {
				t.Error("SHA256 is not the hash of the file's bytes")
			}
		})
	}
}

func TestCommaDetection(t *testing.T) {
	for in, want := range map[string]rune{
		"external_id;amount\n":       ';',
		"external_id,amount\n":       ',',
		"external_id;amount,x\n":     ';',
		"external_id\n":              ';',
		"external_id,premises":       ',',
		"\uFEFFexternal_id,kind\r\n": ',',
		"\r\n\nexternal_id,kind\n":   ',',
	} {
		f := parseString(t, in)
		if f.Comma != want {
			t.Errorf("%q: Comma %q; want %q", in, f.Comma, want)
		}
	}
}

func TestMultiLineFieldKeepsLineNumbers(t *testing.T) {
	in := fullHeader +
		"A;;L1;2026-11-01;;;korekta;;5;\"Korekta\r\nz powodu\r\nbłędu\"\r\n" +
		"B;;L1;2026-11-01;;;naliczenie;;-5;\n" + // line 5: a negative charge
		"\n" +
		"C;;L1;2026-11-01;;;wplata;;5;\n" // line 7, after an empty line
	f := parseString(t, in)
	if len(f.Rows) != 1 || f.Rows[0].Description != "Korekta z powodu błędu" || f.Rows[0].Line != 2 {
		t.Fatalf("rows %+v", f.Rows)
	}
	if got := problemLines(f); !strings.Contains(got, "wiersz 5, kolumna amount: Naliczenie") ||
		!strings.Contains(got, "wiersz 7, kolumna amount: Wpłata") {
		t.Errorf("problems:\n%s", got)
	}
	if f.Records != 3 || f.Bad != 2 {
		t.Errorf("Records %d, Bad %d; want 3, 2", f.Records, f.Bad)
	}
}

func TestEveryBadLineNumbered(t *testing.T) {
	in := "id_zewnetrzny;rachunek;lokal;data_ksiegowania;rodzaj;kwota;opis\n" + // 1
		"A;61 1090 1014 0000 0712 1981 2874;;2026-11-01;naliczenie;100,00;\n" + // 2 good
		"B;61 1090 1014 0000 0712 1981 2875;;2026-11-01;naliczenie;100,00;\n" + // 3 checksum
		"C;;Mickiewicza 5/12;31.11.2026;naliczenie;12,345;\n" + // 4 date and amount
		"D;;Mickiewicza 5/12;2026-11-01;zwrot;1;\n" + // 5 kind
		";;Mickiewicza 5/12;2026-11-01;korekta;1;\n" + // 6 no id, no reason
		"F;;;2026-11-01;wpłata;-1;\n" + // 7 neither account nor premises
		"G;;Mickiewicza 5/12;2026-11-01;wpłata;-1\n" + // 8 one field short
		"H;;Mickiewicza 5/12;2026-11-01;wpłata;-1;ok\n" // 9 good
	f := parseString(t, in)
	want := []string{
		"wiersz 3, kolumna rachunek: Nieprawidłowy rachunek „61 1090 1014 0000 0712 1981 2875”: cyfry kontrolne się nie zgadzają (literówka w numerze?)",
		"wiersz 4, kolumna data_ksiegowania: Nieprawidłowa data „31.11.2026”: taki dzień nie istnieje",
		"wiersz 4, kolumna kwota: Nieprawidłowa kwota „12,345”: najwyżej dwie cyfry po przecinku",
		"wiersz 5, kolumna rodzaj: Nieznany rodzaj wpisu „zwrot”: dozwolone są naliczenie, wpłata, korekta, odsetki, rozliczenie (lub charge, payment, correction, interest, settlement)",
		"wiersz 6, kolumna id_zewnetrzny: Brak wartości w wymaganej kolumnie",
		"wiersz 6, kolumna opis: Korekta wymaga opisu z jej powodem",
		"wiersz 7, kolumna rachunek: Podaj rachunek (NRB) albo numer lokalu",
		"wiersz 8: Liczba pól w wierszu (6) nie zgadza się z liczbą kolumn nagłówka (7)",
	}
	if got := problemLines(f); got != strings.Join(want, "\n")+"\n" {
		t.Errorf("problems:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
	if f.OK() {
		t.Error("a file with problems is OK")
	}
	if f.Records != 8 || f.Bad != 6 || len(f.Rows) != 2 || f.Rows[0].ExternalID != "A" || f.Rows[1].ExternalID != "H" {
		t.Errorf("Records %d, Bad %d, Rows %+v", f.Records, f.Bad, f.Rows)
	}
}

func TestDuplicateIDs(t *testing.T) {
	in := fullHeader +
		"A;;L1;2026-11-01;;;naliczenie;;1;\n" + // 2
		"B;;L1;2026-11-01;;;naliczenie;;1;\n" + // 3
		"A;;L1;2026-11-01;;;naliczenie;;1;\n" + // 4: A again
		"C;;L1;2026-11-01;;;naliczenie;;-1;\n" + // 5: bad, and its id repeats below
		"A;;L1;2026-11-01;;;naliczenie;;1;\n" + // 6: A a third time
		"C;;L1;2026-11-01;;;naliczenie;;1;\n" + // 7: C again
		"a;;L1;2026-11-01;;;naliczenie;;1;\n" + // 8: ids are case-sensitive
		" B ;;L1;2026-11-01;;;naliczenie;;1;\n" // 9: trimmed, so B again
	f := parseString(t, in)
	got := problemLines(f)
	for _, w := range []string{
		"wiersz 4, kolumna external_id: Identyfikator zewnętrzny powtarza się: ten sam jest w wierszu 2\n",
		"wiersz 6, kolumna external_id: Identyfikator zewnętrzny powtarza się: ten sam jest w wierszu 2\n",
		"wiersz 7, kolumna external_id: Identyfikator zewnętrzny powtarza się: ten sam jest w wierszu 5\n",
		"wiersz 9, kolumna external_id: Identyfikator zewnętrzny powtarza się: ten sam jest w wierszu 3\n",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q", w)
		}
	}
	if strings.Contains(got, "wiersz 8") || len(f.Problems) != 5 {
		t.Errorf("problems:\n%s", got)
	}
	if f.Records != 8 || f.Bad != 5 {
		t.Errorf("Records %d, Bad %d; want 8, 5", f.Records, f.Bad)
	}
	var ids []string
	for _, r := range f.Rows {
		ids = append(ids, r.ExternalID)
	}
	if got := strings.Join(ids, ","); got != "A,B,a" {
		t.Errorf("rows %s; want the first of each id only, A,B,a", got)
	}
	// ParseFunc hands over repeats before it knows; the report says so.
	var streamed []string
	rep, err := ParseFunc(strings.NewReader(in), func(r Row) error {
		streamed = append(streamed, r.ExternalID)
		return nil
	})
	if err != nil || rep.OK() || len(streamed) != 7 {
		t.Errorf("ParseFunc: %v, OK %v, rows %v", err, rep.OK(), streamed)
	}
	// Problems are in line order although duplicates are found last.
	for i := 1; i < len(f.Problems); i++ {
		if f.Problems[i].Line < f.Problems[i-1].Line {
			t.Fatalf("problems out of order:\n%s", got)
		}
	}
}

func TestHeaderProblems(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // the problems, each as Problem.String
	}{
		{"empty file", "", []string{"wiersz 1: Plik jest pusty: brak wiersza nagłówka"}},
		{"only BOM and empty lines", "\uFEFF\r\n\r\n", []string{"wiersz 1: Plik jest pusty: brak wiersza nagłówka"}},
		{"unknown column", "external_id;lokal;booked_on;kind;amount;saldo\n", []string{
			"wiersz 1, kolumna saldo: Nieznana kolumna „saldo”; dozwolone są: external_id (id_zewnetrzny), account (rachunek), " +
				"premises (lokal), booked_on (data_ksiegowania), due_on (termin_platnosci), period (okres), kind (rodzaj), " +
				"component (skladnik), amount (kwota), description (opis)"}},
		{"column twice", "external_id;lokal;booked_on;kind;kwota;Amount\n", []string{
			"wiersz 1, kolumna Amount: Kolumna „Amount” powtarza kolumnę „kwota”"}},
		{"missing required", "lokal;opis\n", []string{
			"wiersz 1: Brak wymaganych kolumn: external_id (id_zewnetrzny), booked_on (data_ksiegowania), kind (rodzaj), amount (kwota)"}},
		{"neither account nor premises", "external_id;booked_on;kind;amount\n", []string{
			"wiersz 1: Brak kolumny account (rachunek) i kolumny premises (lokal): plik musi mieć co najmniej jedną z nich"}},
		{"bad quote in header", "\"external_id;lokal\n", []string{
			"wiersz 1: Niezamknięty lub nieprawidłowy cudzysłów: po zamykającym cudzysłowie musi być separator albo koniec wiersza; " +
				"bez poprawnego nagłówka nie można sprawdzić pliku"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parseString(t, tt.in)
			if got := problemLines(f); got != strings.Join(tt.want, "\n")+"\n" {
				t.Errorf("problems:\n%s\nwant:\n%s", got, strings.Join(tt.want, "\n"))
			}
			if f.OK() {
				t.Error("OK")
			}
		})
	}
}

func TestHeaderOnlyIsOK(t *testing.T) {
	f := parseString(t, fullHeader)
	wantOK(t, f)
	if f.Records != 0 || len(f.Rows) != 0 {
		t.Errorf("Records %d, Rows %d", f.Records, len(f.Rows))
	}
}

func TestRowsOfFaultyHeaderAreCheckedNotUsed(t *testing.T) {
	in := "external_id;lokal;booked_on;kind;amount;saldo\n" +
		"A;L1;2026-11-01;naliczenie;1;x\n" +
		"B;L1;2026-11-01;naliczenie;-1;x\n"
	called := 0
	rep, err := ParseFunc(strings.NewReader(in), func(Row) error { called++; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if called != 0 {
		t.Errorf("fn called %d times for a file with a faulty header", called)
	}
	if len(rep.Problems) != 2 || rep.Problems[1].Line != 3 || rep.Problems[1].Column != "amount" {
		t.Errorf("problems %v", rep.Problems)
	}
}

func TestUnnamedColumns(t *testing.T) {
	in := "external_id;lokal;booked_on;kind;amount;;\n" +
		"A;L1;2026-11-01;naliczenie;1;;\n" +
		"B;L1;2026-11-01;naliczenie;1;; \n" +
		"C;L1;2026-11-01;naliczenie;1;;x\n"
	f := parseString(t, in)
	if got, want := problemLines(f), "wiersz 4: Wartość „x” w kolumnie nr 7, która nie ma nazwy w nagłówku\n"; got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
	if len(f.Rows) != 2 {
		t.Errorf("rows %+v", f.Rows)
	}
}

func TestRowRules(t *testing.T) {
	tests := []struct {
		name, line string
		column     string // the column of the problem; "-" for none (the line is good)
		msg        string // a part of the message
	}{
		{"good", "A;;L1;2026-11-01;;;naliczenie;;1;", "-", ""},
		{"no id", ";;L1;2026-11-01;;;naliczenie;;1;", "external_id", "Brak wartości w wymaganej kolumnie"},
		{"long id", strings.Repeat("x", 101) + ";;L1;2026-11-01;;;naliczenie;;1;", "external_id", "najwyżej 100"},
		{"control character in id", "A\x01;;L1;2026-11-01;;;naliczenie;;1;", "external_id", "znak sterujący"},
		{"neither account nor premises", "A;;;2026-11-01;;;naliczenie;;1;", "account", "Podaj rachunek (NRB) albo numer lokalu"},
		{"short account", "A;61 1090;;2026-11-01;;;naliczenie;;1;", "account", "a podano 6"},
		{"long premises", "A;;" + strings.Repeat("x", 101) + ";2026-11-01;;;naliczenie;;1;", "premises", "najwyżej 100"},
		{"premises not UTF-8", "A;;Ko\xb3\xb9taja 1;2026-11-01;;;naliczenie;;1;", "premises", "UTF-8"},
		{"no booking date", "A;;L1;;;;naliczenie;;1;", "booked_on", "Brak wartości"},
		{"bad booking date", "A;;L1;2026-13-01;;;naliczenie;;1;", "booked_on", "taki dzień nie istnieje"},
		{"bad due date", "A;;L1;2026-11-01;10/11/2026;;naliczenie;;1;", "due_on", "oczekiwano RRRR-MM-DD"},
		{"bad period", "A;;L1;2026-11-01;;2026-11-01;naliczenie;;1;", "period", "oczekiwano RRRR-MM"},
		{"no kind", "A;;L1;2026-11-01;;;;;1;", "kind", "Brak wartości"},
		{"unknown kind", "A;;L1;2026-11-01;;;storno;;1;", "kind", "Nieznany rodzaj wpisu „storno”"},
		{"long component", "A;;L1;2026-11-01;;;naliczenie;" + strings.Repeat("x", 65) + ";1;", "component", "najwyżej 64"},
		{"no amount", "A;;L1;2026-11-01;;;naliczenie;;;", "amount", "Brak wartości"},
		{"zero amount", "A;;L1;2026-11-01;;;korekta;;0,00;x", "amount", "zerowa"},
		{"ambiguous amount", "A;;L1;2026-11-01;;;naliczenie;;1.234,56;", "amount", "jednego znaku dziesiętnego"},
		{"positive payment", "A;;L1;2026-11-01;;;wpłata;;250,00;", "amount", "musi być ujemna"},
		{"negative charge", "A;;L1;2026-11-01;;;naliczenie;;-250,00;", "amount", "musi być dodatnia"},
		{"negative interest", "A;;L1;2026-11-01;;;odsetki;;-2,50;", "amount", "umorzenie odsetek"},
		{"negative correction", "A;;L1;2026-11-01;;;korekta;;-2,50;Obniżka", "-", ""},
		{"positive correction", "A;;L1;2026-11-01;;;korekta;;2,50;Zwrot wpłaty", "-", ""},
		{"settlement either way", "A;;L1;2026-11-01;;;rozliczenie;;-2,50;", "-", ""},
		{"correction without reason", "A;;L1;2026-11-01;;;korekta;;1;  ", "description", "Korekta wymaga opisu"},
		{"long description", "A;;L1;2026-11-01;;;korekta;;1;" + strings.Repeat("ż", 1001), "description", "najwyżej 1000"},
		{"too many fields", "A;;L1;2026-11-01;;;naliczenie;;1;;", "", "Liczba pól w wierszu (11)"},
		{"bare quote", "A;;L1 \"x\";2026-11-01;;;naliczenie;;1;", "", "Cudzysłów w polu, które nie jest ujęte"},
		{"text after closing quote", "A;;\"L1\"x;2026-11-01;;;naliczenie;;1;", "", "po zamykającym cudzysłowie"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parseString(t, fullHeader+tt.line+"\n")
			if tt.column == "-" {
				wantOK(t, f)
				return
			}
			if len(f.Problems) != 1 {
				t.Fatalf("want one problem, got:\n%s", problemLines(f))
			}
			p := f.Problems[0]
			if p.Line != 2 || p.Column != tt.column || !strings.Contains(p.Msg, tt.msg) {
				t.Errorf("got %v; want line 2, column %q, message with %q", p, tt.column, tt.msg)
			}
			if len(f.Rows) != 0 || f.Bad != 1 || f.Records != 1 {
				t.Errorf("Rows %d, Bad %d, Records %d", len(f.Rows), f.Bad, f.Records)
			}
		})
	}
}

func TestCorrectionWithoutDescriptionColumn(t *testing.T) {
	f := parseString(t, "external_id;lokal;booked_on;kind;amount\nA;L1;2026-11-01;korekta;1\n")
	want := "wiersz 2, kolumna description: Korekta wymaga opisu z jej powodem, a plik nie ma kolumny description (opis)\n"
	if got := problemLines(f); got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
}

func TestProblemsCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString(fullHeader)
	for i := range 1500 {
		fmt.Fprintf(&b, "ID%d;;L1;2026-11-01;;;wplata;;1;\n", i) // a positive payment
	}
	b.WriteString("ID0;;L1;2026-11-01;;;wplata;;-1;\n") // a duplicate, found last
	f := parseString(t, b.String())
	if len(f.Problems) != MaxProblems || f.Omitted != 501 || f.OK() {
		t.Errorf("listed %d, omitted %d, OK %v", len(f.Problems), f.Omitted, f.OK())
	}
	if f.Problems[0].Line != 2 || f.Problems[MaxProblems-1].Line != MaxProblems+1 {
		t.Errorf("listed lines %d..%d", f.Problems[0].Line, f.Problems[MaxProblems-1].Line)
	}
	if f.Records != 1501 || f.Bad != 1501 {
		t.Errorf("Records %d, Bad %d", f.Records, f.Bad)
	}
}

func TestRecordTooLong(t *testing.T) {
	in := fullHeader +
		"A;;L1;2026-11-01;;;naliczenie;;1;\n" +
		"B;;L1;2026-11-01;;;naliczenie;;1;\"an open quote\n" +
		strings.Repeat(strings.Repeat("x", 99)+"\n", 2000) +
		"C;;L1;2026-11-01;;;naliczenie;;1;\n"
	f := parseString(t, in)
	if len(f.Problems) != 1 || f.Problems[0].Line != 3 || !strings.Contains(f.Problems[0].Msg, "za długi") {
		t.Errorf("problems:\n%s", problemLines(f))
	}
	if f.SHA256 != sha256.Sum256([]byte(in)) {
		t.Error("SHA256 does not cover the part of the file not checked")
	}
	if f.Records != 2 || f.Bad != 1 || len(f.Rows) != 1 {
		t.Errorf("Records %d, Bad %d, Rows %d", f.Records, f.Bad, len(f.Rows))
	}
	// A long record just under the limit is fine.
	ok := fullHeader + "A;;L1;2026-11-01;;;korekta;;1;\"" + strings.Repeat("słowo\n", 8000) + "\"\n"
	if f := parseString(t, ok); strings.Contains(problemLines(f), "za długi") {
		t.Errorf("a %d-byte record refused", len(ok))
	}
}

func TestTooManyRecords(t *testing.T) {
	in := fullHeader +
		"A;;L1;2026-11-01;;;naliczenie;;1;\n" +
		"B;;L1;2026-11-01;;;naliczenie;;1;\n" +
		"C;;L1;2026-11-01;;;naliczenie;;1;\n"
	for _, tt := range []struct {
		max  int
		want string
	}{
		{3, ""},
		{2, "wiersz 4: Plik ma więcej niż 2 wpisów; podziel go na mniejsze. Dalsza część pliku nie została sprawdzona\n"},
	} {
		p := newParser()
		p.maxRecords = tt.max
		rows := 0
		rep, err := p.run(strings.NewReader(in), func(Row) error { rows++; return nil }, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := problemLines(&File{Report: *rep}); got != tt.want || rows != min(3, tt.max) {
			t.Errorf("max %d: %d rows, problems:\n%s", tt.max, rows, got)
		}
		if rep.SHA256 != sha256.Sum256([]byte(in)) {
			t.Errorf("max %d: SHA256 is not the file's", tt.max)
		}
	}
}

func TestQuoteLeftOpen(t *testing.T) {
	f := parseString(t, fullHeader+"A;;L1;2026-11-01;;;korekta;;1;\"Korekta\nbez końca\n")
	want := "wiersz 2: Niezamknięty lub nieprawidłowy cudzysłów (wpis zaczyna się tu, błąd jest w wierszu 3)\n"
	if got := problemLines(f); got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
}

func TestParseFuncStopsOnCallbackError(t *testing.T) {
	in := fullHeader +
		"A;;L1;2026-11-01;;;naliczenie;;1;\n" +
		"B;;L1;2026-11-01;;;naliczenie;;1;\n" +
		"C;;L1;2026-11-01;;;naliczenie;;1;\n"
	errFull := errors.New("staging table full")
	var seen []string
	rep, err := ParseFunc(strings.NewReader(in), func(r Row) error {
		seen = append(seen, r.ExternalID)
		if r.ExternalID == "B" {
			return errFull
		}
		return nil
	})
	if !errors.Is(err, errFull) || rep != nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("got %v, %v", rep, err)
	}
	if strings.Join(seen, ",") != "A,B" {
		t.Errorf("fn saw %v", seen)
	}
}

func TestParseFuncNilIsDryRun(t *testing.T) {
	rep, err := ParseFunc(strings.NewReader(fullHeader+"A;;L1;2026-11-01;;;naliczenie;;1;\n"), nil)
	if err != nil || !rep.OK() || rep.Records != 1 {
		t.Errorf("%v, %+v", err, rep)
	}
}

func TestReadError(t *testing.T) {
	errDisk := errors.New("disk on fire")
	r := io.MultiReader(strings.NewReader(fullHeader+"A;;L1;2026-11-01;;;naliczenie;;1;\n"), iotest.ErrReader(errDisk))
	if _, err := Parse(r); !errors.Is(err, errDisk) {
		t.Errorf("err %v; want %v", err, errDisk)
	}
	if _, err := Parse(iotest.ErrReader(errDisk)); !errors.Is(err, errDisk) {
		t.Errorf("err %v; want %v", err, errDisk)
	}
	// Reading byte by byte changes nothing.
	f, err := Parse(iotest.OneByteReader(strings.NewReader("\uFEFF" + fullHeader + "A;;L1;2026-11-01;;;naliczenie;;1;\n")))
	if err != nil || !f.OK() || len(f.Rows) != 1 {
		t.Errorf("one byte at a time: %v, %+v", err, f)
	}
}

func TestFormatExampleParses(t *testing.T) {
	doc, err := os.ReadFile("FORMAT.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(doc), "## Example\n\n```\n")
	example, _, ok2 := strings.Cut(after, "```")
	if !ok || !ok2 {
		t.Fatal("FORMAT.md has no example")
	}
	f := parseString(t, example)
	wantOK(t, f)
	if len(f.Rows) != 4 || f.Rows[2].Kind != KindPayment || f.Rows[2].Amount != -50940 ||
		f.Rows[3].Description != "Korekta odczytu wodomierza; błędny stan" {
		t.Errorf("rows %+v", f.Rows)
	}
	var sum money.Amount
	for _, r := range f.Rows {
		sum += r.Amount
	}
	if sum != -1820 {
		t.Errorf("example balance %v", sum)
	}
}
