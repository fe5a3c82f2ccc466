package store

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/ebok/ebok/internal/fault"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Sentinel errors shared by every domain package, the same values as
// package fault's (which layers above the services test for, without
// importing the store). Test with errors.Is.
var (
	// ErrNotFound: the row asked for does not exist (or belongs to another
	// cooperative, which callers must not be able to tell apart).
	ErrNotFound = fault.ErrNotFound
	// ErrConflict: a unique constraint refused the change.
	ErrConflict = fault.ErrConflict
	// ErrReference: a foreign key or check constraint refused the change.
	ErrReference = fault.ErrReference
)

// MapError turns driver errors into the sentinels above, keeping the
// original error wrapped for logs. Other errors pass through unchanged.
func MapError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, ErrNotFound) || errors.Is(err, ErrConflict) || errors.Is(err, ErrReference) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "23505": // unique_violation
			return fmt.Errorf("%w: %w", ErrConflict, err)
		case "23503", "23514", "23502": // foreign_key, check, not_null
			return fmt.Errorf("%w: %w", ErrReference, err)
		}
		return err
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		switch liteErr.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("%w: %w", ErrConflict, err)
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY, sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return fmt.Errorf("%w: %w", ErrReference, err)
		}
	}
	return err
}
