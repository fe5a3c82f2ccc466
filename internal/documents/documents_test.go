package documents

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/nrb"
)

func testCoop() *coop.Cooperative {
	return &coop.Cooperative{ID: 1, Name: "Spółdzielnia Mieszkaniowa „Na Skraju”", ShortName: "SM Na Skraju",
		Street: "ul. Żeromskiego 12", PostalCode: "90-001", City: "Łódź", Phone: "42 123 45 67",
		Email: "sekretariat@naskraju.pl", Website: "https://naskraju.pl"}
}

func testHolding() *coop.Holding {
	return &coop.Holding{Premises: coop.Premises{ID: 12, Kind: coop.Flat, Number: "12", Street: "ul. Mickiewicza",
		House: "5", PostalCode: "90-418", City: "Łódź", NRB: nrb.Number("61109010140000071219812874")}}
}

func date(y int, m time.Month, d int) civil.Date { return civil.Date{Year: y, Month: m, Day: d} }

// testStatement is October 2026: a charge, then a payment staff allocated
// to it.
func testStatement() Statement {
	charge := ledger.Entry{ID: 1, Kind: ledger.KindCharge, BookedOn: date(2026, time.October, 1), DueOn: date(2026, time.October, 10),
		Amount: 51234, Description: "Opłaty za 10.2026", Balance: 51234}
	payment := ledger.Entry{ID: 2, Kind: ledger.KindPayment, BookedOn: date(2026, time.October, 9), Amount: -51234,
		Description: "Wpłata", Balance: 0, Settles: ledger.EntryRef{ID: 1, Kind: ledger.KindCharge, BookedOn: charge.BookedOn, Description: charge.Description}}
	return Statement{Coop: testCoop(), Holding: testHolding(), From: date(2026, time.October, 1), To: date(2026, time.October, 31),
		Ledger: &ledger.View{Entries: []ledger.Entry{charge, payment}}, MadeOn: date(2026, time.November, 2)}
}

func polish() *i18n.Localizer { return i18n.New().For(i18n.Polish) }

func newRenderer(t *testing.T) *Renderer {
	t.Helper()
	r, err := NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// pdfText reads a PDF file back as text (pdftotext -layout), with the
// no-break spaces made plain.
func pdfText(t *testing.T, f File) string {
	t.Helper()
	if f.ContentType != ContentTypePDF || !bytes.HasPrefix(f.Data, []byte("%PDF-")) {
		t.Fatalf("%s is no PDF: %s %q", f.Name, f.ContentType, f.Data[:min(len(f.Data), 16)])
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext missing: apt-get install poppler-utils (CI installs it)")
	}
	cmd := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(f.Data)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(string(out))
}

func mustContain(t *testing.T, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("lacks %q in:\n%s", w, text)
		}
	}
}

func TestPremisesLine(t *testing.T) {
	if got, want := premisesLine(polish(), testHolding()), "Mieszkanie: ul. Mickiewicza 5/12, 90-418 Łódź"; got != want {
		t.Errorf("premisesLine = %q, want %q", got, want)
	}
}
