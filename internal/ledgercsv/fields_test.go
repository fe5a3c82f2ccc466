package ledgercsv

import (
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/nrb"
)

// validNRB is a real, valid account number (from the nrb package's docs).
const validNRB = "61109010140000071219812874"

func TestLookupColumn(t *testing.T) {
	tests := []struct {
		in   string
		want column
	}{
		{"external_id", colExternalID}, {"EXTERNAL_ID", colExternalID}, {"externalid", colExternalID},
		{"id_zewnetrzny", colExternalID}, {"id_zewnętrzny", colExternalID}, {"Id zewnętrzny", colExternalID},
		{"identyfikator_zewnętrzny", colExternalID},
		{"account", colAccount}, {"rachunek", colAccount}, {"Rachunek", colAccount}, {"NRB", colAccount},
		{"numer rachunku", colAccount},
		{"premises", colPremises}, {"lokal", colPremises}, {"Numer lokalu", colPremises},
		{"booked_on", colBookedOn}, {"booked-on", colBookedOn}, {"data_ksiegowania", colBookedOn},
		{"Data księgowania", colBookedOn}, {"DATA_KSIĘGOWANIA", colBookedOn},
		{"due_on", colDueOn}, {"termin_platnosci", colDueOn}, {"Termin płatności", colDueOn},
		{"period", colPeriod}, {"okres", colPeriod}, {" Okres ", colPeriod},
		{"kind", colKind}, {"rodzaj", colKind},
		{"component", colComponent}, {"skladnik", colComponent}, {"Składnik", colComponent},
		{"amount", colAmount}, {"kwota", colAmount}, {"KWOTA", colAmount},
		{"description", colDescription}, {"opis", colDescription}, {"Opis", colDescription},
	}
	for _, tt := range tests {
		got, ok := lookupColumn(tt.in)
		if !ok || got != tt.want {
			t.Errorf("lookupColumn(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
	for _, bad := range []string{"", "konto", "data", "id", "kwota2", "saldo", "typ"} {
		if c, ok := lookupColumn(bad); ok {
			t.Errorf("lookupColumn(%q) = %v; want unknown", bad, c)
		}
	}
	// Every column's canonical and Polish names are aliases of it.
	for c := range numColumns {
		for _, n := range []string{c.name(), c.polish()} {
			if got, ok := lookupColumn(n); !ok || got != c {
				t.Errorf("lookupColumn(%q) = %v, %v; want %v", n, got, ok, c)
			}
		}
	}
}

func TestParseKind(t *testing.T) {
	tests := []struct{ in, want string }{
		{"naliczenie", KindCharge}, {"Naliczenie", KindCharge}, {"obciążenie", KindCharge}, {"charge", KindCharge},
		{"wplata", KindPayment}, {"wpłata", KindPayment}, {"WPŁATA", KindPayment}, {"payment", KindPayment},
		{"korekta", KindCorrection}, {"correction", KindCorrection},
		{"odsetki", KindInterest}, {"interest", KindInterest},
		{"rozliczenie", KindSettlement}, {"Settlement", KindSettlement},
		{"zwrot", ""}, {"charges", ""}, {"wpłaty", ""},
	}
	for _, tt := range tests {
		got, msg := parseKind(tt.in)
		if got != tt.want || (msg == "") != (tt.want != "") {
			t.Errorf("parseKind(%q) = %q, %q; want %q", tt.in, got, msg, tt.want)
		}
		if tt.want == "" && !strings.Contains(msg, "Nieznany rodzaj") {
			t.Errorf("parseKind(%q) message %q", tt.in, msg)
		}
	}
}

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in      string
		want    money.Amount
		wantMsg string // a part of the message; "" for a good amount
	}{
		{"1 234,56", 123456, ""},
		{"1\u00a0234,56", 123456, ""},
		{"-12,30", -1230, ""},
		{"−12,30", -1230, ""},
		{"+5", 500, ""},
		{"1234.56", 123456, ""},
		{"1234,5", 123450, ""},
		{"0,01", 1, ""},
		{"12,30 zł", 1230, ""},
		{"1000000000,00", MaxAmount, ""},
		{"-1000000000,00", -MaxAmount, ""},
		{"1000000000,01", 0, "za duża"},
		{"99999999999999999999", 0, "za duża"},
		{"0", 0, "zerowa"},
		{"-0,00", 0, "zerowa"},
		{"12,345", 0, "najwyżej dwie cyfry po przecinku"},
		{"12.3456", 0, "najwyżej dwie cyfry po przecinku"},
		{"1.234,56", 0, "jednego znaku dziesiętnego"},
		{"1,234.56", 0, "jednego znaku dziesiętnego"},
		{"12 34", 0, "oczekiwano liczby"},
		{"abc", 0, "oczekiwano liczby"},
		{"--5", 0, "oczekiwano liczby"},
		{"5,", 0, "oczekiwano liczby"},
	}
	for _, tt := range tests {
		got, msg := parseAmount(tt.in)
		if tt.wantMsg == "" && (msg != "" || got != tt.want) {
			t.Errorf("parseAmount(%q) = %d, %q; want %d", tt.in, got, msg, tt.want)
		}
		if tt.wantMsg != "" && !strings.Contains(msg, tt.wantMsg) {
			t.Errorf("parseAmount(%q) message %q; want it to contain %q", tt.in, msg, tt.wantMsg)
		}
	}
	if _, msg := parseAmount("12,345"); msg != "Nieprawidłowa kwota „12,345”: najwyżej dwie cyfry po przecinku" {
		t.Errorf("message for 12,345: %q", msg)
	}
}

func TestCheckSign(t *testing.T) {
	tests := []struct {
		kind string
		a    money.Amount
		ok   bool
	}{
		{KindCharge, 100, true}, {KindCharge, -100, false},
		{KindInterest, 100, true}, {KindInterest, -100, false},
		{KindPayment, -100, true}, {KindPayment, 100, false},
		{KindCorrection, 100, true}, {KindCorrection, -100, true},
		{KindSettlement, 100, true}, {KindSettlement, -100, true},
		{"", 100, true}, // an unknown kind is reported by itself
	}
	for _, tt := range tests {
		if msg := checkSign(tt.kind, tt.a); (msg == "") != tt.ok {
			t.Errorf("checkSign(%q, %d) = %q; want ok %v", tt.kind, tt.a, msg, tt.ok)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    civil.Date
		wantMsg string
	}{
		{"2026-11-21", civil.Date{Year: 2026, Month: 11, Day: 21}, ""},
		{"21.11.2026", civil.Date{Year: 2026, Month: 11, Day: 21}, ""},
		{"1.2.2026", civil.Date{Year: 2026, Month: 2, Day: 1}, ""},
		{" 2024-02-29 ", civil.Date{Year: 2024, Month: 2, Day: 29}, ""},
		{"2026-02-29", civil.Date{}, "taki dzień nie istnieje"},
		{"31.11.2026", civil.Date{}, "taki dzień nie istnieje"},
		{"1800-01-01", civil.Date{}, "rok spoza zakresu"},
		{"21.11.26", civil.Date{}, "oczekiwano RRRR-MM-DD lub DD.MM.RRRR"},
		{"2026/11/21", civil.Date{}, "oczekiwano"},
		{"2026-11-21 10:00", civil.Date{}, "oczekiwano"},
	}
	for _, tt := range tests {
		got, msg := parseDate(tt.in)
		if tt.wantMsg == "" && (msg != "" || got != tt.want) {
			t.Errorf("parseDate(%q) = %v, %q; want %v", tt.in, got, msg, tt.want)
		}
		if tt.wantMsg != "" && !strings.Contains(msg, tt.wantMsg) {
			t.Errorf("parseDate(%q) message %q; want it to contain %q", tt.in, msg, tt.wantMsg)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in      string
		want    civil.Month
		wantMsg string
	}{
		{"2026-11", civil.Month{Year: 2026, Month: 11}, ""},
		{"11.2026", civil.Month{Year: 2026, Month: 11}, ""},
		{"2026-13", civil.Month{}, "nie ma takiego miesiąca"},
		{"2300-01", civil.Month{}, "rok spoza zakresu"},
		{"listopad 2026", civil.Month{}, "oczekiwano RRRR-MM"},
		{"2026-11-01", civil.Month{}, "oczekiwano RRRR-MM"},
	}
	for _, tt := range tests {
		got, msg := parsePeriod(tt.in)
		if tt.wantMsg == "" && (msg != "" || got != tt.want) {
			t.Errorf("parsePeriod(%q) = %v, %q; want %v", tt.in, got, msg, tt.want)
		}
		if tt.wantMsg != "" && !strings.Contains(msg, tt.wantMsg) {
			t.Errorf("parsePeriod(%q) message %q; want it to contain %q", tt.in, msg, tt.wantMsg)
		}
	}
}

func TestParseAccount(t *testing.T) {
	tests := []struct {
		in      string
		want    nrb.Number
		wantMsg string
	}{
		{validNRB, validNRB, ""},
		{"61 1090 1014 0000 0712 1981 2874", validNRB, ""},
		{"PL61 1090 1014 0000 0712 1981 2874", validNRB, ""},
		{"61-1090-1014-0000-0712-1981-2874", validNRB, ""},
		{"61 1090 1014 0000 0712 1981 287", "", "a podano 25"},
		{"61 1090 1014 0000 0712 1981 2875", "", "cyfry kontrolne"},
		{"6,11090101400001E+25", "", "sformatuj kolumnę jako tekst"},
		{"61 1090 1014 0000 0712 1981 287X", "", "tylko cyfry"},
	}
	for _, tt := range tests {
		got, msg := parseAccount(tt.in)
		if tt.wantMsg == "" && (msg != "" || got != tt.want) {
			t.Errorf("parseAccount(%q) = %v, %q; want %v", tt.in, got, msg, tt.want)
		}
		if tt.wantMsg != "" && !strings.Contains(msg, tt.wantMsg) {
			t.Errorf("parseAccount(%q) message %q; want it to contain %q", tt.in, msg, tt.wantMsg)
		}
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct {
		in      string
		max     int
		want    string
		wantMsg string
	}{
		{"eksploatacja", 100, "eksploatacja", ""},
		{"Mickiewicza 5/12", 100, "Mickiewicza 5/12", ""},
		{"  Mickiewicza   5/12 ", 100, "Mickiewicza 5/12", ""},
		{"Opłata\r\nza\tlistopad", 100, "Opłata za listopad", ""},
		{"Plac\u00a0Wolności 1/2", 100, "Plac Wolności 1/2", ""},
		{"zażółć gęślą jaźń", 100, "zażółć gęślą jaźń", ""},
		{"zażółć  gęślą", 100, "zażółć gęślą", ""},
		{"jaźń ", 100, "jaźń", ""},
		{" ", 100, "", ""},
		{"a\u2003b", 100, "a b", ""},      // EM SPACE
		{"a\u00adb", 100, "a\u00adb", ""}, // a soft hyphen is no control character
		{"a\u0085b", 100, "a b", ""},      // NEL is white space
		{"a\x00b", 100, "", "znak sterujący (U+0000)"},
		{"a\x1bb", 100, "", "znak sterujący"},
		{"Op\xb3ata", 100, "", "Windows-1250"},
		{strings.Repeat("ż", 10), 10, strings.Repeat("ż", 10), ""},
		{strings.Repeat("ż", 11), 10, "", "Za długi tekst: 11 znaków, najwyżej 10"},
	}
	for _, tt := range tests {
		got, msg := cleanText(tt.in, tt.max)
		if tt.wantMsg == "" && (msg != "" || got != tt.want) {
			t.Errorf("cleanText(%q) = %q, %q; want %q", tt.in, got, msg, tt.want)
		}
		if tt.wantMsg != "" && !strings.Contains(msg, tt.wantMsg) {
			t.Errorf("cleanText(%q) message %q; want it to contain %q", tt.in, msg, tt.wantMsg)
		}
		if tt.wantMsg == "" && isClean(tt.in) != (tt.in == tt.want) {
			t.Errorf("isClean(%q) = %v, but cleanText gives %q", tt.in, isClean(tt.in), tt.want)
		}
		if again, _ := cleanText(got, tt.max); tt.wantMsg == "" && again != got {
			t.Errorf("cleanText is not idempotent on %q: %q", got, again)
		}
	}
}

func TestQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"12,345", "„12,345”"},
		{" x ", "„x”"},
		{"a\x00b", "„a\uFFFDb”"},
		{"\xb3", "„\uFFFD”"},
		{strings.Repeat("a", 41), "„" + strings.Repeat("a", 40) + "…”"},
	}
	for _, tt := range tests {
		if got := quote(tt.in); got != tt.want {
			t.Errorf("quote(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
