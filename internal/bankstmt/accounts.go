package bankstmt

import (
	"strings"

	"github.com/ebok/ebok/internal/nrb"
)

// maxGap is the longest run of separator characters allowed between two
// digit groups of one printed account number ("61 1090", "61 - 1090").
const maxGap = 3

// FindAccounts returns every valid NRB (26 digits with correct check digits)
// in free text, in order of first appearance and without repetition.
//
// A number may be written in one piece ("61109010140000071219812874"), in
// groups separated by spaces, no-break spaces, tabs or hyphens ("61 1090
// 1014 0000 0712 1981 2874"), and with or without the IBAN prefix "PL" (which
// is not a digit, so it simply precedes the digits). A candidate must consist
// of whole digit groups: digits glued to a longer number ("1261109...") are
// not taken apart, since any 26 digits out of a longer run would pass the
// check one time in 97.
func FindAccounts(text string) []nrb.Number {
	var found []nrb.Number
	seen := make(map[nrb.Number]bool)
	for _, run := range digitRuns(text) {
		for _, n := range accountsInRun(run) {
			if !seen[n] {
				seen[n] = true
				found = append(found, n)
			}
		}
	}
	return found
}

// digitRuns splits text into runs of digit groups, where consecutive groups
// of a run are separated by at most maxGap separator characters.
func digitRuns(text string) [][]string {
	var runs [][]string
	var run []string
	start, gap := -1, 0
	for i, r := range text {
		if r >= '0' && r <= '9' {
			if start < 0 {
				start = i
			}
			gap = 0
			continue
		}
		if start >= 0 {
			run = append(run, text[start:i])
			start = -1
		}
		if isGroupSeparator(r) && gap < maxGap {
			gap++
			continue
		}
		if len(run) > 0 {
			runs = append(runs, run)
			run = nil
		}
		gap = 0
	}
	if start >= 0 {
		run = append(run, text[start:])
	}
	if len(run) > 0 {
		runs = append(runs, run)
	}
	return runs
}

// accountsInRun finds, from left to right, sequences of whole groups that
// hold exactly 26 digits and form a valid NRB. After a match the search
// continues behind it.
func accountsInRun(groups []string) []nrb.Number {
	var found []nrb.Number
	for i := 0; i < len(groups); {
		digits := 0
		j := i
		for j < len(groups) && digits < nrb.Length {
			digits += len(groups[j])
			j++
		}
		if digits == nrb.Length {
			if n, err := nrb.Parse(strings.Join(groups[i:j], "")); err == nil {
				found = append(found, n)
				i = j
				continue
			}
		}
		i++
	}
	return found
}

// isGroupSeparator reports whether r may separate digit groups of a printed
// account number.
func isGroupSeparator(r rune) bool {
	switch r {
	case ' ', '\t', '-', '\u00a0', '\u202f', '\u2009':
		return true
	}
	return false
}
