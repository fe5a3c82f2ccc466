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
	output := map[string]*strings.Builder{}
	var passed, failed, skipped int
	var failures, skips []string
	var pkgLines []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			fmt.Fprintln(w, sc.Text()) // build errors arrive as plain text
			continue
		}
		key := e.Package + " " + e.Test
		switch e.Action {
		case "build-output":
			fmt.Fprint(w, e.Output)
		case "output":
			if output[key] == nil {
				output[key] = &strings.Builder{}
			}
			output[key].WriteString(e.Output)
		case "pass", "fail", "skip":
			if e.Test == "" {
				pkgLines = append(pkgLines, fmt.Sprintf("%-4s %s (%.1fs)", e.Action, e.Package, e.Elapsed))
				if e.Action == "fail" {
					failures = append(failures, key)
				}
				continue
			}
			switch e.Action {
			case "pass":
				passed++
			case "fail":
				failed++
				failures = append(failures, key)
			case "skip":
				skipped++
				text := ""
				if b := output[key]; b != nil {
					text = b.String()
				}
				skips = append(skips, key+": "+strings.TrimSpace(lastLine(text)))
			}
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintf(w, "reading go test -json: %v\n", err)
		return false
	}
	sort.Strings(pkgLines)
	for _, l := range pkgLines {
		fmt.Fprintln(w, l)
	}
	for _, k := range failures {
		fmt.Fprintf(w, "\n--- FAIL %s\n", k)
		if b := output[k]; b != nil {
			fmt.Fprint(w, b.String())
		}
	}
	if len(skips) > 0 {
		fmt.Fprintln(w, "\nskipped:")
		for _, s := range skips {
			fmt.Fprintln(w, "  "+s)
		}
	}
	fmt.Fprintf(w, "\n%d passed, %d failed, %d skipped\n", passed, failed, skipped)
	if len(skips) > 0 {
		fmt.Fprintf(w, "CI runs every check: %d tests skipped, which fails the run\n", len(skips))
		return false
	}
	return failed == 0 && len(failures) == 0
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
