package messages

import (
	"context"
	"fmt"

	"github.com/ebok/ebok/internal/store"
)

// Place is an estate or a building as a form offers it.
type Place struct {
	ID    int64
	Label string
}

// AnnouncementDesk is what staff's announcements page shows: the
// announcements not yet expired and the estates and buildings they may
// post to.
type AnnouncementDesk struct {
	Announcements []Announcement
	Estates       []Place
	Buildings     []Place
}

// AnnouncementDesk loads staff's announcements page for an estate (0: the whole
// cooperative).
func (s *Service) AnnouncementDesk(ctx context.Context, coopID, estateID int64) (AnnouncementDesk, error) {
	var d AnnouncementDesk
	var err error
	if d.Announcements, err = s.Announcements(ctx, coopID, estateID); err != nil {
		return d, err
	}
	d.Estates, d.Buildings, err = s.Places(ctx, coopID, estateID)
	return d, err
}

// Places are the estates and the buildings (by address) of a cooperative,
// or of one estate (estateID 0: the whole cooperative), for staff to
// choose from.
func (s *Service) Places(ctx context.Context, coopID, estateID int64) (estates, buildings []Place, err error) {
	if estates, err = s.places(ctx, `SELECT id, name FROM estates WHERE coop_id = $1 AND ($2 = 0 OR id = $2) ORDER BY name, id`,
		coopID, estateID); err != nil {
		return nil, nil, err
	}
	buildings, err = s.places(ctx, `SELECT id, street || ' ' || number FROM buildings
		WHERE coop_id = $1 AND ($2 = 0 OR estate_id = $2) ORDER BY street, number, id`, coopID, estateID)
	return estates, buildings, err
}

// places runs a query of ids and labels.
func (s *Service) places(ctx context.Context, q string, args ...any) ([]Place, error) {
	out, err := store.QueryAll(ctx, s.DB.Read(), scanPlace, q, args...)
	if err != nil {
		return nil, fmt.Errorf("messages: places: %w", err)
	}
	return out, nil
}

// scanPlace reads one row of an id and a label.
func scanPlace(row store.Scanner) (Place, error) {
	var p Place
	err := row.Scan(&p.ID, &p.Label)
	return p, err
}
