package civil

import (
	"database/sql"
	"database/sql/driver"
	"encoding"
	"fmt"
	"time"
)

// Compile-time checks of the interfaces Date implements.
var (
	_ driver.Valuer            = Date{}
	_ sql.Scanner              = (*Date)(nil)
	_ encoding.TextMarshaler   = Date{}
	_ encoding.TextUnmarshaler = (*Date)(nil)
)

// timestampLayouts are the timestamp forms whose date part Scan accepts, as
// produced by PostgreSQL and SQLite drivers when a date is stored as text.
// Fractional seconds are accepted by time.Parse without being listed.
var timestampLayouts = [...]string{
	time.RFC3339,
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05Z07",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
}

// Value implements driver.Valuer. It returns the ISO form of d, nil for the
// zero Date, and ErrInvalid for any other date that is not valid.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	if !d.IsValid() {
		return nil, fmt.Errorf("civil: storing %s: %w", d, ErrInvalid)
	}
	return d.String(), nil
}

// Scan implements sql.Scanner. It accepts nil (giving the zero Date), a
// time.Time (its date in its own location, as PostgreSQL DATE values arrive
// at midnight UTC), and a string or []byte holding an ISO date or a
// timestamp whose date part is used.
func (d *Date) Scan(src any) error {
	var (
		parsed Date
		err    error
	)
	switch v := src.(type) {
	case nil:
		parsed = Date{}
	case time.Time:
		parsed, err = scanTime(v)
	case string:
		parsed, err = scanText(v)
	case []byte:
		parsed, err = scanText(string(v))
	default:
		return fmt.Errorf("civil: scanning %T into Date: %w", src, ErrScanType)
	}
	if err != nil {
		return fmt.Errorf("civil: scanning %T into Date: %w", src, err)
	}
	*d = parsed
	return nil
}

// scanTime converts a database time.Time to a Date.
func scanTime(t time.Time) (Date, error) {
	d := DateOf(t)
	if !d.IsZero() && !d.IsValid() {
		return Date{}, ErrRange
	}
	return d, nil
}

// scanText parses a database text value: an ISO date, or a timestamp whose
// date part is used.
func scanText(s string) (Date, error) {
	if len(s) <= 10 {
		return ParseISO(s)
	}
	if !isTimestamp(s) {
		return Date{}, ErrSyntax
	}
	return ParseISO(s[:10])
}

// isTimestamp reports whether s parses with one of timestampLayouts.
func isTimestamp(s string) bool {
	for _, layout := range timestampLayouts {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}

// MarshalText implements encoding.TextMarshaler. It returns the ISO form of
// d, empty text for the zero Date, and ErrInvalid for any other date that
// is not valid.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	if !d.IsValid() {
		return nil, fmt.Errorf("civil: marshaling %s: %w", d, ErrInvalid)
	}
	return []byte(d.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler. It accepts an ISO date,
// and empty text, which gives the zero Date.
func (d *Date) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*d = Date{}
		return nil
	}
	parsed, err := ParseISO(string(text))
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}
