package meters

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/ebok/ebok/internal/audit"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/store"
)

// PendingLimit is how many waiting readings Pending returns at most.
const PendingLimit = 200

// PendingReading is a submitted reading with what staff need to judge it.
type PendingReading struct {
	Reading
	PremisesID int64
	Address    string
	Kind       Kind
	Serial     string
	// PreviousValue and PreviousOn are the reading before this one that is
	// not rejected; PreviousOn is zero when there is none.
	PreviousValue Value
	PreviousOn    civil.Date
}

// HasPrevious reports whether a reading before this one counts.
func (p PendingReading) HasPrevious() bool { return !p.PreviousOn.IsZero() }

// Use is the use since the previous reading, 0 when there is none.
func (p PendingReading) Use() Value {
	if !p.HasPrevious() {
		return 0
	}
	return p.Value - p.PreviousValue
}

// PendingList is the oldest waiting readings and how many wait in all.
type PendingList struct {
	Readings []PendingReading
	Total    int
}

// pendingFrom are the joins and conditions of Pending: $1 the cooperative,
// $2 the estate or 0.
const pendingFrom = `FROM meter_readings r
	JOIN meters m ON m.coop_id = r.coop_id AND m.id = r.meter_id
	JOIN premises p ON p.coop_id = m.coop_id AND p.id = m.premises_id
	JOIN buildings b ON b.coop_id = p.coop_id AND b.id = p.building_id
	WHERE r.coop_id = $1 AND r.status = 'submitted' AND ($2 = 0 OR b.estate_id = $2)`

// previousOf picks the reading before r that is not rejected.
const previousOf = `(SELECT q.%s FROM meter_readings q
	WHERE q.coop_id = r.coop_id AND q.meter_id = r.meter_id AND q.status <> 'rejected'
		AND (q.read_on < r.read_on OR (q.read_on = r.read_on AND q.id < r.id))
	ORDER BY q.read_on DESC, q.id DESC LIMIT 1)`

// Pending lists the readings waiting for staff in the cooperative (in one
// estate when estateID is not 0), oldest first, at most PendingLimit.
func (s *Service) Pending(ctx context.Context, coopID, estateID int64) (PendingList, error) {
	var list PendingList
	q := s.DB.Read()
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) `+pendingFrom, coopID, estateID).Scan(&list.Total); err != nil {
		return list, fmt.Errorf("meters: count pending readings: %w", err)
	}
	var err error
	list.Readings, err = store.QueryAll(ctx, q, scanPending, `SELECT `+readingColumns+`, m.premises_id, m.kind, m.serial,
		p.kind, p.number, b.street, b.number, `+fmt.Sprintf(previousOf, "value")+`, `+fmt.Sprintf(previousOf, "read_on")+`
		`+pendingFrom+` ORDER BY r.created_at, r.id LIMIT $3`, coopID, estateID, PendingLimit)
	if err != nil {
		return list, fmt.Errorf("meters: pending readings: %w", err)
	}
	return list, nil
}

// scanPending scans a reading waiting for staff with its meter, premises
// and the previous reading not rejected, as Pending selects them.
func scanPending(row store.Scanner) (PendingReading, error) {
	var p PendingReading
	var prem coop.Premises
	var prev sql.NullInt64
	err := scanReading(row, &p.Reading, &p.PremisesID, &p.Kind, &p.Serial,
		&prem.Kind, &prem.Number, &prem.Street, &prem.House, &prev, &p.PreviousOn)
	p.Address, p.PreviousValue = prem.Address(), Value(prev.Int64)
	return p, err
}

// Accept marks a submitted reading accepted.
func (s *Service) Accept(ctx context.Context, by audit.Actor, readingID int64) error {
	if err := s.decideSubmitted(ctx, by, readingID, Accepted, ""); err != nil {
		return fmt.Errorf("meters: accept reading %d: %w", readingID, err)
	}
	return nil
}

// Reject marks a submitted reading rejected, with a note saying why.
func (s *Service) Reject(ctx context.Context, by audit.Actor, readingID int64, note string) error {
	note, ok := cleanNote(note)
	if !ok {
		return ErrNoteRequired
	}
	if err := s.decideSubmitted(ctx, by, readingID, Rejected, note); err != nil {
		return fmt.Errorf("meters: reject reading %d: %w", readingID, err)
	}
	return nil
}

// decideSubmitted moves a reading still waiting for staff to status to
// (accepted or rejected) and audits the decision, in one transaction; a
// reading decided meanwhile is ErrAlreadyDecided.
func (s *Service) decideSubmitted(ctx context.Context, by audit.Actor, readingID int64, to Status, note string) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		r, err := readingFor(ctx, tx, by, readingID)
		if err != nil {
			return err
		}
		if r.Status != Submitted {
			return ErrAlreadyDecided
		}
		if err := s.decide(ctx, tx, by, r, to, note); err != nil {
			return err
		}
		return s.auditDecision(ctx, tx, by, r, string(to), note, 0)
	})
}

// Correct replaces a submitted or accepted reading with the value staff
// found: the original is marked rejected with the note, and an accepted
// staff reading of the same day, with the same note, is added beside it.
// It returns the new reading's id. The value is not compared with other
// readings: staff have the last word.
func (s *Service) Correct(ctx context.Context, by audit.Actor, readingID int64, value Value, note string) (int64, error) {
	note, ok := cleanNote(note)
	if !ok {
		return 0, ErrNoteRequired
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		r, err := readingFor(ctx, tx, by, readingID)
		if err != nil {
			return err
		}
		if r.Status == Rejected {
			return ErrAlreadyDecided
		}
		if err := s.decide(ctx, tx, by, r, Rejected, note); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO meter_readings
			(coop_id, meter_id, read_on, value, source, status, submitted_by, decided_by, decided_at, note, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $8) RETURNING id`,
			by.CoopID, r.MeterID, r.ReadOn, value, FromStaff, Accepted, by.UserID, s.now(), note).Scan(&id); err != nil {
			return err
		}
		return s.auditDecision(ctx, tx, by, r, "corrected", note, value)
	})
	if err != nil {
		return 0, fmt.Errorf("meters: correct reading %d: %w", readingID, err)
	}
	return id, nil
}

// cleanNote trims a staff note and reports whether it is acceptable.
func cleanNote(note string) (string, bool) {
	note = strings.TrimSpace(note)
	return note, note != "" && len(note) <= MaxNote
}

// readingFor loads a reading the staff member may decide on and, on
// PostgreSQL, locks it until the transaction ends.
func readingFor(ctx context.Context, tx *store.Tx, by audit.Actor, id int64) (Reading, error) {
	q := `SELECT ` + readingColumns + ` FROM meter_readings r
		JOIN meters m ON m.coop_id = r.coop_id AND m.id = r.meter_id
		JOIN premises p ON p.coop_id = m.coop_id AND p.id = m.premises_id
		JOIN buildings b ON b.coop_id = p.coop_id AND b.id = p.building_id
		WHERE r.coop_id = $1 AND r.id = $2 AND ($3 = 0 OR b.estate_id = $3)`
	if tx.Dialect() == store.Postgres {
		q += ` FOR UPDATE OF r`
	}
	var r Reading
	err := scanReading(tx.QueryRowContext(ctx, q, by.CoopID, id, by.EstateID), &r)
	return r, err
}

// auditDecision logs a staff decision on a reading in the transaction that
// made it: what was decided, the reading's value and, for a correction,
// the value staff put in its place.
func (s *Service) auditDecision(ctx context.Context, tx *store.Tx, by audit.Actor, r Reading, decision, note string, corrected Value) error {
	details := map[string]string{"decision": decision, "meter": fmt.Sprint(r.MeterID),
		"read_on": r.ReadOn.Format(), "value": fmt.Sprint(int64(r.Value))}
	if note != "" {
		details["note"] = note
	}
	if decision == "corrected" {
		details["corrected_value"] = fmt.Sprint(int64(corrected))
	}
	return audit.Append(ctx, tx, by.Did(s.now(), audit.MeterReadingDecided, fmt.Sprintf("meter_reading:%d", r.ID), details))
}

// decide records a decision on a reading read in the same transaction.
func (s *Service) decide(ctx context.Context, tx *store.Tx, by audit.Actor, r Reading, to Status, note string) error {
	_, err := tx.ExecContext(ctx, `UPDATE meter_readings SET status = $3, decided_by = $4, decided_at = $5, note = $6
		WHERE coop_id = $1 AND id = $2`, by.CoopID, r.ID, to, by.UserID, s.now(), note)
	return err
}
