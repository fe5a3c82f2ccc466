package documents

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/ledger"
	"github.com/xuri/excelize/v2"
)

func TestStatementCSV(t *testing.T) {
	f, err := StatementCSV(polish(), testStatement())
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != "rozliczenia-12-2026-10-01-2026-10-31.csv" || f.ContentType != "text/csv; charset=utf-8" {
		t.Errorf("file %q, %q", f.Name, f.ContentType)
	}
	want := "\ufeffLokal;ul. Mickiewicza 5/12, 90-418 Łódź\n" +
		"Indywidualny numer konta do wpłat;61 1090 1014 0000 0712 1981 2874\n" +
		"Okres;01.10.2026 – 31.10.2026\n" +
		"\n" +
		"Data;Rodzaj;Opis;Termin;Obciążenie (zł);Uznanie (zł);Saldo (zł)\n" +
		"01.10.2026;;Saldo początkowe;;;;0,00\n" +
		"01.10.2026;Naliczenie;Opłaty za 10.2026;10.10.2026;512,34;;512,34\n" +
		"09.10.2026;Wpłata;Wpłata (rozliczono na: naliczenie z 01.10.2026: Opłaty za 10.2026);;;512,34;0,00\n" +
		"31.10.2026;;Saldo końcowe;;;;0,00\n"
	if got := string(f.Data); got != want {
		t.Errorf("CSV:\n%s\nwant:\n%s", got, want)
	}
}

func TestStatementXLSX(t *testing.T) {
	f, err := StatementXLSX(polish(), testStatement())
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != "rozliczenia-12-2026-10-01-2026-10-31.xlsx" || f.ContentType != ContentTypeXLSX {
		t.Errorf("file %q, %q", f.Name, f.ContentType)
	}
	x, err := excelize.OpenReader(bytes.NewReader(f.Data))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sheet := x.GetSheetName(0)
	// Row 6 is the opening balance, row 7 the October charge: the amount
	// is a number, not text, and the dates are dates.
	for cell, want := range map[string]string{"A1": "Lokal", "B1": "ul. Mickiewicza 5/12, 90-418 Łódź", "B3": "01.10.2026 – 31.10.2026",
		"C6": "Saldo początkowe", "C7": "Opłaty za 10.2026", "E7": "512.34", "G7": "512.34", "F8": "512.34", "G8": "0",
		"E8": "", "C9": "Saldo końcowe"} {
		got, err := x.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		if err != nil || got != want {
			t.Errorf("%s = %q, %v; want %q", cell, got, err, want)
		}
	}
	for _, cell := range []string{"E7", "G7", "F8"} {
		typ, err := x.GetCellType(sheet, cell)
		if err != nil || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) {
			t.Errorf("%s has type %v (%v), want a number", cell, typ, err)
		}
	}
	for cell, want := range map[string]string{"A7": "01.10.2026", "D7": "10.10.2026", "A9": "31.10.2026"} {
		if got, err := x.GetCellValue(sheet, cell); err != nil || got != want {
			t.Errorf("%s shows %q, %v; want the date %q", cell, got, err, want)
		}
	}
}

func TestStatementPDF(t *testing.T) {
	f, err := newRenderer(t).StatementPDF(polish(), testStatement())
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != "rozliczenia-12-2026-10-01-2026-10-31.pdf" {
		t.Errorf("name %q", f.Name)
	}
	text := pdfText(t, f)
	mustContain(t, text, "Zestawienie rozliczeń lokalu", "Mieszkanie: ul. Mickiewicza 5/12, 90-418 Łódź", "01.10.2026 – 31.10.2026",
		"61 1090 1014 0000 0712 1981 2874", "Opłaty za 10.2026", "Naliczenie", "512,34", "Saldo końcowe",
		"Spółdzielnia Mieszkaniowa „Na Skraju”", "02.11.2026")
	if flat := strings.Join(strings.Fields(text), " "); !strings.Contains(flat, "rozliczono na") {
		t.Errorf("the payment does not name the charge it settles:\n%s", text)
	}
}

// Text cells that a spreadsheet would run as a formula are kept as text;
// amounts, negative ones too, stay numbers.
func TestStatementCSVNeutralisesFormulas(t *testing.T) {
	s := testStatement()
	for i, d := range []string{"=HYPERLINK(\"http://x\";\"klik\")", "+48 600", "-1+1", "@SUM(A1)", "\tx", "\rx", "Wpłata – przelew"} {
		s.Ledger.Entries = append(s.Ledger.Entries, ledger.Entry{ID: int64(10 + i), Kind: ledger.KindCorrection,
			BookedOn: date(2026, time.October, 20), Amount: -100, Description: d, Balance: -100})
	}
	f, err := StatementCSV(polish(), s)
	if err != nil {
		t.Fatal(err)
	}
	got := string(f.Data)
	for _, want := range []string{
		`;"'=HYPERLINK(""http://x"";""klik"")";`, ";'+48 600;", ";'-1+1;", ";'@SUM(A1);", ";'\tx;", "\"'\rx\"",
		";Wpłata – przelew;", ";;1,00;-1,00\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("CSV lacks %q:\n%s", want, got)
		}
	}
}

// The delivery report and the dispatch list carry reasons mail servers
// wrote and names and addresses people gave: no cell of theirs is read as
// a formula either.
func TestTableAndDispatchCSVNeutraliseFormulas(t *testing.T) {
	evil := []string{"=HYPERLINK(\"http://x\";\"klik\")", "+48 600", "-1+1", "@SUM(A1)"}
	f, err := TableCSV("raport", [][]string{{"Odbiorca", "Powód"}, {evil[0], evil[1]}, {evil[2], evil[3]}, {"Jan Kowalski", "550 5.1.1 – brak skrzynki"}})
	if err != nil {
		t.Fatal(err)
	}
	d := DispatchList{BatchID: 3, Rows: []DispatchRow{{Recipient: evil[0], Address: evil[2], RegisterNo: "1/2026", Kind: "ogólne"}}}
	g, err := DispatchCSV(polish(), d)
	if err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string]string{"table": string(f.Data), "dispatch": string(g.Data)} {
		for _, v := range evil {
			if strings.Contains(got, ";"+v) || strings.Contains(got, "\n"+v) || strings.Contains(got, "\"\""+v) {
				t.Errorf("%s CSV holds %q as a cell of its own:\n%s", name, v, got)
			}
		}
	}
	for _, want := range []string{`"'=HYPERLINK(""http://x"";""klik"")";'+48 600`, "'-1+1;'@SUM(A1)", "Jan Kowalski;550 5.1.1 – brak skrzynki"} {
		if !strings.Contains(string(f.Data), want) {
			t.Errorf("table CSV lacks %q:\n%s", want, f.Data)
		}
	}
	if !strings.Contains(string(g.Data), `1;"'=HYPERLINK(""http://x"";""klik"")";'-1+1;1/2026;`) {
		t.Errorf("dispatch CSV:\n%s", g.Data)
	}
}
