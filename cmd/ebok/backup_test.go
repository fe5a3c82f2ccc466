package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/app"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// postingStream posts small payments on the demo's accounts, one after the
// other, until stop is closed; it returns how many were posted.
func postingStream(t *testing.T, env func(string) string, stop <-chan struct{}) (*atomic.Int64, *sync.WaitGroup) {
	t.Helper()
	ctx := context.Background()
	a, err := setup(ctx, env, io.Discard, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.Coops.Only(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var accounts []int64
	rows, err := a.DB.Read().QueryContext(ctx, `SELECT id FROM accounts WHERE coop_id = $1 ORDER BY id LIMIT 20`, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		accounts = append(accounts, id)
	}
	rows.Close()
	var posted atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer a.DB.Close()
		today := civil.Today(time.UTC, time.Now())
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			_, err := a.Ledger.Post(ctx, cliActor(c), ledger.Posting{AccountID: accounts[i%len(accounts)], Kind: ledger.KindPayment,
				BookedOn: today, Amount: money.Amount(-100 - i), Reason: fmt.Sprintf("wpłata testowa %d", i)}, today)
			if err != nil {
				t.Errorf("posting %d: %v", i, err)
				return
			}
			posted.Add(1)
		}
	}()
	return &posted, &wg
}

// postingCount is how many test payments a database holds.
func postingCount(t *testing.T, db *store.DB) int64 {
	t.Helper()
	var n int64
	if err := db.Read().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM ledger_entries WHERE description LIKE 'wpłata testowa %'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Backups taken while payments are being posted restore to databases that
// pass SQLite's integrity_check and foreign_key_check and the audit
// verification, each holding a whole prefix of the stream.
func TestBackupDuringPostingsRestores(t *testing.T) {
	ctx := context.Background()
	env, db, _ := demoDatabase(t, store.SQLite)
	key := filepath.Join(env("EBOK_DATA_DIR"), "audit.key")
	stop := make(chan struct{})
	posted, wg := postingStream(t, env, stop)
	for posted.Load() < 20 {
		time.Sleep(10 * time.Millisecond)
	}
	backups := t.TempDir()
	var taken []int64
	for i := range 3 {
		before := posted.Load()
		file := filepath.Join(backups, fmt.Sprintf("b%d.db", i))
		var out bytes.Buffer
		if err := run(ctx, []string{"backup", file}, nil, &out, io.Discard, env); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "integrity and foreign key checks passed") {
			t.Errorf("backup said %q", out.String())
		}
		taken = append(taken, before)
		for posted.Load() < before+10 {
			time.Sleep(10 * time.Millisecond)
		}
	}
	close(stop)
	wg.Wait()
	total := postingCount(t, db)
	if total != posted.Load() {
		t.Fatalf("the live database holds %d test payments, %d were posted", total, posted.Load())
	}

	for i, min := range taken {
		dir := t.TempDir()
		renv := envOf("EBOK_DATA_DIR", dir, "EBOK_AUDIT_KEY_FILE", key, "EBOK_LOG_LEVEL", "warn")
		file := filepath.Join(backups, fmt.Sprintf("b%d.db", i))
		if err := run(ctx, []string{"restore", file}, nil, io.Discard, io.Discard, renv); err != nil {
			t.Fatalf("restore %s: %v", file, err)
		}
		restored, err := store.Open(ctx, filepath.Join(dir, "ebok.db"), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, pragma := range []string{"PRAGMA integrity_check", "PRAGMA foreign_key_check"} {
			rows, err := restored.Read().QueryContext(ctx, pragma)
			if err != nil {
				t.Fatal(err)
			}
			var findings []string
			for rows.Next() {
				var cols = make([]any, 4)
				ptrs := make([]any, 4)
				for j := range cols {
					ptrs[j] = &cols[j]
				}
				n, _ := rows.Columns()
				if err := rows.Scan(ptrs[:len(n)]...); err != nil {
					t.Fatal(err)
				}
				findings = append(findings, fmt.Sprint(cols[:len(n)]...))
			}
			rows.Close()
			if want := map[bool][]string{true: {"ok"}, false: nil}[pragma == "PRAGMA integrity_check"]; fmt.Sprint(findings) != fmt.Sprint(want) {
				t.Errorf("backup %d: %s = %q, want %q", i, pragma, findings, want)
			}
		}
		n := postingCount(t, restored)
		restored.Close()
		if n < min || n >= total {
			t.Errorf("backup %d holds %d test payments; taken after %d of %d were posted", i, n, min, total)
		}
		var out bytes.Buffer
		if err := run(ctx, []string{"audit", "verify"}, nil, &out, io.Discard, renv); err != nil || !strings.Contains(out.String(), "chain intact") {
			t.Errorf("audit verify of backup %d: %v\n%s", i, err, out.String())
		}
	}
}

func TestRestoreRefusesToOverwrite(t *testing.T) {
	ctx := context.Background()
	env, _, _ := demoDatabase(t, store.SQLite)
	file := filepath.Join(t.TempDir(), "b.db")
	if err := run(ctx, []string{"backup", file}, nil, io.Discard, io.Discard, env); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"backup", file}, nil, io.Discard, io.Discard, env); err == nil || !strings.Contains(err.Error(), "exists already") {
		t.Errorf("a second backup over the first: %v", err)
	}
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup file: %v, %v; want 0600", fi, err)
	}
	if err := run(ctx, []string{"restore", file}, nil, io.Discard, io.Discard, env); !errors.Is(err, store.ErrDatabaseExists) {
		t.Errorf("restore over the live database without --force = %v, want ErrDatabaseExists", err)
	}
	if err := run(ctx, []string{"restore", file, "--force"}, nil, io.Discard, io.Discard, env); err != nil {
		t.Errorf("restore --force: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "bad.db")
	if err := os.WriteFile(bad, bytes.Repeat([]byte("not a database "), 1000), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"restore", bad, "--force"}, nil, io.Discard, io.Discard, env); err == nil {
		t.Error("a file that is no database was restored")
	}
	var ue usageError
	for _, args := range [][]string{{"backup"}, {"backup", "a", "b"}, {"restore"}, {"restore", "--nope", "a"}} {
		if err := run(ctx, args, nil, io.Discard, io.Discard, env); !errors.As(err, &ue) {
			t.Errorf("%q: %v, want a usage error", args, err)
		}
	}
	pg := envOf("EBOK_DATABASE_URL", "postgres://127.0.0.1/none", "EBOK_DATA_DIR", t.TempDir())
	if err := run(ctx, []string{"backup", file + "2"}, nil, io.Discard, io.Discard, pg); !errors.Is(err, store.ErrNotSQLite) {
		t.Errorf("backup of PostgreSQL = %v, want ErrNotSQLite", err)
	}
}

// balances is every account's balance (sum of its entries), and the
// number of audit entries, as text to compare.
func balances(t *testing.T, db *store.DB) string {
	t.Helper()
	rows, err := db.Read().QueryContext(context.Background(), `SELECT account_id, SUM(amount), COUNT(*) FROM ledger_entries GROUP BY account_id ORDER BY account_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, sum, n int64
		if err := rows.Scan(&id, &sum, &n); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%d:%d:%d\n", id, sum, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	var audits int64
	if err := db.Read().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log`).Scan(&audits); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "audit:%d\n", audits)
	return b.String()
}

// The README's pg_dump and pg_restore commands: a dump of a demo database
// restores into a fresh database that `ebok audit verify` accepts and whose
// balances equal the original's.
func TestPgDumpRestoresToAVerifiedDatabase(t *testing.T) {
	if os.Getenv(storetest.PostgresEnv) == "" {
		t.Skipf("PostgreSQL test skipped: set %s; .ci/run sets it", storetest.PostgresEnv)
	}
	for _, tool := range []string{"pg_dump", "pg_restore"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing (Debian package postgresql-client; .ci/run installs it): %v", tool, err)
		}
	}
	ctx := context.Background()
	env, db, _ := demoDatabase(t, store.Postgres)
	want := balances(t, db)

	u, err := url.Parse(env("EBOK_DATABASE_URL"))
	if err != nil {
		t.Fatal(err)
	}
	schema := u.Query().Get("search_path")
	plain := *u
	plain.RawQuery = "sslmode=disable"
	dump := filepath.Join(t.TempDir(), "ebok.dump")
	if out, err := exec.CommandContext(ctx, "pg_dump", "--format=custom", "--no-owner", "--schema="+schema,
		"--file="+dump, plain.String()).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}

	fresh := "ebok_restore_" + strings.TrimPrefix(schema, "t_")
	if out, err := exec.CommandContext(ctx, "psql", plain.String(), "-c", "CREATE DATABASE "+fresh).CombinedOutput(); err != nil {
		t.Fatalf("create database: %v\n%s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("psql", plain.String(), "-c", "DROP DATABASE IF EXISTS "+fresh+" WITH (FORCE)").CombinedOutput(); err != nil {
			t.Errorf("drop database %s: %v\n%s", fresh, err, out)
		}
	})
	target := plain
	target.Path = "/" + fresh
	if out, err := exec.CommandContext(ctx, "pg_restore", "--no-owner", "--exit-on-error", "--dbname="+target.String(), dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}

	q := target.Query()
	q.Set("search_path", schema)
	target.RawQuery = q.Encode()
	renv := envOf("EBOK_DATA_DIR", env("EBOK_DATA_DIR"), "EBOK_DATABASE_URL", target.String(), "EBOK_LOG_LEVEL", "warn")
	var out bytes.Buffer
	if err := run(ctx, []string{"audit", "verify"}, nil, &out, io.Discard, renv); err != nil || !strings.Contains(out.String(), "chain intact") {
		t.Fatalf("audit verify of the restored database: %v\n%s", err, out.String())
	}
	restored, err := store.Open(ctx, target.String(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	if got := balances(t, restored); got != want {
		t.Errorf("balances differ after pg_restore (%d vs %d bytes of account:sum:count lines)", len(got), len(want))
	}
	if !strings.Contains(want, "\n") || strings.Count(want, "\n") < 60 {
		t.Errorf("the demo has only %d accounts with entries: nothing much was compared", strings.Count(want, "\n"))
	}
}

// The README's nightly backup writes into /var/backups/ebok/; when that
// folder is missing the error says so, not SQLite's "unable to open
// database file (14)", which names only a .part file.
func TestBackupIntoAMissingFolderSaysSo(t *testing.T) {
	env, _, _ := demoDatabase(t, store.SQLite)
	folder := filepath.Join(t.TempDir(), "backups", "ebok")
	err := run(context.Background(), []string{"backup", filepath.Join(folder, "ebok-2026-12-07.db")}, nil, io.Discard, io.Discard, env)
	if err == nil || !strings.Contains(err.Error(), "the folder "+folder+" does not exist") {
		t.Errorf("backup into a missing folder: %v", err)
	}
}
