package meters

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
)

// Service reads meters and readings and records submissions and decisions.
type Service struct {
	DB *store.DB
	// Now stamps created_at and decided_at (default time.Now).
	Now func() time.Time
}

func (s *Service) now() time.Time { return s.Now().UTC() }

// Kind is what a meter measures.
type Kind string

// The kinds of meter.
const (
	ColdWater Kind = "cold_water" // woda zimna, in m³
	HotWater  Kind = "hot_water"  // woda ciepła, in m³
	Heat      Kind = "heat"       // ciepło, in GJ
)

// Kinds lists the kinds in the order pages show them.
var Kinds = []Kind{ColdWater, HotWater, Heat}

// Source is who supplied a reading.
type Source string

// The sources of readings.
const (
	FromResident Source = "resident"
	FromStaff    Source = "staff"
	FromImport   Source = "import"
)

// Sources lists every source.
var Sources = []Source{FromResident, FromStaff, FromImport}

// Status is where a reading stands.
type Status string

// The statuses of readings.
const (
	Submitted Status = "submitted" // waiting for staff
	Accepted  Status = "accepted"
	Rejected  Status = "rejected" // refused, or replaced by a correction
)

// Statuses lists every status.
var Statuses = []Status{Submitted, Accepted, Rejected}

// Errors of Submit and of the staff decisions. A meter or reading of
// another premises, estate or cooperative is store.ErrNotFound.
var (
	// ErrOutsideWindow: today is not a day of the reading window.
	ErrOutsideWindow = errors.New("meters: outside the reading window")
	// ErrNotInService: the meter is not installed yet or was removed.
	ErrNotInService = errors.New("meters: meter not in service")
	// ErrBelowPrevious: the value is below the last reading not rejected.
	ErrBelowPrevious = errors.New("meters: reading below the previous one")
	// ErrImplausible: the use since the previous reading is far above the
	// usual; Submit returns it as a *JumpError unless confirmed.
	ErrImplausible = errors.New("meters: implausible jump since the previous reading")
	// ErrAlreadyDecided: the reading is no longer waiting for a decision.
	ErrAlreadyDecided = errors.New("meters: reading already decided")
	// ErrNoteRequired: a correction or rejection needs a note (up to
	// MaxNote bytes) saying why.
	ErrNoteRequired = errors.New("meters: a note is required")
)

// MaxNote bounds a staff note, in bytes.
const MaxNote = 500

// Meter is one meter of a premises with its last reading.
type Meter struct {
	ID          int64
	PremisesID  int64
	Kind        Kind
	Serial      string
	InstalledOn civil.Date
	RemovedOn   civil.Date // zero while installed
	// Last is the newest reading that is not rejected, nil for none.
	Last *Reading
}

// InService reports whether the meter is installed on day: from its
// installation until the day before its removal.
func (m Meter) InService(day civil.Date) bool {
	return !m.InstalledOn.After(day) && (m.RemovedOn.IsZero() || m.RemovedOn.After(day))
}

// Reading is one reading of a meter.
type Reading struct {
	ID      int64
	MeterID int64
	ReadOn  civil.Date
	Value   Value
	Source  Source
	Status  Status
	// SubmittedBy and DecidedBy are user ids, 0 for none.
	SubmittedBy, DecidedBy int64
	DecidedAt              time.Time // zero while undecided
	Note                   string
	CreatedAt              time.Time
}

// readingColumns are a reading's columns. The COALESCEs let a LEFT JOIN
// that found no reading scan too, as a reading with ID 0.
const readingColumns = `COALESCE(r.id, 0), COALESCE(r.meter_id, 0), r.read_on, COALESCE(r.value, 0),
	COALESCE(r.source, ''), COALESCE(r.status, ''), r.submitted_by, r.decided_by, r.decided_at,
	COALESCE(r.note, ''), r.created_at`

// scanReading reads readingColumns and then any extra columns.
func scanReading(row interface{ Scan(...any) error }, r *Reading, extra ...any) error {
	var submitted, decided sql.NullInt64
	var decidedAt, createdAt store.NullTime
	dest := append([]any{&r.ID, &r.MeterID, &r.ReadOn, &r.Value, &r.Source, &r.Status,
		&submitted, &decided, &decidedAt, &r.Note, &createdAt}, extra...)
	if err := row.Scan(dest...); err != nil {
		return store.MapError(err)
	}
	r.SubmittedBy, r.DecidedBy = submitted.Int64, decided.Int64
	r.DecidedAt, r.CreatedAt = decidedAt.Time, createdAt.Time
	return nil
}

// Meters lists the meters of a premises, each with its last reading: by
// kind and serial, removed meters last.
func (s *Service) Meters(ctx context.Context, coopID, premisesID int64) ([]Meter, error) {
	// The last reading is the newest one not rejected.
	out, err := store.QueryAll(ctx, s.DB.Read(), scanMeter, `SELECT `+readingColumns+`,
		m.id, m.premises_id, m.kind, m.serial, m.installed_on, m.removed_on
		FROM meters m
		LEFT JOIN meter_readings r ON r.coop_id = m.coop_id AND r.id = (SELECT l.id FROM meter_readings l
			WHERE l.coop_id = m.coop_id AND l.meter_id = m.id AND l.status <> 'rejected'
			ORDER BY l.read_on DESC, l.id DESC LIMIT 1)
		WHERE m.coop_id = $1 AND m.premises_id = $2
		ORDER BY m.removed_on IS NOT NULL, m.removed_on DESC,
			CASE m.kind WHEN 'cold_water' THEN 1 WHEN 'hot_water' THEN 2 ELSE 3 END, m.serial`, coopID, premisesID)
	if err != nil {
		return nil, fmt.Errorf("meters: meters of premises %d: %w", premisesID, err)
	}
	return out, nil
}

// scanMeter scans a meter with its last reading not rejected, if any, as
// Meters selects them.
func scanMeter(row store.Scanner) (Meter, error) {
	var m Meter
	var last Reading
	if err := scanReading(row, &last, &m.ID, &m.PremisesID, &m.Kind, &m.Serial, &m.InstalledOn, &m.RemovedOn); err != nil {
		return m, err
	}
	if last.ID != 0 {
		m.Last = &last
	}
	return m, nil
}

// History lists every reading of a meter of the cooperative, newest first,
// rejected ones included. Callers check that the meter is one the user may
// see (it came from Meters).
func (s *Service) History(ctx context.Context, coopID, meterID int64) ([]Reading, error) {
	out, err := store.QueryAll(ctx, s.DB.Read(), func(row store.Scanner) (Reading, error) {
		var r Reading
		err := scanReading(row, &r)
		return r, err
	}, `SELECT `+readingColumns+` FROM meter_readings r
		WHERE r.coop_id = $1 AND r.meter_id = $2 ORDER BY r.read_on DESC, r.id DESC`, coopID, meterID)
	if err != nil {
		return nil, fmt.Errorf("meters: history of meter %d: %w", meterID, err)
	}
	return out, nil
}
