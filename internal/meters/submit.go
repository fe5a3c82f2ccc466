package meters

import (
	"context"
	"errors"
	"fmt"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
)

// Submission is a reading a resident submits for a meter of their premises.
// It is a struct, not a row of int64 arguments, so that a premises id and
// a meter id cannot swap places unnoticed.
type Submission struct {
	CoopID, PremisesID, MeterID int64
	// By is the resident's user id.
	By    int64
	Value Value
	// Confirmed: the resident confirmed a reading that Submit refused as
	// implausible.
	Confirmed bool
}

// Submit records a resident's reading of today, waiting for staff. It
// returns store.ErrNotFound for a meter that is not the premises', and
// ErrOutsideWindow, ErrNotInService, ErrBelowPrevious or (unless
// confirmed) a *JumpError, which is ErrImplausible.
func (s *Service) Submit(ctx context.Context, sub Submission, today civil.Date) (int64, error) {
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		m, err := lockMeter(ctx, tx, sub)
		if err != nil {
			return err
		}
		w, err := readWindow(ctx, tx, sub.CoopID)
		switch {
		case err != nil:
			return err
		case !w.Open(today):
			return ErrOutsideWindow
		case !m.InService(today):
			return ErrNotInService
		}
		if err := checkValue(ctx, tx, sub, m.Kind, today); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO meter_readings
			(coop_id, meter_id, read_on, value, source, status, submitted_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			sub.CoopID, sub.MeterID, today, sub.Value, FromResident, Submitted, sub.By, s.now()).Scan(&id)
	})
	if err != nil {
		return 0, fmt.Errorf("meters: submit a reading of meter %d: %w", sub.MeterID, err)
	}
	return id, nil
}

// lockMeter loads the submission's meter, which must be the premises',
// and on PostgreSQL locks it until the transaction ends, so that two
// submissions for one meter are checked one after the other (SQLite's
// single writer does that already).
func lockMeter(ctx context.Context, tx *store.Tx, sub Submission) (Meter, error) {
	q := `SELECT id, premises_id, kind, serial, installed_on, removed_on FROM meters
		WHERE coop_id = $1 AND premises_id = $2 AND id = $3`
	if tx.Dialect() == store.Postgres {
		q += ` FOR UPDATE`
	}
	var m Meter
	err := tx.QueryRowContext(ctx, q, sub.CoopID, sub.PremisesID, sub.MeterID).
		Scan(&m.ID, &m.PremisesID, &m.Kind, &m.Serial, &m.InstalledOn, &m.RemovedOn)
	return m, store.MapError(err)
}

// checkValue compares a submission with the meter's last reading.
func checkValue(ctx context.Context, q store.Querier, sub Submission, k Kind, today civil.Date) error {
	var prev sample
	err := store.MapError(q.QueryRowContext(ctx, `SELECT read_on, value FROM meter_readings
		WHERE coop_id = $1 AND meter_id = $2 AND status <> 'rejected'
		ORDER BY read_on DESC, id DESC LIMIT 1`, sub.CoopID, sub.MeterID).Scan(&prev.on, &prev.value))
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil // a first reading has nothing to compare with
	case err != nil:
		return err
	case sub.Value < prev.value:
		return ErrBelowPrevious
	case sub.Confirmed:
		return nil
	}
	var base sample
	err = store.MapError(q.QueryRowContext(ctx, `SELECT read_on, value FROM meter_readings
		WHERE coop_id = $1 AND meter_id = $2 AND status <> 'rejected' AND read_on >= $3 AND read_on < $4
		ORDER BY read_on, id LIMIT 1`, sub.CoopID, sub.MeterID, prev.on.AddDays(-365), prev.on).Scan(&base.on, &base.value))
	basePtr := &base
	if errors.Is(err, store.ErrNotFound) {
		basePtr, err = nil, nil
	}
	if err != nil {
		return err
	}
	limit := jumpLimit(k, basePtr, prev, today)
	if use := sub.Value - prev.value; use > limit {
		return &JumpError{Use: use, Limit: limit, Since: prev.on, Days: max(today.DaysSince(prev.on), 0)}
	}
	return nil
}
