package web

import (
	"html/template"
	"strconv"
	"strings"
)

// The ledger page's two tables, and the rows of the overview's interest
// breakdown, are written here rather than by the template: a year holds
// dozens of entries, a breakdown up to a couple of hundred periods, each a
// handful of escaped values, and html/template spends most of the page's
// CPU finding each field by reflection and running its escapers. The
// output is byte for byte what the template wrote
// (TestLedgerRowsAsTheTemplateWrote, TestPeriodRowsAsTheTemplateWrote).

// htmlText escapes text for an HTML element or a quoted attribute as
// html/template does.
var htmlText = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// ledgerRowsHTML is the body of the ledger table: a row an entry, or the
// one row saying there is none. base is the premises' pages' path,
// allocate the link text to allocate a payment.
func ledgerRowsHTML(rows []ledgerRow, base, allocate, none string) template.HTML {
	if len(rows) == 0 {
		return template.HTML(`<tr><td colspan="5">` + htmlText.Replace(none) + `</td></tr>`)
	}
	var b strings.Builder
	b.Grow(len(rows) * 220)
	for _, r := range rows {
		b.WriteString(`<tr class="k-`)
		b.WriteString(htmlText.Replace(r.Kind))
		b.WriteString(`"><td>`)
		b.WriteString(htmlText.Replace(r.Date))
		b.WriteString(`</td><td>`)
		b.WriteString(htmlText.Replace(r.What))
		writeMeta(&b, ` <span class="meta">(`, r.Due, `)</span>`)
		writeMeta(&b, ` <span class="meta">(`, r.Settles, `)</span>`)
		writeMeta(&b, `<br><span class="meta">`, r.Bank, `</span>`)
		if r.Allocate != "" {
			b.WriteString(` <a href="`)
			b.WriteString(htmlText.Replace(base))
			b.WriteString(`/payments/`)
			b.WriteString(strconv.FormatInt(r.ID, 10))
			b.WriteString(`">`)
			b.WriteString(htmlText.Replace(allocate))
			b.WriteString(`<span class="visually-hidden">`)
			b.WriteString(htmlText.Replace(r.Allocate))
			b.WriteString(`</span></a>`)
		}
		for _, v := range []string{r.Debit, r.Credit, r.Balance} {
			b.WriteString(`</td><td class="num">`)
			b.WriteString(htmlText.Replace(v))
		}
		b.WriteString("</td></tr>\n  ")
	}
	return template.HTML(b.String())
}

// writeMeta writes text, escaped, between before and after, or nothing
// when there is no text.
func writeMeta(b *strings.Builder, before, text, after string) {
	if text != "" {
		b.WriteString(before)
		b.WriteString(htmlText.Replace(text))
		b.WriteString(after)
	}
}

// monthRowsHTML is the body of the table of monthly subtotals; with
// closingOnly, of the table of the balance chart's figures (month and
// closing balance).
func monthRowsHTML(rows []monthRow, closingOnly bool) template.HTML {
	var b strings.Builder
	b.Grow(len(rows) * 120)
	for _, r := range rows {
		b.WriteString(`<tr><td>`)
		b.WriteString(htmlText.Replace(r.Month))
		cells := []string{r.Debits, r.Credits, r.Closing}
		if closingOnly {
			cells = cells[2:]
		}
		for _, v := range cells {
			b.WriteString(`</td><td class="num">`)
			b.WriteString(htmlText.Replace(v))
		}
		b.WriteString(`</td></tr>`)
	}
	return template.HTML(b.String())
}

// PeriodRows is the body of the overview's interest breakdown: a row a
// rate period. An account late for years has a hundred or more of them,
// which the template took most of the overview's rendering to write.
func (p premisesPage) PeriodRows() template.HTML {
	var b strings.Builder
	b.Grow(len(p.Periods) * 160)
	for _, r := range p.Periods {
		b.WriteString(`<tr><td>`)
		b.WriteString(htmlText.Replace(r.What))
		writeMeta(&b, ` (`, r.Paid, `)`)
		b.WriteString(`</td><td class="num">`)
		b.WriteString(htmlText.Replace(r.Amount))
		b.WriteString(`</td><td>`)
		b.WriteString(htmlText.Replace(r.Period))
		b.WriteString(`</td><td class="num">`)
		b.WriteString(strconv.Itoa(r.Days))
		b.WriteString(`</td><td class="num">`)
		b.WriteString(htmlText.Replace(r.Rate))
		b.WriteString(`</td><td class="num">`)
		b.WriteString(htmlText.Replace(r.Interest))
		b.WriteString("</td></tr>\n    ")
	}
	return template.HTML(b.String())
}
