// Command testsummary reads `go test -json` on stdin, prints the output of
// failed tests and every skip with its reason, and ends with one line
// "N passed, N failed, N skipped". It exits non-zero when a test failed or
// when any test skipped, whatever its reason and wording: CI provides
// PostgreSQL, Chromium, poppler-utils, zbar-tools and postgresql-client, so
// a skip there is a check that did not run.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

type event struct {
	Action  string
	Package string
	Test    string
	Output  string
	Elapsed float64
}

func main() {
	if !summarize(os.Stdin, os.Stdout) {
		os.Exit(1)
	}
}

// summarize reads `go test -json` from r, writes the summary to w and
// tells whether the run is good: no failure and no skip.
func summarize(r io.Reader, w io.Writer) bool {
	t := tally{output: map[string]*strings.Builder{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			fmt.Fprintln(w, sc.Text()) // build errors arrive as plain text
			continue
		}
		t.add(w, e)
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintf(w, "reading go test -json: %v\n", err)
		return false
	}
	return t.report(w)
}

// tally is what summarize has read so far.
type tally struct {
	output                  map[string]*strings.Builder // by "package test"
	passed, failed, skipped int
	failures, skips         []string
	pkgLines                []string
}

// add takes one event in; build output goes straight to w.
func (t *tally) add(w io.Writer, e event) {
	key := e.Package + " " + e.Test
	switch e.Action {
	case "build-output":
		fmt.Fprint(w, e.Output)
	case "output":
		if t.output[key] == nil {
			t.output[key] = &strings.Builder{}
		}
		t.output[key].WriteString(e.Output)
	case "pass", "fail", "skip":
		if e.Test == "" {
			t.pkgLines = append(t.pkgLines, fmt.Sprintf("%-4s %s (%.1fs)", e.Action, e.Package, e.Elapsed))
			if e.Action == "fail" {
				t.failures = append(t.failures, key)
			}
			return
		}
		switch e.Action {
		case "pass":
			t.passed++
		case "fail":
			t.failed++
			t.failures = append(t.failures, key)
		case "skip":
			t.skipped++
			text := ""
			if b := t.output[key]; b != nil {
				text = b.String()
			}
			t.skips = append(t.skips, key+": "+strings.TrimSpace(lastLine(text)))
		}
	}
}

// report writes the packages, the failures with their output, the skips
// and the counts, and tells whether the run is good.
func (t *tally) report(w io.Writer) bool {
	sort.Strings(t.pkgLines)
	for _, l := range t.pkgLines {
		fmt.Fprintln(w, l)
	}
	for _, k := range t.failures {
		fmt.Fprintf(w, "\n--- FAIL %s\n", k)
		if b := t.output[k]; b != nil {
			fmt.Fprint(w, b.String())
		}
	}
	if len(t.skips) > 0 {
		fmt.Fprintln(w, "\nskipped:")
		for _, s := range t.skips {
			fmt.Fprintln(w, "  "+s)
		}
	}
	fmt.Fprintf(w, "\n%d passed, %d failed, %d skipped\n", t.passed, t.failed, t.skipped)
	if len(t.skips) > 0 {
		fmt.Fprintf(w, "CI runs every check: %d tests skipped, which fails the run\n", len(t.skips))
		return false
	}
	return t.failed == 0 && len(t.failures) == 0
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
