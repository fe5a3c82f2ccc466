package documents

import (
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/payqr"
)

func testSlip(t *testing.T, amount money.Amount) Slip {
	t.Helper()
	h := testHolding()
	text, omitted, err := payqr.Encode(payqr.Payment{Account: h.NRB, Amount: amount, RecipientName: "SM Na Skraju", Title: "Opłaty Mickiewicza 5/12"})
	if err != nil {
		t.Fatal(err)
	}
	return Slip{Coop: testCoop(), Holding: h, Amount: amount, QR: text, QRAmountOmitted: omitted, Payer: "Łukasz Kowalski"}
}

func TestSlipPDF(t *testing.T) {
	f, err := newRenderer(t).SlipPDF(polish(), testSlip(t, 86799))
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != "blankiet-12.pdf" {
		t.Errorf("name %q", f.Name)
	}
	mustContain(t, pdfText(t, f), "61 1090 1014 0000 0712 1981 2874", "867,99", "osiemset sześćdziesiąt siedem złotych 99/100",
		"Łukasz Kowalski", "Opłaty za lokal ul. Mickiewicza 5/12", "ul. Żeromskiego 12, 90-001 Łódź")
}

func TestSlipPDFWithoutAmountOrPayer(t *testing.T) {
	s := testSlip(t, 0)
	s.Payer = ""
	f, err := newRenderer(t).SlipPDF(polish(), s)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, f)
	mustContain(t, text, "61 1090 1014 0000 0712 1981 2874")
	for _, unwanted := range []string{"złotych", "Łukasz Kowalski"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("a slip with no amount or payer shows %q:\n%s", unwanted, text)
		}
	}
}
