package meeting

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/documents"
	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/uploads"
)

// Service keeps the general meetings.
type Service struct {
	DB  *store.DB
	Now func() time.Time
	// Loc is the cooperative's time zone: the deadlines are its days.
	Loc *time.Location
	// Documents renders the receipts, Coops names the cooperative on them
	// and Catalogue words them.
	Documents *documents.Renderer
	Coops     *coop.Service
	Catalogue *i18n.Catalogue
}

func (s *Service) now() time.Time    { return s.Now().UTC().Truncate(time.Microsecond) }
func (s *Service) today() civil.Date { return civil.Today(s.Loc, s.Now()) }

// hourRE is an hour as a form gives it, "17:00".
var hourRE = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// validate checks a meeting as staff entered it: a title, parts in order
// of their days, each with an hour and a place, and every estate in one
// part at most (in a meeting of several parts, each part lists some).
func validate(d Draft) error {
	if t := strings.TrimSpace(d.Title); t == "" || len(t) > 300 || len(d.Parts) == 0 || len(d.Parts) > 20 {
		return ErrInvalid
	}
	seen := map[int64]bool{}
	for i, p := range d.Parts {
		if !p.Day.IsValid() || !hourRE.MatchString(p.Hour) || strings.TrimSpace(p.Place) == "" || len(p.Place) > 300 {
			return ErrInvalid
		}
		if i > 0 && p.Day.Before(d.Parts[i-1].Day) {
			return ErrInvalid
		}
		if len(d.Parts) > 1 && len(p.Estates) == 0 {
			return ErrEstates
		}
		for _, e := range p.Estates {
			if e <= 0 || seen[e] {
				return ErrEstates
			}
			seen[e] = true
		}
	}
	return nil
}

// Create records a meeting with its parts and returns it; the caller warns
// staff when Meeting.NoticeLate(today) is set.
func (s *Service) Create(ctx context.Context, by audit.Actor, d Draft) (Meeting, error) {
	if err := validate(d); err != nil {
		return Meeting{}, err
	}
	now := s.now()
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO meetings (coop_id, title, created_at) VALUES ($1, $2, $3) RETURNING id`,
			by.CoopID, strings.TrimSpace(d.Title), now).Scan(&id); err != nil {
			return err
		}
		for i, p := range d.Parts {
			var partID int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO meeting_parts (coop_id, meeting_id, number, held_on, starts_at, place)
				VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, by.CoopID, id, i+1, p.Day, p.Hour, strings.TrimSpace(p.Place)).Scan(&partID); err != nil {
				return err
			}
			for _, e := range p.Estates {
				if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_part_estates (coop_id, meeting_id, part_id, estate_id)
					VALUES ($1, $2, $3, $4)`, by.CoopID, id, partID, e); err != nil {
					return fmt.Errorf("%w: %w", fault.ErrReference, err)
				}
			}
		}
		return audit.Append(ctx, tx, by.Did(now, audit.MeetingChanged, subject(id), map[string]string{
			"change": "created", "first_part": d.Parts[0].Day.String(), "parts": strconv.Itoa(len(d.Parts))}))
	})
	if err != nil {
		return Meeting{}, fmt.Errorf("meeting: create: %w", err)
	}
	return s.get(ctx, s.DB.Read(), by.CoopID, id)
}

// notFound turns a missing row into fault.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fault.ErrNotFound
	}
	return err
}

// subject names a meeting in the audit log.
func subject(id int64) string { return "meeting:" + strconv.FormatInt(id, 10) }

// Get is a meeting with its parts.
func (s *Service) Get(ctx context.Context, coopID, id int64) (Meeting, error) {
	return s.get(ctx, s.DB.Read(), coopID, id)
}

func (s *Service) get(ctx context.Context, q store.Querier, coopID, id int64) (Meeting, error) {
	m := Meeting{ID: id, CoopID: coopID}
	var results sql.NullTime
	var minutes sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT title, notice_on, results_at, minutes_document_id, created_at
		FROM meetings WHERE coop_id = $1 AND id = $2`, coopID, id).Scan(&m.Title, &m.NoticeOn, &results, &minutes, &m.CreatedAt)
	if err != nil {
		return m, notFound(err)
	}
	m.ResultsAt, m.MinutesID = results.Time, minutes.Int64
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.number, p.held_on, p.starts_at, p.place, COALESCE(e.name, '')
		FROM meeting_parts p
		LEFT JOIN meeting_part_estates pe ON pe.coop_id = p.coop_id AND pe.part_id = p.id
		LEFT JOIN estates e ON e.coop_id = pe.coop_id AND e.id = pe.estate_id
		WHERE p.coop_id = $1 AND p.meeting_id = $2 ORDER BY p.number, e.name`, coopID, id)
	if err != nil {
		return m, err
	}
	defer rows.Close()
	for rows.Next() {
		var p Part
		var estate string
		if err := rows.Scan(&p.ID, &p.Number, &p.Day, &p.Hour, &p.Place, &estate); err != nil {
			return m, err
		}
		if n := len(m.Parts); n == 0 || m.Parts[n-1].ID != p.ID {
			m.Parts = append(m.Parts, p)
		}
		if estate != "" {
			last := &m.Parts[len(m.Parts)-1]
			last.Estates = append(last.Estates, estate)
		}
	}
	return m, rows.Err()
}

// List is the cooperative's meetings, the latest first; members see only
// those whose notice has gone out.
func (s *Service) List(ctx context.Context, coopID int64, staff bool) ([]Meeting, error) {
	cond := "notice_on IS NOT NULL AND notice_on <= $2"
	args := []any{coopID, s.today()}
	if staff {
		cond, args = "TRUE", args[:1]
	}
	ids, err := store.QueryAll(ctx, s.DB.Read(), store.ScanID, `SELECT id FROM meetings WHERE coop_id = $1 AND `+cond+` ORDER BY created_at DESC, id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("meeting: list: %w", err)
	}
	out := make([]Meeting, 0, len(ids))
	for _, id := range ids {
		m, err := s.Get(ctx, coopID, id)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	slices.SortStableFunc(out, func(a, b Meeting) int { return b.FirstDay().Compare(a.FirstDay()) })
	return out, nil
}

// SendNotice records that the notice went out today; from today members see
// the meeting and its materials. A notice later than the law allows is
// recorded all the same (the page warns), since only staff know whether it
// went out on paper earlier.
func (s *Service) SendNotice(ctx context.Context, by audit.Actor, id int64) error {
	today := s.today()
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		m, err := s.get(ctx, tx, by.CoopID, id)
		if err != nil {
			return err
		}
		if !m.NoticeOn.IsZero() {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET notice_on = $1 WHERE coop_id = $2 AND id = $3`,
			today, by.CoopID, id); err != nil {
			return err
		}
		return audit.Append(ctx, tx, by.Did(s.now(), audit.MeetingChanged, subject(id), map[string]string{
			"change": "notice", "notice_on": today.String(), "late": strconv.FormatBool(m.NoticeLate(today))}))
	})
}

// AddItem attaches a draft resolution or a report with its PDF.
func (s *Service) AddItem(ctx context.Context, by audit.Actor, id int64, kind ItemKind, number, title, filename string, data []byte) (int64, error) {
	if (kind != Resolution && kind != Report) || strings.TrimSpace(title) == "" || len(title) > 500 || len(number) > 50 {
		return 0, ErrInvalid
	}
	f, err := uploads.Library.Check(filename, data)
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrNotPDF, err)
	}
	sum := sha256.Sum256(f.Data)
	var itemID int64
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := s.get(ctx, tx, by.CoopID, id); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO meeting_items (coop_id, meeting_id, kind, number, title, filename, data, sha256, added_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, by.CoopID, id, string(kind), strings.TrimSpace(number),
			strings.TrimSpace(title), f.Filename, f.Data, hex.EncodeToString(sum[:]), s.now()).Scan(&itemID); err != nil {
			return err
		}
		return audit.Append(ctx, tx, by.Did(s.now(), audit.MeetingChanged, subject(id), map[string]string{
			"change": "item", "item": strconv.FormatInt(itemID, 10), "kind": string(kind), "sha256": hex.EncodeToString(sum[:])}))
	})
	if err != nil {
		return 0, fmt.Errorf("meeting %d: add item: %w", id, err)
	}
	return itemID, nil
}

// RecordVotes records (or corrects) the votes on a resolution in a part.
func (s *Service) RecordVotes(ctx context.Context, by audit.Actor, id, itemID int64, part int, v Votes) error {
	if v.For < 0 || v.Against < 0 || v.Abstaining < 0 || v.For > 1e7 || v.Against > 1e7 || v.Abstaining > 1e7 {
		return ErrInvalid
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		m, err := s.get(ctx, tx, by.CoopID, id)
		if err != nil {
			return err
		}
		if part < 1 || part > len(m.Parts) {
			return ErrInvalid
		}
		var kind string
		if err := tx.QueryRowContext(ctx, `SELECT kind FROM meeting_items WHERE coop_id = $1 AND meeting_id = $2 AND id = $3`,
			by.CoopID, id, itemID).Scan(&kind); err != nil {
			return notFound(err)
		}
		if ItemKind(kind) != Resolution {
			return ErrNotResolution
		}
		partID := m.Parts[part-1].ID
		if _, err := tx.ExecContext(ctx, `DELETE FROM meeting_votes WHERE coop_id = $1 AND item_id = $2 AND part_id = $3`,
			by.CoopID, itemID, partID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_votes (coop_id, item_id, part_id, votes_for, against, abstaining, recorded_at, recorded_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, by.CoopID, itemID, partID, v.For, v.Against, v.Abstaining, s.now(), by.Name); err != nil {
			return err
		}
		return audit.Append(ctx, tx, by.Did(s.now(), audit.MeetingChanged, subject(id), map[string]string{
			"change": "votes", "item": strconv.FormatInt(itemID, 10), "part": strconv.Itoa(part),
			"for": strconv.Itoa(v.For), "against": strconv.Itoa(v.Against), "abstaining": strconv.Itoa(v.Abstaining)}))
	})
}

// PublishResults shows members the results, with the minutes' document of
// the library when given (0: none yet; a later call adds it).
func (s *Service) PublishResults(ctx context.Context, by audit.Actor, id, minutesID int64) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := s.get(ctx, tx, by.CoopID, id); err != nil {
			return err
		}
		var minutes any
		if minutesID > 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM library_documents WHERE coop_id = $1 AND id = $2`,
				by.CoopID, minutesID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return fault.ErrReference
			}
			minutes = minutesID
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET results_at = COALESCE(results_at, $1), minutes_document_id = $2
			WHERE coop_id = $3 AND id = $4`, s.now(), minutes, by.CoopID, id); err != nil {
			return err
		}
		return audit.Append(ctx, tx, by.Did(s.now(), audit.MeetingChanged, subject(id), map[string]string{
			"change": "results", "minutes": strconv.FormatInt(minutesID, 10)}))
	})
}

// Estate is an estate a part may list.
type Estate struct {
	ID   int64
	Name string
}

// Estates are the cooperative's estates, for the staff's form.
func (s *Service) Estates(ctx context.Context, coopID int64) ([]Estate, error) {
	rows, err := s.DB.Read().QueryContext(ctx, `SELECT id, name FROM estates WHERE coop_id = $1 ORDER BY name, id`, coopID)
	if err != nil {
		return nil, fmt.Errorf("meeting: estates: %w", err)
	}
	defer rows.Close()
	var out []Estate
	for rows.Next() {
		var e Estate
		if err := rows.Scan(&e.ID, &e.Name); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Today is the cooperative's day now, for pages that warn about deadlines.
func (s *Service) Today() civil.Date { return s.today() }
