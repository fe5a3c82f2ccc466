package app

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/config"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// The mail worker sends as many messages at once as README says: 4 on
// SQLite, 8 on PostgreSQL, or EBOK_SMTP_CONNECTIONS when set.
func TestMailSendersPerEngine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for setting, want := range map[string]int{"": map[store.Dialect]int{store.SQLite: 4, store.Postgres: 8}[db.Dialect()], "2": 2} {
			cfg, err := config.Load(func(name string) string {
				if name == "EBOK_SMTP_CONNECTIONS" {
					return setting
				}
				return ""
			})
			if err != nil {
				t.Fatal(err)
			}
			cfg.DataDir = t.TempDir()
			a, err := New(context.Background(), cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{Hasher: auth.NewHasher(1)})
			if err != nil {
				t.Fatal(err)
			}
			if a.Worker.Parallel != want {
				t.Errorf("%v, EBOK_SMTP_CONNECTIONS=%q: the mail worker sends %d at once, want %d", db.Dialect(), setting, a.Worker.Parallel, want)
			}
		}
	})
}

// EBOK_SMTP_CONNECTIONS takes a whole number above zero.
func TestSMTPConnectionsSetting(t *testing.T) {
	for _, bad := range []string{"0", "-1", "osiem"} {
		_, err := config.Load(func(name string) string {
			if name == "EBOK_SMTP_CONNECTIONS" {
				return bad
			}
			return ""
		})
		if err == nil || !strings.Contains(err.Error(), "EBOK_SMTP_CONNECTIONS") {
			t.Errorf("EBOK_SMTP_CONNECTIONS=%s: %v", bad, err)
		}
	}
}
