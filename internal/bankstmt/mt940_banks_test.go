package bankstmt

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// bankTx is what the tests of each bank's layout check of a transaction.
func bankTx(tx Transaction) string {
	credited := make([]string, len(tx.Credited))
	for i, n := range tx.Credited {
		credited[i] = string(n)
	}
	return fmt.Sprintf("value=%s booked=%s amount=%s ref=%s title=%s | name=%s | address=%s | payer=%s | iph=%s | credited=%s",
		tx.ValueOn, tx.BookedOn, tx.Amount.Plain(), tx.Reference, tx.Title, tx.PayerName, tx.PayerAddress,
		tx.CounterpartyAccount, tx.PayerID, strings.Join(credited, ","))
}

func TestBankLayouts(t *testing.T) {
	tests := []struct {
		file string
		want [][]string // per statement, per transaction
	}{
		{"mbank_labelled_iph_cp1250_crlf.sta", [][]string{{
			"value=2026-10-10 booked=2026-10-12 amount=450.00 ref=MB2610100001 title=OPŁATY ZA LOKAL 4/24, PAŹDZIERNIK 2026 STARE KONTO 61109010140000071219812874 | name=JAN KOWALSKI | address=UL. KWIATOWA 4 M 24 00-950 WARSZAWA | payer=55102055610000331203410012 | iph= | credited=11114010105550000000000424,46114010100000579009004001",
			"value=2026-10-10 booked=2026-10-12 amount=120.00 ref=MB2610100002 title=CZYNSZ LISTOPAD | name=ANNA NOWAK | address=UL. LIPOWA 1 00-001 WARSZAWA | payer=22105017641000009215291726 | iph=XX000000000017 | credited=46114010100000579009004001",
		}, {
			"value=2026-10-10 booked=2026-10-12 amount=5.00 ref=MB2610100003 title=DEPOSIT | name=JOHN SMITH | address= | payer= | iph= | credited=19114010100000579009004002",
		}}},
		{"pko_placeholder_cp1250_crlf.sta", [][]string{{
			"value=2026-10-10 booked=2026-10-12 amount=300.00 ref=6460500500000513 title=Czynsz lokal 4/24 październik | name=JAN KOWALSKI | address= | payer=55102055610000331203410012 | iph= | credited=11114010105550000000000424,61109010140000071219812874",
		}}},
		{"ingbsk_double86_iso88592_lf.sta", [][]string{{
			"value=2026-10-10 booked=2026-10-12 amount=241.08 ref=00000029217 title=Opłaty lokal 4/24 | name=JAN KOWALSKI SP. Z O.O. | address=UL. KWIATOWA 4 00-950 WARSZAWA | payer=55102055610000331203410012 | iph= | credited=11114010105550000000000424,32240309900000400208955593",
		}}},
		{"pekao_caret_cp1250_crlf.sta", [][]string{{
			"value=2026-10-10 booked=2026-10-12 amount=500.00 ref= title=Opłaty za lokal 4/24 październik 2026 | name=KRZYSZTOF BRZĘCZYSZCZYKIEWICZ | address=UL. GRZEGORZA BRZĘCZYSZCZYKIEWICZA 12 00-001 WARSZAWA | payer=22105017641000009215291726 | iph= | credited=11114010105550000000000424,50124062921978001062009446",
		}}},
		// "<" before the subfield numbers instead of "~", "^" or "?"; the
		// name and address in <27 to <29; the virtual account once in the
		// :61: supplementary details, once in <63.
		{"lt_subfields_cp1250_crlf.sta", [][]string{{
			"value=2026-10-10 booked=2026-10-12 amount=450.00 ref=CA26101000001 title=Opłata za lokal 4/24 październik 2026 | name=JAN KOWALSKI | address=UL. KWIATOWA 4 00-950 WARSZAWA | payer=55102055610000331203410012 | iph= | credited=11114010105550000000000424,46114010100000579009004001",
			"value=2026-10-10 booked=2026-10-12 amount=120.00 ref=CA26101000002 title=Czynsz listopad | name=ANNA NOWAK | address=UL. LIPOWA 1 00-001 WARSZAWA | payer=22105017641000009215291726 | iph= | credited=11114010105550000000000424,46114010100000579009004001",
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			sts := mustParseMT940(t, readFixture(t, tt.file))
			if len(sts) != len(tt.want) {
				t.Fatalf("%d statements, want %d", len(sts), len(tt.want))
			}
			for i, st := range sts {
				if len(st.Transactions) != len(tt.want[i]) {
					t.Fatalf("statement %d: %d transactions, want %d", i, len(st.Transactions), len(tt.want[i]))
				}
				for j, tx := range st.Transactions {
					if got := bankTx(tx); got != tt.want[i][j] {
						t.Errorf("statement %d tx %d:\n got %s\nwant %s", i, j, got, tt.want[i][j])
					}
					if strings.Contains(tx.Title+tx.Counterparty+tx.CounterpartyAccount, "\u02d9") {
						t.Errorf("placeholder reached the text: %q", tx.Title+tx.Counterparty)
					}
				}
			}
		})
	}
}

func TestBankRefusals(t *testing.T) {
	const head = ":20:X\n:25:/PL46114010100000579009004001\n:28C:1\n:60F:C261009PLN0,00\n"
	tests := []struct {
		name string
		in   string
		line int
		key  string
		args []string
	}{
		{"dot decimal", head + ":61:2610101012CN450.00NTRFNONREF\n:62F:C261012PLN450,00\n", 5, KeyAmountNotSwift, []string{`"450.00"`}},
		{"no decimal comma", head + ":61:2610101012CN450NTRFNONREF\n:62F:C261012PLN450,00\n", 5, KeyAmountNotSwift, []string{`"450"`}},
		{"three decimals", head + ":61:2610101012CN450,001NTRFNONREF\n:62F:C261012PLN450,00\n", 5, KeyAmountNotSwift, []string{`"450,001"`}},
		{"30 February", head + ":61:2602301012CN450,00NTRFNONREF\n:62F:C261012PLN450,00\n", 5, KeyDateNone, []string{`"260230"`}},
		{"31 April entry date", head + ":61:2604300431CN450,00NTRFNONREF\n:62F:C261012PLN450,00\n", 5, KeyEntryDateNone, []string{`"0431"`}},
		{"cut before :62F:", head + ":61:2610101012CN450,00NTRFNONREF\n:86:770 PRZELEW; TYT.: CZYNSZ\n\n", 6, KeyCutShort, []string{"6"}},
		{"balance does not add up", head + ":61:2610101012CN450,00NTRFNONREF\n:62F:C261012PLN450,01\n", 6, KeyBalanceWrong, []string{"450.01", "450.00"}},
		{":86: before any :61:", head + ":86:770 PRZELEW; TYT.: CZYNSZ\n:61:2610101012CN450,00NTRFNONREF\n:62F:C261012PLN450,00\n", 5, KeyInfoBefore61, nil},
		{"MT942", ":20:X\n:25:/PL46114010100000579009004001\n:28C:1\n:34F:PLN0,\n:13D:2610101200+0100\n:61:2610101012CN450,00NTRFNONREF\n:90C:1PLN450,00\n", 4, KeyMT942, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sts, err := ParseMT940(strings.NewReader(tt.in))
			probs := problemsOf(t, sts, err)
			if len(probs) != 1 {
				t.Fatalf("problems %v", probs)
			}
			p := probs[0]
			if p.Line != tt.line || p.Key != tt.key || fmt.Sprint(p.Args) != fmt.Sprint(tt.args) {
				t.Errorf("got line %d %s %q, want line %d %s %q", p.Line, p.Key, p.Args, tt.line, tt.key, tt.args)
			}
		})
	}
}

// The real mBank MT942 of the shared samples is refused as what it is.
func TestMT942Sample(t *testing.T) {
	in := "\x01\n:20:MT942/1\n:25:PL29114010810000267002001002\n:28C:1/1\n:34F:PLND0,\n:13D:1702011200+0100\n:61:1702010201CN45,00NTRFNONREF//MB1\n:86:911 X\n:90C:1PLN45,00\n-\x03\n"
	_, err := ParseMT940(bytes.NewReader([]byte(in)))
	probs := problemsOf(t, nil, err)
	if len(probs) != 1 || probs[0].Key != KeyMT942 || probs[0].Line != 5 {
		t.Fatalf("problems %v", probs)
	}
}

// Labels ebok does not read end the title; a ";" inside the title stays.
func TestLabelledInfoOtherLabels(t *testing.T) {
	in := parseLabelled("770 PRZELEW KRAJOWY; OD: FIRMA  UL. A 1; TYT.: FV 1; FV 2; DATA STEMPLA: 02.06.2010; REF. KLIENTA: R1; TNR: 15496.1")
	if in == nil || in.title != "FV 1; FV 2" || in.reference != "15496.1" || in.payerName != "FIRMA" {
		t.Errorf("got %+v", in)
	}
}

// A space between the transaction code and the first subfield
// (":86:152 ~00…") still reads the subfields, as without it.
func TestSpaceBeforeTheFirstSubfield(t *testing.T) {
	const statement = ":20:X\n:25:/PL46114010100000579009004001\n:28C:1\n:60F:C261009PLN0,00\n" +
		":61:2610101012CN450,00NTRFNONREF//R1\n:86:152%s~00PRZELEW~20Czynsz 4/24~27JAN KOWALSKI~38PL55102055610000331203410012\n" +
		":62F:C261012PLN450,00\n"
	var got []string
	for _, gap := range []string{"", " ", "  "} {
		sts := mustParseMT940(t, []byte(fmt.Sprintf(statement, gap)))
		got = append(got, bankTx(sts[0].Transactions[0]))
	}
	if !strings.Contains(got[0], "title=Czynsz 4/24 | name=JAN KOWALSKI") || got[1] != got[0] || got[2] != got[0] {
		t.Errorf("read as\n%s", strings.Join(got, "\n"))
	}
}
