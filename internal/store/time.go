package store

import (
	"fmt"
	"time"
)

// NullTime scans a timestamp that may be NULL. Unlike sql.NullTime it also
// reads the text SQLite returns for an aggregate such as MAX(created_at),
// where the column's declared type, and with it the driver's conversion,
// is lost.
type NullTime struct {
	Time  time.Time
	Valid bool
}

// sqliteLayouts are the text forms SQLite stores timestamps in.
var sqliteLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999Z07:00",
	time.RFC3339Nano,
	"2006-01-02 15:04:05",
}

// Scan implements sql.Scanner.
func (n *NullTime) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*n = NullTime{}
		return nil
	case time.Time:
		*n = NullTime{Time: v, Valid: true}
		return nil
	case []byte:
		return n.Scan(string(v))
	case string:
		for _, layout := range sqliteLayouts {
			if t, err := time.Parse(layout, v); err == nil {
				*n = NullTime{Time: t, Valid: true}
				return nil
			}
		}
		return fmt.Errorf("store: cannot read %q as a time", v)
	}
	return fmt.Errorf("store: cannot read %T as a time", src)
}
