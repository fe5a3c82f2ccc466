package pdf

import (
	"bytes"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/nrb"
	"github.com/ebok/ebok/internal/payqr"
)

func TestAmountInWords(t *testing.T) {
	for _, tc := range []struct {
		grosze int64
		want   string
	}{
		{0, "zero złotych 00/100"},
		{1, "zero złotych 01/100"},
		{34, "zero złotych 34/100"},
		{100, "jeden złoty 00/100"},
		{105, "jeden złoty 05/100"},
		{200, "dwa złote 00/100"},
		{300, "trzy złote 00/100"},
		{400, "cztery złote 00/100"},
		{500, "pięć złotych 00/100"},
		{1000, "dziesięć złotych 00/100"},
		{1100, "jedenaście złotych 00/100"},
		{1200, "dwanaście złotych 00/100"},
		{1300, "trzynaście złotych 00/100"},
		{1400, "czternaście złotych 00/100"},
		{1900, "dziewiętnaście złotych 00/100"},
		{2000, "dwadzieścia złotych 00/100"},
		{2100, "dwadzieścia jeden złotych 00/100"},
		{2200, "dwadzieścia dwa złote 00/100"},
		{2400, "dwadzieścia cztery złote 00/100"},
		{2500, "dwadzieścia pięć złotych 00/100"},
		{9999, "dziewięćdziesiąt dziewięć złotych 99/100"},
		{10000, "sto złotych 00/100"},
		{10100, "sto jeden złotych 00/100"},
		{10200, "sto dwa złote 00/100"},
		{11200, "sto dwanaście złotych 00/100"},
		{11300, "sto trzynaście złotych 00/100"},
		{12200, "sto dwadzieścia dwa złote 00/100"},
		{20000, "dwieście złotych 00/100"},
		{30400, "trzysta cztery złote 00/100"},
		{51234, "pięćset dwanaście złotych 34/100"},
		{99900, "dziewięćset dziewięćdziesiąt dziewięć złotych 00/100"},
		{100000, "tysiąc złotych 00/100"},
		{100100, "tysiąc jeden złotych 00/100"},
		{200000, "dwa tysiące złotych 00/100"},
		{500000, "pięć tysięcy złotych 00/100"},
		{999999, "dziewięć tysięcy dziewięćset dziewięćdziesiąt dziewięć złotych 99/100"},
		{1200000, "dwanaście tysięcy złotych 00/100"},
		{2100000, "dwadzieścia jeden tysięcy złotych 00/100"},
		{2200000, "dwadzieścia dwa tysiące złotych 00/100"},
		{10100000, "sto jeden tysięcy złotych 00/100"},
		{10200000, "sto dwa tysiące złotych 00/100"},
		{123456, "tysiąc dwieście trzydzieści cztery złote 56/100"},
		{100000000, "milion złotych 00/100"},
		{100000100, "milion jeden złotych 00/100"},
		{100100000, "milion tysiąc złotych 00/100"},
		{123456700, "milion dwieście trzydzieści cztery tysiące pięćset sześćdziesiąt siedem złotych 00/100"},
		{200000000, "dwa miliony złotych 00/100"},
		{500000000, "pięć milionów złotych 00/100"},
		{1200000000, "dwanaście milionów złotych 00/100"},
		{2300000000, "dwadzieścia trzy miliony złotych 00/100"},
		{100000000000, "miliard złotych 00/100"},
		{300000000000, "trzy miliardy złotych 00/100"},
		{100000000000000, "bilion złotych 00/100"},
		{400000000000000, "cztery biliony złotych 00/100"},
		{100000000000000000, "biliard złotych 00/100"},
		{math.MaxInt64, "dziewięćdziesiąt dwa biliardy dwieście trzydzieści trzy biliony siedemset dwadzieścia miliardów " +
			"trzysta sześćdziesiąt osiem milionów pięćset czterdzieści siedem tysięcy siedemset pięćdziesiąt osiem złotych 07/100"},
		{-51234, "minus pięćset dwanaście złotych 34/100"},
		{-100, "minus jeden złoty 00/100"},
		{math.MinInt64, "minus dziewięćdziesiąt dwa biliardy dwieście trzydzieści trzy biliony siedemset dwadzieścia miliardów " +
			"trzysta sześćdziesiąt osiem milionów pięćset czterdzieści siedem tysięcy siedemset pięćdziesiąt osiem złotych 08/100"},
	} {
		if got := amountInWords(money.Amount(tc.grosze)); got != tc.want {
			t.Errorf("amountInWords(%d gr):\n got %q\nwant %q", tc.grosze, got, tc.want)
		}
	}
}

// TestPluralFormEveryEnding checks the form for every count up to 1000
// against the rule spelled out differently: 1 alone is singular; a count
// ending in 2, 3 or 4 is paucal unless it ends in 12, 13 or 14.
func TestPluralFormEveryEnding(t *testing.T) {
	forms := [3]string{"złoty", "złote", "złotych"}
	for n := uint64(0); n <= 1000; n++ {
		want := "złotych"
		last, lastTwo := n%10, n%100
		switch {
		case n == 1:
			want = "złoty"
		case (last == 2 || last == 3 || last == 4) && lastTwo != 12 && lastTwo != 13 && lastTwo != 14:
			want = "złote"
		}
		if got := pluralForm(n, forms); got != want {
			t.Errorf("pluralForm(%d) = %q, want %q", n, got, want)
		}
	}
}

func testSlip() SlipData {
	return SlipData{
		RecipientName:    "Spółdzielnia Mieszkaniowa „Na Skraju”",
		RecipientAddress: "ul. Żeromskiego 12, 90-001 Łódź",
		Account:          "61109010140000071219812874",
		Amount:           "512,34",
		Title:            "Opłaty za lokal nr 5 – listopad 2026",
		PayerName:        "Łukasz Żółkiewski-Gęślak",
		PayerAddress:     "ul. Źródlana 15A m. 42, 90-418 Łódź",
	}
}

// testQR makes the payment QR code for testSlip.
func testQR(t *testing.T, amount money.Amount) (text string, omitted bool, image []byte) {
	t.Helper()
	text, omitted, err := payqr.Encode(payqr.Payment{
		RecipientNIP:  "1234563218",
		Account:       "61109010140000071219812874",
		Amount:        amount,
		RecipientName: "SM Na Skraju",
		Title:         "Opłaty za lokal nr 5 11/2026",
	})
	if err != nil {
		t.Fatal(err)
	}
	image, err = payqr.PNG(text, payqr.RecommendedSize)
	if err != nil {
		t.Fatal(err)
	}
	return text, omitted, image
}

func renderSlip(t *testing.T, r *Renderer, s SlipData) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := r.PaymentSlip(&buf, testCoop(), s); err != nil {
		t.Fatalf("PaymentSlip: %v", err)
	}
	return buf.Bytes()
}

// unbreakable makes no-break spaces, as pdftotext may return them in
// grouped amounts, plain.
func unbreakable(s string) string {
	return strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(s)
}

func TestPaymentSlip(t *testing.T) {
	needPoppler(t)
	r := newRenderer(t)
	qrText, omitted, qr := testQR(t, 51234)
	if omitted {
		t.Fatal("512,34 zł should fit in the QR code")
	}
	s := testSlip()
	s.QRPNG = qr
	pdf := renderSlip(t, r, s)
	text, pages := readBack(t, pdf)
	if pages != 1 {
		t.Errorf("%d pages, want 1", pages)
	}
	assertContains(t, text,
		"Polecenie przelewu / wpłata gotówkowa",
		"Odcinek dla banku (poczty)", "Odcinek dla zleceniodawcy – pokwitowanie", "tu odetnij",
		"nazwa odbiorcy", "nazwa odbiorcy cd.", "nr rachunku odbiorcy", "waluta", "kwota", "kwota słownie",
		"nazwa zleceniodawcy", "nazwa zleceniodawcy cd.", "tytułem", "data, pieczęć i podpis(y) zleceniodawcy", "opłata",
		"Spółdzielnia Mieszkaniowa „Na Skraju”",
		"ul. Żeromskiego 12, 90-001 Łódź",
		"61 1090 1014 0000 0712 1981 2874",
		"PLN", "512,34",
		"pięćset dwanaście złotych 34/100",
		"Łukasz Żółkiewski-Gęślak",
		"ul. Źródlana 15A m. 42, 90-418 Łódź",
		"Opłaty za lokal nr 5 – listopad 2026",
		"Zapłać kodem QR",
		"stempel, data i podpis",
	)
	// Both parts carry the same data.
	for _, want := range []string{"61 1090 1014 0000 0712 1981 2874", "pięćset dwanaście złotych 34/100", "Łukasz Żółkiewski-Gęślak"} {
		if n := strings.Count(text, want); n != 2 {
			t.Errorf("%q appears %d times, want 2 (once in each part)", want, n)
		}
	}
	assertLacks(t, text, "wpisz kwotę samodzielnie", "?")
	checkQRImage(t, pdf, qrText)
}

// checkQRImage asserts that the PDF holds exactly one image, the QR code,
// and that it decodes to want; without pdfimages or zbarimg the test
// skips, visibly. With want empty
// it asserts that there is no image.
func checkQRImage(t *testing.T, pdf []byte, want string) {
	t.Helper()
	if _, err := exec.LookPath("pdfimages"); err != nil {
		t.Skip("pdfimages not found: the QR image is not checked; install poppler-utils (CI installs it)")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "slip.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdfimages", "-png", path, filepath.Join(dir, "img")).CombinedOutput(); err != nil {
		t.Fatalf("pdfimages: %v\n%s", err, out)
	}
	images, err := filepath.Glob(filepath.Join(dir, "img-*.png"))
	if err != nil {
		t.Fatal(err)
	}
	if want == "" {
		if len(images) != 0 {
			t.Errorf("%d images in a slip without a QR code", len(images))
		}
		return
	}
	if len(images) != 1 {
		t.Fatalf("%d images in the slip, want 1 (the QR code)", len(images))
	}
	zbar, err := exec.LookPath("zbarimg")
	if err != nil {
		t.Skip("zbarimg not found: the QR code in the PDF is not decoded; install zbar-tools (CI installs it)")
	}
	out, err := exec.Command(zbar, "--quiet", "--raw", "-Sbinary", images[0]).Output()
	if err != nil {
		t.Fatalf("zbarimg could not read the QR code in the PDF: %v", err)
	}
	if got := strings.TrimSuffix(string(out), "\n"); got != want {
		t.Errorf("QR code in the PDF reads\n%q\nwant\n%q", got, want)
	}
}

func TestPaymentSlipAmountLeftToPayer(t *testing.T) {
	needPoppler(t)
	r := newRenderer(t)
	qrText, omitted, qr := testQR(t, 0)
	if !omitted {
		t.Fatal("a zero amount should be left out of the QR code")
	}
	s := testSlip()
	s.Amount = ""
	s.QRPNG = qr
	pdf := renderSlip(t, r, s)
	text, _ := readBack(t, pdf)
	// The note is in a narrow column, so it wraps beside the form's lines.
	assertContains(t, text, "kwota słownie", "Kod nie zawiera kwoty –", "wpisz kwotę samodzielnie.", "61 1090 1014 0000 0712 1981 2874")
	assertLacks(t, text, "złotych", "/100", "512,34")
	checkQRImage(t, pdf, qrText)
}

func TestPaymentSlipAmountTooLargeForQR(t *testing.T) {
	needPoppler(t)
	r := newRenderer(t)
	qrText, omitted, qr := testQR(t, 1_234_567)
	if !omitted {
		t.Fatal("12 345,67 zł should be left out of the QR code")
	}
	s := testSlip()
	s.Amount = money.Amount(1_234_567).FormatNumber() // with a no-break space
	s.QRPNG = qr
	s.QRAmountOmitted = omitted
	pdf := renderSlip(t, r, s)
	text, _ := readBack(t, pdf)
	assertContains(t, unbreakable(text),
		"12 345,67",
		"dwanaście tysięcy trzysta czterdzieści pięć złotych 67/100",
		"Kod nie zawiera kwoty –", "wpisz kwotę samodzielnie.")
	checkQRImage(t, pdf, qrText)
}

func TestPaymentSlipWithoutQR(t *testing.T) {
	needPoppler(t)
	r := newRenderer(t)
	s := testSlip()
	s.Amount = "1 234 567,89 zł" // as typed, grouped with plain spaces
	s.PayerName, s.PayerAddress, s.Title = "", "", ""
	pdf := renderSlip(t, r, s)
	text, pages := readBack(t, pdf)
	if pages != 1 {
		t.Errorf("%d pages, want 1", pages)
	}
	// The long amount in words may take two lines of its box.
	assertContainsFlat(t, unbreakable(text), "1 234 567,89",
		"milion dwieście trzydzieści cztery tysiące pięćset sześćdziesiąt siedem złotych 89/100")
	assertLacks(t, text, "Zapłać kodem QR", "wpisz kwotę", "Łukasz")
	checkQRImage(t, pdf, "")
}

func TestPaymentSlipLongValuesStayOnOnePage(t *testing.T) {
	needPoppler(t)
	r := newRenderer(t)
	_, _, qr := testQR(t, 51234)
	long := strings.Repeat("Żółć gęślą jaźń ", 20)
	s := SlipData{
		RecipientName: long, RecipientAddress: long, Account: "PL61 1090 1014 0000 0712 1981 2874",
		Amount: money.Amount(math.MaxInt64).FormatNumber(), Title: long, PayerName: long, PayerAddress: long,
		QRPNG: qr,
	}
	text, pages := readBack(t, renderSlip(t, r, s))
	if pages != 1 {
		t.Errorf("%d pages, want 1", pages)
	}
	assertContains(t, text, "61 1090 1014 0000 0712 1981 2874", "…")
}

func TestPaymentSlipInvalid(t *testing.T) {
	r := newRenderer(t)
	for _, tc := range []struct {
		name string
		edit func(*SlipData)
		is   error // when not nil, the error must wrap it
	}{
		{"account checksum", func(s *SlipData) { s.Account = "61109010140000071219812875" }, nrb.ErrChecksum},
		{"account missing", func(s *SlipData) { s.Account = "" }, nrb.ErrLength},
		{"no recipient", func(s *SlipData) { s.RecipientName = " \n" }, nil},
		{"amount not a number", func(s *SlipData) { s.Amount = "pięćset" }, money.ErrSyntax},
		{"amount ambiguous", func(s *SlipData) { s.Amount = "1.234" }, money.ErrAmbiguous},
		{"amount zero", func(s *SlipData) { s.Amount = "0,00" }, nil},
		{"amount negative", func(s *SlipData) { s.Amount = "-512,34" }, nil},
		{"QR not a PNG", func(s *SlipData) { s.QRPNG = []byte("GIF89a…") }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := testSlip()
			tc.edit(&s)
			var buf bytes.Buffer
			err := r.PaymentSlip(&buf, testCoop(), s)
			if err == nil {
				t.Fatal("PaymentSlip accepted it")
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v does not wrap %v", err, tc.is)
			}
			if buf.Len() != 0 {
				t.Errorf("%d bytes written despite the error", buf.Len())
			}
		})
	}
	var nilRenderer *Renderer
	if err := nilRenderer.PaymentSlip(&bytes.Buffer{}, testCoop(), testSlip()); err == nil {
		t.Error("a nil Renderer rendered a slip")
	}
}
