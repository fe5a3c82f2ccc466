package payqr

import (
	"testing"

	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/nrb"
)

// FuzzEncode feeds Encode arbitrary payments. It must never panic, and a
// code it returns must have exactly Fields fields (Fields-1 separators),
// fit in MaxLength characters and bytes and keep every field in its limit
// (checkCode). An account that does not parse is tried as it is and then
// replaced by a valid one, so that the text fields get fuzzed too.
func FuzzEncode(f *testing.F) {
	f.Add("1234563218", string(testAccount), int64(51234), "SM Na Skraju", "Opłaty za lokal 5 11/2026")
	f.Add("", "PL61 1090 1014 0000 0712 1981 2874", int64(999_999), "Spółdzielnia Mieszkaniowa „Na Skraju”", "Opłaty|za|lokal\n\t5")
	f.Add("123-456-32-18", "61109010140000071219812875", int64(1_000_000), "|||", "€😀")
	f.Add("x", "", int64(-1), "Müller – „Dom”…", "ZAŻÓŁĆ GĘŚLĄ JAŹŃ zażółć gęślą jaźń")
	f.Add("1234567890", "\x00", int64(0), "\xff\xfe", "a\u0301\u200b\u00a0b")
	f.Fuzz(func(t *testing.T, nip, account string, amount int64, name, title string) {
		p := Payment{
			RecipientNIP:  nip,
			Account:       nrb.Number(account),
			Amount:        money.Amount(amount),
			RecipientName: name,
			Title:         title,
		}
		try := func(p Payment) {
			text, omitted, err := Encode(p)
			if err != nil {
				if text != "" || omitted {
					t.Errorf("Encode returned %q, %v with error %v", text, omitted, err)
				}
				return
			}
			checkCode(t, p, text, omitted)
		}
		try(p)
		if _, err := nrb.Parse(account); err != nil {
			p.Account = testAccount
			try(p)
		}
	})
}
