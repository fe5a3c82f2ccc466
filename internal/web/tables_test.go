package web

import "testing"

func TestLabelTables(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"no table", `<p>nic</p>`, `<p>nic</p>`},
		{"no thead", `<table><tr><td>1</td></tr></table>`, `<table><tr><td>1</td></tr></table>`},
		{
			"money table",
			`<table class="ledger"><thead><tr><th scope="col">Data</th><th scope="col" class="num">Winien <span class="visually-hidden">(zł)</span></th></tr></thead>` +
				`<tbody><tr><td>01.10.2026</td><td class="num">512,34 zł</td></tr><tr><th scope="row">Razem</th><td class="num">1,00 zł</td></tr></tbody></table><p>po</p>`,
			`<table data-cards class="ledger"><thead><tr><th scope="col">Data</th><th scope="col" class="num">Winien <span class="visually-hidden">(zł)</span></th></tr></thead>` +
				`<tbody><tr><td data-label="Data">01.10.2026</td><td data-label="Winien (zł)" class="num">512,34 zł</td></tr><tr><th data-label="Data" scope="row">Razem</th><td data-label="Winien (zł)" class="num">1,00 zł</td></tr></tbody></table><p>po</p>`,
		},
		{
			"spanning, empty header, escaped text, two tables",
			`<table><thead><tr><th colspan="2">Kto &amp; co</th><th></th></tr></thead><tbody><tr><td colspan="3">Brak</td></tr><tr><td>a</td><td>b</td><td>c</td></tr></tbody></table>` +
				`<table><thead><tr><th>&#34;X&#34;</th></tr></thead><tbody><tr><td data-label="Y">y</td></tr></tbody></table>`,
			`<table data-cards><thead><tr><th colspan="2">Kto &amp; co</th><th></th></tr></thead><tbody><tr><td colspan="3">Brak</td></tr><tr><td data-label="Kto &amp; co">a</td><td data-label="Kto &amp; co">b</td><td>c</td></tr></tbody></table>` +
				`<table data-cards><thead><tr><th>&#34;X&#34;</th></tr></thead><tbody><tr><td data-label="Y">y</td></tr></tbody></table>`,
		},
	} {
		if got := string(labelTables([]byte(tc.in))); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}
