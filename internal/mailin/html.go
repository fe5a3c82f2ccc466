package mailin

import (
	"html"
	"regexp"
	"strings"
)

// Mail written in HTML alone (some mail programs send no plain text) is
// read as text: for a resident's message, which staff and the resident
// read as text, and for returned mail, whose quoted headers are then found
// as in plain text ("Message-ID: &lt;…&gt;" becomes "Message-ID: <…>").
var (
	// htmlHidden are elements whose content is never text.
	htmlHidden = regexp.MustCompile(`(?is)<(script|style|head|title)\b.*?</(script|style|head|title)\s*>`)
	// htmlBreak are the tags that end a line of text.
	htmlBreak = regexp.MustCompile(`(?i)<(br|/p|/div|/tr|/li|/h[1-6]|/blockquote|/pre|/table|hr)\b[^>]*>`)
	// htmlCell are the tags between cells of a row.
	htmlCell = regexp.MustCompile(`(?i)</t[dh]\s*>`)
	// htmlTag is any other tag or comment.
	htmlTag = regexp.MustCompile(`(?s)<!--.*?-->|<[^>]*>`)
	// blankLines are runs of lines with nothing but white space.
	blankLines = regexp.MustCompile(`\n[ \t\r\x{a0}]*(\n[ \t\r\x{a0}]*)+`)
)

// htmlText is the text of an HTML part: lines where the markup breaks
// them, tags dropped, entities read, runs of blank lines made one.
func htmlText(s string) string {
	s = htmlHidden.ReplaceAllString(s, "")
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	s = htmlBreak.ReplaceAllString(s, "\n")
	s = htmlCell.ReplaceAllString(s, " ")
	s = htmlTag.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.TrimSpace(blankLines.ReplaceAllString(strings.Join(lines, "\n"), "\n\n"))
}
