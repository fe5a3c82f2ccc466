package payqr

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/nrb"
)

// testAccount is a valid NRB (the example banks print).
const testAccount nrb.Number = "61109010140000071219812874"

func payment() Payment {
	return Payment{
		RecipientNIP:  "1234563218",
		Account:       testAccount,
		Amount:        51234,
		RecipientName: "SM Na Skraju",
		Title:         "Opłaty za lokal 5 11/2026",
	}
}

func encode(t *testing.T, p Payment) (string, bool) {
	t.Helper()
	text, omitted, err := Encode(p)
	if err != nil {
		t.Fatalf("Encode(%+v): %v", p, err)
	}
	return text, omitted
}

func TestEncodeExact(t *testing.T) {
	for _, tc := range []struct {
		name    string
		edit    func(*Payment)
		want    string
		omitted bool
	}{
		{"typical", func(*Payment) {},
			"1234563218|PL|61109010140000071219812874|051234|SM Na Skraju|Opłaty za lokal 5 11/2026|||", false},
		{"no NIP", func(p *Payment) { p.RecipientNIP = "" },
			"|PL|61109010140000071219812874|051234|SM Na Skraju|Opłaty za lokal 5 11/2026|||", false},
		{"NIP grouped", func(p *Payment) { p.RecipientNIP = " 123-456-32-18 " },
			"1234563218|PL|61109010140000071219812874|051234|SM Na Skraju|Opłaty za lokal 5 11/2026|||", false},
		{"printed account", func(p *Payment) { p.Account = "PL61 1090 1014 0000 0712 1981 2874" },
			"1234563218|PL|61109010140000071219812874|051234|SM Na Skraju|Opłaty za lokal 5 11/2026|||", false},
		{"one grosz", func(p *Payment) { p.Amount = 1 },
			"1234563218|PL|61109010140000071219812874|000001|SM Na Skraju|Opłaty za lokal 5 11/2026|||", false},
		{"whole złoty", func(p *Payment) { p.Amount = 51200 },
			"1234563218|PL|61109010140000071219812874|051200|SM Na Skraju|Opłaty za lokal 5 11/2026|||", false},
		{"9 999,99 zł fits", func(p *Payment) { p.Amount = 999_999 },
			"1234563218|PL|61109010140000071219812874|999999|SM Na Skraju|Opłaty za lokal 5 11/2026|||", false},
		{"10 000,00 zł does not", func(p *Payment) { p.Amount = 1_000_000 },
			"1234563218|PL|61109010140000071219812874|000000|SM Na Skraju|Opłaty za lokal 5 11/2026|||", true},
		{"far above", func(p *Payment) { p.Amount = math.MaxInt64 },
			"1234563218|PL|61109010140000071219812874|000000|SM Na Skraju|Opłaty za lokal 5 11/2026|||", true},
		{"zero", func(p *Payment) { p.Amount = 0 },
			"1234563218|PL|61109010140000071219812874|000000|SM Na Skraju|Opłaty za lokal 5 11/2026|||", true},
		{"negative (overpayment)", func(p *Payment) { p.Amount = -51234 },
			"1234563218|PL|61109010140000071219812874|000000|SM Na Skraju|Opłaty za lokal 5 11/2026|||", true},
		{"every Polish letter kept", func(p *Payment) {
			p.RecipientName = "ZAŻÓŁĆ GĘŚLĄ JAŹŃ"
			p.Title = "zażółć gęślą jaźń"
		}, "1234563218|PL|61109010140000071219812874|051234|ZAŻÓŁĆ GĘŚLĄ JAŹŃ|zażółć gęślą jaźń|||", false},
		{"long name and title cut on characters", func(p *Payment) {
			p.RecipientName = "Spółdzielnia Mieszkaniowa „Na Skraju”"
			p.Title = "Opłaty za lokal ul. Żeromskiego 12 m. 5, listopad 2026"
		}, "1234563218|PL|61109010140000071219812874|051234|Spółdzielnia Mieszka|Opłaty za lokal ul. Żeromskiego|||", false},
		{"no space left at a cut", func(p *Payment) {
			p.RecipientName = "Spółdzielnia Mieszk ABC" // the 20th character is a space
		}, "1234563218|PL|61109010140000071219812874|051234|Spółdzielnia Mieszk|Opłaty za lokal 5 11/2026|||", false},
		{"separator stripped", func(p *Payment) {
			p.RecipientName = "SM|Na Skraju |"
			p.Title = "|lokal|5| 11/2026"
		}, "1234563218|PL|61109010140000071219812874|051234|SMNa Skraju|lokal5 11/2026|||", false},
		{"control characters and line breaks become one space", func(p *Payment) {
			p.RecipientName = "\tSM\r\nNa\x00Skraju\u2028"
			p.Title = "Opłaty\n\n\tza  lokal\u00a05"
		}, "1234563218|PL|61109010140000071219812874|051234|SM Na Skraju|Opłaty za lokal 5|||", false},
		{"typography and other accents to ASCII", func(p *Payment) {
			p.RecipientName = "Müller – „Dom”…"
			p.Title = "Rēķins № 5 ‘a’ €"
		}, "1234563218|PL|61109010140000071219812874|051234|Muller - \"Dom\"...|Rekins No 5 'a'|||", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := payment()
			tc.edit(&p)
			got, omitted := encode(t, p)
			if got != tc.want {
				t.Errorf("Encode:\n got %q\nwant %q", got, tc.want)
			}
			if omitted != tc.omitted {
				t.Errorf("amountOmitted = %v, want %v", omitted, tc.omitted)
			}
		})
	}
}

func TestEncodeErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Payment)
		want error
	}{
		{"NIP check digit", func(p *Payment) { p.RecipientNIP = "1234563219" }, ErrNIP},
		{"NIP too short", func(p *Payment) { p.RecipientNIP = "123456321" }, ErrNIP},
		{"NIP too long", func(p *Payment) { p.RecipientNIP = "12345632180" }, ErrNIP},
		{"NIP with letters", func(p *Payment) { p.RecipientNIP = "PL1234563218" }, ErrNIP},
		{"NIP whose check would be 10", func(p *Payment) { p.RecipientNIP = "1234567890" }, ErrNIP},
		{"account checksum", func(p *Payment) { p.Account = "61109010140000071219812875" }, nrb.ErrChecksum},
		{"account too short", func(p *Payment) { p.Account = "6110901014000007121981287" }, nrb.ErrLength},
		{"account empty", func(p *Payment) { p.Account = "" }, nrb.ErrLength},
		{"account letters", func(p *Payment) { p.Account = "61109010140000071219812X74" }, nrb.ErrCharacter},
		{"name empty", func(p *Payment) { p.RecipientName = "" }, ErrRecipientName},
		{"name only separators and spaces", func(p *Payment) { p.RecipientName = " | |\n" }, ErrRecipientName},
		{"name nothing printable", func(p *Payment) { p.RecipientName = "€😀\u200b" }, ErrRecipientName},
		{"title empty", func(p *Payment) { p.Title = "\t" }, ErrTitle},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := payment()
			tc.edit(&p)
			text, omitted, err := Encode(p)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Encode error = %v, want %v", err, tc.want)
			}
			if text != "" || omitted {
				t.Errorf("Encode returned %q, %v with an error", text, omitted)
			}
		})
	}
}

// checkCode asserts what every code must be, whatever went in.
func checkCode(t *testing.T, p Payment, text string, omitted bool) {
	t.Helper()
	if n := utf8.RuneCountInString(text); n > MaxLength {
		t.Errorf("%d characters, at most %d allowed: %q", n, MaxLength, text)
	}
	if len(text) > MaxLength {
		t.Errorf("%d bytes, at most %d expected: %q", len(text), MaxLength, text)
	}
	if !utf8.ValidString(text) {
		t.Errorf("not valid UTF-8: %q", text)
	}
	f := strings.Split(text, Separator)
	if len(f) != Fields {
		t.Fatalf("%d fields, want %d: %q", len(f), Fields, text)
	}
	if !strings.HasSuffix(text, "|||") || f[6]+f[7]+f[8] != "" {
		t.Errorf("reserved fields not empty: %q", text)
	}
	if f[1] != Country {
		t.Errorf("country %q", f[1])
	}
	if n, err := nrb.Parse(f[2]); err != nil || string(n) != f[2] {
		t.Errorf("account field %q: %v", f[2], err)
	}
	if len(f[3]) != 6 || strings.Trim(f[3], "0123456789") != "" {
		t.Errorf("amount field %q is not 6 digits", f[3])
	}
	wantOmitted := p.Amount <= 0 || p.Amount > MaxAmount
	if omitted != wantOmitted || (omitted && f[3] != noAmount) {
		t.Errorf("amount %d: field %q, omitted %v", p.Amount, f[3], omitted)
	}
	for _, field := range []struct {
		text  string
		limit int
	}{{f[4], MaxRecipientName}, {f[5], MaxTitle}} {
		if n := utf8.RuneCountInString(field.text); n == 0 || n > field.limit {
			t.Errorf("field %q has %d characters, want 1..%d", field.text, n, field.limit)
		}
		if field.text != strings.TrimSpace(field.text) || strings.Contains(field.text, "  ") {
			t.Errorf("field %q has stray spaces", field.text)
		}
		for _, r := range field.text {
			if r >= 0x80 && !strings.ContainsRune(polishLetters, r) || r < 0x20 || r == 0x7f {
				t.Errorf("field %q has %U", field.text, r)
			}
		}
	}
}

// TestEncodeProperties runs Encode on random payments, biased towards the
// awkward: long strings, separators, control characters, Polish and other
// letters, amounts around the limit.
func TestEncodeProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("ab Z09|\t\n\r\x00ąęŁŻ„”–…éüßж€😀\u00a0\u200b|||   ")
	randomText := func() string {
		rs := make([]rune, rng.IntN(80))
		for i := range rs {
			rs[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(rs)
	}
	amounts := []money.Amount{math.MinInt64, -1, 0, 1, 99, MaxAmount - 1, MaxAmount, MaxAmount + 1, math.MaxInt64}
	encoded := 0
	for range 20000 {
		p := Payment{
			Account:       testAccount,
			RecipientName: randomText(),
			Title:         randomText(),
			Amount:        money.Amount(rng.Int64N(3_000_000) - 500_000),
		}
		if rng.IntN(2) == 0 {
			p.RecipientNIP = "1234563218"
		}
		if rng.IntN(4) == 0 {
			p.Amount = amounts[rng.IntN(len(amounts))]
		}
		text, omitted, err := Encode(p)
		if err != nil {
			if !errors.Is(err, ErrRecipientName) && !errors.Is(err, ErrTitle) {
				t.Fatalf("Encode(%+v): unexpected error %v", p, err)
			}
			continue
		}
		encoded++
		checkCode(t, p, text, omitted)
		if t.Failed() {
			t.Fatalf("input %+v", p)
		}
	}
	if encoded < 10000 {
		t.Errorf("only %d of 20000 random payments encoded; the generator is too harsh to test much", encoded)
	}
}
