package audit

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// rehashFrom rewrites the chain of coop from row seq from on as someone
// who can write the database would: each row's prev_hash and hash
// recomputed with key (nil: plain SHA-256, a guessed key: any other), and
// the head moved to the new last hash.
func rehashFrom(t *testing.T, db *store.DB, coop, from int64, key []byte) {
	t.Helper()
	ctx := context.Background()
	rows, err := store.QueryAll(ctx, db.Read(), scanEntry, `SELECT `+columns+` FROM audit_log WHERE coop_id = $1 ORDER BY seq`, coop)
	if err != nil {
		t.Fatal(err)
	}
	prev := genesisHash
	for _, e := range rows {
		if e.Seq >= from {
			e.PrevHash = prev
			e.Hash = hashOf(key, e)
			exec(t, db, `UPDATE audit_log SET prev_hash = $2, hash = $3 WHERE id = $1`, e.ID, e.PrevHash, e.Hash)
		}
		prev = e.Hash
	}
	exec(t, db, `UPDATE audit_heads SET last_hash = $2 WHERE coop_id = $1`, coop, prev)
}

// anchorNow writes the chain's head of coop to dir and returns it.
func anchorNow(t *testing.T, db *store.DB, coop int64, dir string, at time.Time) Anchor {
	t.Helper()
	a, err := Head(context.Background(), db.Read(), coop, "coop", at)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := WriteAnchor(dir, db.ChainKey(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

func wantBroken(t *testing.T, err error, seq, id int64, reason string) {
	t.Helper()
	var b *BrokenError
	if !errors.As(err, &b) {
		t.Fatalf("err = %v, want a *BrokenError", err)
	}
	if b.Seq != seq || b.ID != id || !strings.Contains(b.Reason, reason) {
		t.Errorf("broken at seq %d, row id %d (%s); want seq %d, row id %d, reason with %q", b.Seq, b.ID, b.Reason, seq, id, reason)
	}
}

// A row rewritten and the chain after it re-hashed by someone without the
// key (plain SHA-256, or a key of their own) is named at the rewritten row.
func TestKeyedChainRevealsRehashWithoutTheKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for i, key := range [][]byte{nil, []byte("another key of at least thirty-two bytes")} {
			coop := storetest.InsertCoop(t, db, "k"+string(rune('a'+i)))
			appendSamples(t, db, coop, 10)
			ids := rowIDs(t, db, coop)
			exec(t, db, `UPDATE audit_log SET details = '{"i":"5","note":"poprawione"}' WHERE coop_id = $1 AND seq = 5`, coop)
			rehashFrom(t, db, coop, 5, key)
			n, err := Verify(ctx, db.Read(), db.ChainKey(), coop)
			wantBroken(t, err, 5, ids[5], "the hash does not match")
			if n != 4 {
				t.Errorf("%d rows passed, want 4", n)
			}
		}
	})
}

// Deleting the newest rows and moving the head back leaves a chain that is
// intact in itself; an anchor taken before names the first deleted row.
func TestAnchorRevealsDeletedNewestRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		dir := t.TempDir()
		coop := storetest.InsertCoop(t, db, "a")
		appendSamples(t, db, coop, 6)
		anchorNow(t, db, coop, dir, base.Add(time.Hour))
		appendSamples(t, db, coop, 4) // seq 7..10
		anchorNow(t, db, coop, dir, base.Add(2*time.Hour))
		anchors, err := ReadAnchors(dir, db.ChainKey())
		if err != nil || len(anchors) != 2 {
			t.Fatalf("ReadAnchors = %v, %v", anchors, err)
		}
		if n, err := VerifyAnchored(ctx, db.Read(), db.ChainKey(), coop, anchors); err != nil || n != 10 {
			t.Fatalf("VerifyAnchored before tampering = %d, %v", n, err)
		}
		var hash8 string
		if err := db.Read().QueryRowContext(ctx, `SELECT hash FROM audit_log WHERE coop_id = $1 AND seq = 8`, coop).Scan(&hash8); err != nil {
			t.Fatal(err)
		}
		exec(t, db, `DELETE FROM audit_log WHERE coop_id = $1 AND seq > 8`, coop)
		exec(t, db, `UPDATE audit_heads SET last_seq = 8, last_hash = $2 WHERE coop_id = $1`, coop, hash8)

		if n, err := Verify(ctx, db.Read(), db.ChainKey(), coop); err != nil || n != 8 {
			t.Fatalf("without anchors the shortened chain verifies as %d, %v: the test no longer shows the gap", n, err)
		}
		n, err := VerifyAnchored(ctx, db.Read(), db.ChainKey(), coop, anchors)
		wantBroken(t, err, 9, 0, "rows 9 to 10 were deleted")
		if n != 8 {
			t.Errorf("%d rows passed, want 8", n)
		}
		_, err = VerifyAll(ctx, db.Read(), db.ChainKey(), anchors)
		wantBroken(t, err, 9, 0, "were deleted")
	})
}

// Someone holding the key can re-hash a rewritten chain; an anchor taken
// before still names the first anchored row whose hash moved.
func TestAnchorRevealsChainRewrittenWithTheKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		dir := t.TempDir()
		coop := storetest.InsertCoop(t, db, "a")
		appendSamples(t, db, coop, 4)
		anchorNow(t, db, coop, dir, base.Add(time.Hour))
		appendSamples(t, db, coop, 6)
		anchorNow(t, db, coop, dir, base.Add(2*time.Hour))
		anchors, err := ReadAnchors(dir, db.ChainKey())
		if err != nil {
			t.Fatal(err)
		}
		ids := rowIDs(t, db, coop)
		exec(t, db, `UPDATE audit_log SET details = '{"i":"2","note":"poprawione"}' WHERE coop_id = $1 AND seq = 6`, coop)
		rehashFrom(t, db, coop, 6, db.ChainKey())
		if _, err := Verify(ctx, db.Read(), db.ChainKey(), coop); err != nil {
			t.Fatalf("re-hashed with the key, the chain verifies as %v: the test no longer shows the gap", err)
		}
		_, err = VerifyAnchored(ctx, db.Read(), db.ChainKey(), coop, anchors)
		wantBroken(t, err, 10, ids[10], "differs from the anchor")
	})
}

func TestAnchorSignature(t *testing.T) {
	key := storetest.ChainKey()
	a := Anchor{CoopID: 3, Slug: "sm-lazurowa", Seq: 42, Hash: strings.Repeat("ab", 32), At: base}
	text := a.Encode(key)
	got, err := ParseAnchor(text, key)
	if err != nil || got.Seq != 42 || got.CoopID != 3 || got.Hash != a.Hash || !got.At.Equal(base.Truncate(time.Second)) {
		t.Fatalf("ParseAnchor = %+v, %v", got, err)
	}
	for name, b := range map[string][]byte{
		"seq moved back":   []byte(strings.Replace(string(text), "seq: 42", "seq: 41", 1)),
		"hash changed":     []byte(strings.Replace(string(text), "hash: ab", "hash: ac", 1)),
		"no signature":     []byte(a.body()),
		"another key":      a.Encode([]byte("another key of at least thirty-two bytes")),
		"field twice":      []byte(strings.Replace(string(text), "seq: 42\n", "seq: 42\nseq: 43\n", 1)),
		"not an anchor":    []byte("hello\n"),
		"signature of nil": a.Encode(nil),
	} {
		if _, err := ParseAnchor(b, key); !errors.Is(err, ErrBadAnchor) {
			t.Errorf("%s: ParseAnchor = %v, want ErrBadAnchor", name, err)
		}
	}
	dir := t.TempDir()
	if _, err := WriteAnchor(dir, key, a); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "forged.anchor"), a.Encode([]byte("another key of at least thirty-two bytes")), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadAnchors(dir, key); !errors.Is(err, ErrBadAnchor) || !strings.Contains(err.Error(), "forged.anchor") {
		t.Errorf("ReadAnchors with a forged file = %v, want ErrBadAnchor naming it", err)
	}
}

func TestAppendWithoutKeyIsRefused(t *testing.T) {
	dsn := storetest.DSN(t, store.SQLite)
	ctx := context.Background()
	for i, key := range [][]byte{nil, []byte("31 bytes: one short of the leas")} {
		db, err := store.Open(ctx, dsn, store.Options{ChainKey: key})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		coop := storetest.InsertCoop(t, db, "a"+string(rune('0'+i)))
		err = db.InTx(ctx, func(tx *store.Tx) error { return Append(ctx, tx, sample(coop, 1)) })
		if !errors.Is(err, ErrNoKey) {
			t.Errorf("key of %d bytes: Append = %v, want ErrNoKey", len(key), err)
		}
		db.Close()
	}
}

// A chain from before the key (plain SHA-256) is re-hashed once by Rekey;
// a broken one is refused, and a keyed one left alone.
func TestRekey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coop := storetest.InsertCoop(t, db, "a")
		appendSamples(t, db, coop, 2500)
		rehashFrom(t, db, coop, 1, nil) // as written before chains were keyed
		if _, err := Verify(ctx, db.Read(), db.ChainKey(), coop); err == nil {
			t.Fatal("a plain chain verifies with the key")
		}
		if n, err := Rekey(ctx, db, coop); err != nil || n != 2500 {
			t.Fatalf("Rekey = %d, %v; want 2500, nil", n, err)
		}
		if n, err := Verify(ctx, db.Read(), db.ChainKey(), coop); err != nil || n != 2500 {
			t.Errorf("Verify after Rekey = %d, %v", n, err)
		}
		if _, err := Rekey(ctx, db, coop); !errors.Is(err, ErrAlreadyKeyed) {
			t.Errorf("second Rekey = %v, want ErrAlreadyKeyed", err)
		}
		appendSamples(t, db, coop, 1)
		if n, err := Verify(ctx, db.Read(), db.ChainKey(), coop); err != nil || n != 2501 {
			t.Errorf("Verify after an append = %d, %v", n, err)
		}

		// Started with the key before Rekey ran: plain rows, then keyed ones.
		mixed := storetest.InsertCoop(t, db, "m")
		appendSamples(t, db, mixed, 10)
		rehashFrom(t, db, mixed, 1, nil)
		appendSamples(t, db, mixed, 5)
		if n, err := Rekey(ctx, db, mixed); err != nil || n != 15 {
			t.Fatalf("Rekey of a mixed chain = %d, %v; want 15, nil", n, err)
		}
		if n, err := Verify(ctx, db.Read(), db.ChainKey(), mixed); err != nil || n != 15 {
			t.Errorf("Verify after Rekey of a mixed chain = %d, %v", n, err)
		}

		tampered := storetest.InsertCoop(t, db, "b")
		appendSamples(t, db, tampered, 10)
		rehashFrom(t, db, tampered, 1, nil)
		exec(t, db, `UPDATE audit_log SET subject = 'x' WHERE coop_id = $1 AND seq = 7`, tampered)
		_, err := Rekey(ctx, db, tampered)
		wantBroken(t, err, 7, rowIDs(t, db, tampered)[7], "the hash does not match")
		if _, err := Verify(ctx, db.Read(), nil, tampered); err == nil {
			t.Error("the refused Rekey changed the chain")
		}
	})
}

func TestLoadOrCreateKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "audit.key")
	key, created, err := LoadOrCreateKey(path)
	if err != nil || !created || len(key) != 64 {
		t.Fatalf("LoadOrCreateKey = %q, %v, %v", key, created, err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode = %v, %v; want 0600", fi.Mode(), err)
	}
	again, created, err := LoadOrCreateKey(path)
	if err != nil || created || string(again) != string(key) {
		t.Errorf("second LoadOrCreateKey = %q, %v, %v; want the same key", again, created, err)
	}
	if err := os.WriteFile(path, []byte("short\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadOrCreateKey(path); err == nil {
		t.Error("a 5-byte key was accepted")
	}
}
