// Command testsummary reads `go test -json` on stdin, prints the output of
// failed tests and every skip with its reason, and ends with one line
// "N passed, N failed, N skipped". It exits non-zero when a test failed or
// when a test skipped for want of PostgreSQL or Chromium, which CI provides.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
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
	output := map[string]*strings.Builder{}
	var passed, failed, skipped int
	var failures, skips, infraSkips []string
	var pkgLines []string
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			fmt.Println(sc.Text()) // build errors arrive as plain text
			continue
		}
		key := e.Package + " " + e.Test
		switch e.Action {
		case "build-output":
			fmt.Print(e.Output)
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
				if strings.Contains(text, "EBOK_TEST_POSTGRES_URL") || strings.Contains(strings.ToLower(text), "chromium") ||
					strings.Contains(text, "pdftotext") || strings.Contains(text, "zbarimg") {
					infraSkips = append(infraSkips, key)
				}
			}
		}
	}
	sort.Strings(pkgLines)
	for _, l := range pkgLines {
		fmt.Println(l)
	}
	for _, k := range failures {
		fmt.Printf("\n--- FAIL %s\n", k)
		if b := output[k]; b != nil {
			fmt.Print(b.String())
		}
	}
	if len(skips) > 0 {
		fmt.Println("\nskipped:")
		for _, s := range skips {
			fmt.Println("  " + s)
		}
	}
	fmt.Printf("\n%d passed, %d failed, %d skipped\n", passed, failed, skipped)
	if len(infraSkips) > 0 {
		fmt.Printf("CI provides PostgreSQL and Chromium, yet %d tests skipped for want of them\n", len(infraSkips))
		os.Exit(1)
	}
	if failed > 0 || len(failures) > 0 {
		os.Exit(1)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
