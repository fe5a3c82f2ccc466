package ledgercsv

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/money"
)

func TestWriteRoundTrip(t *testing.T) {
	rows := []Row{
		{ExternalID: "FK/2026/11/000123", Account: validNRB, BookedOn: date(2026, 11, 1), DueOn: date(2026, 11, 10),
			Period: civil.Month{Year: 2026, Month: 11}, Kind: KindCharge, Component: "eksploatacja", Amount: 41280},
		{ExternalID: "FK 2", Premises: `Plac "Wolności" 1/2`, BookedOn: date(2026, 11, 12), Kind: KindPayment,
			Amount: -50940, Description: "Przelew; dziękujemy"},
		{ExternalID: "3", Account: validNRB, Premises: "Mickiewicza 5/12", BookedOn: date(1900, 1, 1),
			Kind: KindCorrection, Amount: -5, Description: "Zażółć gęślą jaźń, \"cytat\""},
		{ExternalID: "4", Premises: "G-17", BookedOn: date(2199, 12, 31), Kind: KindInterest, Amount: MaxAmount},
		{ExternalID: "5", Premises: " lead", BookedOn: date(2026, 2, 28), Kind: KindSettlement, Amount: -MaxAmount},
	}
	var buf bytes.Buffer
	if err := Write(&buf, rows); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "\uFEFF"+strings.TrimSuffix(fullHeader, "\n")+"\r\n") {
		t.Errorf("output starts %q", out[:min(len(out), 120)])
	}
	f := parseString(t, out)
	wantOK(t, f)
	if len(f.Rows) != len(rows) {
		t.Fatalf("read back %d rows, want %d", len(f.Rows), len(rows))
	}
	for i, r := range f.Rows {
		want := rows[i]
		want.Premises = strings.TrimSpace(want.Premises)
		r.Line, r.AccountColumn, r.PremisesColumn = 0, "", "" // where the file put it
		if r != want {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, r, want)
		}
	}
}

func TestWriteLine(t *testing.T) {
	var buf bytes.Buffer
	err := Write(&buf, []Row{{ExternalID: "A", Account: validNRB, BookedOn: date(2026, 11, 21), Kind: KindPayment,
		Amount: -123456, Description: "Wpłata; listopad"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "A;61 1090 1014 0000 0712 1981 2874;;2026-11-21;;;payment;;-1234,56;\"Wpłata; listopad\"\r\n"
	if _, line, _ := strings.Cut(buf.String(), "\r\n"); line != want {
		t.Errorf("got  %q\nwant %q", line, want)
	}
}

func TestWriteError(t *testing.T) {
	errFull := errors.New("disk full")
	rows := make([]Row, 10000)
	for i := range rows {
		rows[i] = Row{ExternalID: "x", Premises: "L", Kind: KindCharge, Amount: money.Amount(i + 1)}
	}
	if err := Write(failWriter{errFull}, rows); !errors.Is(err, errFull) {
		t.Errorf("err %v; want %v", err, errFull)
	}
}

// failWriter fails every write.
type failWriter struct{ err error }

// Write fails.
func (w failWriter) Write([]byte) (int, error) { return 0, w.err }
