package library

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
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
// the listed visibilities once published with a shown file.
type audience struct {
	staff bool
	vis   []Visibility
}

// audienceOf decides what rd may open on day: an IKCS login only while its
// membership is in force that day (its end date included), an E-BOK login
// the residents' and public documents, anyone the public ones.
func (s *Service) audienceOf(ctx context.Context, rd Reader, day civil.Date) (audience, error) {
	switch rd.Kind {
	case Staff:
		return audience{staff: true}, nil
	case Resident:
		return audience{vis: []Visibility{Public, Residents}}, nil
	case Member:
		var n int
		err := s.DB.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships
			WHERE coop_id = $1 AND person_id = $2 AND joined_on <= $3 AND (left_on IS NULL OR left_on >= $3)`,
			rd.CoopID, rd.PersonID, day).Scan(&n)
		if err != nil {
			return audience{}, fmt.Errorf("library: membership of person %d: %w", rd.PersonID, err)
		}
		if n > 0 {
			return audience{vis: []Visibility{Public, Members, Residents}}, nil
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
	return fmt.Sprintf("d.publish_at <= $%d AND d.shown_file_id IS NOT NULL AND d.visibility IN (%s)", len(*args), strings.Join(q, ", "))
}

// opens reports whether the audience may open a document at now.
func (a audience) opens(d Document, now time.Time) bool {
	if a.staff {
		return true
	}
	return !d.PublishAt.After(now) && d.ShownFileID != 0 && slices.Contains(a.vis, d.Visibility)
}

// seesFile reports whether the audience may open a file of a document it
// opens: staff every file, others any version unless the document carries
// personal data, and then only anonymised ones.
func (a audience) seesFile(d Document, f File) bool {
	return a.staff || !d.PersonalData || f.Anonymised
}
