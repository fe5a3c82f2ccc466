package main

import (
	"io"
	"strings"
	"testing"
)

// jsonRun is a `go test -json` stream: one passing test, and the events
// given.
func jsonRun(events ...string) string {
	return `{"Action":"run","Package":"p","Test":"TestA"}
{"Action":"pass","Package":"p","Test":"TestA","Elapsed":0.1}
` + strings.Join(events, "\n") + `
{"Action":"pass","Package":"p","Elapsed":0.2}
`
}

func TestSummaryPassesACleanRun(t *testing.T) {
	var out strings.Builder
	if !summarize(strings.NewReader(jsonRun()), &out) {
		t.Errorf("a run with one passing test was judged bad:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "1 passed, 0 failed, 0 skipped") {
		t.Errorf("summary:\n%s", out.String())
	}
}

// Every skip fails the run, whatever it says: the old rule caught only
// skips naming PostgreSQL, Chromium, pdftotext or zbarimg.
func TestSummaryFailsOnEverySkip(t *testing.T) {
	for _, reason := range []string{
		"PostgreSQL tests skipped: set EBOK_TEST_POSTGRES_URL",
		"browser tests skipped: /usr/bin/chromium not found",
		"pdfimages not found: the QR image is not checked",
		"pg_dump missing",
		"not today",
		"",
	} {
		run := jsonRun(`{"Action":"output","Package":"p","Test":"TestB","Output":"    x_test.go:9: `+reason+`\n"}`,
			`{"Action":"skip","Package":"p","Test":"TestB","Elapsed":0}`)
		var out strings.Builder
		if summarize(strings.NewReader(run), &out) {
			t.Errorf("skip %q: the run was judged good:\n%s", reason, out.String())
		}
		if !strings.Contains(out.String(), "1 passed, 0 failed, 1 skipped") || !strings.Contains(out.String(), "p TestB") {
			t.Errorf("skip %q: summary does not name it:\n%s", reason, out.String())
		}
	}
}

func TestSummaryFailsOnAFailure(t *testing.T) {
	run := jsonRun(`{"Action":"output","Package":"p","Test":"TestC","Output":"boom\n"}`,
		`{"Action":"fail","Package":"p","Test":"TestC","Elapsed":0}`)
	var out strings.Builder
	if summarize(strings.NewReader(run), &out) || !strings.Contains(out.String(), "boom") {
		t.Errorf("a failing test: judged good or output lost:\n%s", out.String())
	}
	if summarize(strings.NewReader(`{"Action":"fail","Package":"q","Elapsed":0}`+"\n"), io.Discard) {
		t.Error("a failing package (build failure) was judged good")
	}
}
