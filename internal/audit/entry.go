package audit

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Entry is one row of the log.
type Entry struct {
	// CoopID is the cooperative whose chain the row belongs to.
	CoopID int64
	// At is when it happened (required); Append stores it in UTC,
	// truncated to microseconds.
	At time.Time
	// ActorID is the user who acted (0 = none: an applicant, the system).
	ActorID int64
	// Actor names who acted, e.g. "staff:admin", "resident:E0000001",
	// ActorSystem or ActorAnonymous.
	Actor string
	// Action is what happened.
	Action Action
	// Subject is the record acted on, e.g. "application:12", "user:5".
	Subject string
	// PersonID is the person whose personal data this concerns (0 = none).
	PersonID int64
	// IP is the client address, "" when there is none.
	IP string
	// Details add facts the action needs (a reason, a checklist item). They
	// must never carry secrets: see ErrSecretDetail.
	Details map[string]string

	// Read side: filled by List, LastLogins and Verify; Append ignores them.

	// ID is the row's database id.
	ID int64
	// Seq is the row's place in its cooperative's chain, from 1.
	Seq int64
	// PrevHash is the hash of the row before (64 zeros for the first).
	PrevHash string
	// Hash is the hex SHA-256 of the row's canonical encoding.
	Hash string
}

// Errors Append returns for entries it refuses. Test with errors.Is.
var (
	// ErrInvalidEntry: a required field is missing or a value cannot be
	// stored faithfully on both engines.
	ErrInvalidEntry = errors.New("audit: invalid entry")
	// ErrSecretDetail: a Details key names a secret. A key is split into
	// words (at '_', '-', '.', spaces and camelCase) and refused when any
	// word is password, token, secret or code, in any case: "password",
	// "reset_token" and "totpCode" are all refused. The guard is cheap, not
	// complete: never put secrets in Details under any name.
	ErrSecretDetail = errors.New("audit: details must not carry secrets")
)

// normalise brings At to the form both engines store (UTC, microseconds),
// so that the hash still verifies after a round trip.
func normalise(e Entry) Entry {
	e.At = e.At.UTC().Truncate(time.Microsecond)
	return e
}

// validate checks an entry before it is appended.
func validate(e Entry) error {
	switch {
	case e.CoopID <= 0:
		return fmt.Errorf("%w: no cooperative", ErrInvalidEntry)
	case !e.Action.Valid():
		return fmt.Errorf("%w: unknown action %q", ErrInvalidEntry, e.Action)
	case e.Actor == "":
		return fmt.Errorf("%w: no actor", ErrInvalidEntry)
	case e.At.IsZero():
		return fmt.Errorf("%w: no time", ErrInvalidEntry)
	case e.ActorID < 0 || e.PersonID < 0:
		return fmt.Errorf("%w: negative id", ErrInvalidEntry)
	}
	// PostgreSQL refuses NUL and invalid UTF-8 in text where SQLite would
	// keep them: refuse them on both so that the engines agree.
	for _, v := range []string{e.Actor, e.Subject, e.IP} {
		if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
			return fmt.Errorf("%w: %q is not valid text", ErrInvalidEntry, v)
		}
	}
	for k, v := range e.Details {
		// JSON would quietly replace invalid UTF-8, and the stored details
		// would no longer match the hash.
		if k == "" || !utf8.ValidString(k) || !utf8.ValidString(v) {
			return fmt.Errorf("%w: details key %q or its value is not valid text", ErrInvalidEntry, k)
		}
		if secretKey(k) {
			return fmt.Errorf("%w: key %q", ErrSecretDetail, k)
		}
	}
	return nil
}

// secretKey reports whether any word of key is one that names a secret.
func secretKey(key string) bool {
	for _, w := range words(key) {
		switch strings.ToLower(w) {
		case "password", "token", "secret", "code":
			return true
		}
	}
	return false
}

// words splits an identifier at non-alphanumeric runes and at camelCase
// boundaries: "resetToken_v2" gives "reset", "Token", "v2".
func words(s string) []string {
	var out []string
	start := -1
	var prev rune
	for i, r := range s {
		alnum := unicode.IsLetter(r) || unicode.IsDigit(r)
		boundary := !alnum || (unicode.IsUpper(r) && unicode.IsLower(prev))
		if boundary && start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
		if alnum && start < 0 {
			start = i
		}
		prev = r
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}
