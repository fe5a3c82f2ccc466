package web

import (
	"bytes"
	"html/template"
	"testing"
)

// The ledger table's rows as the template wrote them before ledgerRowsHTML
// and monthRowsHTML took over: the reference the Go writers must match.
const ledgerRowsTemplate = `{{range .Rows}}<tr class="k-{{.Kind}}"><td>{{.Date}}</td><td>{{.What}}{{with .Due}} <span class="meta">({{.}})</span>{{end}}{{with .Settles}} <span class="meta">({{.}})</span>{{end}}{{with .Bank}}<br><span class="meta">{{.}}</span>{{end}}{{if .Allocate}} <a href="{{$.Base}}/payments/{{.ID}}">{{$.Label}}<span class="visually-hidden">{{.Allocate}}</span></a>{{end}}</td><td class="num">{{.Debit}}</td><td class="num">{{.Credit}}</td><td class="num">{{.Balance}}</td></tr>
  {{else}}<tr><td colspan="5">{{.None}}</td></tr>{{end}}|{{range .Months}}<tr><td>{{.Month}}</td><td class="num">{{.Debits}}</td><td class="num">{{.Credits}}</td><td class="num">{{.Closing}}</td></tr>{{end}}|{{range .Months}}<tr><td>{{.Month}}</td><td class="num">{{.Closing}}</td></tr>{{end}}`

func TestLedgerRowsAsTheTemplateWrote(t *testing.T) {
	ref := template.Must(template.New("rows").Parse(ledgerRowsTemplate))
	odd := `<script>alert("x")</script> & 'a'+b` + "\x00 żółć"
	cases := map[string][]ledgerRow{
		"none": nil,
		"plain": {
			{Kind: "charge", Date: "01.10.2026", What: "Opłaty za lokal — 10.2026", Due: "termin 10.10.2026", Debit: "512,30", Balance: "-512,30", ID: 7},
			{Kind: "payment", Date: "08.10.2026", What: "Wpłata: Jan Kowalski", Credit: "512,30", Balance: "0,00", ID: 8},
		},
		"staff": {
			{Kind: "payment", Date: "08.10.2026", What: "Wpłata", Credit: "1 000,00", Balance: "+1 000,00", ID: 9,
				Settles: "rozliczono: opłaty 10.2026", Allocate: "wpłata z 08.10.2026, 1 000,00 zł", Bank: "wyciąg 12/2026, rach. 12 1020…"},
		},
		"odd": {
			{Kind: odd, Date: odd, What: odd, Due: odd, Settles: odd, Bank: odd, Allocate: odd, Debit: odd, Credit: odd, Balance: odd, ID: -3},
		},
	}
	months := []monthRow{{Month: "10.2026", Debits: "512,30", Credits: "512,30", Closing: "0,00"}, {Month: odd, Debits: odd, Credits: odd, Closing: odd}}
	for name, rows := range cases {
		for _, base := range []string{"/ebok/premises/17", "/staff/premises/17"} {
			var want bytes.Buffer
			data := struct {
				Rows              []ledgerRow
				Months            []monthRow
				Base, Label, None string
			}{rows, months, base, "Rozlicz " + odd, "Brak operacji " + odd}
			if err := ref.Execute(&want, data); err != nil {
				t.Fatal(err)
			}
			got := string(ledgerRowsHTML(rows, base, data.Label, data.None)) + "|" + string(monthRowsHTML(months, false)) + "|" + string(monthRowsHTML(months, true))
			if got != want.String() {
				t.Errorf("%s at %s:\n got %s\nwant %s", name, base, got, want.String())
			}
		}
	}
}

// The overview's interest breakdown as the template wrote it before
// PeriodRows took over.
const periodRowsTemplate = `{{range .}}<tr><td>{{.What}}{{with .Paid}} ({{.}}){{end}}</td><td class="num">{{.Amount}}</td><td>{{.Period}}</td><td class="num">{{.Days}}</td><td class="num">{{.Rate}}</td><td class="num">{{.Interest}}</td></tr>
    {{end}}`

func TestPeriodRowsAsTheTemplateWrote(t *testing.T) {
	ref := template.Must(template.New("periods").Parse(periodRowsTemplate))
	odd := `<script>alert("x")</script> & 'a'+b` + "\x00 żółć"
	cases := map[string][]periodRow{
		"none": nil,
		"plain": {
			{What: "Opłaty za lokal — 03.2024", Amount: "512,30", Period: "11.03.2024–30.06.2024", Days: 112, Rate: "11,25%", Interest: "17,69",
				Paid: "zapłacono 30.06.2024"},
			{What: "Opłaty za lokal — 04.2024", Amount: "512,30", Period: "11.04.2024–04.12.2026", Days: 968, Rate: "11,25%", Interest: "152,85"},
		},
		"odd": {{What: odd, Amount: odd, Period: odd, Days: -1, Rate: odd, Interest: odd, Paid: odd}},
	}
	for name, rows := range cases {
		var want bytes.Buffer
		if err := ref.Execute(&want, rows); err != nil {
			t.Fatal(err)
		}
		if got := string(premisesPage{Periods: rows}.PeriodRows()); got != want.String() {
			t.Errorf("%s:\n got %s\nwant %s", name, got, want.String())
		}
	}
}
