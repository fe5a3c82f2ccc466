package letters

import (
	"errors"
	"testing"

	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/money"
)

// fuzzValues are merge fields without brackets or anything a field name is
// made of between two of them, so that filling cannot make a field.
func fuzzValues(balance money.Amount) Values {
	return Values{Name: "Jan Kowalski", PostalAddress: []string{"ul. Lipowa 1/3", "00-001 Warszawa"},
		PremisesAddress: "ul. Lipowa 1/3, 00-001 Warszawa", Balance: balance, DueDate: "2026-12-10",
		NRB: "61109010140000071219812874", Login: "jan.kowalski"}
}

// FuzzFields: whatever staff write, validate accepts the letter or refuses
// it with a Problem the catalogue words in both languages; an accepted one
// has no field left once filled; and the letter needs the balances
// exactly when its filled text depends on them.
func FuzzFields(f *testing.F) {
	f.Add("Przegląd", "Szanowni Państwo,\n\nuprzejmie informujemy o **przeglądzie** w lokalu [adres_lokalu].")
	f.Add("Do zapłaty [kwota_do_zaplaty]", "Dla [imie_nazwisko], lokal [adres_lokalu]: saldo [saldo], do zapłaty [kwota_do_zaplaty] do [termin_platnosci] na rachunek [nrb].")
	f.Add("Odczyt", "Dzień dobry, [nieznane_pole]. [[login]] [saldo[saldo]] [SALDO] [żółw]")
	words := i18n.New()
	f.Fuzz(func(t *testing.T, subject, body string) {
		l := Letter{Kind: General, Subject: subject, Body: body}
		err := l.validate()
		var p *Problem
		if err != nil && (!errors.As(err, &p) || !words.Has(i18n.Polish, p.Key) || !words.Has(i18n.English, p.Key)) {
			t.Fatalf("validate(%q, %q) = %v: not a Problem the catalogue words", subject, body, err)
		}
		owing, paid := fuzzValues(12_345), fuzzValues(-500)
		if err == nil {
			for _, text := range []string{owing.fill(subject), owing.fill(body)} {
				for _, m := range fieldRE.FindAllStringSubmatch(text, -1) {
					t.Fatalf("filled %q still has %s", text, m[0])
				}
			}
		}
		differs := owing.fill(subject) != paid.fill(subject) || owing.fill(body) != paid.fill(body)
		if l.usesBalance() != differs {
			t.Fatalf("%q / %q: usesBalance %v, but the filled text depends on the balance: %v", subject, body, l.usesBalance(), differs)
		}
	})
}
