package audit

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// MinKeyLen is the shortest chain key accepted, in bytes.
const MinKeyLen = 32

// CheckKey says what is wrong with a chain key (nil when nothing).
func CheckKey(key []byte) error {
	if len(key) < MinKeyLen {
		return fmt.Errorf("audit: the chain key has %d bytes, at least %d are needed (e.g. `openssl rand -hex 32`)", len(key), MinKeyLen)
	}
	return nil
}

// LoadOrCreateKey reads the chain key from the file at path (its content,
// surrounding white space removed), creating the file, readable by its
// owner alone (0600), with 32 random bytes in hex when there is none yet.
// created tells whether it did. The key must stay outside the database:
// whoever holds it can re-hash a rewritten chain.
func LoadOrCreateKey(path string) (key []byte, created bool, err error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, false, fmt.Errorf("audit: create the key's folder: %w", err)
		}
		raw := make([]byte, 32)
		if _, err := rand.Read(raw); err != nil {
			return nil, false, fmt.Errorf("audit: make a key: %w", err)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, false, fmt.Errorf("audit: create the key file: %w", err)
		}
		key := []byte(hex.EncodeToString(raw))
		_, werr := f.Write(append(key, '\n'))
		if err := errors.Join(werr, f.Sync(), f.Close()); err != nil {
			return nil, false, fmt.Errorf("audit: write the key file %s: %w", path, err)
		}
		return key, true, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("audit: read the key file: %w", err)
	}
	key = []byte(strings.TrimSpace(string(b)))
	if err := CheckKey(key); err != nil {
		return nil, false, fmt.Errorf("%s: %w", path, err)
	}
	return key, false, nil
}
