package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

// A hosting provider with two cooperatives in one database: until each
// is bound to its host name, neither site opens (404 at /); `ebok coop
// set-host` binds them, and each host name then opens its own site.
func TestCoopSetHostOpensEachSite(t *testing.T) {
	ctx := context.Background()
	env := envOf("EBOK_DATA_DIR", t.TempDir(), "EBOK_LOG_LEVEL", "warn")
	for _, slug := range []string{"demo", "druga"} {
		if err := run(ctx, []string{"demo", "--premises", "60", "--slug", slug}, nil, io.Discard, io.Discard, env); err != nil {
			t.Fatal(err)
		}
	}
	get := func(base, host string) int {
		req, err := http.NewRequest("GET", base+"/", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	base, _, stop := server(t, env)
	if code := get(base, "ebok.sm-druga.pl"); code != http.StatusNotFound {
		t.Errorf("before set-host: %d, want 404", code)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	for slug, host := range map[string]string{"demo": "ebok.sm-demo.pl", "druga": "EBOK.sm-druga.pl"} {
		if err := run(ctx, []string{"coop", "set-host", "--coop", slug, "--host", host}, nil, io.Discard, io.Discard, env); err != nil {
			t.Fatalf("set-host %s: %v", slug, err)
		}
	}
	err := run(ctx, []string{"coop", "set-host", "--coop", "demo", "--host", "ebok.sm-druga.pl"}, nil, io.Discard, io.Discard, env)
	if err == nil || !strings.Contains(err.Error(), "already") {
		t.Errorf("a host bound twice: %v", err)
	}
	var ue usageError
	for _, args := range [][]string{
		{"coop", "set-host", "--coop", "demo"},
		{"coop", "set-host", "--coop", "demo", "--host", "https://ebok.sm-demo.pl/"},
		{"coop", "set-host", "--coop", "demo", "--host", "ebok.sm-demo.pl:8080"},
		{"coop", "list"},
	} {
		if err := run(ctx, args, nil, io.Discard, io.Discard, env); !errors.As(err, &ue) {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
	base, _, _ = server(t, env)
	for _, host := range []string{"ebok.sm-demo.pl", "ebok.sm-druga.pl:443", "Ebok.Sm-Druga.pl"} {
		if code := get(base, host); code != http.StatusOK {
			t.Errorf("GET / at %s: %d, want 200", host, code)
		}
	}
	if code := get(base, "ebok.sm-trzecia.pl"); code != http.StatusNotFound {
		t.Errorf("a host of no cooperative: %d, want 404", code)
	}
}
