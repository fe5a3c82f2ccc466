package web

import (
	"fmt"
	"html/template"
	"slices"

	"github.com/ebok/ebok/internal/chart"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/meters"
)

// The pictures of issue 14 §5: each chart is drawn by package chart with
// its figures in words, and the page shows the same figures in a table.

// balanceMonths is how far back the ledger's balance chart looks.
const balanceMonths = 24

// balanceChart is the line of an account's balance at each month's end.
func balanceChart(l *i18n.Localizer, hist []ledger.MonthBalance) template.HTML {
	if len(hist) < 2 {
		return ""
	}
	s := chart.Series{}
	for _, m := range hist {
		s.Points = append(s.Points, chart.Point{Label: m.Month.Format(), Value: int64(m.Closing), Text: m.Closing.Format()})
	}
	return chart.Line(chart.Chart{ID: "balance-chart", Title: l.T("chart.balance.title", len(hist)), Summary: l.T("chart.balance.summary")}, s)
}

// feeChart is the monthly fee's history as steps, oldest change first.
func feeChart(l *i18n.Localizer, hist []ledger.FeeChange) template.HTML {
	if len(hist) < 2 {
		return ""
	}
	hist = slices.Clone(hist)
	slices.SortFunc(hist, func(a, b ledger.FeeChange) int { return a.From.Compare(b.From) })
	s := chart.Series{}
	for _, c := range hist {
		s.Points = append(s.Points, chart.Point{Label: c.From.Format(), Value: int64(c.Total), Text: c.Total.Format()})
	}
	return chart.Steps(chart.Chart{ID: "fee-chart", Title: l.T("chart.fee.title"), Summary: l.T("chart.fee.summary")}, s)
}

// meterUse is a meter's use in each month of last year and this year.
type meterUse struct {
	Chart template.HTML
	// Rows are the months with a figure in either year.
	Rows []meterUseRow
	// LastYear and ThisYear head the table's columns.
	LastYear, ThisYear int
}

// meterUseRow is one month of the table beside the chart.
type meterUseRow struct {
	Month              string
	LastYear, ThisYear string
}

// meterUseChart adds up the use of a meter's readings (newest first, as
// the page lists them) by the month they were taken in, this year against
// last year, and draws the months that have a figure in either.
func meterUseChart(l *i18n.Localizer, m meterView, today civil.Date) meterUse {
	out := meterUse{LastYear: today.Year - 1, ThisYear: today.Year}
	var use [2][13]meters.Value
	var has [2][13]bool
	for _, r := range m.History {
		if !r.HasUse || r.Status == meters.Rejected {
			continue
		}
		y := r.ReadOn.Year - out.LastYear
		if y < 0 || y > 1 {
			continue
		}
		use[y][r.ReadOn.Month] += r.Use
		has[y][r.ReadOn.Month] = true
	}
	unitName := unit(l, m.Kind)
	text := func(v meters.Value) string { return v.Format() + " " + unitName }
	series := []chart.Series{{Name: fmt.Sprint(out.LastYear)}, {Name: fmt.Sprint(out.ThisYear)}}
	for month := 1; month <= 12; month++ {
		if !has[0][month] && !has[1][month] {
			continue
		}
		label := fmt.Sprintf("%02d", month)
		row := meterUseRow{Month: l.T(fmt.Sprintf("chart.month.%d", month))}
		for y := range 2 {
			p := chart.Point{Label: label, Value: int64(use[y][month])}
			if has[y][month] {
				p.Text = text(use[y][month])
			}
			series[y].Points = append(series[y].Points, p)
		}
		row.LastYear, row.ThisYear = series[0].Points[len(series[0].Points)-1].Text, series[1].Points[len(series[1].Points)-1].Text
		out.Rows = append(out.Rows, row)
	}
	if len(out.Rows) == 0 {
		return out
	}
	// The description names the months in words; the chart's labels are
	// numbers, to fit a phone.
	for y := range series {
		for i := range series[y].Points {
			series[y].Points[i].Long = out.Rows[i].Month
		}
	}
	drawn := chart.Bars(chart.Chart{ID: fmt.Sprintf("use-%d", m.ID), Title: l.T("chart.meters.title", kindName(l, m.Kind), out.LastYear, out.ThisYear),
		Summary: l.T("chart.meters.summary", unitName)}, series)
	out.Chart = drawn
	return out
}

// sparkline is a staff dashboard figure's recent history.
func sparkline(id, title, summary string, labels []string, values []int64) template.HTML {
	s := chart.Series{}
	for i, v := range values {
		s.Points = append(s.Points, chart.Point{Label: labels[i], Value: v, Text: fmt.Sprint(v)})
	}
	return chart.Sparkline(chart.Chart{ID: id, Title: title, Summary: summary}, s)
}
