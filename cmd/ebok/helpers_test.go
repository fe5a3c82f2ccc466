package main

import (
	"context"
	"io"
	"testing"

	"github.com/ebok/ebok/internal/app"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// demoDatabase makes a 60-premises demo cooperative on a fresh database of
// the engine with `ebok demo`, and returns the environment the commands
// run with, an open handle on the database and the cooperative.
func demoDatabase(t *testing.T, d store.Dialect) (func(string) string, *store.DB, *coop.Cooperative) {
	t.Helper()
	ctx := context.Background()
	env := envOf("EBOK_DATA_DIR", t.TempDir(), "EBOK_DATABASE_URL", storetest.DSN(t, d), "EBOK_LOG_LEVEL", "warn")
	if err := run(ctx, []string{"demo", "--premises", "60"}, nil, io.Discard, io.Discard, env); err != nil {
		t.Fatal(err)
	}
	a, err := setup(ctx, env, io.Discard, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.DB.Close() })
	c, err := a.Coops.Only(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return env, a.DB, c
}
