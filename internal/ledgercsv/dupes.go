package ledgercsv

import (
	"cmp"
	"fmt"
	"hash/maphash"
	"slices"
)

// idIndex finds external ids used more than once in a file. Keeping every
// id would cost tens of megabytes for a million rows, so it keeps a 64-bit
// fingerprint of each with its line (12 bytes a row) and compares them once
// the file has been read. Two different ids share a fingerprint with a
// chance of about 3 in 100 million for a million-row file; the seed is
// random, so such a false alarm would not recur on a second try, and the
// database's unique index stays the final guard.
type idIndex struct {
	seed maphash.Seed
	seen []idSeen
}

// idSeen is one id's fingerprint and line. The top bit of line records that
// the line already has another problem, so it is counted as bad only once.
type idSeen struct{ hi, lo, line uint32 }

// key returns the fingerprint.
func (s idSeen) key() uint64 { return uint64(s.hi)<<32 | uint64(s.lo) }

// badLine marks idSeen.line of a line that has other problems.
const badLine = 1 << 31

// newIDIndex returns an empty index.
func newIDIndex() *idIndex {
	return &idIndex{seed: maphash.MakeSeed()}
}

// add remembers that id appears on line. Empty ids are skipped: they are
// reported as missing. line must be below 1<<31.
func (x *idIndex) add(id string, line int, bad bool) {
	if id == "" {
		return
	}
	h := maphash.String(x.seed, id)
	l := uint32(line)
	if bad {
		l |= badLine
	}
	x.seen = append(x.seen, idSeen{hi: uint32(h >> 32), lo: uint32(h), line: l})
}

// report adds a problem for every repeated id, on each line after the first
// that uses it, naming that first line. col is the column's name in the
// file. It also calls repeated, unless nil, with each such line, and
// returns how many lines this made bad that had no problem before.
func (x *idIndex) report(col string, sink *problems, repeated func(line int)) int {
	slices.SortFunc(x.seen, func(a, b idSeen) int {
		if ka, kb := a.key(), b.key(); ka != kb {
			return cmp.Compare(ka, kb)
		}
		return cmp.Compare(a.line&^badLine, b.line&^badLine)
	})
	newlyBad := 0
	for i := 1; i < len(x.seen); i++ {
		first, s := x.seen[i-1], x.seen[i]
		if s.key() != first.key() {
			continue
		}
		// Carry the run's first line forward so every repeat names it.
		x.seen[i].line = first.line&^badLine | s.line&badLine
		sink.add(Problem{
			Line:   int(s.line &^ badLine),
			Column: col,
			Msg:    fmt.Sprintf("Identyfikator zewnętrzny powtarza się: ten sam jest w wierszu %d", first.line&^badLine),
		})
		if s.line&badLine == 0 {
			newlyBad++
		}
		if repeated != nil {
			repeated(int(s.line &^ badLine))
		}
	}
	x.seen = nil
	return newlyBad
}
