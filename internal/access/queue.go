package access

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/uploads"
)

// View limits what a staff member sees: the portals of their department
// and, for an estate administration, its estate.
type View struct {
	CoopID   int64
	Portals  []Portal // empty = both
	EstateID int64    // 0 = every estate
}

func (v View) allows(p Portal) bool {
	if len(v.Portals) == 0 {
		return true
	}
	for _, x := range v.Portals {
		if x == p {
			return true
		}
	}
	return false
}

// QueueFilter picks applications from the queue.
type QueueFilter struct {
	Status Status // "" = every pending one (filed and in verification)
	Portal Portal // "" = both
}

// QueueItem is one line of the verification queue.
type QueueItem struct {
	ID       int64
	Portal   Portal
	Route    Route
	Status   Status
	Name     string
	Premises string
	FiledAt  time.Time
	DueOn    civil.Date
	Overdue  bool
}

// Queue lists applications the view may see, oldest deadline first.
func (s *Service) Queue(ctx context.Context, v View, f QueueFilter, today civil.Date) ([]QueueItem, error) {
	statuses := []string{string(Filed), string(InVerification)}
	if f.Status != "" {
		statuses = []string{string(f.Status)}
	}
	all, err := store.QueryAll(ctx, s.DB.Read(), scanQueueItem, `SELECT a.id, a.service, a.route, a.status, a.first_name || ' ' || a.last_name,
			a.premises_street || ' ' || a.premises_house || CASE WHEN a.premises_number <> '' THEN '/' || a.premises_number ELSE '' END,
			a.filed_at, a.due_on
		FROM applications a
		LEFT JOIN premises p ON p.coop_id = a.coop_id AND p.id = a.premises_id
		LEFT JOIN buildings b ON b.coop_id = p.coop_id AND b.id = p.building_id
		WHERE a.coop_id = $1 AND a.status IN ($2, $3) AND ($4 = '' OR a.service = $4)
		AND ($5 = 0 OR b.estate_id = $5)
		ORDER BY a.due_on, a.id LIMIT 500`,
		v.CoopID, statuses[0], statuses[len(statuses)-1], string(f.Portal), v.EstateID)
	if err != nil {
		return nil, fmt.Errorf("access: queue: %w", err)
	}
	var out []QueueItem
	for _, it := range all {
		if !v.allows(it.Portal) {
			continue
		}
		it.Overdue = it.Status.Pending() && !it.DueOn.IsZero() && it.DueOn.Before(today)
		out = append(out, it)
	}
	return out, nil
}

// scanQueueItem reads one row of the queue, without its overdue mark.
func scanQueueItem(row store.Scanner) (QueueItem, error) {
	var it QueueItem
	var portal, route, status string
	var filed sql.NullTime
	err := row.Scan(&it.ID, &portal, &route, &status, &it.Name, &it.Premises, &filed, &it.DueOn)
	it.Portal, it.Route, it.Status, it.FiledAt = Portal(portal), Route(route), Status(status), filed.Time
	return it, err
}

// Counts are the dashboard figures.
type Counts struct {
	Pending int
	Overdue int
}

// Count gives the number of pending and overdue applications in the view.
func (s *Service) Count(ctx context.Context, v View, today civil.Date) (Counts, error) {
	items, err := s.Queue(ctx, v, QueueFilter{}, today)
	if err != nil {
		return Counts{}, err
	}
	var c Counts
	for _, it := range items {
		c.Pending++
		if it.Overdue {
			c.Overdue++
		}
	}
	return c, nil
}

// Get loads one application the view may see (ErrNotFound otherwise).
func (s *Service) Get(ctx context.Context, v View, id int64) (*Application, error) {
	a, err := s.load(ctx, s.DB.Read(), v.CoopID, id)
	if err != nil {
		return nil, err
	}
	if !v.allows(a.Form.Portal) {
		return nil, fmt.Errorf("access: application %d outside the view: %w", id, store.ErrNotFound)
	}
	if v.EstateID != 0 {
		var estate int64
		err := s.DB.Read().QueryRowContext(ctx, `SELECT b.estate_id FROM premises p JOIN buildings b ON b.coop_id = p.coop_id AND b.id = p.building_id
			WHERE p.coop_id = $1 AND p.id = $2`, v.CoopID, a.PremisesID).Scan(&estate)
		if err != nil || estate != v.EstateID {
			return nil, fmt.Errorf("access: application %d outside the estate: %w", id, store.ErrNotFound)
		}
	}
	return a, nil
}

func (s *Service) load(ctx context.Context, q store.Querier, coopID, id int64) (*Application, error) {
	a := &Application{ID: id, CoopID: coopID}
	f := &a.Form
	var portal, route, status, role string
	var premises, person, userID sql.NullInt64
	var confirmed, filed, sigAt, phoneAt, decidedAt sql.NullTime
	var sigBy, phoneBy, decidedBy sql.NullString
	err := q.QueryRowContext(ctx, `SELECT a.service, a.route, a.status, a.first_name, a.last_name, a.street, a.postal_code, a.city,
			a.email, a.phone, a.premises_street, a.premises_house, a.premises_number, a.applicant_role, a.register_number,
			a.regulation_id, a.ekorespondencja, a.premises_id, a.person_id, a.email_confirmed_at, a.filed_at, a.due_on,
			a.id_document_kind, a.id_document_last3, a.signature_ok, a.signature_checked_at, us.display_name,
			a.phone_checked_at, up.display_name, a.phone_outcome, a.decided_at, ud.display_name, a.reject_reason,
			a.user_id, a.created_at
		FROM applications a
		LEFT JOIN users us ON us.id = a.signature_checked_by
		LEFT JOIN users up ON up.id = a.phone_checked_by
		LEFT JOIN users ud ON ud.id = a.decided_by
		WHERE a.coop_id = $1 AND a.id = $2`, coopID, id).Scan(
		&portal, &route, &status, &f.FirstName, &f.LastName, &f.Street, &f.PostalCode, &f.City,
		&f.Email, &f.Phone, &f.PremisesStreet, &f.PremisesHouse, &f.PremisesNumber, &role, &f.RegisterNumber,
		&f.RegulationID, &f.EKorespondencja, &premises, &person, &confirmed, &filed, &a.DueOn,
		&a.IDDocumentKind, &a.IDDocumentLast3, &a.SignatureOK, &sigAt, &sigBy,
		&phoneAt, &phoneBy, &a.PhoneOutcome, &decidedAt, &decidedBy, &a.RejectReason,
		&userID, &a.CreatedAt)
	if err != nil {
		return nil, fmt.Errorf("access: application %d: %w", id, store.MapError(err))
	}
	f.Portal, f.Role, f.AcceptRules = Portal(portal), Role(role), true
	a.Route, a.Status = Route(route), Status(status)
	a.PremisesID, a.PersonID, a.UserID = premises.Int64, person.Int64, userID.Int64
	a.EmailConfirmedAt, a.FiledAt, a.SignatureCheckedAt, a.PhoneCheckedAt, a.DecidedAt =
		confirmed.Time, filed.Time, sigAt.Time, phoneAt.Time, decidedAt.Time
	a.SignatureCheckedBy, a.PhoneCheckedBy, a.DecidedBy = sigBy.String, phoneBy.String, decidedBy.String
	a.Attachments, err = store.QueryAll(ctx, q, func(row store.Scanner) (AttachmentInfo, error) {
		var at AttachmentInfo
		err := row.Scan(&at.ID, &at.Filename, &at.ContentType, &at.Size, &at.SHA256)
		return at, err
	}, `SELECT id, filename, content_type, size, sha256 FROM application_attachments
		WHERE coop_id = $1 AND application_id = $2 ORDER BY id`, coopID, id)
	if err != nil {
		return nil, fmt.Errorf("access: attachments of %d: %w", id, err)
	}
	return a, nil
}

// Attachment returns one attached file's bytes, within the view.
func (s *Service) Attachment(ctx context.Context, v View, appID, id int64) (*uploads.File, error) {
	if _, err := s.Get(ctx, v, appID); err != nil {
		return nil, err
	}
	var u uploads.File
	err := s.DB.Read().QueryRowContext(ctx, `SELECT filename, content_type, sha256, data FROM application_attachments
		WHERE coop_id = $1 AND application_id = $2 AND id = $3`, v.CoopID, appID, id).Scan(&u.Filename, &u.ContentType, &u.SHA256, &u.Data)
	if err != nil {
		return nil, fmt.Errorf("access: attachment %d: %w", id, store.MapError(err))
	}
	return &u, nil
}
