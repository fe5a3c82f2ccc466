package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/config"
)

func TestFlashKey(t *testing.T) {
	dir := t.TempDir()
	cfg := &config.Config{DataDir: filepath.Join(dir, "data")}
	first, err := flashKey(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) < 32 {
		t.Fatalf("key of %d bytes", len(first))
	}
	st, err := os.Stat(filepath.Join(cfg.DataDir, "flash.key"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("flash.key: %v %v", st, err)
	}
	// A restart (or a second node on the same directory) reads the same key.
	again, err := flashKey(cfg)
	if err != nil || string(again) != string(first) {
		t.Errorf("second start: %q %v, want the first key", again, err)
	}
	// A configured key wins; 31 characters are too few, 32 enough.
	cfg.FlashKey = strings.Repeat("k", 31)
	if _, err := flashKey(cfg); err == nil {
		t.Error("a 31-character key was accepted")
	}
	cfg.FlashKey = strings.Repeat("k", 32)
	if k, err := flashKey(cfg); err != nil || string(k) != cfg.FlashKey {
		t.Errorf("configured key: %q %v", k, err)
	}
}
