package documents

import (
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/ledger"
)

func TestSettlementPDF(t *testing.T) {
	r := newRenderer(t)
	for _, tc := range []struct {
		name    string
		figures ledger.Settlement
		file    string
		want    []string
	}{
		{"water to pay", ledger.Settlement{Kind: "water", From: date(2026, time.January, 1), To: date(2026, time.June, 30),
			Consumption: 42315, Unit: "m3", Cost: 81240, Advances: 70000},
			"rozliczenie-water-2026-06-30.pdf", []string{"Rozliczenie kosztów wody", "42,315 m³", "812,40 zł", "700,00 zł", "Do dopłaty", "112,40 zł"}},
		{"heating refunded", ledger.Settlement{Kind: "heating", From: date(2026, time.January, 1), To: date(2026, time.June, 30),
			Consumption: 12500, Unit: "GJ", Cost: 150000, Advances: 162000},
			"rozliczenie-heating-2026-06-30.pdf", []string{"12,500 GJ", "1 500,00 zł", "120,00 zł"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Settlement{Coop: testCoop(), Holding: testHolding(), Figures: &tc.figures, Holder: "Łukasz Kowalski", IssuedOn: date(2026, time.July, 3)}
			f, err := r.SettlementPDF(polish(), s)
			if err != nil {
				t.Fatal(err)
			}
			if f.Name != tc.file {
				t.Errorf("name %q, want %q", f.Name, tc.file)
			}
			text := pdfText(t, f)
			mustContain(t, text, append(tc.want, "Mieszkanie: ul. Mickiewicza 5/12, 90-418 Łódź", "01.01.2026 – 30.06.2026",
				"Łukasz Kowalski", "03.07.2026")...)
			if tc.figures.Kind == "heating" && strings.Contains(text, "wody") {
				t.Errorf("a heating settlement speaks of water:\n%s", text)
			}
		})
	}
}
