package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// TestCheckpointIsNotTheWritersWork: on SQLite a commit that takes the
// write-ahead log past 1,000 pages (SQLite's default mark) returns
// without copying the log into the database file — the other writes would
// wait behind that copy — and the checkpointer copies it a moment later.
// SQLite only: PostgreSQL has no such step in its commits.
func TestCheckpointIsNotTheWritersWork(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ebok.db")
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	// Through the bulk loaders' connection: this commit does not wake the
	// checkpointer, so nothing of it runs while the test looks.
	if _, err := db.WriteConn().ExecContext(ctx, `CREATE TABLE ckpt_probe (id INTEGER PRIMARY KEY, b BLOB NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.WriteConn().ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	before := fileSize(t, path)
	// 1,500 pages of 16 KiB and more: past the 1,000 of SQLite's default.
	const blobs, blobSize = 400, 64 << 10
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		for range blobs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO ckpt_probe (b) VALUES (randomblob($1))`, blobSize); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got := fileSize(t, path); got != before {
		t.Fatalf("the commit copied the log into the file itself: %d bytes before, %d after", before, got)
	}
	want := before + blobs*blobSize
	deadline := time.Now().Add(30 * time.Second)
	for fileSize(t, path) < want {
		if time.Now().After(deadline) {
			t.Fatalf("the log was not copied into the file within 30 s: %d bytes, want at least %d", fileSize(t, path), want)
		}
		time.Sleep(50 * time.Millisecond)
	}
	var n int
	if err := db.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM ckpt_probe`).Scan(&n); err != nil || n != blobs {
		t.Fatalf("rows after the checkpoint: %d, %v; want %d", n, err, blobs)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
