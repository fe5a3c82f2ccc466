package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/store"
)

// TestUserResetTOTP: `ebok user reset-2fa` takes a staff login's
// authenticator app, recovery codes and sessions away, audited with the
// reason; without a reason or for an unknown login it does nothing.
func TestUserResetTOTP(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			env, db, c := demoDatabase(t, d)
			if err := run(ctx, []string{"user", "add", "--login", "ksiegowa", "--name", "Anna Księgowa", "--role", "finance"},
				strings.NewReader("bardzo-tajne-hasło\n"), io.Discard, io.Discard, env); err != nil {
				t.Fatal(err)
			}
			var id int64
			now := time.Now().UTC()
			if err := db.InTx(ctx, func(tx *store.Tx) error {
				if err := tx.QueryRowContext(ctx, `UPDATE users SET totp_secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', totp_enabled_at = $1
					WHERE coop_id = $2 AND login = 'ksiegowa' RETURNING id`, now, c.ID).Scan(&id); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, 'x')`, id); err != nil {
					return err
				}
				_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, coop_id, user_id, created_at, last_seen_at, expires_at, ip, user_agent, mfa_pending)
					VALUES ('h', $1, $2, $3, $3, $4, '127.0.0.1', 'test', false)`, c.ID, id, now, now.Add(time.Hour))
				return err
			}); err != nil {
				t.Fatal(err)
			}
			count := func(q string) int {
				t.Helper()
				var n int
				if err := db.Read().QueryRowContext(ctx, q, id).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			state := func() [3]int {
				return [3]int{count(`SELECT COUNT(*) FROM users WHERE id = $1 AND totp_enabled_at IS NOT NULL`),
					count(`SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1`), count(`SELECT COUNT(*) FROM sessions WHERE user_id = $1`)}
			}
			if err := run(ctx, []string{"user", "reset-2fa", "--login", "ksiegowa"}, nil, io.Discard, io.Discard, env); err == nil {
				t.Error("no reason: accepted")
			}
			if err := run(ctx, []string{"user", "reset-2fa", "--login", "nikt", "--reason", "x"}, nil, io.Discard, io.Discard, env); err == nil || !strings.Contains(err.Error(), `no login "nikt"`) {
				t.Errorf("unknown login: %v", err)
			}
			if got := state(); got != [3]int{1, 1, 1} {
				t.Fatalf("before: %v", got)
			}
			var out bytes.Buffer
			if err := run(ctx, []string{"user", "reset-2fa", "--login", "KSIEGOWA", "--reason", "Zgubiony telefon; tożsamość sprawdzona osobiście"}, nil, &out, io.Discard, env); err != nil {
				t.Fatal(err)
			}
			if got := state(); got != [3]int{0, 0, 0} {
				t.Errorf("after: %v, want no app, no codes, no sessions", got)
			}
			rows, err := audit.List(ctx, db.Read(), c.ID, audit.Filter{Action: audit.TOTPReset})
			if err != nil || len(rows) != 1 || rows[0].Details["reason"] != "Zgubiony telefon; tożsamość sprawdzona osobiście" || rows[0].Details["login"] != "ksiegowa" {
				t.Errorf("audit: %+v, %v", rows, err)
			}
			if !strings.Contains(out.String(), `"ksiegowa"`) {
				t.Errorf("output: %q", out.String())
			}
		})
	}
}

// What `ebok user add` needs besides --login and --name (a staff role, an
// estate for the estate role, a person for residents' and members' logins)
// is asked for by name, as a usage error (exit code 2), before any
// database constraint would refuse it in SQL's words; an estate code that
// is not there is named as such.
func TestUserAddSaysWhatIsMissing(t *testing.T) {
	env := envOf("EBOK_DATA_DIR", t.TempDir(), "EBOK_LOG_LEVEL", "warn")
	ctx := context.Background()
	if err := run(ctx, []string{"demo", "--premises", "60"}, nil, io.Discard, io.Discard, env); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args  []string
		usage bool
		want  string
	}{
		{[]string{"--kind", "staff"}, true, "--role is required with --kind staff: admin, membership, settlements, finance, estate, board"},
		{[]string{"--kind", "staff", "--role", "boss"}, true, `unknown --role "boss": admin, membership, settlements, finance, estate, board`},
		{[]string{"--kind", "staff", "--role", "estate"}, true, "--estate CODE is required with --role estate"},
		{[]string{"--kind", "staff", "--role", "finance", "--estate", "O1"}, true, "--estate goes only with --role estate"},
		{[]string{"--kind", "resident"}, true, "--person ID is required with --kind resident"},
		{[]string{"--kind", "member"}, true, "--person ID is required with --kind member"},
		{[]string{"--kind", "staff", "--role", "estate", "--estate", "NOPE"}, false, `no estate with the code "NOPE" in `},
	} {
		args := append([]string{"user", "add", "--login", "nowy", "--name", "Nowy"}, tc.args...)
		err := run(ctx, args, strings.NewReader("bardzo-tajne-hasło\n"), io.Discard, io.Discard, env)
		var ue usageError
		if err == nil || errors.As(err, &ue) != tc.usage || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v; want %q (usage error: %v)", tc.args, err, tc.want, tc.usage)
		}
	}
}
