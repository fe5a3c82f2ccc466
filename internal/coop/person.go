package coop

import (
	"context"
	"fmt"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
)

// Person is someone the cooperative settles with or who is its member.
type Person struct {
	ID          int64
	FirstName   string
	LastName    string
	CompanyName string
	Street      string
	PostalCode  string
	City        string
	Email       string
	Phone       string
}

// Name is how the person is addressed: the company name for a company.
func (p Person) Name() string {
	if p.CompanyName != "" {
		return p.CompanyName
	}
	return p.FirstName + " " + p.LastName
}

// Person loads a person of the cooperative.
func (s *Service) Person(ctx context.Context, coopID, id int64) (*Person, error) {
	var p Person
	err := s.DB.Read().QueryRowContext(ctx, `SELECT id, first_name, last_name, company_name, street, postal_code, city, email, phone
		FROM persons WHERE coop_id = $1 AND id = $2`, coopID, id).
		Scan(&p.ID, &p.FirstName, &p.LastName, &p.CompanyName, &p.Street, &p.PostalCode, &p.City, &p.Email, &p.Phone)
	if err != nil {
		return nil, fmt.Errorf("coop: person %d: %w", id, store.MapError(err))
	}
	return &p, nil
}

// Membership is a person's membership of the cooperative.
type Membership struct {
	RegisterNumber string
	JoinedOn       civil.Date
	LeftOn         civil.Date // zero while current
	// Shares is the number of shares and SharesPaid the amount paid for
	// them in grosze, when the register records them (0: not recorded).
	Shares     int64
	SharesPaid int64
}

// Current reports whether the membership is in force on day.
func (m Membership) Current(day civil.Date) bool {
	return !m.JoinedOn.After(day) && (m.LeftOn.IsZero() || !m.LeftOn.Before(day))
}

// Memberships lists a person's memberships, newest first.
func (s *Service) Memberships(ctx context.Context, coopID, personID int64) ([]Membership, error) {
	out, err := store.QueryAll(ctx, s.DB.Read(), func(row store.Scanner) (Membership, error) {
		var m Membership
		err := row.Scan(&m.RegisterNumber, &m.JoinedOn, &m.LeftOn, &m.Shares, &m.SharesPaid)
		return m, err
	}, `SELECT register_number, joined_on, left_on, COALESCE(shares, 0), COALESCE(shares_paid, 0) FROM memberships
		WHERE coop_id = $1 AND person_id = $2 ORDER BY joined_on DESC`, coopID, personID)
	if err != nil {
		return nil, fmt.Errorf("coop: memberships of %d: %w", personID, err)
	}
	return out, nil
}

// CurrentMembership returns the membership in force on day, or ErrNotFound.
func (s *Service) CurrentMembership(ctx context.Context, coopID, personID int64, day civil.Date) (*Membership, error) {
	all, err := s.Memberships(ctx, coopID, personID)
	if err != nil {
		return nil, err
	}
	for _, m := range all {
		if m.Current(day) {
			return &m, nil
		}
	}
	return nil, fmt.Errorf("coop: person %d is not a member: %w", personID, store.ErrNotFound)
}

// PersonFor loads a person as seen by staff: with estateID not zero, only a
// person holding (or having held) a premises in that estate is found.
func (s *Service) PersonFor(ctx context.Context, coopID, estateID, id int64) (*Person, error) {
	if estateID != 0 {
		var n int
		err := s.DB.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM title_holders h
			JOIN titles t ON t.coop_id = h.coop_id AND t.id = h.title_id
			JOIN premises pr ON pr.coop_id = t.coop_id AND pr.id = t.premises_id
			JOIN buildings b ON b.coop_id = pr.coop_id AND b.id = pr.building_id
			WHERE h.coop_id = $1 AND h.person_id = $2 AND b.estate_id = $3`, coopID, id, estateID).Scan(&n)
		if err != nil {
			return nil, fmt.Errorf("coop: person %d in estate %d: %w", id, estateID, err)
		}
		if n == 0 {
			return nil, fmt.Errorf("coop: person %d not in estate %d: %w", id, estateID, store.ErrNotFound)
		}
	}
	return s.Person(ctx, coopID, id)
}

// HasLogin reports whether the person holds a login of the kind
// ("resident" for E-BOK, "member" for IKCS), so that one area can point to
// the other.
func (s *Service) HasLogin(ctx context.Context, coopID, personID int64, kind string) (bool, error) {
	var n int
	err := s.DB.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE coop_id = $1 AND person_id = $2 AND kind = $3`,
		coopID, personID, kind).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("coop: logins of %d: %w", personID, err)
	}
	return n > 0, nil
}
