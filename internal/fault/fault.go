// Package fault holds the few errors every layer may test for with
// errors.Is: a record that does not exist, a change a unique rule refused,
// and a reference to something that is not there. The store maps driver
// errors onto them; services return them wrapped; the web turns them into
// pages without knowing which database said so.
package fault

import "errors"

var (
	// ErrNotFound: the record asked for does not exist, or belongs to
	// another cooperative or person, which callers must not be able to tell
	// apart.
	ErrNotFound = errors.New("not found")
	// ErrConflict: a unique rule refused the change (the record exists).
	ErrConflict = errors.New("conflict")
	// ErrReference: a foreign key or check constraint refused the change.
	ErrReference = errors.New("invalid reference")
)
