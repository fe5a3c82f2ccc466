package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"strings"
	"testing"
)

// `ebok COMMAND --help` prints that command's usage and flags, and no
// error: main exits 0 when run returns nil.
func TestCommandHelp(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		want    []string
		notWant []string
	}{
		{[]string{"import", "ledger", "--help"}, []string{"ebok import ledger FILE [--dry-run] [--coop SLUG]", "Flags:", "-dry-run", "-coop string"}, []string{"ebok import bank", "ebok serve"}},
		{[]string{"import", "bank", "-h"}, []string{"ebok import bank FILE", "-coop string"}, []string{"ebok import ledger"}},
		{[]string{"import", "--help"}, []string{"ebok import ledger FILE", "ebok import bank FILE"}, []string{"ebok serve"}},
		{[]string{"serve", "--help"}, []string{"ebok serve [--demo]", "-demo", "-premises int"}, []string{"ebok migrate"}},
		{[]string{"charges", "run", "--help"}, []string{"ebok charges run --month 2026-12", "-month string"}, nil},
		{[]string{"user", "add", "-help"}, []string{"ebok user add --login L", "(or generated and printed with --generate)", "-login string"}, []string{"ebok user reset-2fa"}},
		{[]string{"user", "--help"}, []string{"ebok user add", "ebok user reset-2fa"}, []string{"ebok serve"}},
		{[]string{"migrate", "--help"}, []string{"ebok migrate [flags]", "-database string"}, nil},
		{[]string{"demo", "--help"}, []string{"ebok demo [--premises N]", "-seed"}, nil},
		{[]string{"audit", "verify", "--help"}, []string{"ebok audit verify", "-coop string"}, nil},
		{[]string{"audit", "anchor", "--help"}, []string{"ebok audit anchor [--dir DIR] [--mail ADDR[,ADDR]]", "-mail string"}, nil},
		{[]string{"backup", "--help"}, []string{"ebok backup FILE", "-database string"}, []string{"ebok restore"}},
		{[]string{"restore", "-h"}, []string{"ebok restore FILE [--force]", "-force"}, []string{"ebok backup"}},
		{[]string{"bank-account", "--help"}, []string{"ebok bank-account add NRB", "ebok bank-account list"}, []string{"ebok serve"}},
		{[]string{"coop", "set-host", "--help"}, []string{"ebok coop set-host --host NAME [--coop SLUG]", "-host string"}, []string{"ebok serve"}},
		{[]string{"applications", "--help"}, []string{"ebok applications purge"}, []string{"ebok serve"}},
	} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), tc.args, nil, &out, &errOut, envOf())
		if err != nil {
			t.Errorf("%v: %v", tc.args, err)
			continue
		}
		mustHave(t, strings.Join(tc.args, " "), out.String(), tc.want, tc.notWant)
		if strings.Contains(out.String(), "help requested") || errOut.Len() != 0 {
			t.Errorf("%v: stdout %q, stderr %q", tc.args, out.String(), errOut.String())
		}
	}
	// A real mistake is still a usage error.
	var ue usageError
	if err := run(context.Background(), []string{"import", "ledger", "--no-such-flag"}, nil, io.Discard, io.Discard, envOf()); err == nil || !asUsage(err, &ue) {
		t.Errorf("unknown flag: %v", err)
	}
}

func mustHave(t *testing.T, what, text string, want, notWant []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s: lacks %q in:\n%s", what, w, text)
		}
	}
	for _, w := range notWant {
		if strings.Contains(text, w) {
			t.Errorf("%s: shows %q in:\n%s", what, w, text)
		}
	}
}

func asUsage(err error, ue *usageError) bool {
	u, ok := err.(usageError)
	if ok {
		*ue = u
	}
	return ok
}

// The address to open is the base URL when it names a host, or the
// server's own address, with localhost for every interface.
func TestSiteURL(t *testing.T) {
	for _, tc := range []struct{ base, addr, want string }{
		{"https://ebok.sm-sloneczna.pl/", "127.0.0.1:8080", "https://ebok.sm-sloneczna.pl"},
		{"http://127.0.0.1:8080", "127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"http://:8080", "[::]:8080", "http://localhost:8080"},
		{"http://:8080", "0.0.0.0:8080", "http://localhost:8080"},
	} {
		addr, err := net.ResolveTCPAddr("tcp", tc.addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := siteURL(tc.base, addr); got != tc.want {
			t.Errorf("siteURL(%q, %s) = %q, want %q", tc.base, tc.addr, got, tc.want)
		}
	}
}
