package audit

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

func TestAppendStoresWhatWasGiven(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coop := storetest.InsertCoop(t, db, "a")
		first := sample(coop, 1)
		second := Entry{CoopID: coop, At: base, Actor: ActorSystem, Action: Logout}
		appendAll(t, db, first, second)

		got, err := List(ctx, db.Read(), coop, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 {
			t.Fatalf("got %d rows, want 2", len(got))
		}
		g1, g2 := got[1], got[0]
		want := first
		want.At = first.At.UTC().Truncate(time.Microsecond)
		want.ID, want.Seq, want.PrevHash, want.Hash = g1.ID, 1, genesisHash, g1.Hash
		if !reflect.DeepEqual(g1, want) {
			t.Errorf("first row:\n got %+v\nwant %+v", g1, want)
		}
		if g1.At.Location() != time.UTC {
			t.Errorf("At location = %v, want UTC", g1.At.Location())
		}
		if g1.Hash != hashOf(db.ChainKey(), g1) || len(g1.Hash) != 64 {
			t.Errorf("hash %q does not match the row", g1.Hash)
		}
		if g2.Seq != 2 || g2.PrevHash != g1.Hash || g2.ActorID != 0 || g2.PersonID != 0 || g2.Details != nil {
			t.Errorf("second row = %+v, want seq 2 linked to the first, no ids, no details", g2)
		}
		var details string
		if err := db.Read().QueryRowContext(ctx, `SELECT details FROM audit_log WHERE id = $1`, g1.ID).Scan(&details); err != nil {
			t.Fatal(err)
		}
		if want := `{"i":"1","note":"zażółć gęślą jaźń"}`; details != want {
			t.Errorf("stored details = %s, want canonical %s", details, want)
		}
		var nulls int
		if err := db.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log
			WHERE id = $1 AND actor_id IS NULL AND person_id IS NULL`, g2.ID).Scan(&nulls); err != nil {
			t.Fatal(err)
		}
		if nulls != 1 {
			t.Error("ids of 0 were not stored as NULL")
		}
		if n, err := Verify(ctx, db.Read(), db.ChainKey(), coop); err != nil || n != 2 {
			t.Errorf("Verify = %d, %v; want 2, nil", n, err)
		}
	})
}

// An entry must say when it happened: the services stamp it with their
// clock, and Append has none of its own to guess with.
func TestAppendRefusesZeroTime(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coop := storetest.InsertCoop(t, db, "a")
		err := db.InTx(ctx, func(tx *store.Tx) error {
			return Append(ctx, tx, Entry{CoopID: coop, Actor: ActorAnonymous, Action: LoginFailure})
		})
		if !errors.Is(err, ErrInvalidEntry) {
			t.Fatalf("append without a time: %v, want ErrInvalidEntry", err)
		}
		if got, err := List(ctx, db.Read(), coop, Filter{}); err != nil || len(got) != 0 {
			t.Fatalf("rows after a refused append: %d, %v", len(got), err)
		}
	})
}

func TestRolledBackAppendLeavesNoTrace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		fresh := storetest.InsertCoop(t, db, "fresh")
		coop := storetest.InsertCoop(t, db, "a")
		appendSamples(t, db, coop, 3)

		for _, c := range []int64{fresh, coop} {
			err := db.InTx(ctx, func(tx *store.Tx) error {
				if err := Append(ctx, tx, sample(c, 4)); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatalf("InTx = %v, want boom", err)
			}
		}
		var heads, rows int
		if err := db.Read().QueryRowContext(ctx, `SELECT
			(SELECT COUNT(*) FROM audit_heads WHERE coop_id = $1),
			(SELECT COUNT(*) FROM audit_log WHERE coop_id = $1)`, fresh).Scan(&heads, &rows); err != nil {
			t.Fatal(err)
		}
		if heads != 0 || rows != 0 {
			t.Errorf("rolled-back first append left %d heads and %d rows", heads, rows)
		}
		if n, err := Verify(ctx, db.Read(), db.ChainKey(), coop); err != nil || n != 3 {
			t.Fatalf("Verify after rollback = %d, %v; want 3, nil", n, err)
		}
		appendAll(t, db, sample(coop, 4))
		if n, err := Verify(ctx, db.Read(), db.ChainKey(), coop); err != nil || n != 4 {
			t.Errorf("Verify after the next append = %d, %v; want 4, nil", n, err)
		}
	})
}

func TestAppendRefuses(t *testing.T) {
	valid := func(f func(e *Entry)) Entry {
		e := Entry{CoopID: 1, At: base, Actor: "staff:anna", Action: ApplicationCheck, Subject: "application:1"}
		f(&e)
		return e
	}
	details := func(k, v string) func(e *Entry) {
		return func(e *Entry) { e.Details = map[string]string{"item": "signature", k: v} }
	}
	tests := []struct {
		name string
		e    Entry
		want error
	}{
		{"password", valid(details("password", "x")), ErrSecretDetail},
		{"Password in capitals", valid(details("PASSWORD", "x")), ErrSecretDetail},
		{"start_password", valid(details("start_password", "x")), ErrSecretDetail},
		{"reset_token", valid(details("reset_token", "x")), ErrSecretDetail},
		{"camelCase token", valid(details("resetToken", "x")), ErrSecretDetail},
		{"secret", valid(details("totp-secret", "x")), ErrSecretDetail},
		{"code", valid(details("Code", "123456")), ErrSecretDetail},
		{"recovery.code", valid(details("recovery.code", "x")), ErrSecretDetail},
		{"no cooperative", valid(func(e *Entry) { e.CoopID = 0 }), ErrInvalidEntry},
		{"unknown action", valid(func(e *Entry) { e.Action = "login.sucess" }), ErrInvalidEntry},
		{"no actor", valid(func(e *Entry) { e.Actor = "" }), ErrInvalidEntry},
		{"negative person", valid(func(e *Entry) { e.PersonID = -1 }), ErrInvalidEntry},
		{"NUL in subject", valid(func(e *Entry) { e.Subject = "user:\x005" }), ErrInvalidEntry},
		{"invalid UTF-8 in ip", valid(func(e *Entry) { e.IP = "\xff" }), ErrInvalidEntry},
		{"invalid UTF-8 in details", valid(details("reason", "\xc3")), ErrInvalidEntry},
		{"empty details key", valid(details("", "x")), ErrInvalidEntry},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coop := storetest.InsertCoop(t, db, "a")
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				e := tt.e
				if e.CoopID != 0 {
					e.CoopID = coop
				}
				err := db.InTx(ctx, func(tx *store.Tx) error { return Append(ctx, tx, e) })
				if !errors.Is(err, tt.want) {
					t.Errorf("Append = %v, want %v", err, tt.want)
				}
			})
		}
		var n int
		if err := db.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%d refused entries were written", n)
		}
	})
}

func TestAppendAcceptsHarmlessKeys(t *testing.T) {
	for _, k := range []string{"reason", "item", "outcome", "service", "version", "codex", "tokens_left", "passwords_differ", "source"} {
		if secretKey(k) {
			t.Errorf("secretKey(%q) = true, want false", k)
		}
	}
}

func TestWords(t *testing.T) {
	tests := map[string][]string{
		"resetToken_v2":  {"reset", "Token", "v2"},
		"TOTP-code":      {"TOTP", "code"},
		"recovery.code ": {"recovery", "code"},
		"hasłoStartowe":  {"hasło", "Startowe"},
		"__":             nil,
	}
	for in, want := range tests {
		if got := words(in); !reflect.DeepEqual(got, want) {
			t.Errorf("words(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestActionsAreValidAndDistinct(t *testing.T) {
	seen := map[Action]bool{}
	for _, a := range Actions() {
		if !a.Valid() || seen[a] {
			t.Errorf("action %q invalid or listed twice", a)
		}
		seen[a] = true
	}
	if len(seen) != 56 {
		t.Errorf("%d actions, want the 23 of issue #3, totp.reset, ledger.posted, ledger.imported, charges.run, fees.changed, payment.allocated, meter_reading.decided, the five letter actions (letter.drafted, letter.submitted, letter.approved, letter.sent, postal_batch.printed), mail.retried, the five message.* actions, mail.triaged, announcement.posted, announcement.withdrawn, the four library actions (library.published, library.changed, library.downloaded, library.notified), bank_account.declared, the three of issue #12 (applications.purged, personal_data.read, credentials.checked), the two meeting actions (meeting.changed, meeting.draft_filed) and the two copy-request actions", len(seen))
	}
	if Action("").Valid() || Action("login").Valid() {
		t.Error("unknown actions count as valid")
	}
}
