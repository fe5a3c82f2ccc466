package app

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/config"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// The mail worker sends as many messages at once as README says: 4 on
// SQLite, 8 on PostgreSQL.
func TestMailSendersPerEngine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		cfg, err := config.Load(func(string) string { return "" })
		if err != nil {
			t.Fatal(err)
		}
		cfg.DataDir = t.TempDir()
		a, err := New(context.Background(), cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{Hasher: auth.NewHasher(1)})
		if err != nil {
			t.Fatal(err)
		}
		want := map[store.Dialect]int{store.SQLite: 4, store.Postgres: 8}[db.Dialect()]
		if a.Worker.Parallel != want {
			t.Errorf("%v: the mail worker sends %d at once, want %d", db.Dialect(), a.Worker.Parallel, want)
		}
	})
}
