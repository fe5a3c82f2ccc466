package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// childArgsEnv, when set, makes the test binary run ebok with these
// arguments (JSON) instead of the tests: TestKill9… starts ebok commands
// as child processes and kills them.
const childArgsEnv = "EBOK_TEST_CHILD_ARGS"

func TestMain(m *testing.M) {
	if args := os.Getenv(childArgsEnv); args != "" {
		var list []string
		if err := json.Unmarshal([]byte(args), &list); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if err := run(context.Background(), list, os.Stdin, os.Stdout, os.Stderr, os.Getenv); err != nil {
			fmt.Fprintln(os.Stderr, "ebok:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// startChild runs `ebok args…` as a child process (this test binary) with
// the settings of env.
func startChild(t *testing.T, env func(string) string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	list, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), childArgsEnv+"="+string(list))
	for _, k := range []string{"EBOK_DATA_DIR", "EBOK_DATABASE_URL", "EBOK_LOG_LEVEL"} {
		cmd.Env = append(cmd.Env, k+"="+env(k))
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &out
}

// kill9Op is an operation that must commit wholly or not at all.
type kill9Op struct {
	name  string
	args  []string
	count func(t *testing.T, db *store.DB) int64 // what it posted so far
}

// `kill -9` of `ebok import ledger`, `ebok import bank` and `ebok charges
// run` at growing moments into their run: after each kill what the command
// posts is wholly there or wholly absent, never part of it, and `ebok audit
// verify` passes; run again (the restart), it ends with everything posted
// once.
func TestKill9LeavesImportsAndChargesWhole(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			env, db, _ := demoDatabase(t, d)
			dir := env("EBOK_DATA_DIR")
			accounts := accountNumbers(t, db)

			var ledgerCSV strings.Builder
			ledgerCSV.WriteString("external_id;account;booked_on;kind;amount;description\n")
			const ledgerRows = 30000
			for i := range ledgerRows {
				fmt.Fprintf(&ledgerCSV, "K9-%d;%s;2026-11-20;charge;1,%02d;Dopłata %d\n", i, accounts[i%len(accounts)], i%100, i)
			}
			ledgerFile := filepath.Join(dir, "k9.csv")
			writeFile(t, ledgerFile, ledgerCSV.String())

			var mt strings.Builder
			// The statement is of the cooperative's own account: one of
			// another account is refused whole.
			var own string
			if err := db.Read().QueryRowContext(context.Background(), `SELECT bank_account FROM cooperatives`).Scan(&own); err != nil {
				t.Fatal(err)
			}
			own = strings.TrimPrefix(strings.ReplaceAll(own, " ", ""), "PL")
			fmt.Fprintf(&mt, ":20:K9\n:25:/PL%s\n:28C:9/1\n:60F:C261120PLN0,00\n", own)
			const credits = 3000
			for i := range credits {
				fmt.Fprintf(&mt, ":61:2611211121CN1,00NTRF0000000000000000//K9R%d\n%s\n:86:Wpłata %d\n", i, accounts[i%len(accounts)], i)
			}
			fmt.Fprintf(&mt, ":62F:C261121PLN%d,00\n", credits)
			bankFile := filepath.Join(dir, "k9.sta")
			writeFile(t, bankFile, mt.String())

			month := time.Now().AddDate(0, 1, 0).Format("2006-01")
			ops := []kill9Op{
				{"ledger import", []string{"import", "ledger", ledgerFile}, func(t *testing.T, db *store.DB) int64 {
					return countRows(t, db, `SELECT COUNT(*) FROM ledger_entries WHERE external_id LIKE 'K9-%'`)
				}},
				{"bank import", []string{"import", "bank", bankFile}, func(t *testing.T, db *store.DB) int64 {
					// Credits to a known virtual account are posted as payments;
					// the others wait for staff in bank_credits.
					return countRows(t, db, `SELECT COUNT(*) FROM ledger_entries WHERE kind = 'payment' AND amount = -100 AND booked_on = '2026-11-21'`) +
						countRows(t, db, `SELECT COUNT(*) FROM bank_credits`)
				}},
				{"charge run", []string{"charges", "run", "--month", month}, func(t *testing.T, db *store.DB) int64 {
					return countRows(t, db, `SELECT COUNT(*) FROM ledger_entries WHERE kind = 'charge' AND period = '`+month+`'`)
				}},
			}
			for _, op := range ops {
				t.Run(strings.ReplaceAll(op.name, " ", "-"), func(t *testing.T) {
					kill9(t, env, db, op)
				})
			}
		})
	}
}

// kill9 runs op as a child and kills it with SIGKILL after 20 ms, then
// after half as long again each time, until a run ends on its own. Once
// the delay passes a minute the run is left to end (within 3 minutes), so
// the test is bounded however slow the machine.
func kill9(t *testing.T, env func(string) string, db *store.DB, op kill9Op) {
	ctx := context.Background()
	base := op.count(t, db)
	var seen []int64
	killed := 0
	delay := 20 * time.Millisecond // a charge run on PostgreSQL has ended within 150 ms
	for attempt := 0; ; attempt++ {
		if delay > time.Minute {
			delay = 3 * time.Minute // the last run: not killed, only bounded
		}
		cmd, out := startChild(t, env, op.args...)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		var err error
		finished := false
		select {
		case err = <-done:
			finished = true
		case <-time.After(delay):
			if delay == 3*time.Minute {
				cmd.Process.Kill()
				t.Fatalf("%s did not end within %s", op.name, delay)
			}
			if kerr := cmd.Process.Signal(syscall.SIGKILL); kerr != nil && !errors.Is(kerr, os.ErrProcessDone) {
				t.Fatal(kerr)
			}
			select {
			case err = <-done:
			case <-time.After(3 * time.Minute):
				t.Fatalf("%s: the killed child did not end", op.name)
			}
		}
		if finished {
			if err != nil {
				t.Fatalf("%s ended with %v:\n%s", op.name, err, out.String())
			}
		} else if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			killed++
		} else if err != nil {
			t.Fatalf("%s ended with %v before the kill:\n%s", op.name, err, out.String())
		} else {
			finished = true // ended just before the signal
		}
		n := op.count(t, db) - base
		seen = append(seen, n)
		var verify bytes.Buffer
		if err := run(ctx, []string{"audit", "verify"}, nil, &verify, io.Discard, env); err != nil {
			t.Fatalf("%s, run %d (killed after %s): audit verify: %v\n%s", op.name, attempt+1, delay, err, verify.String())
		}
		if finished {
			break
		}
		delay += delay / 2
	}
	final := seen[len(seen)-1]
	if final <= 0 {
		t.Fatalf("%s posted nothing: %v", op.name, seen)
	}
	for i, n := range seen {
		if n != 0 && n != final {
			t.Errorf("%s: after run %d %d rows were there, want 0 or all %d (every run: %v)", op.name, i+1, n, final, seen)
		}
	}
	if killed == 0 {
		t.Errorf("%s: no run was killed (it ended within %s): the test proved nothing", op.name, 20*time.Millisecond)
	}
	t.Logf("%s: %d runs killed, rows after each run %v, %d in the end", op.name, killed, seen, final)
}

func accountNumbers(t *testing.T, db *store.DB) []string {
	t.Helper()
	rows, err := db.Read().QueryContext(context.Background(), `SELECT nrb FROM accounts ORDER BY id`)
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
	if err := rows.Err(); err != nil || len(out) == 0 {
		t.Fatalf("accounts: %v, %d", err, len(out))
	}
	return out
}

func countRows(t *testing.T, db *store.DB, query string) int64 {
	t.Helper()
	var n int64
	if err := db.Read().QueryRowContext(context.Background(), query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}
