package web

import (
	"bytes"
	"strconv"
	"strings"
)

// On a phone a table of money is shown as one small card per row, each
// cell on its own line as "label: value" (see style.css, table[data-cards]),
// so that no amount is ever off-screen. The labels are the table's column
// headers: labelTables copies each header's text into a data-label
// attribute of the cells of its column, so templates keep writing plain
// tables and a new table gets cards by itself.

// labelTables returns page with every table that has a <thead> marked
// data-cards and its body cells labelled with their column headers. A cell
// that spans columns, a cell already labelled and a column with an empty
// header get no label. Pages without a table are returned as they are.
func labelTables(page []byte) []byte {
	if !bytes.Contains(page, []byte("<table")) {
		return page
	}
	// Labels add about a third to a table of money.
	out := bytes.NewBuffer(make([]byte, 0, len(page)+len(page)/2))
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
		labelTable(out, rest[i:end])
		rest = rest[end:]
	}
	return out.Bytes()
}

// labelTable writes one table, from "<table" to "</table>" inclusive, to
// out, labelled. Only tags that start with "<t" (rows and cells) matter,
// so it jumps from one to the next.
func labelTable(out *bytes.Buffer, table []byte) {
	if bytes.Contains(table[len("<table"):], []byte("<table")) {
		out.Write(table) // nested tables are not ours to guess at
		return
	}
	hs := bytes.Index(table, []byte("<thead"))
	he := bytes.Index(table, []byte("</thead>"))
	if hs < 0 || he < hs {
		out.Write(table)
		return
	}
	labels := headerLabels(table[hs:he])
	if len(labels) == 0 {
		out.Write(table)
		return
	}
	out.WriteString("<table data-cards")
	out.Write(table[len("<table"):he])
	body := table[he:]
	col := 0
	for {
		j := bytes.Index(body, []byte("<t"))
		if j < 0 {
			out.Write(body)
			return
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
				return
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
		out.WriteString("<t")
		body = body[2:]
	}
}

// headerLabels is the text of each column's header cell in thead, one
// entry per column (a header spanning two columns labels both). The text
// stays escaped as the template wrote it, which is also valid in a
// double-quoted attribute: html/template escapes quotes in text.
func headerLabels(thead []byte) []string {
	var labels []string
	rest := thead
	for {
		i := bytes.Index(rest, []byte("<th"))
		if i < 0 {
			return labels
		}
		rest = rest[i:]
		if !isTag(rest, "th") {
			rest = rest[3:]
			continue
		}
		tagEnd := bytes.IndexByte(rest, '>')
		closeAt := bytes.Index(rest, []byte("</th>"))
		if tagEnd < 0 || closeAt < tagEnd {
			return labels
		}
		text := textOf(rest[tagEnd+1 : closeAt])
		for range colspan(rest[:tagEnd]) {
			labels = append(labels, text)
		}
		rest = rest[closeAt:]
	}
}

// isTag reports whether b starts with the opening tag <name followed by a
// space or ">" (so "<th" is not taken for "<thead").
func isTag(b []byte, name string) bool {
	n := 1 + len(name)
	if len(b) <= n || b[0] != '<' || string(b[1:n]) != name {
		return false
	}
	c := b[n]
	return c == ' ' || c == '>' || c == '\n' || c == '\t'
}

// colspan is a cell tag's colspan, 1 when it has none.
func colspan(tag []byte) int {
	i := bytes.Index(tag, []byte(`colspan="`))
	if i < 0 {
		return 1
	}
	v := tag[i+len(`colspan="`):]
	j := bytes.IndexByte(v, '"')
	if j < 0 {
		return 1
	}
	n, err := strconv.Atoi(string(v[:j]))
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// textOf is the text of an HTML fragment: its tags dropped, its white
// space collapsed.
func textOf(frag []byte) string {
	var b strings.Builder
	inTag := false
	for _, c := range frag {
		switch {
		case c == '<':
			inTag = true
			b.WriteByte(' ')
		case c == '>':
			inTag = false
		case !inTag:
			b.WriteByte(c)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
