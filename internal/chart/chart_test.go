package chart

import (
	"strings"
	"testing"
)

func contains(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in\n%s", w, got)
		}
	}
}

// The plot is 312 × 124 units (320 × 160 less the margins), its bottom at
// y = 138 and its left edge at x = 4.
func TestBarsGeometry(t *testing.T) {
	got := string(Bars(Chart{ID: "woda", Title: "Zużycie wody", Summary: "Zużycie w kolejnych miesiącach."}, []Series{
		{Name: "2025", Points: []Point{{"I", 50, "50 m³", "styczeń"}, {"II", 100, "100 m³", ""}}},
		{Name: "2026", Points: []Point{{"I", 0, "0 m³", ""}, {"II", 25, "25 m³", ""}}},
	}))
	contains(t, got,
		// Two groups of 156 units, bars of 62,4 units from 10 % in.
		`<rect class="s0" x="19.6" y="76" width="62.4" height="62"/>`,
		`<rect class="s1" x="82" y="138" width="62.4" height="0"/>`,
		`<rect class="s0" x="175.6" y="14" width="62.4" height="124"/>`,
		`<rect class="s1" x="238" y="107" width="62.4" height="31"/>`,
		`<line class="axis" x1="4" y1="138" x2="316" y2="138"/>`,
		`role="img" aria-labelledby="woda-t" aria-describedby="woda-d"`,
		`<title id="woda-t">Zużycie wody</title>`,
		`<desc id="woda-d">Zużycie w kolejnych miesiącach. 2025: styczeń – 50 m³; II – 100 m³. 2026: I – 0 m³; II – 25 m³.</desc>`)
}

func TestBarsSkipMissingFigures(t *testing.T) {
	got := string(Bars(Chart{ID: "x"}, []Series{{Name: "2025", Points: []Point{{"I", 10, "", ""}, {"II", 20, "20", ""}}}}))
	if n := strings.Count(got, "<rect "); n != 1 {
		t.Errorf("%d bars drawn, want 1 (a figure without text is missing):\n%s", n, got)
	}
}

func TestLineGeometry(t *testing.T) {
	// From -100 to 100: zero is halfway, at y = 76.
	got := string(Line(Chart{ID: "saldo", Title: "Saldo"}, Series{Points: []Point{{"01.2025", 0, "0,00 zł", ""}, {"02.2025", 100, "1,00 zł", ""}, {"03.2025", -100, "-1,00 zł", ""}}}))
	contains(t, got, `<path class="s0" d="M4 76 L160 14 L316 138"/>`, `<line class="axis" x1="4" y1="76" x2="316" y2="76"/>`,
		`<text x="4" y="154">01.2025</text>`, `<text x="316" y="154" text-anchor="end">03.2025</text>`,
		`<desc id="saldo-d">01.2025 – 0,00 zł; 02.2025 – 1,00 zł; 03.2025 – -1,00 zł.</desc>`)
}

func TestStepsGeometry(t *testing.T) {
	got := string(Steps(Chart{ID: "oplata", Title: "Opłata"}, Series{Points: []Point{{"01.01.2025", 100, "1,00 zł", ""}, {"01.01.2026", 200, "2,00 zł", ""}}}))
	contains(t, got, `<path class="s0" d="M4 76 H160 V14 H316"/>`)
}

func TestSparklineGeometry(t *testing.T) {
	// 100 × 24 with a margin of 2: x from 2 to 98, y from 22 (0) to 2 (3).
	got := string(Sparkline(Chart{ID: "wnioski", Title: "Wnioski", Summary: "Wnioski w kolejnych tygodniach:"},
		Series{Points: []Point{{"t1", 1, "1", ""}, {"t2", 3, "3", ""}, {"t3", 2, "2", ""}}}))
	contains(t, got, `<polyline class="s0" points="2,15.3 50,2 98,8.7"/>`,
		`<desc id="wnioski-d">Wnioski w kolejnych tygodniach: t1 – 1; t2 – 3; t3 – 2.</desc>`)
}

func TestChartEscapesText(t *testing.T) {
	got := string(Line(Chart{ID: "a", Title: `<b>"x"</b>`}, Series{Points: []Point{{"<i>", 1, "&", ""}}}))
	contains(t, got, `<title id="a-t">&lt;b&gt;&#34;x&#34;&lt;/b&gt;</title>`, `&lt;i&gt; – &amp;`)
	if strings.Contains(got, "<b>") || strings.Contains(got, "<i>") {
		t.Errorf("unescaped text in %s", got)
	}
}
