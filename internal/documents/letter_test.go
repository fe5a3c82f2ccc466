package documents

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/documents/pdftext"
	"github.com/ebok/ebok/internal/money"
)

// testLetter is a fee notice long enough for two pages.
func testLetter() Letter {
	body := "Szanowni Państwo,\n\nzarząd **Spółdzielni** zawiadamia o zmianie opłat za lokal przy ul. Żółkiewskiego.\n\n" +
		"| Składnik | Stawka |\n| eksploatacja | 3,20 zł/m² |\n\n- pierwsza pozycja\n- druga pozycja\n\n" +
		strings.Repeat("Zażółć gęślą jaźń, źdźbło łąki. ", 100)
	return Letter{Coop: testCoop(), Date: date(2026, time.November, 21), CaseNo: "CZ.4010.12.2026", RegisterNo: "17/2026",
		Address: []string{"Łucja Ślęzak-Żurawska", "ul. Źródlana 7/3", "00-950 Warszawa"}, Registered: true,
		Subject: "Zawiadomienie o zmianie wysokości opłat", Body: body, EffectiveOn: date(2027, time.March, 1),
		NRB: testHolding().NRB, Amount: 45678, PayFor: "Opłaty za lokal", FileTag: "1"}
}

// A letter prints its letterhead, numbers, Polish letters, page numbers
// and payment, and the address in the window of a DL envelope.
func TestLetterPDF(t *testing.T) {
	r := newRenderer(t)
	f, err := r.LetterPDF(polish(), testLetter())
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, f)
	mustContain(t, text, testCoop().Name, "Znak sprawy: CZ.4010.12.2026", "Nr dziennika: 17/2026", "21.11.2026",
		"Łucja Ślęzak-Żurawska", "Zawiadomienie o zmianie wysokości opłat", "Zażółć gęślą jaźń", "3,20 zł/m²",
		"strona 1 z 2", "strona 2 z 2", "Nowe opłaty obowiązują od 01.03.2027.", "POLECONY",
		"Kwota do zapłaty: "+strings.ReplaceAll(money.Amount(45678).Format(), "\u00a0", " "))
	words, err := pdftext.Words(f.Data)
	if errors.Is(err, pdftext.ErrMissing) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Łucja", "Źródlana", "00-950", "POLECONY"} {
		found := pdftext.Find(words, w)
		if len(found) == 0 || !found[0].InWindow() || found[0].Page != 1 {
			t.Errorf("%q at %+v, not in the window on page 1", w, found)
		}
	}
	if subj := pdftext.Find(words, "Zawiadomienie"); len(subj) == 0 || subj[0].YMin < 90 {
		t.Errorf("subject at %+v, in the window's height", subj)
	}
}

// The postal batch starts every letter on a new sheet, each with its own
// page numbers and its address in the window.
func TestLettersPDFStartsEachOnANewSheet(t *testing.T) {
	r := newRenderer(t)
	short := testLetter()
	short.Body, short.NRB = "Krótkie pismo.", ""
	other := short
	other.Address = []string{"Zenon Źdźbło", "ul. Krótka 1", "00-001 Warszawa"}
	f, err := r.LettersPDF(polish(), "paczka.pdf", []Letter{testLetter(), short, other})
	if err != nil {
		t.Fatal(err)
	}
	words, err := pdftext.Words(f.Data)
	if errors.Is(err, pdftext.ErrMissing) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	// 2 pages, 1 page and a blank back, 1 page.
	for name, page := range map[string]int{"Łucja": 1, "Ślęzak-Żurawska": 1, "Źródlana": 1, "Zenon": 5, "Krótka": 5} {
		found := pdftext.Find(words, name)
		if len(found) == 0 || found[0].Page != page || !found[0].InWindow() {
			t.Errorf("%s: %+v, want in the window of page %d", name, found, page)
		}
	}
	text := pdfText(t, f)
	if n := strings.Count(text, "strona 1 z 1"); n != 2 || strings.Count(text, "strona 2 z 2") != 1 {
		t.Errorf("page numbers: %d × strona 1 z 1 in\n%s", n, text)
	}
}
