package bankstmt

import "strings"

// mtField is one field of an MT940 message: a tag such as "61" or "60F"
// and its value, whose first line follows the tag and whose further lines
// are the continuation lines up to the next tag.
type mtField struct {
	tag   string
	line  int
	lines []string
}

// lineNoise are characters trimmed from both ends of every MT940 line:
// NUL, the SWIFT start and end of message marks SOH and ETX, and the DOS end
// of file mark SUB. Spaces are kept in field values, because a bank that
// wraps a long text at a fixed width may leave the space between two words
// at the end or start of a line.
const lineNoise = "\x00\x01\x03\x1a"

// lexMT940 splits text into fields. It skips empty lines, the SWIFT header
// blocks before "{4:" and the trailer "-}" (with or without a "{5:" block),
// and reports any text that belongs to no field.
func lexMT940(text string, p *problems) []mtField {
	var fields []mtField
	open := false // whether a continuation line extends the last field
	for i, raw := range splitLines(text) {
		n := i + 1
		line := strings.Trim(raw, lineNoise)
		bare := strings.TrimSpace(line)
		if strings.HasPrefix(bare, "{") {
			open = false
			_, rest, ok := strings.Cut(bare, "{4:")
			if !ok {
				continue // header blocks {1:}{2:}{3:} or the trailer {5:}
			}
			line, bare = rest, strings.TrimSpace(rest)
		}
		if bare == "" {
			continue
		}
		if bare == "-" || strings.HasPrefix(bare, "-}") {
			open = false
			continue
		}
		if tag, value, ok := cutTag(line); ok {
			fields = append(fields, mtField{tag: tag, line: n, lines: []string{value}})
			open = true
			continue
		}
		if !open {
			p.add(n, KeyTextOutside)
			continue
		}
		last := &fields[len(fields)-1]
		last.lines = append(last.lines, line)
	}
	return fields
}

// cutTag splits a line that starts with a field tag (":61:", ":28C:", ":NS:")
// into the tag without colons and the rest.
func cutTag(line string) (tag, value string, ok bool) {
	if len(line) < 4 || line[0] != ':' {
		return "", "", false
	}
	end := strings.IndexByte(line[1:], ':') + 1
	if end < 3 || end > 4 {
		return "", "", false
	}
	tag = line[1:end]
	for i := 0; i < len(tag); i++ {
		c := tag[i]
		isDigit := c >= '0' && c <= '9'
		isUpper := c >= 'A' && c <= 'Z'
		if i < 2 && !isDigit && !isUpper || i == 2 && !isUpper {
			return "", "", false
		}
	}
	return tag, line[end+1:], true
}
