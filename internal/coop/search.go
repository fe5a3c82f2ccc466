package coop

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ebok/ebok/internal/civil"
)

// PersonHit is a person found by a staff search.
type PersonHit struct {
	Person
	RegisterNumber string // current or past member register number, if any
}

// SearchResult is what a staff search finds.
type SearchResult struct {
	Persons  []PersonHit
	Premises []Premises
}

// Search finds persons (by surname, first name, company, e-mail, phone or
// member register number) and premises (by street and house number, e.g.
// "Mickiewicza 5/12", or by account number) of the cooperative. estateID,
// when not zero, limits both to that estate. An empty query finds nothing.
func (s *Service) Search(ctx context.Context, coopID, estateID int64, query string, limit int) (*SearchResult, error) {
	query = strings.Join(strings.Fields(query), " ")
	res := &SearchResult{}
	if utf8.RuneCountInString(query) < 2 {
		return res, nil
	}
	var err error
	if res.Persons, err = s.searchPersons(ctx, coopID, estateID, query, limit); err != nil {
		return nil, err
	}
	if res.Premises, err = s.searchPremises(ctx, coopID, estateID, query, limit); err != nil {
		return nil, err
	}
	return res, nil
}

// likePrefix escapes s for LIKE and appends %.
func likePrefix(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s) + "%"
}

// capitalised turns "łuk" into "Łuk": SQLite's lower() folds ASCII only, so
// a name starting with a Polish capital is matched by this form too.
func capitalised(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func (s *Service) searchPersons(ctx context.Context, coopID, estateID int64, query string, limit int) ([]PersonHit, error) {
	q := strings.ToLower(query)
	surname, first, _ := strings.Cut(q, " ")
	digits := strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return r
		}
		return -1
	}, q)
	rows, err := s.DB.Read().QueryContext(ctx, `SELECT p.id, p.first_name, p.last_name, p.company_name, p.street, p.postal_code,
			p.city, p.email, p.phone, COALESCE((SELECT MAX(m.register_number) FROM memberships m WHERE m.coop_id = p.coop_id AND m.person_id = p.id), '')
		FROM persons p
		WHERE p.coop_id = $1
		AND ($2 = 0 OR EXISTS (SELECT 1 FROM title_holders h
			JOIN titles t ON t.coop_id = h.coop_id AND t.id = h.title_id
			JOIN premises pr ON pr.coop_id = t.coop_id AND pr.id = t.premises_id
			JOIN buildings b ON b.coop_id = pr.coop_id AND b.id = pr.building_id
			WHERE h.coop_id = p.coop_id AND h.person_id = p.id AND b.estate_id = $2))
		AND (
			((lower(p.last_name) LIKE $3 ESCAPE '\' OR p.last_name LIKE $4 ESCAPE '\')
				AND ($5 = '' OR lower(p.first_name) LIKE $5 ESCAPE '\' OR p.first_name LIKE $6 ESCAPE '\'))
			OR lower(p.company_name) LIKE $7 ESCAPE '\' OR p.company_name LIKE $8 ESCAPE '\'
			OR lower(p.email) = $9
			OR ($10 <> '' AND length($10) >= 6 AND replace(replace(p.phone, ' ', ''), '-', '') LIKE $11)
			OR EXISTS (SELECT 1 FROM memberships m WHERE m.coop_id = p.coop_id AND m.person_id = p.id AND m.register_number = $12)
		)
		ORDER BY p.last_name, p.first_name, p.id
		LIMIT $13`,
		coopID, estateID,
		likePrefix(surname), likePrefix(capitalised(surname)),
		likeOrEmpty(first), likeOrEmpty(capitalised(first)),
		"%"+likePrefix(q), "%"+likePrefix(capitalised(q)),
		q, digits, "%"+digits+"%", query, limit)
	if err != nil {
		return nil, fmt.Errorf("coop: search persons: %w", err)
	}
	defer rows.Close()
	var out []PersonHit
	for rows.Next() {
		var h PersonHit
		if err := rows.Scan(&h.ID, &h.FirstName, &h.LastName, &h.CompanyName, &h.Street, &h.PostalCode,
			&h.City, &h.Email, &h.Phone, &h.RegisterNumber); err != nil {
			return nil, fmt.Errorf("coop: search persons: %w", err)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("coop: search persons: %w", err)
	}
	return out, nil
}

func likeOrEmpty(s string) string {
	if s == "" {
		return ""
	}
	return likePrefix(s)
}

// splitAddress turns "Mickiewicza 5/12" into ("mickiewicza", "5", "12").
func splitAddress(q string) (street, house, number string) {
	q = strings.TrimPrefix(strings.ToLower(q), "ul. ")
	i := strings.LastIndexByte(q, ' ')
	if i < 0 {
		return q, "", ""
	}
	street, rest := q[:i], q[i+1:]
	if !strings.ContainsAny(rest[:1], "0123456789") {
		return q, "", ""
	}
	house, number, _ = strings.Cut(rest, "/")
	return street, house, number
}

func (s *Service) searchPremises(ctx context.Context, coopID, estateID int64, query string, limit int) ([]Premises, error) {
	street, house, number := splitAddress(query)
	account := strings.NewReplacer(" ", "", "\u00a0", "").Replace(strings.TrimPrefix(strings.ToUpper(query), "PL"))
	rows, err := s.DB.Read().QueryContext(ctx, `SELECT `+premisesColumns+` `+premisesJoins+`
		WHERE p.coop_id = $1 AND ($2 = 0 OR e.id = $2)
		AND (
			((lower(b.street) LIKE $3 ESCAPE '\' OR b.street LIKE $4 ESCAPE '\' OR lower(b.street) LIKE $5 ESCAPE '\' OR b.street LIKE $6 ESCAPE '\')
				AND ($7 = '' OR lower(b.number) = $7) AND ($8 = '' OR lower(p.number) = $8))
			OR (length($9) >= 8 AND a.nrb LIKE $10)
		)
		ORDER BY b.street, b.number, p.kind, p.number
		LIMIT $11`,
		coopID, estateID,
		likePrefix(street), likePrefix(capitalised(street)), "ul. "+likePrefix(street), "ul. "+likePrefix(capitalised(street)),
		house, number, account, "%"+likePrefix(account), limit)
	if err != nil {
		return nil, fmt.Errorf("coop: search premises: %w", err)
	}
	defer rows.Close()
	var out []Premises
	for rows.Next() {
		var p Premises
		if err := scanPremises(rows, &p); err != nil {
			return nil, fmt.Errorf("coop: search premises: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("coop: search premises: %w", err)
	}
	return out, nil
}

// Holder is a person holding a title to a premises.
type Holder struct {
	PersonID int64
	Name     string
	Title    TitleKind
	ShareNum int
	ShareDen int
	StartsOn civil.Date
	EndsOn   civil.Date // zero while current
}

// Holders lists every title holder of a premises, current and past, newest
// title first.
func (s *Service) Holders(ctx context.Context, coopID, premisesID int64) ([]Holder, error) {
	rows, err := s.DB.Read().QueryContext(ctx, `SELECT p.id,
			CASE WHEN p.company_name <> '' THEN p.company_name ELSE p.first_name || ' ' || p.last_name END,
			t.kind, h.share_num, h.share_den, t.starts_on, t.ends_on
		FROM titles t
		JOIN title_holders h ON h.coop_id = t.coop_id AND h.title_id = t.id
		JOIN persons p ON p.coop_id = h.coop_id AND p.id = h.person_id
		WHERE t.coop_id = $1 AND t.premises_id = $2
		ORDER BY t.starts_on DESC, p.last_name, p.first_name`, coopID, premisesID)
	if err != nil {
		return nil, fmt.Errorf("coop: holders of %d: %w", premisesID, err)
	}
	defer rows.Close()
	var out []Holder
	for rows.Next() {
		var h Holder
		var kind string
		if err := rows.Scan(&h.PersonID, &h.Name, &kind, &h.ShareNum, &h.ShareDen, &h.StartsOn, &h.EndsOn); err != nil {
			return nil, fmt.Errorf("coop: holders of %d: %w", premisesID, err)
		}
		h.Title = TitleKind(kind)
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("coop: holders of %d: %w", premisesID, err)
	}
	return out, nil
}
