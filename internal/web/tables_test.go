package web

import (
	"bytes"
	"strings"
	"testing"
)

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

// The labelling jumps from one "<t" to the next since 07.12.2026; before,
// it looked at every "<". Both must write the same bytes for any page:
// labelTablesBefore is that earlier version, kept here as the reference.
func FuzzLabelTablesAsBefore(f *testing.F) {
	for _, seed := range []string{
		`<p>nic</p>`,
		`<table><thead><tr><th>A</th><th colspan="2">B</th></tr></thead><tbody><tr><td>1</td><td>2</td><td>3</td></tr></tbody></table>`,
		`<table><thead><tr><th>A</th></tr></thead><tbody><tr><td data-label="x">1</td><th scope="row">2</th></tr><tfoot><tr><td>3</td></tr></tfoot></tbody></table>`,
		`<table><thead><tr><th>A <span>b</span></th></tr></thead><tbody><tr><td><table><tr><td>n</td></tr></table></td></tr></tbody></table>`,
		`<table><thead><tr><th>A</th></tr></thead><tbody><tr><td`,
		`<table><thead><tr><th>A</th></tr></thead><tbody><t<td>1</td><textarea>x</textarea><time>t</time><tr\n><td\t>2</td></tbody></table><table>`,
		strings.Repeat(`<table class="x"><thead><tr><th>Data</th><th>Kwota &amp; co</th></tr></thead><tbody><tr><td>01.10.2026</td><td class="num">1,00 zł</td></tr></tbody></table>`, 3),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, page string) {
		got, want := labelTables([]byte(page)), labelTablesBefore([]byte(page))
		if !bytes.Equal(got, want) {
			t.Errorf("labelTables(%q)\n= %q\nwant, as before, %q", page, got, want)
		}
	})
}

// labelTables returns page with every table that has a <thead> marked
// data-cards and its body cells labelled with their column headers. A cell
// that spans columns, a cell already labelled and a column with an empty
// header get no label. Pages without a table are returned as they are.
func labelTablesBefore(page []byte) []byte {
	if !bytes.Contains(page, []byte("<table")) {
		return page
	}
	var out bytes.Buffer
	out.Grow(len(page) + len(page)/8)
	rest := page
	for {
		i := bytes.Index(rest, []byte("<table"))
		if i < 0 {
			out.Write(rest)
			break
		}
		end := bytes.Index(rest[i:], []byte("</table>"))
		if end < 0 {
			out.Write(rest)
			break
		}
		end += i + len("</table>")
		out.Write(rest[:i])
		out.Write(labelTableBefore(rest[i:end]))
		rest = rest[end:]
	}
	return out.Bytes()
}

// labelTable labels one table, from "<table" to "</table>" inclusive.
func labelTableBefore(table []byte) []byte {
	if bytes.Contains(table[len("<table"):], []byte("<table")) {
		return table // nested tables are not ours to guess at
	}
	hs := bytes.Index(table, []byte("<thead"))
	he := bytes.Index(table, []byte("</thead>"))
	if hs < 0 || he < hs {
		return table
	}
	labels := headerLabels(table[hs:he])
	if len(labels) == 0 {
		return table
	}
	var out bytes.Buffer
	out.Grow(len(table) + len(table)/4)
	out.WriteString("<table data-cards")
	out.Write(table[len("<table"):he])
	body := table[he:]
	col := 0
	for len(body) > 0 {
		j := bytes.IndexByte(body, '<')
		if j < 0 {
			out.Write(body)
			break
		}
		out.Write(body[:j])
		body = body[j:]
		switch {
		case isTag(body, "tr"):
			col = 0
		case isTag(body, "td") || isTag(body, "th"):
			tagEnd := bytes.IndexByte(body, '>')
			if tagEnd < 0 {
				out.Write(body)
				return out.Bytes()
			}
			tag := body[:tagEnd]
			span := colspan(tag)
			if span == 1 && col < len(labels) && labels[col] != "" && !bytes.Contains(tag, []byte("data-label=")) {
				out.Write(body[:3])
				out.WriteString(` data-label="`)
				out.WriteString(labels[col])
				out.WriteString(`"`)
				out.Write(body[3 : tagEnd+1])
				body = body[tagEnd+1:]
				col += span
				continue
			}
			col += span
		}
		out.WriteByte('<')
		body = body[1:]
	}
	return out.Bytes()
}
