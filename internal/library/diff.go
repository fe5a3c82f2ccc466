package library

import (
	"context"
	"fmt"
	"strings"

	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/store"
)

// DiffOp says whether a line of a diff is kept, removed or added.
type DiffOp string

// The operations of a diff.
const (
	Same    DiffOp = "same"
	Removed DiffOp = "removed"
	Added   DiffOp = "added"
)

// DiffLine is one line of a diff of two texts.
type DiffLine struct {
	Op   DiffOp
	Text string
}

// Diff is the difference between two files' extracted text, line by line
// (lines with spaces collapsed and blank lines dropped, so that a new page
// break or a reflowed paragraph margin does not count as a change).
type Diff struct {
	From, To File
	// FromDoc, ToDoc are the documents the files belong to.
	FromDoc, ToDoc Document
	Lines          []DiffLine
	// TooDifferent is set when the texts differ in more than maxDiffEdits
	// lines: the diff is then not shown.
	TooDifferent bool
}

// maxDiffEdits bounds a diff's work: beyond it, the texts are simply
// different documents.
const maxDiffEdits = 3000

// Compare is the diff of two files rd may see: each of a document rd may
// open (any two, e.g. two versions of a document's PDF, or a regulation
// and the one it superseded).
func (s *Service) Compare(ctx context.Context, rd Reader, fromFile, toFile int64) (Diff, error) {
	var out Diff
	var texts [2]string
	for i, id := range []int64{fromFile, toFile} {
		var docID int64
		var text string
		err := s.DB.Read().QueryRowContext(ctx, `SELECT document_id, text FROM library_files WHERE coop_id = $1 AND id = $2`,
			rd.CoopID, id).Scan(&docID, &text)
		if err != nil {
			return Diff{}, fmt.Errorf("library: compare file %d: %w", id, store.MapError(err))
		}
		d, aud, err := s.openable(ctx, rd, docID)
		if err != nil {
			return Diff{}, err
		}
		f, err := scanFile(s.DB.Read().QueryRowContext(ctx, `SELECT `+fileColumns+` FROM library_files f
			WHERE f.coop_id = $1 AND f.id = $2`, rd.CoopID, id))
		if err != nil {
			return Diff{}, err
		}
		if !aud.seesFile(d, f) {
			return Diff{}, fmt.Errorf("library: file %d hidden: %w", id, fault.ErrNotFound)
		}
		if i == 0 {
			out.From, out.FromDoc = f, d
		} else {
			out.To, out.ToDoc = f, d
		}
		texts[i] = text
	}
	out.Lines, out.TooDifferent = diffLines(textLines(texts[0]), textLines(texts[1]), maxDiffEdits)
	return out, nil
}

// textLines are a text's non-blank lines with their spaces collapsed.
func textLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// diffLines is the shortest edit script from a to b (Myers' algorithm),
// or too different when it needs more than maxEdits removals and additions.
func diffLines(a, b []string, maxEdits int) ([]DiffLine, bool) {
	n, m := len(a), len(b)
	max := n + m
	if max > maxEdits {
		max = maxEdits
	}
	off := max + 1
	v := make([]int, 2*max+3)
	var trace [][]int
	for d := 0; d <= max; d++ {
		snap := make([]int, len(v))
		copy(snap, v)
		trace = append(trace, snap)
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				return backtrack(a, b, trace, off, d), false
			}
		}
	}
	return nil, true
}

// backtrack walks the trace of diffLines back from the end to the start.
func backtrack(a, b []string, trace [][]int, off, d int) []DiffLine {
	x, y := len(a), len(b)
	var rev []DiffLine
	for ; d >= 0; d-- {
		v := trace[d]
		k := x - y
		var prevK int
		if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := v[off+prevK]
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			rev = append(rev, DiffLine{Same, a[x-1]})
			x, y = x-1, y-1
		}
		if d == 0 {
			break
		}
		if x == prevX {
			rev = append(rev, DiffLine{Added, b[y-1]})
		} else {
			rev = append(rev, DiffLine{Removed, a[x-1]})
		}
		x, y = prevX, prevY
	}
	out := make([]DiffLine, len(rev))
	for i, l := range rev {
		out[len(rev)-1-i] = l
	}
	return out
}
