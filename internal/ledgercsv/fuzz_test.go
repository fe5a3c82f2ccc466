package ledgercsv

import (
	"bytes"
	"crypto/sha256"
	"os"
	"strings"
	"testing"
)

func FuzzParse(f *testing.F) {
	f.Add([]byte(fullHeader + "A;61 1090 1014 0000 0712 1981 2874;;2026-11-01;2026-11-10;2026-11;naliczenie;eksploatacja;1 234,56;\n"))
	f.Add([]byte("\uFEFFid_zewnetrzny;lokal;data_ksiegowania;rodzaj;kwota;opis\r\n" +
		"B;Mickiewicza 5/12;21.11.2026;wpłata;-12,30;\"Wpłata; \"\"z góry\"\"\"\r\n" +
		"C;Mickiewicza 5/12;21.11.2026;korekta;0,05;\"dwa\r\nwiersze\"\r\n"))
	f.Add([]byte("external_id,premises,booked_on,kind,amount\nA,L1,2026-11-01,charge,\"1,50\"\nA,L1,2026-11-01,charge,12.345\n"))
	f.Add([]byte("external_id;lokal;booked_on;kind;amount;;\nA;L1;2026-11-01;odsetki;-1;;x\n\"B;x\n"))
	f.Add([]byte(""))
	// rachunek and lokal both filled, naming different premises (the importer refuses it).
	f.Add([]byte("id_zewnetrzny;rachunek;lokal;data_ksiegowania;rodzaj;kwota\nS/2;61 1090 1014 0000 0712 1981 2874;Kwiatowa 4/1;2026-11-20;naliczenie;10,00\n"))
	if doc, err := os.ReadFile("FORMAT.md"); err == nil {
		if _, after, ok := strings.Cut(string(doc), "## Example\n\n```\n"); ok {
			example, _, _ := strings.Cut(after, "```")
			f.Add([]byte(example))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("Parse of in-memory data: %v", err)
		}
		checkReport(t, file, data)
		if !file.OK() {
			return
		}
		for _, r := range file.Rows {
			checkRowValid(t, r)
		}
		var buf bytes.Buffer
		if err := Write(&buf, file.Rows); err != nil {
			t.Fatal(err)
		}
		back, err := Parse(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if !back.OK() {
			t.Fatalf("written file has problems:\n%s\n%q", problemLines(back), buf.String())
		}
		if len(back.Rows) != len(file.Rows) {
			t.Fatalf("read back %d rows, want %d", len(back.Rows), len(file.Rows))
		}
		for i, r := range back.Rows {
			want := file.Rows[i]
			r.Line, want.Line = 0, 0
			// The written file spells the columns its own way.
			r.AccountColumn, r.PremisesColumn, want.AccountColumn, want.PremisesColumn = "", "", "", ""
			if r != want {
				t.Fatalf("row %d read back as\n%+v\nwant\n%+v", i, r, want)
			}
		}
	})
}

// checkReport checks what holds for the report of any input.
func checkReport(t *testing.T, f *File, data []byte) {
	t.Helper()
	if f.SHA256 != sha256.Sum256(data) {
		t.Fatal("SHA256 is not the hash of the input")
	}
	if len(f.Problems) > MaxProblems || f.Omitted < 0 || (f.Omitted > 0 && len(f.Problems) < MaxProblems) {
		t.Fatalf("%d problems listed, %d omitted", len(f.Problems), f.Omitted)
	}
	for i, p := range f.Problems {
		if p.Line < 1 || p.Msg == "" || (i > 0 && p.Line < f.Problems[i-1].Line) {
			t.Fatalf("problem %d: %+v", i, p)
		}
	}
	if f.Bad < 0 || f.Bad > f.Records || len(f.Rows) > f.Records-f.Bad {
		t.Fatalf("Records %d, Bad %d, Rows %d", f.Records, f.Bad, len(f.Rows))
	}
	if f.OK() && (f.Bad != 0 || len(f.Rows) != f.Records) {
		t.Fatalf("OK, yet Records %d, Bad %d, Rows %d", f.Records, f.Bad, len(f.Rows))
	}
	if f.Comma != ';' && f.Comma != ',' {
		t.Fatalf("Comma %q", f.Comma)
	}
}

// checkRowValid checks that a row Parse accepted obeys the format's rules.
func checkRowValid(t *testing.T, r Row) {
	t.Helper()
	switch {
	case r.ExternalID == "" || r.ExternalID != strings.TrimSpace(r.ExternalID):
		t.Fatalf("external id %q", r.ExternalID)
	case r.Account == "" && r.Premises == "":
		t.Fatalf("neither account nor premises: %+v", r)
	case r.Account != "" && !r.Account.IsValid():
		t.Fatalf("invalid account %q", r.Account)
	case !r.BookedOn.IsValid() || (!r.DueOn.IsZero() && !r.DueOn.IsValid()) || (!r.Period.IsZero() && !r.Period.IsValid()):
		t.Fatalf("dates %+v", r)
	case r.Amount == 0 || r.Amount.Abs() > MaxAmount || checkSign(r.Kind, r.Amount) != "":
		t.Fatalf("amount %d for %s", r.Amount, r.Kind)
	case r.Kind == KindCorrection && r.Description == "":
		t.Fatalf("correction without description")
	}
	if _, ok := lookupKind(r.Kind); !ok {
		t.Fatalf("kind %q", r.Kind)
	}
}
