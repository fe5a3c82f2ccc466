package audit

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

func TestVerifyAcceptsAnIntactChain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coop := storetest.InsertCoop(t, db, "a")
		empty := storetest.InsertCoop(t, db, "empty")
		appendSamples(t, db, coop, 60)
		for i := 61; i <= 100; i++ {
			appendAll(t, db, sample(coop, i))
		}
		if n, err := Verify(ctx, db.Read(), db.ChainKey(), coop); err != nil || n != 100 {
			t.Errorf("Verify = %d, %v; want 100, nil", n, err)
		}
		if n, err := Verify(ctx, db.Read(), db.ChainKey(), empty); err != nil || n != 0 {
			t.Errorf("Verify of an empty chain = %d, %v; want 0, nil", n, err)
		}
		// Inside a transaction too (the Querier is then a *store.Tx).
		err := db.InTx(ctx, func(tx *store.Tx) error {
			n, err := Verify(ctx, tx, db.ChainKey(), coop)
			if err == nil && n != 100 {
				t.Errorf("Verify in a transaction = %d, want 100", n)
			}
			return err
		})
		if err != nil {
			t.Error(err)
		}
	})
}

// tamper changes the chain of coop, whose rows 1..10 exist.
type tamper func(t *testing.T, db *store.DB, coop int64)

// rowUpdate sets columns of row seq 5 of coop.
func rowUpdate(set string, args ...any) tamper {
	return func(t *testing.T, db *store.DB, coop int64) {
		exec(t, db, `UPDATE audit_log SET `+set+` WHERE coop_id = $1 AND seq = 5`, append([]any{coop}, args...)...)
	}
}

func TestVerifyNamesTheFirstBrokenRow(t *testing.T) {
	tests := []struct {
		name    string
		tamper  tamper
		seq     int64 // the seq BrokenError must name
		idOf    int64 // the original seq of the row whose id it must name (0: none, -1: not checked)
		checked int
	}{
		{"details value changed", rowUpdate(`details = '{"i":"5","note":"inna"}'`), 5, 5, 4},
		{"details no longer JSON", rowUpdate(`details = 'i=5'`), 5, 5, 4},
		{"at changed", rowUpdate(`at = $2`, base.Add(time.Hour).UTC()), 5, 5, 4},
		{"action changed", rowUpdate(`action = 'person.viewed'`), 5, 5, 4},
		{"actor id removed", rowUpdate(`actor_id = NULL, person_id = NULL`), 5, 5, 4},
		{"middle row deleted", func(t *testing.T, db *store.DB, coop int64) {
			exec(t, db, `DELETE FROM audit_log WHERE coop_id = $1 AND seq = 5`, coop)
		}, 5, 6, 4},
		{"two rows' seq swapped", func(t *testing.T, db *store.DB, coop int64) {
			exec(t, db, `UPDATE audit_log SET seq = -1 WHERE coop_id = $1 AND seq = 4`, coop)
			exec(t, db, `UPDATE audit_log SET seq = 4 WHERE coop_id = $1 AND seq = 5`, coop)
			exec(t, db, `UPDATE audit_log SET seq = 5 WHERE coop_id = $1 AND seq = -1`, coop)
		}, 4, 5, 3},
		{"head's last_hash changed", func(t *testing.T, db *store.DB, coop int64) {
			exec(t, db, `UPDATE audit_heads SET last_hash = $2 WHERE coop_id = $1`, coop, hashOf(db.ChainKey(), Entry{Actor: "x"}))
		}, 10, 10, 10},
		{"row edited and its own hash recomputed", func(t *testing.T, db *store.DB, coop int64) {
			rows, err := List(context.Background(), db.Read(), coop, Filter{BeforeSeq: 6, Limit: 1})
			if err != nil || len(rows) != 1 || rows[0].Seq != 5 {
				t.Fatalf("read row 5: %v, %+v", err, rows)
			}
			e := rows[0]
			e.Details = map[string]string{"i": "5", "note": "poprawione"}
			exec(t, db, `UPDATE audit_log SET details = '{"i":"5","note":"poprawione"}', hash = $2
				WHERE coop_id = $1 AND seq = 5`, coop, hashOf(db.ChainKey(), e))
		}, 6, 6, 5},
		{"first row's prev_hash changed", func(t *testing.T, db *store.DB, coop int64) {
			exec(t, db, `UPDATE audit_log SET prev_hash = $2 WHERE coop_id = $1 AND seq = 1`, coop, hashOf(db.ChainKey(), Entry{Actor: "x"}))
		}, 1, 1, 0},
		{"last row deleted", func(t *testing.T, db *store.DB, coop int64) {
			exec(t, db, `DELETE FROM audit_log WHERE coop_id = $1 AND seq = 10`, coop)
		}, 10, 0, 9},
		{"row added beyond the head", func(t *testing.T, db *store.DB, coop int64) {
			exec(t, db, `INSERT INTO audit_log (coop_id, seq, at, actor_id, actor, action, subject, person_id, ip, details, prev_hash, hash)
				SELECT coop_id, 11, at, actor_id, actor, action, subject, person_id, ip, details, hash, hash
				FROM audit_log WHERE coop_id = $1 AND seq = 10`, coop)
		}, 11, -1, 10},
		{"head deleted", func(t *testing.T, db *store.DB, coop int64) {
			exec(t, db, `DELETE FROM audit_heads WHERE coop_id = $1`, coop)
		}, 1, 1, 0},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		other := storetest.InsertCoop(t, db, "other")
		appendSamples(t, db, other, 10)
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				coop := storetest.InsertCoop(t, db, "c"+string(rune('a'+i)))
				appendSamples(t, db, coop, 10)
				if _, err := Verify(ctx, db.Read(), db.ChainKey(), coop); err != nil {
					t.Fatalf("Verify before tampering: %v", err)
				}
				ids := rowIDs(t, db, coop)
				tt.tamper(t, db, coop)

				n, err := Verify(ctx, db.Read(), db.ChainKey(), coop)
				var b *BrokenError
				if !errors.As(err, &b) {
					t.Fatalf("Verify = %d, %v; want a *BrokenError", n, err)
				}
				if b.CoopID != coop || b.Seq != tt.seq {
					t.Errorf("broken at coop %d seq %d, want coop %d seq %d (%v)", b.CoopID, b.Seq, coop, tt.seq, b)
				}
				if tt.idOf >= 0 && b.ID != ids[tt.idOf] {
					t.Errorf("broken row id %d, want %d, the row that was seq %d (%v)", b.ID, ids[tt.idOf], tt.idOf, b)
				}
				if n != tt.checked {
					t.Errorf("checked %d rows, want %d", n, tt.checked)
				}
				if n, err := Verify(ctx, db.Read(), db.ChainKey(), other); err != nil || n != 10 {
					t.Errorf("the other cooperative's chain: Verify = %d, %v; want 10, nil", n, err)
				}
			})
		}
	})
}

func TestChainsOfCooperativesAreIndependent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := storetest.InsertCoop(t, db, "a")
		b := storetest.InsertCoop(t, db, "b")
		quiet := storetest.InsertCoop(t, db, "quiet")
		for i := 1; i <= 12; i++ {
			appendAll(t, db, sample(a, i), sample(b, i), sample(b, 100+i))
		}
		listA, err := List(ctx, db.Read(), a, Filter{Limit: MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		if len(listA) != 12 || listA[0].Seq != 12 || listA[11].Seq != 1 {
			t.Fatalf("List(a) seqs = %v, want 12..1", seqs(listA))
		}
		for _, e := range listA {
			if e.CoopID != a {
				t.Errorf("List(a) returned a row of cooperative %d", e.CoopID)
			}
		}
		// A's subject filter must not reach B's identical subjects.
		if got, err := List(ctx, db.Read(), a, Filter{Subject: "application:112"}); err != nil || len(got) != 0 {
			t.Errorf("List(a, b's subject) = %v, %v; want none", got, err)
		}

		counts, err := VerifyAll(ctx, db.Read(), db.ChainKey(), nil)
		if err != nil || counts[a] != 12 || counts[b] != 24 || counts[quiet] != 0 || len(counts) != 3 {
			t.Fatalf("VerifyAll = %v, %v; want a:12 b:24 quiet:0", counts, err)
		}

		exec(t, db, `UPDATE audit_log SET subject = 'user:1' WHERE coop_id = $1 AND seq = 3`, a)
		counts, err = VerifyAll(ctx, db.Read(), db.ChainKey(), nil)
		var broken *BrokenError
		if !errors.As(err, &broken) || broken.CoopID != a || broken.Seq != 3 {
			t.Fatalf("VerifyAll after tampering a = %v, want a *BrokenError for a at seq 3", err)
		}
		if counts[a] != 2 || counts[b] != 24 {
			t.Errorf("VerifyAll counts = %v, want a:2 b:24", counts)
		}
		if n, err := Verify(ctx, db.Read(), db.ChainKey(), b); err != nil || n != 24 {
			t.Errorf("Verify(b) = %d, %v; want 24, nil", n, err)
		}

		// Both broken: VerifyAll reports each.
		exec(t, db, `UPDATE audit_log SET ip = '' WHERE coop_id = $1 AND seq = 7`, b)
		_, err = VerifyAll(ctx, db.Read(), db.ChainKey(), nil)
		joined, ok := err.(interface{ Unwrap() []error })
		if !ok || len(joined.Unwrap()) != 2 {
			t.Fatalf("VerifyAll with two broken chains = %v, want two errors", err)
		}
	})
}
