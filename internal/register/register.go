// Package register keeps the cooperative's correspondence register
// (dziennik korespondencyjny): every letter out and every message in, with
// a running number per year, the date, the correspondent, the subject and
// the case number. e-Korespondencja enters letters and messages here in the
// transaction that sends or receives them, so a message filed in ebok has
// its number at once.
package register

import (
	"context"
	"fmt"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
)

// Direction says whether the cooperative sent or received the item.
type Direction string

// The directions.
const (
	In  Direction = "in"
	Out Direction = "out"
)

// Channel is how the item travelled.
type Channel string

// The channels.
const (
	EBOK  Channel = "ebok"  // written or read in ebok
	Email Channel = "email" // e-mail
	Post  Channel = "post"  // paper, by post
	Desk  Channel = "desk"  // paper, handed in at the office
)

// Entry is one line of the register.
type Entry struct {
	ID     int64
	CoopID int64
	// Year and Number make the entry's register number, "Number/Year".
	Year, Number int
	Direction    Direction
	Channel      Channel
	At           time.Time
	// Correspondent is the sender (in) or recipient (out) as the register
	// names them.
	Correspondent string
	Subject       string
	// CaseNo is the case number (znak sprawy), "" when none.
	CaseNo string
	// Source and SourceID name the record the entry stands for, e.g.
	// "letter_recipient" 12 or "message" 7.
	Source   string
	SourceID int64
	// PersonID is the resident it concerns (0 = none or unknown).
	PersonID int64
}

// Label is the register number as people write it, "123/2026".
func (e Entry) Label() string { return fmt.Sprintf("%d/%d", e.Number, e.Year) }

// Service enters and lists register entries.
type Service struct {
	DB  *store.DB
	Now func() time.Time
	// Loc is the cooperative's time zone: the year of an entry is the year
	// of its day there.
	Loc *time.Location
}

// Enter gives e the next number of its cooperative's year and stores it.
// Called with a context carrying a transaction (store.Tx.Context), it joins
// it, so that the entry commits with what it records. e.At, when zero, is
// now.
func (s *Service) Enter(ctx context.Context, e Entry) (Entry, error) {
	if e.At.IsZero() {
		e.At = s.Now()
	}
	e.At = e.At.UTC().Truncate(time.Microsecond)
	e.Year = e.At.In(s.Loc).Year()
	if err := validate(e); err != nil {
		return Entry{}, err
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		n, err := nextNumber(ctx, tx, e.CoopID, e.Year)
		if err != nil {
			return err
		}
		e.Number = n
		return tx.QueryRowContext(ctx, `INSERT INTO register_entries
			(coop_id, year, number, direction, registered_at, correspondent, subject, case_no, channel, source, source_id, person_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			e.CoopID, e.Year, e.Number, string(e.Direction), e.At, e.Correspondent, e.Subject, e.CaseNo,
			string(e.Channel), e.Source, e.SourceID, nullID(e.PersonID)).Scan(&e.ID)
	})
	if err != nil {
		return Entry{}, fmt.Errorf("register: enter %s %s:%d: %w", e.Direction, e.Source, e.SourceID, err)
	}
	return e, nil
}

// validate checks what the register needs of an entry.
func validate(e Entry) error {
	switch {
	case e.CoopID <= 0:
		return fmt.Errorf("register: no cooperative")
	case e.Direction != In && e.Direction != Out:
		return fmt.Errorf("register: direction %q", e.Direction)
	case e.Channel != EBOK && e.Channel != Email && e.Channel != Post && e.Channel != Desk:
		return fmt.Errorf("register: channel %q", e.Channel)
	case e.Correspondent == "" || e.Subject == "" || e.Source == "" || e.SourceID <= 0:
		return fmt.Errorf("register: correspondent, subject and source are required")
	}
	return nil
}

// nextNumber takes the next number of a cooperative's year, holding its
// counter locked until tx ends (PostgreSQL's row lock; SQLite's single
// writer does the same), so that concurrent entries queue for it.
func nextNumber(ctx context.Context, tx *store.Tx, coopID int64, year int) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `INSERT INTO register_counters (coop_id, year, last) VALUES ($1, $2, 1)
		ON CONFLICT (coop_id, year) DO UPDATE SET last = register_counters.last + 1
		RETURNING last`, coopID, year).Scan(&n)
	return n, err
}

// entryColumns are what scanEntry reads, in its order.
const entryColumns = `id, coop_id, year, number, direction, channel, registered_at,
	correspondent, subject, case_no, source, source_id, COALESCE(person_id, 0)`

// scanEntry reads one row of entryColumns.
func scanEntry(row interface{ Scan(...any) error }) (Entry, error) {
	var e Entry
	var dir, ch string
	err := row.Scan(&e.ID, &e.CoopID, &e.Year, &e.Number, &dir, &ch, &e.At, &e.Correspondent,
		&e.Subject, &e.CaseNo, &e.Source, &e.SourceID, &e.PersonID)
	e.Direction, e.Channel = Direction(dir), Channel(ch)
	return e, err
}

// List returns the entries of a cooperative registered between two days
// (inclusive, in the cooperative's zone), in register order.
func (s *Service) List(ctx context.Context, coopID int64, from, to civil.Date) ([]Entry, error) {
	out, err := store.QueryAll(ctx, s.DB.Read(), scanEntry, `SELECT `+entryColumns+` `+periodWhere+` ORDER BY year, number`,
		coopID, from.In(s.Loc).UTC(), to.AddDays(1).In(s.Loc).UTC())
	if err != nil {
		return nil, fmt.Errorf("register: list: %w", err)
	}
	return out, nil
}

// periodWhere picks a cooperative's entries ($1) registered from $2 up to
// (not including) $3.
const periodWhere = `FROM register_entries WHERE coop_id = $1 AND registered_at >= $2 AND registered_at < $3`

// PageSize is how many entries one page of the register lists.
const PageSize = 100

// Page returns the page'th PageSize entries (from 1) of those List
// returns, and how many List returns in all.
func (s *Service) Page(ctx context.Context, coopID int64, from, to civil.Date, page int) ([]Entry, int, error) {
	args := []any{coopID, from.In(s.Loc).UTC(), to.AddDays(1).In(s.Loc).UTC()}
	var total int
	if err := s.DB.Read().QueryRowContext(ctx, `SELECT COUNT(*) `+periodWhere, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("register: count: %w", err)
	}
	out, err := store.QueryAll(ctx, s.DB.Read(), scanEntry, `SELECT `+entryColumns+` `+periodWhere+`
		ORDER BY year, number LIMIT $4 OFFSET $5`, append(args, PageSize, (max(page, 1)-1)*PageSize)...)
	if err != nil {
		return nil, 0, fmt.Errorf("register: page: %w", err)
	}
	return out, total, nil
}

// Of returns the register entry of a source record, or fault.ErrNotFound.
func (s *Service) Of(ctx context.Context, coopID int64, source string, sourceID int64) (Entry, error) {
	e, err := scanEntry(s.DB.Read().QueryRowContext(ctx, `SELECT `+entryColumns+`
		FROM register_entries WHERE coop_id = $1 AND source = $2 AND source_id = $3`, coopID, source, sourceID))
	if err != nil {
		return Entry{}, fmt.Errorf("register: %s:%d: %w", source, sourceID, store.MapError(err))
	}
	return e, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
