package civil

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func TestValue(t *testing.T) {
	v, err := d(2026, time.November, 21).Value()
	if err != nil || v != "2026-11-21" {
		t.Errorf("Value() = %#v, %v", v, err)
	}
	v, err = Date{}.Value()
	if err != nil || v != nil {
		t.Errorf("zero Value() = %#v, %v; want nil, nil", v, err)
	}
	_, err = d(2026, time.February, 30).Value()
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("invalid Value() error = %v", err)
	}
}

func TestScan(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		src  any
		want Date
	}{
		{"nil", nil, Date{}},
		{"postgres DATE", time.Date(2026, time.November, 21, 0, 0, 0, 0, time.UTC), d(2026, time.November, 21)},
		{"time in Warsaw", time.Date(2026, time.November, 21, 0, 30, 0, 0, loc), d(2026, time.November, 21)},
		{"zero time", time.Time{}, Date{}},
		{"string", "2026-11-21", d(2026, time.November, 21)},
		{"bytes", []byte("2026-11-21"), d(2026, time.November, 21)},
		{"RFC3339 UTC", "2026-11-21T00:00:00Z", d(2026, time.November, 21)},
		{"RFC3339 offset", "2026-11-21T23:30:00-05:00", d(2026, time.November, 21)},
		{"RFC3339 nano", "2026-11-21T10:11:12.123456789+01:00", d(2026, time.November, 21)},
		{"RFC3339 bytes", []byte("2026-11-21T00:00:00Z"), d(2026, time.November, 21)},
		{"space timestamp", "2026-11-21 00:00:00+00:00", d(2026, time.November, 21)},
		{"postgres text timestamp", "2026-11-21 10:00:00+01", d(2026, time.November, 21)},
		{"sqlite timestamp", "2026-11-21 10:00:00", d(2026, time.November, 21)},
		{"sqlite fractional", "2026-11-21 10:00:00.5", d(2026, time.November, 21)},
		{"local T timestamp", "2026-11-21T10:00:00", d(2026, time.November, 21)},
	}
	for _, tt := range tests {
		got := d(1999, time.January, 1) // must be overwritten
		if err := got.Scan(tt.src); err != nil || got != tt.want {
			t.Errorf("%s: Scan(%#v) = %v, %v; want %v", tt.name, tt.src, got, err, tt.want)
		}
	}
}

func TestScanErrors(t *testing.T) {
	tests := []struct {
		name string
		src  any
		want error
	}{
		{"int", int64(20261121), ErrScanType},
		{"float", 1.5, ErrScanType},
		{"bool", true, ErrScanType},
		{"empty string", "", ErrSyntax},
		{"junk", "junk", ErrSyntax},
		{"Polish", "21.11.2026", ErrSyntax},
		{"bad date", "2026-02-30", ErrInvalid},
		{"bad timestamp date", "2026-02-30T00:00:00Z", ErrSyntax},
		{"timestamp junk", "2026-11-21Tjunk", ErrSyntax},
		{"timestamp trailing", "2026-11-21T00:00:00Zjunk", ErrSyntax},
		{"old year", "1800-01-01", ErrRange},
		{"old year time", time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC), ErrRange},
		{"far year time", time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), ErrRange},
		{"old year timestamp", "1800-01-01T00:00:00Z", ErrRange},
	}
	for _, tt := range tests {
		before := d(1999, time.January, 1)
		got := before
		err := got.Scan(tt.src)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: Scan(%#v) error = %v, want %v", tt.name, tt.src, err, tt.want)
		}
		if got != before {
			t.Errorf("%s: Scan modified the date on error: %v", tt.name, got)
		}
	}
}

func TestTextMarshaling(t *testing.T) {
	text, err := d(2026, time.November, 21).MarshalText()
	if err != nil || string(text) != "2026-11-21" {
		t.Errorf("MarshalText = %q, %v", text, err)
	}
	text, err = Date{}.MarshalText()
	if err != nil || len(text) != 0 {
		t.Errorf("zero MarshalText = %q, %v", text, err)
	}
	if _, err := d(2026, 2, 30).MarshalText(); !errors.Is(err, ErrInvalid) {
		t.Errorf("invalid MarshalText error = %v", err)
	}

	var got Date
	if err := got.UnmarshalText([]byte("2026-11-21")); err != nil || got != d(2026, 11, 21) {
		t.Errorf("UnmarshalText = %v, %v", got, err)
	}
	if err := got.UnmarshalText(nil); err != nil || !got.IsZero() {
		t.Errorf("UnmarshalText(empty) = %v, %v", got, err)
	}
	got = d(2026, 11, 21)
	if err := got.UnmarshalText([]byte("21.11.2026")); !errors.Is(err, ErrSyntax) || got != d(2026, 11, 21) {
		t.Errorf("UnmarshalText(Polish) = %v, %v", got, err)
	}
	if err := got.UnmarshalText([]byte("2026-02-30")); !errors.Is(err, ErrInvalid) {
		t.Errorf("UnmarshalText(invalid) error = %v", err)
	}
}

func TestJSON(t *testing.T) {
	type payload struct {
		Due Date `json:"due"`
	}
	b, err := json.Marshal(payload{Due: d(2026, 11, 21)})
	if err != nil || string(b) != `{"due":"2026-11-21"}` {
		t.Fatalf("json.Marshal = %s, %v", b, err)
	}
	var p payload
	if err := json.Unmarshal(b, &p); err != nil || p.Due != d(2026, 11, 21) {
		t.Fatalf("json.Unmarshal = %v, %v", p, err)
	}
	b, err = json.Marshal(payload{})
	if err != nil || string(b) != `{"due":""}` {
		t.Fatalf("json.Marshal(zero) = %s, %v", b, err)
	}
}
