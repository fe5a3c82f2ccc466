package audit

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// anchorTag starts every anchor; the signature covers it.
const anchorTag = "ebok-audit-anchor-v1"

// AnchorExt is the file name extension of anchors; ReadAnchors reads only
// these files.
const AnchorExt = ".anchor"

// Anchor is a chain's head copied out of the database at a moment: which
// row was last and its hash. Kept elsewhere (another machine, the board's
// mailbox), anchors reveal rows deleted from the end of the chain and a
// chain rewritten by whoever holds the key, which the chain alone cannot.
type Anchor struct {
	CoopID int64
	Slug   string
	Seq    int64
	Hash   string
	At     time.Time
	// File is where ReadAnchors found it (empty for a new anchor).
	File string
}

// Head returns the anchor of a cooperative's chain as it is now.
func Head(ctx context.Context, q store.Querier, coopID int64, slug string, now time.Time) (Anchor, error) {
	seq, hash, err := readHead(ctx, q, coopID)
	if err != nil {
		return Anchor{}, err
	}
	return Anchor{CoopID: coopID, Slug: slug, Seq: seq, Hash: hash, At: now.UTC().Truncate(time.Second)}, nil
}

// body is the signed part of an anchor.
func (a Anchor) body() string {
	return fmt.Sprintf("%s\ncoop: %d\nslug: %s\nseq: %d\nhash: %s\nat: %s\n",
		anchorTag, a.CoopID, a.Slug, a.Seq, a.Hash, a.At.UTC().Format(time.RFC3339))
}

// sign is the hex HMAC-SHA256 of text under the key.
func sign(key []byte, text string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(text))
	return hex.EncodeToString(m.Sum(nil))
}

// Encode is the anchor as text, signed with the chain key (HMAC-SHA256):
// short enough to read aloud or print, and what the e-mail variant sends.
func (a Anchor) Encode(key []byte) []byte {
	body := a.body()
	return []byte(body + "signature: " + sign(key, body) + "\n")
}

// ErrBadAnchor: an anchor is malformed or its signature is not the key's.
var ErrBadAnchor = errors.New("audit: anchor is not valid")

// ParseAnchor reads an anchor written by Encode and checks its signature.
func ParseAnchor(b []byte, key []byte) (Anchor, error) {
	fields := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	first := true
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if first {
			if line != anchorTag {
				return Anchor{}, fmt.Errorf("%w: it does not start with %s", ErrBadAnchor, anchorTag)
			}
			first = false
			continue
		}
		if line == "" {
			continue
		}
		k, v, ok := strings.Cut(line, ": ")
		if !ok {
			return Anchor{}, fmt.Errorf("%w: line %q", ErrBadAnchor, line)
		}
		if _, dup := fields[k]; dup {
			return Anchor{}, fmt.Errorf("%w: %s given twice", ErrBadAnchor, k)
		}
		fields[k] = v
	}
	var a Anchor
	var err1, err2, err3 error
	a.CoopID, err1 = strconv.ParseInt(fields["coop"], 10, 64)
	a.Seq, err2 = strconv.ParseInt(fields["seq"], 10, 64)
	a.At, err3 = time.Parse(time.RFC3339, fields["at"])
	a.Slug, a.Hash = fields["slug"], fields["hash"]
	if err := errors.Join(err1, err2, err3); err != nil || len(fields) != 6 || len(a.Hash) != 64 {
		return Anchor{}, fmt.Errorf("%w: want coop, slug, seq, hash, at and signature (%v)", ErrBadAnchor, err)
	}
	if !hmac.Equal([]byte(sign(key, a.body())), []byte(fields["signature"])) {
		return Anchor{}, fmt.Errorf("%w: the signature is not made with this audit key", ErrBadAnchor)
	}
	return a, nil
}

// FileName is the name an anchor is kept under, in a folder or as an
// e-mail attachment: <slug>-<time>-<seq>.anchor.
func (a Anchor) FileName() string {
	return fmt.Sprintf("%s-%s-%d%s", a.Slug, a.At.UTC().Format("20060102T150405Z"), a.Seq, AnchorExt)
}

// WriteAnchor writes a to dir (created 0700 when missing) as
// <slug>-<time>-<seq>.anchor, whole or not at all, and returns the path.
func WriteAnchor(dir string, key []byte, a Anchor) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("audit: create the anchor folder: %w", err)
	}
	path := filepath.Join(dir, a.FileName())
	tmp, err := os.CreateTemp(dir, ".anchor-*")
	if err != nil {
		return "", fmt.Errorf("audit: write anchor: %w", err)
	}
	_, werr := tmp.Write(a.Encode(key))
	if err := errors.Join(werr, tmp.Sync(), tmp.Close()); err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("audit: write anchor %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("audit: write anchor %s: %w", path, err)
	}
	return path, nil
}

// ReadAnchors reads every *.anchor file in dir, in name order, and checks
// each one's signature: a file that is not a valid anchor signed with key
// is an error naming it, never skipped.
func ReadAnchors(dir string, key []byte) ([]Anchor, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("audit: read anchors: %w", err)
	}
	var out []Anchor
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), AnchorExt) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("audit: read anchor: %w", err)
		}
		a, err := ParseAnchor(b, key)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		a.File = path
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b Anchor) int { return strings.Compare(a.File, b.File) })
	return out, nil
}
