package messages

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/store"
)

// Audience is who an announcement is for.
type Audience string

// The audiences.
const (
	ToAll      Audience = "all"
	ToEstate   Audience = "estate"
	ToBuilding Audience = "building"
)

// Errors of Announce.
var (
	// ErrAudience: no such audience, a missing estate or building, or one
	// outside the staff member's estate.
	ErrAudience = errors.New("messages: announcement audience")
	// ErrValidity: the last day is before the first.
	ErrValidity = errors.New("messages: announcement validity")
)

// Announcement is a notice to residents and members.
type Announcement struct {
	ID                 int64
	Audience           Audience
	EstateID, Building int64
	Title, Body        string
	From, To           civil.Date
	Email              bool // a copy e-mailed to consenting residents
	CreatedAt          time.Time
	Emailed            int
	// Estate is the estate the announcement concerns (its own, or its
	// building's); 0 for everyone's.
	Estate int64
}

// Announce posts an announcement; with Email, a copy goes through the
// outbox, in the same transaction, to every resident concerned who
// consented to e-Korespondencja and has a correspondence e-mail. Staff of
// an estate administration post to their own estate or its buildings only.
func (s *Service) Announce(ctx context.Context, by audit.Actor, a Announcement) (int64, error) {
	if err := s.checkAnnouncement(a, by.EstateID); err != nil {
		return 0, err
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := audienceExists(ctx, tx, by, a); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO announcements
			(coop_id, scope, estate_id, building_id, title, body, valid_from, valid_to, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			by.CoopID, string(a.Audience), nullID(a.EstateID), nullID(a.Building), a.Title, a.Body, a.From, a.To,
			nullID(by.UserID), s.now()).Scan(&a.ID); err != nil {
			return err
		}
		if a.Email {
			if err := s.mailAnnouncement(ctx, tx, by.CoopID, &a); err != nil {
				return err
			}
		}
		return audit.Append(ctx, tx, by.Did(s.now(), audit.AnnouncementPosted, "announcement:"+strconv.FormatInt(a.ID, 10),
			map[string]string{"audience": string(a.Audience), "emailed": strconv.Itoa(a.Emailed)}))
	})
	if err != nil {
		return 0, fmt.Errorf("messages: announce: %w", err)
	}
	return a.ID, nil
}

// audienceExists checks that the estate or building of an announcement is
// one of the poster's cooperative (a form may name any id), and, for staff
// of an estate administration, a building of their estate.
func audienceExists(ctx context.Context, tx *store.Tx, by audit.Actor, a Announcement) error {
	var q string
	args := []any{by.CoopID}
	switch a.Audience {
	case ToEstate:
		q, args = `SELECT COUNT(*) FROM estates WHERE coop_id = $1 AND id = $2`, append(args, a.EstateID)
	case ToBuilding:
		q, args = `SELECT COUNT(*) FROM buildings WHERE coop_id = $1 AND id = $2`, append(args, a.Building)
		if by.EstateID != 0 {
			q, args = q+` AND estate_id = $3`, append(args, by.EstateID)
		}
	default:
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return ErrAudience
	}
	return nil
}

// checkAnnouncement validates an announcement for a poster of an estate
// (0: the whole cooperative).
func (s *Service) checkAnnouncement(a Announcement, estate int64) error {
	switch {
	case strings.TrimSpace(a.Title) == "" || len(a.Title) > MaxSubject:
		return ErrSubject
	case strings.TrimSpace(a.Body) == "" || len(a.Body) > MaxBody:
		return ErrBody
	case a.From.IsZero() || a.To.IsZero() || a.To.Before(a.From):
		return ErrValidity
	case a.Audience == ToAll && estate == 0 && a.EstateID == 0 && a.Building == 0,
		a.Audience == ToEstate && a.EstateID != 0 && a.Building == 0 && (estate == 0 || estate == a.EstateID),
		a.Audience == ToBuilding && a.Building != 0 && a.EstateID == 0:
		return nil
	}
	return ErrAudience
}

// concerns is the condition that an announcement a concerns the premises
// p of buildings b.
const concerns = `(a.scope = 'all' OR (a.scope = 'estate' AND a.estate_id = b.estate_id)
	OR (a.scope = 'building' AND a.building_id = b.id))`

// heldBy lists the premises a person holds on $3 (with their buildings b).
const heldBy = `FROM title_holders h
	JOIN titles t ON t.coop_id = h.coop_id AND t.id = h.title_id
	JOIN premises p ON p.coop_id = t.coop_id AND p.id = t.premises_id
	JOIN buildings b ON b.coop_id = p.coop_id AND b.id = p.building_id
	WHERE h.coop_id = $1 AND t.starts_on <= $3 AND (t.ends_on IS NULL OR t.ends_on >= $3)`

// mailAnnouncement queues the announcement to every consenting resident
// it concerns.
func (s *Service) mailAnnouncement(ctx context.Context, tx *store.Tx, coopID int64, a *Announcement) error {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT pe.email FROM announcements a, persons pe
		WHERE a.coop_id = $1 AND a.id = $2 AND pe.coop_id = a.coop_id AND pe.email <> ''
		AND EXISTS (SELECT 1 `+strings.Replace(heldBy, "h.coop_id = $1", "h.coop_id = pe.coop_id AND h.person_id = pe.id", 1)+` AND `+concerns+`)
		AND (SELECT c.granted FROM consents c WHERE c.coop_id = pe.coop_id AND c.person_id = pe.id AND c.kind = 'ekorespondencja'
			ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1)`, coopID, a.ID, s.today())
	if err != nil {
		return err
	}
	var to []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			rows.Close()
			return err
		}
		if mail.ValidAddress(e) {
			to = append(to, e)
		}
	}
	rows.Close()
	l := s.words()
	for _, e := range to {
		if _, err := s.Outbox.Queue(ctx, tx, coopID, mail.Message{To: e, Subject: l.T("announcement.mail.subject", a.Title),
			Text: l.T("announcement.mail.text", a.Body, a.From.Format(), a.To.Format())}); err != nil {
			return err
		}
	}
	a.Emailed = len(to)
	_, err = tx.ExecContext(ctx, `UPDATE announcements SET emailed = $3 WHERE coop_id = $1 AND id = $2`, coopID, a.ID, a.Emailed)
	return err
}

// nullID is an id, or NULL for 0.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// announcementColumns are what scanAnnouncements reads.
const announcementColumns = `a.id, a.scope, COALESCE(a.estate_id, 0), COALESCE(a.building_id, 0), a.title, a.body,
	a.valid_from, a.valid_to, a.emailed, a.created_at,
	COALESCE(a.estate_id, (SELECT eb.estate_id FROM buildings eb WHERE eb.coop_id = a.coop_id AND eb.id = a.building_id), 0)`

// scanAnnouncements reads rows of announcementColumns.
func scanAnnouncements(ctx context.Context, q store.Querier, query string, args ...any) ([]Announcement, error) {
	out, err := store.QueryAll(ctx, q, scanAnnouncement, query, args...)
	if err != nil {
		return nil, fmt.Errorf("messages: announcements: %w", err)
	}
	return out, nil
}

// scanAnnouncement reads one row of announcementColumns.
func scanAnnouncement(row store.Scanner) (Announcement, error) {
	var a Announcement
	err := row.Scan(&a.ID, &a.Audience, &a.EstateID, &a.Building, &a.Title, &a.Body, &a.From, &a.To,
		&a.Emailed, &a.CreatedAt, &a.Estate)
	return a, err
}

// AnnouncementsFor lists the announcements in force today that concern a
// person: everyone's, and those of the estates and buildings of the
// premises they hold; newest first.
func (s *Service) AnnouncementsFor(ctx context.Context, coopID, personID int64) ([]Announcement, error) {
	return scanAnnouncements(ctx, s.DB.Read(), `SELECT `+announcementColumns+` FROM announcements a
		WHERE a.coop_id = $1 AND a.valid_from <= $3 AND a.valid_to >= $3 AND a.withdrawn_at IS NULL
		AND (a.scope = 'all' OR EXISTS (SELECT 1 `+heldBy+` AND h.person_id = $2 AND `+concerns+`))
		ORDER BY a.valid_from DESC, a.id DESC`, coopID, personID, s.today())
}

// Announcements lists the announcements not yet expired that staff of an
// estate (0: the whole cooperative) posted or see, newest first.
func (s *Service) Announcements(ctx context.Context, coopID, estateID int64) ([]Announcement, error) {
	return scanAnnouncements(ctx, s.DB.Read(), `SELECT `+announcementColumns+` FROM announcements a
		LEFT JOIN buildings b ON b.coop_id = a.coop_id AND b.id = a.building_id
		WHERE a.coop_id = $1 AND a.valid_to >= $3 AND a.withdrawn_at IS NULL
		AND ($2 = 0 OR a.scope = 'all' OR a.estate_id = $2 OR b.estate_id = $2)
		ORDER BY a.valid_from DESC, a.id DESC`, coopID, estateID, s.today())
}

// Withdraw takes an announcement back: residents no longer see it, and
// its row stays, marked, for the record. It returns the title. Staff of
// an estate administration withdraw their estate's announcements only;
// another's, or one already withdrawn, is fault.ErrNotFound.
func (s *Service) Withdraw(ctx context.Context, by audit.Actor, id int64) (string, error) {
	var title string
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		a, err := scanAnnouncement(tx.QueryRowContext(ctx, `SELECT `+announcementColumns+` FROM announcements a
			WHERE a.coop_id = $1 AND a.id = $2 AND a.withdrawn_at IS NULL`, by.CoopID, id))
		if err != nil {
			return store.MapError(err)
		}
		if by.EstateID != 0 && a.Estate != by.EstateID {
			return fault.ErrNotFound
		}
		title = a.Title
		if _, err := tx.ExecContext(ctx, `UPDATE announcements SET withdrawn_at = $3, withdrawn_by = $4
			WHERE coop_id = $1 AND id = $2`, by.CoopID, id, s.now(), nullID(by.UserID)); err != nil {
			return err
		}
		return audit.Append(ctx, tx, by.Did(s.now(), audit.AnnouncementWithdrawn, "announcement:"+strconv.FormatInt(id, 10), nil))
	})
	if err != nil {
		return "", fmt.Errorf("messages: withdraw announcement %d: %w", id, err)
	}
	return title, nil
}
