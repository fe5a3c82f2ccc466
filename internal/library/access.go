package library

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
)

// Kind is the kind of login reading the library.
type Kind string

// The kinds of reader.
const (
	Anonymous Kind = ""         // not logged in: public documents only
	Resident  Kind = "resident" // an E-BOK login
	Member    Kind = "member"   // an IKCS login
	Staff     Kind = "staff"    // staff see every document
)

// Reader is who reads the library: the actor (cooperative, login, name and
// address, for the download log), the kind of login and its person.
type Reader struct {
	audit.Actor
	Kind     Kind
	PersonID int64
}

// audience is what a reader may open: everything (staff) or documents of
// the listed visibilities once published with a shown file; a members' or
// residents' document of one estate only for those holding a premises
// there (estates), while a public one is public whatever it concerns.
type audience struct {
	staff   bool
	vis     []Visibility
	estates []int64
}

// audienceOf decides what rd may open on day: an IKCS login only while its
// membership is in force that day (its end date included), an E-BOK login
// the residents' and public documents, anyone the public ones.
func (s *Service) audienceOf(ctx context.Context, rd Reader, day civil.Date) (audience, error) {
	switch rd.Kind {
	case Staff:
		return audience{staff: true}, nil
	case Resident:
		est, err := s.estatesOf(ctx, rd, day)
		return audience{vis: []Visibility{Public, Residents}, estates: est}, err
	case Member:
		var n int
		err := s.DB.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships
			WHERE coop_id = $1 AND person_id = $2 AND joined_on <= $3 AND (left_on IS NULL OR left_on >= $3)`,
			rd.CoopID, rd.PersonID, day).Scan(&n)
		if err != nil {
			return audience{}, fmt.Errorf("library: membership of person %d: %w", rd.PersonID, err)
		}
		if n > 0 {
			est, err := s.estatesOf(ctx, rd, day)
			return audience{vis: []Visibility{Public, Members, Residents}, estates: est}, err
		}
	}
	return audience{vis: []Visibility{Public}}, nil
}

// where is the SQL condition (on alias d) admitting the audience's
// documents at now, appended to args as a parameter when needed. The
// visibilities are the package's own constants, so inlining them is safe.
func (a audience) where(args *[]any, now time.Time) string {
	if a.staff {
		return "TRUE"
	}
	q := make([]string, len(a.vis))
	for i, v := range a.vis {
		q[i] = "'" + string(v) + "'"
	}
	*args = append(*args, now)
	est := make([]string, 0, len(a.estates)+1)
	for _, e := range a.estates {
		est = append(est, strconv.FormatInt(e, 10))
	}
	estate := "d.estate_id IS NULL OR d.visibility = 'public'"
	if len(est) > 0 {
		estate += " OR d.estate_id IN (" + strings.Join(est, ", ") + ")"
	}
	return fmt.Sprintf("d.publish_at <= $%d AND d.shown_file_id IS NOT NULL AND d.visibility IN (%s) AND (%s)",
		len(*args), strings.Join(q, ", "), estate)
}

// opens reports whether the audience may open a document at now.
func (a audience) opens(d Document, now time.Time) bool {
	if a.staff {
		return true
	}
	return !d.PublishAt.After(now) && d.ShownFileID != 0 && slices.Contains(a.vis, d.Visibility) &&
		(d.EstateID == 0 || d.Visibility == Public || slices.Contains(a.estates, d.EstateID))
}

// estatesOf are the estates where the reader's person holds a title to a
// premises on day (the ids are numbers from the database, so the caller
// may inline them).
func (s *Service) estatesOf(ctx context.Context, rd Reader, day civil.Date) ([]int64, error) {
	out, err := store.QueryAll(ctx, s.DB.Read(), store.ScanID, `SELECT DISTINCT b.estate_id FROM title_holders h
		JOIN titles t ON t.coop_id = h.coop_id AND t.id = h.title_id
		JOIN premises p ON p.coop_id = t.coop_id AND p.id = t.premises_id
		JOIN buildings b ON b.coop_id = p.coop_id AND b.id = p.building_id
		WHERE h.coop_id = $1 AND h.person_id = $2 AND t.starts_on <= $3 AND (t.ends_on IS NULL OR t.ends_on >= $3)
		ORDER BY b.estate_id`, rd.CoopID, rd.PersonID, day)
	if err != nil {
		return nil, fmt.Errorf("library: estates of person %d: %w", rd.PersonID, err)
	}
	return out, nil
}

// seesFile reports whether the audience may open a file of a document it
// opens: staff every file, others any version unless the document carries
// personal data, and then only anonymised ones.
func (a audience) seesFile(d Document, f File) bool {
	return a.staff || !d.PersonalData || f.Anonymised
}
