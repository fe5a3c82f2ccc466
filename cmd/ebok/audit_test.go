package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

func TestAuditVerify(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			env, db, demo := demoDatabase(t, d)
			second := storetest.InsertCoop(t, db, "druga")
			before := auditRowCount(t, db, demo.ID)
			appendAuditEntries(t, db, demo.ID, 4)
			appendAuditEntries(t, db, second, 2)

			verify := func(args ...string) (string, error) {
				var out bytes.Buffer
				err := cmdAudit(ctx, append([]string{"verify"}, args...), nil, &out, io.Discard, env)
				return out.String(), err
			}
			out, err := verify()
			if err != nil {
				t.Fatalf("verify of intact chains: %v\n%s", err, out)
			}
			want := fmt.Sprintf("%s: %d entries, chain intact\ndruga: 2 entries, chain intact\n", demo.Slug, before+4)
			if out != want {
				t.Errorf("verify printed\n%s\nwant\n%s", out, want)
			}
			if out, err := verify("--coop", "druga"); err != nil || out != "druga: 2 entries, chain intact\n" {
				t.Errorf("verify --coop druga = %q, %v", out, err)
			}

			// Rewrite the details of the demo chain's second new entry.
			seq := int64(before + 2)
			var id int64
			err = db.InTx(ctx, func(tx *store.Tx) error {
				if err := tx.QueryRowContext(ctx, `SELECT id FROM audit_log WHERE coop_id = $1 AND seq = $2`, demo.ID, seq).Scan(&id); err != nil {
					return err
				}
				_, err := tx.ExecContext(ctx, `UPDATE audit_log SET details = '{"note":"inna"}' WHERE id = $1`, id)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			out, err = verify()
			var ue usageError
			if err == nil || errors.As(err, &ue) {
				t.Fatalf("verify of a broken chain = %v, want a failure\n%s", err, out)
			}
			broken := fmt.Sprintf("%s: chain BROKEN at seq %d (row id %d): the hash does not match the row's content; %d entries before it are intact\n",
				demo.Slug, seq, id, seq-1)
			if !strings.Contains(out, broken) || !strings.Contains(out, "druga: 2 entries, chain intact\n") {
				t.Errorf("verify printed\n%s\nwant the line\n%s\nand druga intact", out, broken)
			}
			if !strings.Contains(err.Error(), "1 of 2") {
				t.Errorf("error %q does not count the broken chains", err)
			}
			if out, err := verify("--coop", demo.Slug); err == nil || !strings.Contains(out, fmt.Sprintf("seq %d (row id %d)", seq, id)) {
				t.Errorf("verify --coop %s = %q, %v; want the broken row", demo.Slug, out, err)
			}
			if _, err := verify("--coop", "druga"); err != nil {
				t.Errorf("verify --coop druga after tampering elsewhere: %v", err)
			}
			if _, err := verify("--coop", "nie-ma"); err == nil || !strings.Contains(err.Error(), `"nie-ma"`) {
				t.Errorf("verify of an unknown cooperative: %v", err)
			}
		})
	}
}

func TestAuditUsage(t *testing.T) {
	var ue usageError
	for _, args := range [][]string{nil, {"check"}, {"verify", "extra"}, {"verify", "--nope"}, {"anchor"}, {"rekey", "x"}} {
		if err := cmdAudit(context.Background(), args, nil, io.Discard, io.Discard, envOf()); !errors.As(err, &ue) {
			t.Errorf("audit %q: %v, want a usage error", args, err)
		}
	}
}

// appendAuditEntries appends n entries to a cooperative's chain.
func appendAuditEntries(t *testing.T, db *store.DB, coopID int64, n int) {
	t.Helper()
	ctx := context.Background()
	err := db.InTx(ctx, func(tx *store.Tx) error {
		for i := range n {
			err := audit.Append(ctx, tx, audit.Entry{CoopID: coopID, At: time.Now(), Actor: audit.ActorSystem,
				Action: audit.RegulationsPublished, Subject: fmt.Sprintf("regulations:%d", i+1),
				Details: map[string]string{"version": fmt.Sprint(i + 1)}})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// auditRowCount is how many entries a cooperative's chain holds.
func auditRowCount(t *testing.T, db *store.DB, coopID int64) int {
	t.Helper()
	var n int
	if err := db.Read().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE coop_id = $1`, coopID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportLedgerCommand(t *testing.T) {
	dir := t.TempDir()
	env := envOf("EBOK_DATA_DIR", dir, "EBOK_LOG_LEVEL", "warn")
	ctx := context.Background()
	if err := run(ctx, []string{"demo", "--premises", "60"}, nil, io.Discard, io.Discard, env); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, filepath.Join(dir, "ebok.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var account string
	if err := db.Read().QueryRowContext(ctx, `SELECT nrb FROM accounts ORDER BY id LIMIT 1`).Scan(&account); err != nil {
		t.Fatal(err)
	}
	db.Close()
	file := filepath.Join(dir, "fk.csv")
	body := "external_id;account;booked_on;kind;amount;description\nX-1;" + account + ";2026-11-20;charge;10,00;Dopłata\nX-2;" + account + ";2026-11-20;payment;-10,00;Wpłata\n"
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"import", "ledger", file, "--dry-run"}, nil, &out, io.Discard, env); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "2 rows, 0 already posted, 2 would be posted") {
		t.Errorf("dry run said %q", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"import", "ledger", file}, nil, &out, io.Discard, env); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "2 rows, 2 posted, 0 already posted before") {
		t.Errorf("import said %q", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"import", "ledger", file}, nil, &out, io.Discard, env); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "2 rows, 0 posted, 2 already posted before") {
		t.Errorf("second import said %q", out.String())
	}
	if err := os.WriteFile(file, []byte("external_id;account;booked_on;kind;amount\nX-3;"+account+";2026-11-20;charge;1,2345\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	err = run(ctx, []string{"import", "ledger", file}, nil, &out, io.Discard, env)
	if err == nil || !strings.Contains(err.Error(), "nothing was posted") || !strings.Contains(out.String(), "wiersz 2") {
		t.Errorf("bad file: %v, %q", err, out.String())
	}
}

func TestImportBankCommand(t *testing.T) {
	dir := t.TempDir()
	env := envOf("EBOK_DATA_DIR", dir, "EBOK_LOG_LEVEL", "warn")
	ctx := context.Background()
	if err := run(ctx, []string{"demo", "--premises", "60"}, nil, io.Discard, io.Discard, env); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, filepath.Join(dir, "ebok.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var virtual, main string
	if err := db.Read().QueryRowContext(ctx, `SELECT nrb FROM accounts ORDER BY id LIMIT 1`).Scan(&virtual); err != nil {
		t.Fatal(err)
	}
	if err := db.Read().QueryRowContext(ctx, `SELECT bank_account FROM cooperatives`).Scan(&main); err != nil {
		t.Fatal(err)
	}
	db.Close()
	file := filepath.Join(dir, "wyciag.sta")
	body := ":20:1\n:25:/PL" + main + "\n:28C:1/1\n:60F:C261120PLN0,00\n" +
		":61:2611211121CN50,00NTRF0000000000000000//R1\n" + virtual + "\n:86:Wpłata\n:62F:C261121PLN50,00\n"
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"import", "bank", file}, nil, &out, io.Discard, env); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "(mt940): 1 credits, 1 posted (50,00\u00a0zł), 0 waiting for staff, 0 imported before") {
		t.Errorf("import said %q", out.String())
	}
	// A statement of an account the cooperative has not declared is
	// refused, in Polish, naming the line; declared as another account,
	// it is skipped and listed.
	other := filepath.Join(dir, "eur.sta")
	if err := os.WriteFile(other, []byte(":20:1\n:25:/PL19114010100000579009004002\n:28C:1\n:60F:C261120EUR0,00\n:62F:C261121EUR0,00\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	err = run(ctx, []string{"import", "bank", other}, nil, &out, io.Discard, env)
	if err == nil || !strings.Contains(err.Error(), "niczego nie zaksięgowano") ||
		!strings.Contains(out.String(), "wiersz 1: Wyciąg dotyczy rachunku 19 1140 1010 0000 5790 0900 4002, który nie jest rachunkiem spółdzielni.") {
		t.Errorf("unknown account: %v, %q", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"bank-account", "add", "19114010100000579009004002", "--purpose", "other", "--currency", "EUR", "--note", "walutowy"}, nil, &out, io.Discard, env); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(ctx, []string{"bank-account", "list"}, nil, &out, io.Discard, env); err != nil ||
		!strings.Contains(out.String(), "19 1140 1010 0000 5790 0900 4002\tother\tEUR\twalutowy") {
		t.Errorf("list: %v %q", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"import", "bank", other}, nil, &out, io.Discard, env); err != nil ||
		!strings.Contains(out.String(), "0 credits") || !strings.Contains(out.String(), "skipped: the statement of 19 1140 1010 0000 5790 0900 4002 from line 1 (walutowy)") {
		t.Errorf("declared other account: %v %q", err, out.String())
	}
}

func TestChargesRunCommand(t *testing.T) {
	dir := t.TempDir()
	env := envOf("EBOK_DATA_DIR", dir, "EBOK_LOG_LEVEL", "warn")
	ctx := context.Background()
	if err := run(ctx, []string{"demo", "--premises", "60"}, nil, io.Discard, io.Discard, env); err != nil {
		t.Fatal(err)
	}
	next := time.Now().AddDate(0, 1, 0).Format("2006-01")
	var out bytes.Buffer
	if err := run(ctx, []string{"charges", "run", "--month", next}, nil, &out, io.Discard, env); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), next+": 60 premises charged") || !strings.Contains(out.String(), "0 already charged") {
		t.Errorf("first run said %q", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"charges", "run", "--month", next}, nil, &out, io.Discard, env); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "0 premises charged (0 entries") || !strings.Contains(out.String(), "60 already charged") {
		t.Errorf("second run said %q", out.String())
	}
	var ue usageError
	if err := run(ctx, []string{"charges", "run", "--month", "grudzień"}, nil, io.Discard, io.Discard, env); !errors.As(err, &ue) {
		t.Errorf("bad month: %v", err)
	}
}

// The demo's chain is keyed with <data dir>/audit.key; anchors written by
// `ebok audit anchor` reveal the newest rows deleted and the head moved
// back, which verifies as intact without them. The first deleted row is
// named.
func TestAuditAnchorCommand(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			env, db, demo := demoDatabase(t, d)
			fi, err := os.Stat(filepath.Join(env("EBOK_DATA_DIR"), "audit.key"))
			if err != nil || fi.Mode().Perm() != 0o600 {
				t.Fatalf("audit.key: %v, %v; want a 0600 file", fi, err)
			}
			anchors := t.TempDir()
			audit := func(args ...string) (string, error) {
				var out bytes.Buffer
				err := cmdAudit(ctx, args, nil, &out, io.Discard, env)
				return out.String(), err
			}
			before := int64(auditRowCount(t, db, demo.ID))
			if out, err := audit("anchor", "--dir", anchors); err != nil || !strings.Contains(out, fmt.Sprintf("%s: head at seq %d anchored", demo.Slug, before)) {
				t.Fatalf("anchor = %q, %v", out, err)
			}
			appendAuditEntries(t, db, demo.ID, 3)
			if out, err := audit("anchor", "--dir", anchors); err != nil || !strings.Contains(out, fmt.Sprintf("head at seq %d anchored", before+3)) {
				t.Fatalf("second anchor = %q, %v", out, err)
			}
			if out, err := audit("verify", "--anchors", anchors); err != nil || !strings.Contains(out, "2 anchors read") {
				t.Fatalf("verify --anchors of an intact chain = %q, %v", out, err)
			}

			var hash string
			if err := db.Read().QueryRowContext(ctx, `SELECT hash FROM audit_log WHERE coop_id = $1 AND seq = $2`, demo.ID, before+1).Scan(&hash); err != nil {
				t.Fatal(err)
			}
			err = db.InTx(ctx, func(tx *store.Tx) error {
				if _, err := tx.ExecContext(ctx, `DELETE FROM audit_log WHERE coop_id = $1 AND seq > $2`, demo.ID, before+1); err != nil {
					return err
				}
				_, err := tx.ExecContext(ctx, `UPDATE audit_heads SET last_seq = $2, last_hash = $3 WHERE coop_id = $1`, demo.ID, before+1, hash)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if out, err := audit("verify"); err != nil {
				t.Fatalf("without anchors the shortened chain should still verify (the gap anchors close): %v\n%s", err, out)
			}
			out, err := audit("verify", "--anchors", anchors)
			want := fmt.Sprintf("%s: chain BROKEN at seq %d (row id 0): the row is missing", demo.Slug, before+2)
			if err == nil || !strings.Contains(out, want) || !strings.Contains(out, fmt.Sprintf("rows %d to %d were deleted", before+2, before+3)) {
				t.Errorf("verify --anchors = %v\n%s\nwant the line %q", err, out, want)
			}
			if _, err := audit("anchor", "--dir", anchors); err == nil {
				t.Error("a chain that fails its anchors was anchored again")
			}

			// An anchor signed with another key is refused, by name.
			other := envOf("EBOK_DATA_DIR", env("EBOK_DATA_DIR"), "EBOK_DATABASE_URL", env("EBOK_DATABASE_URL"),
				"EBOK_LOG_LEVEL", "warn", "EBOK_AUDIT_KEY", "another key of at least thirty-two characters")
			var buf bytes.Buffer
			if err := cmdAudit(ctx, []string{"verify", "--anchors", anchors}, nil, &buf, io.Discard, other); err == nil || !strings.Contains(err.Error(), ".anchor") {
				t.Errorf("verify with another key = %v", err)
			}
		})
	}
}

// `ebok audit rekey` leaves a keyed chain alone, and refuses a chain that
// verifies neither with the key nor in the old plain form (here: keyed
// with another key); TestRekey in internal/audit re-hashes a plain one.
func TestAuditRekeyCommand(t *testing.T) {
	ctx := context.Background()
	env, db, demo := demoDatabase(t, store.SQLite)
	if n, err := audit.Verify(ctx, db.Read(), db.ChainKey(), demo.ID); err != nil || n == 0 {
		t.Fatalf("demo chain: %d, %v", n, err)
	}
	var out bytes.Buffer
	if err := cmdAudit(ctx, []string{"rekey"}, nil, &out, io.Discard, env); err != nil || !strings.Contains(out.String(), "already keyed") {
		t.Errorf("rekey of a keyed chain = %v, %q", err, out.String())
	}
	other := envOf("EBOK_DATA_DIR", env("EBOK_DATA_DIR"), "EBOK_DATABASE_URL", env("EBOK_DATABASE_URL"),
		"EBOK_LOG_LEVEL", "warn", "EBOK_AUDIT_KEY", "another key of at least thirty-two characters")
	out.Reset()
	if err := cmdAudit(ctx, []string{"verify"}, nil, &out, io.Discard, other); err == nil {
		t.Fatalf("the chain verifies with another key:\n%s", out.String())
	}
	var b *audit.BrokenError
	if err := cmdAudit(ctx, []string{"rekey"}, nil, io.Discard, io.Discard, other); !errors.As(err, &b) || b.Seq != 1 {
		t.Errorf("rekey under another key = %v, want the chain refused at seq 1", err)
	}
	if n, err := audit.Verify(ctx, db.Read(), db.ChainKey(), demo.ID); err != nil || n == 0 {
		t.Errorf("after the refused rekey: %d, %v", n, err)
	}
	if err := cmdAudit(ctx, []string{"verify"}, nil, io.Discard, io.Discard,
		envOf("EBOK_DATA_DIR", env("EBOK_DATA_DIR"), "EBOK_AUDIT_KEY", "short")); err == nil || !strings.Contains(err.Error(), "EBOK_AUDIT_KEY") {
		t.Errorf("a short EBOK_AUDIT_KEY: %v", err)
	}
}

// A cron job or timer starts without ebok's environment, so `ebok audit
// anchor` and `ebok audit verify` open ./data/ebok.db, a new and empty
// database. Exiting 0 there, having anchored and verified nothing, would
// pass for a good night; both fail instead, naming the database.
func TestAuditOnADatabaseWithoutCooperativesFails(t *testing.T) {
	dir := t.TempDir()
	env := envOf("EBOK_DATA_DIR", dir, "EBOK_LOG_LEVEL", "warn")
	ctx := context.Background()
	anchors := t.TempDir()
	for _, args := range [][]string{{"audit", "verify"}, {"audit", "anchor", "--dir", anchors}} {
		var out bytes.Buffer
		err := run(ctx, args, nil, &out, io.Discard, env)
		if err == nil || !strings.Contains(err.Error(), "holds no cooperative") || !strings.Contains(err.Error(), filepath.Join(dir, "ebok.db")) {
			t.Errorf("%v: err = %v; want it to say the database %s holds no cooperative", args, err, filepath.Join(dir, "ebok.db"))
		}
	}
	if files, err := os.ReadDir(anchors); err != nil || len(files) != 0 {
		t.Errorf("anchor folder: %v, %v", files, err)
	}
}
