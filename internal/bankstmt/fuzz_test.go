package bankstmt

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
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
			for _, n := range tx.Accounts {
				if !n.IsValid() {
					t.Fatalf("transaction at line %d lists invalid account %q", tx.Line, n)
				}
			}
		}
	}
}

func FuzzParseMT940(f *testing.F) {
	addFixtureSeeds(f, "*.sta")
	f.Add([]byte(":20:X\r:25:61109010140000071219812874\r:60F:C261120PLN0,00\r:61:2612310102RDN1,00NTRF//A\r:86:020~20a~3010901014\r:62F:C261120PLN1,00\r"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sts, err := ParseMT940(bytes.NewReader(data))
		checkParsed(t, sts, err)
	})
}

func FuzzParseCSV(f *testing.F) {
	addFixtureSeeds(f, "*.csv")
	f.Add([]byte("Data;Uznania;Obciążenia;Opis;Saldo\n21.11.2026;1,00;;\"Tytuł: x\";2,00\n"))
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
