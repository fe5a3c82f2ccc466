package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

func insertCoop(ctx context.Context, q store.Querier, slug string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO cooperatives
		(slug, name, short_name, street, postal_code, city, nip, regon, krs, bank_account, fee_due_day, phone, email, website, created_at)
		VALUES ($1, 'SM Test', 'Test', 'ul. Prosta 1', '00-001', 'Warszawa', '5250000000', '000000000', '0000000000', '', 10, '', '', '', $2)`,
		slug, time.Now().UTC())
	return err
}

func TestTxCommitRunsAfterCommit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ran := false
		err := db.InTx(ctx, func(tx *store.Tx) error {
			tx.AfterCommit(func() { ran = true })
			if ran {
				t.Error("after-commit callback ran before commit")
			}
			return insertCoop(ctx, tx, "a")
		})
		if err != nil {
			t.Fatal(err)
		}
		if !ran {
			t.Error("after-commit callback did not run")
		}
		var n int
		if err := db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM cooperatives").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("rows = %d, want 1", n)
		}
	})
}

func TestTxRollbackSkipsCallbacks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		ran := false
		err := db.InTx(ctx, func(tx *store.Tx) error {
			tx.AfterCommit(func() { ran = true })
			if err := insertCoop(ctx, tx, "a"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v, want boom", err)
		}
		if ran {
			t.Error("after-commit callback ran after rollback")
		}
		var n int
		if err := db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM cooperatives").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("rows = %d after rollback, want 0", n)
		}
	})
}

func TestErrorMapping(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.InTx(ctx, func(tx *store.Tx) error { return insertCoop(ctx, tx, "dup") }); err != nil {
			t.Fatal(err)
		}
		err := db.InTx(ctx, func(tx *store.Tx) error { return insertCoop(ctx, tx, "dup") })
		if !errors.Is(err, store.ErrConflict) {
			t.Errorf("duplicate slug: err = %v, want ErrConflict", err)
		}
		err = db.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO estates (coop_id, code, name, office_street, office_postal_code, office_city, office_phone, office_email)
				VALUES (999, 'X', 'X', '', '', '', '', '')`)
			return err
		})
		if !errors.Is(err, store.ErrReference) {
			t.Errorf("dangling reference: err = %v, want ErrReference", err)
		}
		var id int64
		err = store.MapError(db.Read().QueryRowContext(ctx, "SELECT id FROM cooperatives WHERE slug = $1", "none").Scan(&id))
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing row: err = %v, want ErrNotFound", err)
		}
	})
}

func TestMigrateIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		applied, err := db.Migrate(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 0 {
			t.Errorf("second migrate applied %v, want nothing", applied)
		}
	})
}

// TestMigrateConcurrently starts several "nodes" migrating one fresh
// database at once; all must succeed and the schema must exist once.
func TestMigrateConcurrently(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			dsn := storetest.DSN(t, d)
			ctx := context.Background()
			const nodes = 4
			errs := make(chan error, nodes)
			for range nodes {
				go func() {
					db, err := store.Open(ctx, dsn, store.Options{})
					if err != nil {
						errs <- err
						return
					}
					defer db.Close()
					_, err = db.Migrate(ctx)
					errs <- err
				}()
			}
			for range nodes {
				if err := <-errs; err != nil {
					t.Errorf("node: %v", err)
				}
			}
		})
	}
}

// TestSchemasMatch keeps the two migration folders in step: both engines
// must end with the same tables and columns.
func TestSchemasMatch(t *testing.T) {
	lite := storetest.Open(t, store.SQLite)
	pg := storetest.Open(t, store.Postgres)
	ctx := context.Background()
	// table_xinfo, not table_info: it lists generated columns too (hidden
	// 2 and 3), such as the search's folded names (00018).
	liteCols := columns(t, lite, `SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_xinfo(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'goose_db_version' AND p.hidden <> 1`)
	pgCols := columns(t, pg, `SELECT table_name || '.' || column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name <> 'goose_db_version'`)
	_ = ctx
	if len(liteCols) == 0 {
		t.Fatal("no columns found")
	}
	if a, b := join(liteCols), join(pgCols); a != b {
		t.Errorf("schemas differ:\nsqlite:   %s\npostgres: %s", a, b)
	}
}

func columns(t *testing.T, db *store.DB, q string) []string {
	t.Helper()
	rows, err := db.Read().QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func join(s []string) string {
	out := ""
	for _, x := range s {
		out += x + " "
	}
	return out
}

func TestSQLiteSettings(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	for pragma, want := range map[string]string{"page_size": "16384", "journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "10000"} {
		var got string
		if err := db.Read().QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %s, want %s", pragma, got, want)
		}
	}
	// The read pool refuses writes: they must go through InTx.
	if _, err := db.Read().ExecContext(ctx, `DELETE FROM cooperatives`); err == nil {
		t.Error("a write through the read pool succeeded")
	}
}

// A new SQLite database, its folder and its WAL files are readable by
// ebok's own user alone: they hold personal data and password hashes.
func TestSQLiteFilesArePrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	path := filepath.Join(dir, "ebok.db")
	db, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]os.FileMode{dir: 0o700, path: 0o600, path + "-wal": 0o600} {
		st, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode().Perm(); got != want {
			t.Errorf("%s: mode %o, want %o", filepath.Base(name), got, want)
		}
	}
}

// TestCompressedFilesStoredAsTheyAre: on PostgreSQL the columns holding
// files compressed already (letter PDFs, uploads) are stored out of line
// without TOAST compression (migration 00031), which spent server CPU on
// every letter of a mass mailing for no saving.
func TestCompressedFilesStoredAsTheyAre(t *testing.T) {
	pg := storetest.Open(t, store.Postgres)
	want := []string{
		"application_attachments.data", "letter_attachments.data", "letter_recipients.pdf",
		"message_attachments.data", "outbox_attachments.data",
	}
	got := columns(t, pg, `SELECT c.relname || '.' || a.attname FROM pg_attribute a
		JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
			AND a.attstorage = 'e'`)
	if a, b := join(got), join(want); a != b {
		t.Errorf("columns stored EXTERNAL: %s, want %s", a, b)
	}
}
