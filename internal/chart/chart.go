// Package chart draws small charts as server-rendered SVG: no JavaScript,
// readable on a 375 px phone (the SVG scales to its container), each with
// a text alternative that states the figures (a <title> and a <desc> the
// image is labelled by). Pages show the table of the same figures beside
// each chart; the chart is for looking, the table for reading.
//
// The caller gives every word and every formatted figure (in Polish, from
// the message catalogue), so the package knows no language and no unit.
package chart

import (
	"fmt"
	"html/template"
	"strings"
)

// Drawing area of every chart, in SVG units; the SVG is as wide as its
// container and keeps this aspect ratio.
const (
	width  = 320
	height = 160
	// Room for the labels: on the left for the axis figures, below for the
	// period labels.
	left, right, top, bottom = 4, 4, 14, 22
	plotW                    = width - left - right
	plotH                    = height - top - bottom
)

// Point is one figure: its label ("03.2026") and value (in the caller's
// smallest unit: grosze, litres) with the value as the page writes it.
type Point struct {
	Label string
	Value int64
	Text  string
	// Long, when set, names the point in the description in place of the
	// short Label drawn under it ("marzec" for "03").
	Long string
}

// Series is one named line of figures ("2025", "2026").
type Series struct {
	Name   string
	Points []Point
}

// Chart is what every chart has: its id (unique on the page, for the
// text alternative's references), title and a sentence before the figures
// of its description.
type Chart struct {
	ID, Title, Summary string
}

// describe is the description: the summary, then each series' figures.
func describe(summary string, series []Series) string {
	var b strings.Builder
	b.WriteString(summary)
	for _, s := range series {
		var shown []Point // a point without text is a missing figure
		for _, p := range s.Points {
			if p.Text != "" {
				shown = append(shown, p)
			}
		}
		if len(shown) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		if s.Name != "" {
			b.WriteString(s.Name)
			b.WriteString(": ")
		}
		for i, p := range shown {
			if i > 0 {
				b.WriteString("; ")
			}
			if p.Long != "" {
				b.WriteString(p.Long)
			} else {
				b.WriteString(p.Label)
			}
			b.WriteString(" – ")
			b.WriteString(p.Text)
		}
		b.WriteString(".")
	}
	return b.String()
}

// open starts the SVG: scalable, an image labelled by its title and
// described by its figures.
func open(b *strings.Builder, c Chart, class, desc string) {
	fmt.Fprintf(b, `<svg class="chart %s" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-t" aria-describedby="%s-d" preserveAspectRatio="xMidYMid meet">`,
		class, width, height, esc(c.ID), esc(c.ID))
	fmt.Fprintf(b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, esc(c.ID), esc(c.Title), esc(c.ID), esc(desc))
}

// scale maps value v of the range lo..hi to a y coordinate of the plot
// (hi at the top, lo at the bottom). An empty range puts every value on
// the bottom line.
func scale(v, lo, hi int64) float64 {
	if hi <= lo {
		return top + plotH
	}
	return top + plotH - float64(v-lo)*plotH/float64(hi-lo)
}

// span is the range a chart's axis covers: from min(0, lowest) to
// max(0, highest), so that zero is always drawn.
func span(series []Series) (lo, hi int64) {
	for _, s := range series {
		for _, p := range s.Points {
			lo, hi = min(lo, p.Value), max(hi, p.Value)
		}
	}
	return lo, hi
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// num writes a coordinate with at most one decimal.
func num(f float64) string {
	s := fmt.Sprintf("%.1f", f)
	return strings.TrimSuffix(s, ".0")
}

// Bars draws grouped bars: one group per label, one bar per series in
// each group (this year beside last year). Every series has the same
// labels in the same order; a missing figure is a Point with Text "".
func Bars(c Chart, series []Series) template.HTML {
	var b strings.Builder
	open(&b, c, "chart-bars", describe(c.Summary, series))
	lo, hi := span(series)
	groups := 0
	for _, s := range series {
		groups = max(groups, len(s.Points))
	}
	zero := scale(0, lo, hi)
	if groups > 0 {
		groupW := float64(plotW) / float64(groups)
		barW := groupW * 0.8 / float64(len(series))
		for g := range groups {
			x0 := left + float64(g)*groupW + groupW*0.1
			for si, s := range series {
				if g >= len(s.Points) || s.Points[g].Text == "" {
					continue
				}
				y := scale(s.Points[g].Value, lo, hi)
				y1, y2 := min(y, zero), max(y, zero)
				fmt.Fprintf(&b, `<rect class="s%d" x="%s" y="%s" width="%s" height="%s"/>`,
					si, num(x0+float64(si)*barW), num(y1), num(barW), num(y2-y1))
			}
			label := ""
			for _, s := range series {
				if g < len(s.Points) {
					label = s.Points[g].Label
				}
			}
			fmt.Fprintf(&b, `<text x="%s" y="%d" text-anchor="middle">%s</text>`, num(x0+groupW*0.4), height-6, esc(label))
		}
	}
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%s" x2="%d" y2="%s"/>`, left, num(zero), width-right, num(zero))
	legend(&b, series)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// legend names the series in the top left corner, in their colours.
func legend(b *strings.Builder, series []Series) {
	if len(series) < 2 {
		return
	}
	x := left
	for si, s := range series {
		fmt.Fprintf(b, `<rect class="s%d" x="%d" y="2" width="10" height="10"/><text x="%d" y="11">%s</text>`, si, x, x+13, esc(s.Name))
		x += 13 + 8*len([]rune(s.Name)) + 10
	}
}

// Line draws one series as a line with a dot per figure, and the zero
// line. Only the first and last labels are written under it (the table
// beside has all of them).
func Line(c Chart, s Series) template.HTML {
	return path(c, s, "chart-line", false)
}

// Steps draws one series as steps: each value holds until the next one
// (a fee that changes on given days).
func Steps(c Chart, s Series) template.HTML {
	return path(c, s, "chart-steps", true)
}

// path draws Line and Steps.
func path(c Chart, s Series, class string, steps bool) template.HTML {
	var b strings.Builder
	open(&b, c, class, describe(c.Summary, []Series{s}))
	lo, hi := span([]Series{s})
	zero := scale(0, lo, hi)
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%s" x2="%d" y2="%s"/>`, left, num(zero), width-right, num(zero))
	xs := xPositions(len(s.Points), steps)
	var d strings.Builder
	for i, p := range s.Points {
		y := num(scale(p.Value, lo, hi))
		switch {
		case i == 0:
			fmt.Fprintf(&d, "M%s %s", num(xs[i]), y)
		case steps:
			fmt.Fprintf(&d, " H%s V%s", num(xs[i]), y)
		default:
			fmt.Fprintf(&d, " L%s %s", num(xs[i]), y)
		}
	}
	if steps && len(s.Points) > 0 {
		fmt.Fprintf(&d, " H%d", width-right)
	}
	if d.Len() > 0 {
		fmt.Fprintf(&b, `<path class="s0" d="%s"/>`, d.String())
	}
	for i, p := range s.Points {
		fmt.Fprintf(&b, `<circle class="s0" cx="%s" cy="%s" r="2.5"/>`, num(xs[i]), num(scale(p.Value, lo, hi)))
	}
	if n := len(s.Points); n > 0 {
		fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`, left, height-6, esc(s.Points[0].Label))
		if n > 1 {
			fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s</text>`, width-right, height-6, esc(s.Points[n-1].Label))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// xPositions spreads n points over the plot's width, from its left edge
// to its right one (steps leave the last step room to the right edge).
func xPositions(n int, steps bool) []float64 {
	xs := make([]float64, n)
	gaps := n - 1
	if steps {
		gaps = n
	}
	for i := range xs {
		if gaps == 0 {
			xs[i] = left
			continue
		}
		xs[i] = left + float64(i)*float64(plotW)/float64(gaps)
	}
	return xs
}

// Sparkline is a tiny line of values (oldest first) to stand beside a
// number: its text alternative is the summary and each figure.
func Sparkline(c Chart, s Series) template.HTML {
	const w, h, pad = 100, 24, 2
	var b strings.Builder
	desc := describe(c.Summary, []Series{s})
	fmt.Fprintf(&b, `<svg class="sparkline" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-t" aria-describedby="%s-d">`, w, h, esc(c.ID), esc(c.ID))
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, esc(c.ID), esc(c.Title), esc(c.ID), esc(desc))
	lo, hi := span([]Series{s})
	var pts []string
	for i, p := range s.Points {
		x := float64(pad)
		if len(s.Points) > 1 {
			x = pad + float64(i)*float64(w-2*pad)/float64(len(s.Points)-1)
		}
		y := float64(h - pad)
		if hi > lo {
			y = h - pad - float64(p.Value-lo)*float64(h-2*pad)/float64(hi-lo)
		}
		pts = append(pts, num(x)+","+num(y))
	}
	if len(pts) > 0 {
		fmt.Fprintf(&b, `<polyline class="s0" points="%s"/>`, strings.Join(pts, " "))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
