// Package markup reads the simple markup letters are written in:
// paragraphs separated by blank lines, **bold** runs, "- " list items and
// "| a | b |" table rows. It has no escapes and refuses nothing: text that
// is not a list item or a table row is a paragraph.
package markup

import "strings"

// Kind is what a block is.
type Kind int

// The kinds of block.
const (
	Para Kind = iota
	List
	Table
)

// Span is a run of text, bold or not.
type Span struct {
	Text string
	Bold bool
}

// Block is a paragraph (one line of spans), a list (one line per item) or
// a table (one line per row, Cells per cell).
type Block struct {
	Kind Kind
	// Lines are the paragraph's text (one line) or the list's items.
	Lines [][]Span
	// Rows are the table's rows, each a list of cells.
	Rows [][][]Span
}

// Parse splits text into blocks.
func Parse(text string) []Block {
	var out []Block
	var para []string
	flush := func() {
		if len(para) > 0 {
			out = append(out, Block{Kind: Para, Lines: [][]Span{Spans(strings.Join(para, " "))}})
			para = nil
		}
	}
	for _, raw := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line := strings.TrimSpace(raw)
		switch {
		case line == "":
			flush()
		case strings.HasPrefix(line, "- "):
			flush()
			out = appendTo(out, List, func(b *Block) { b.Lines = append(b.Lines, Spans(strings.TrimSpace(line[2:]))) })
		case strings.HasPrefix(line, "|") && strings.HasSuffix(line, "|") && len(line) > 1:
			flush()
			out = appendTo(out, Table, func(b *Block) { b.Rows = append(b.Rows, cells(line)) })
		default:
			para = append(para, line)
		}
	}
	flush()
	return out
}

// appendTo adds to the last block when it is of kind k, or starts one.
func appendTo(out []Block, k Kind, add func(b *Block)) []Block {
	if len(out) == 0 || out[len(out)-1].Kind != k {
		out = append(out, Block{Kind: k})
	}
	add(&out[len(out)-1])
	return out
}

// cells splits "| a | b |" into its cells.
func cells(line string) [][]Span {
	parts := strings.Split(line[1:len(line)-1], "|")
	row := make([][]Span, len(parts))
	for i, p := range parts {
		row[i] = Spans(strings.TrimSpace(p))
	}
	return row
}

// Spans splits a line at "**" into plain and bold runs; an unpaired "**"
// stays as it is written.
func Spans(line string) []Span {
	parts := strings.Split(line, "**")
	if len(parts)%2 == 0 { // odd number of markers: the last one is text
		last := len(parts) - 1
		parts[last-1] += "**" + parts[last]
		parts = parts[:last]
	}
	var out []Span
	for i, p := range parts {
		if p != "" {
			out = append(out, Span{Text: p, Bold: i%2 == 1})
		}
	}
	return out
}

// Plain is the text with the markup taken out, for e-mail bodies.
func Plain(text string) string {
	var b strings.Builder
	for i, bl := range Parse(text) {
		if i > 0 {
			b.WriteString("\n")
		}
		for _, l := range bl.Lines {
			if bl.Kind == List {
				b.WriteString("- ")
			}
			b.WriteString(join(l) + "\n")
		}
		for _, r := range bl.Rows {
			cs := make([]string, len(r))
			for j, c := range r {
				cs[j] = join(c)
			}
			b.WriteString(strings.Join(cs, " | ") + "\n")
		}
	}
	return b.String()
}

// join is the spans' text.
func join(spans []Span) string {
	var b strings.Builder
	for _, s := range spans {
		b.WriteString(s.Text)
	}
	return b.String()
}
