// Package auth keeps ebok's logins: password hashing, users, sessions and
// the rules of who may log in through which door.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
)

// argon2id parameters: the OWASP minimum (19 MiB, 2 passes, 1 lane).
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
)

// ErrMalformedHash: a stored hash is not in the argon2id PHC format.
var ErrMalformedHash = errors.New("auth: malformed password hash")

// Hasher hashes and checks passwords with argon2id, bounding how many run at
// once so that a burst of logins cannot exhaust memory or starve requests.
type Hasher struct {
	slots chan struct{}
	// verified counts Verify calls that did the hashing work; tests use it
	// to show that an unknown login costs the same as a wrong password.
	verified atomic.Int64
}

// NewHasher returns a Hasher that runs at most n hashes at once.
func NewHasher(n int) *Hasher {
	if n < 1 {
		n = 1
	}
	return &Hasher{slots: make(chan struct{}, n)}
}

func (h *Hasher) acquire(ctx context.Context) error {
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (h *Hasher) release() { <-h.slots }

// Hash returns the PHC-format argon2id hash of password with a fresh salt.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	h.release()
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// Verify reports whether password matches the stored hash, in constant time
// for a given hash.
func (h *Hasher) Verify(ctx context.Context, hash, password string) (bool, error) {
	p, err := parseHash(hash)
	if err != nil {
		return false, err
	}
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	key := argon2.IDKey([]byte(password), p.salt, p.time, p.memory, p.threads, uint32(len(p.key)))
	h.release()
	h.verified.Add(1)
	return subtle.ConstantTimeCompare(key, p.key) == 1, nil
}

type hashParams struct {
	memory, time uint32
	threads      uint8
	salt, key    []byte
}

func parseHash(s string) (hashParams, error) {
	var p hashParams
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return p, ErrMalformedHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, ErrMalformedHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.memory, &p.time, &p.threads); err != nil {
		return p, ErrMalformedHash
	}
	if p.memory == 0 || p.memory > 1<<20 || p.time == 0 || p.time > 10 || p.threads == 0 {
		return p, ErrMalformedHash
	}
	var err1, err2 error
	p.salt, err1 = base64.RawStdEncoding.DecodeString(parts[4])
	p.key, err2 = base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(p.salt) < 8 || len(p.key) < 16 {
		return p, ErrMalformedHash
	}
	return p, nil
}
