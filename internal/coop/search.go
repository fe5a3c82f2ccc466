package coop

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/text"
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

// searchPersons runs one indexed lookup per kind of key the query can be
// (surname prefix, e-mail, register number, phone, company) and joins the
// results, so a search stays fast in a cooperative of 100,000 premises.
func (s *Service) searchPersons(ctx context.Context, coopID, estateID int64, query string, limit int) ([]PersonHit, error) {
	ids, err := s.personIDs(ctx, personLookups(coopID, query, limit))
	if err != nil {
		return nil, fmt.Errorf("coop: search persons: %w", err)
	}
	hits, err := s.personHits(ctx, coopID, estateID, ids)
	if err != nil {
		return nil, err
	}
	return rankPersons(hits, query, limit), nil
}

// personLookup is one indexed query for the ids of persons.
type personLookup struct {
	query string
	args  []any
}

// personLookups lists the lookups a staff search query can stand for:
// a surname prefix (folded), an e-mail, a member
// register number, a phone number and part of a company name.
func personLookups(coopID int64, query string, limit int) []personLookup {
	q := strings.ToLower(query)
	surname, _, _ := strings.Cut(query, " ")
	var out []personLookup
	// Surname prefix, typed with or without Polish letters and in any
	// case: a range on the (coop_id, name_folded) index, name_folded being
	// "surname first name" folded by the database as text.Fold folds.
	if hasLetter(surname) {
		// The whole query: "sokolowski jan" narrows to the Jans at once,
		// rather than to the first rows of every Sokołowski and Sokołowska.
		form := text.Fold(query)
		out = append(out, personLookup{`SELECT id FROM persons WHERE coop_id = $1 AND name_folded >= $2 AND name_folded < $3
			ORDER BY name_folded, id LIMIT $4`, []any{coopID, form, form + "\U0010FFFF", 4 * limit}})
	}
	if strings.Contains(q, "@") {
		out = append(out, personLookup{`SELECT id FROM persons WHERE coop_id = $1 AND email = $2`, []any{coopID, q}})
	}
	if len(query) <= 20 && !strings.Contains(query, " ") {
		out = append(out, personLookup{`SELECT person_id FROM memberships WHERE coop_id = $1 AND register_number = $2`, []any{coopID, query}})
	}
	// A phone number: its digits as stored (without spaces, hyphens and
	// the plus), with or without the country code 48.
	if digits := onlyDigits(q); len(digits) >= 9 && len(digits) <= 12 && !hasLetter(q) {
		out = append(out, personLookup{`SELECT id FROM persons WHERE coop_id = $1
			AND replace(replace(replace(phone, ' ', ''), '-', ''), '+', '') IN ($2, $3)`, []any{coopID, digits, "48" + digits}})
	}
	if hasLetter(q) && len([]rune(q)) >= 3 {
		out = append(out, personLookup{`SELECT id FROM persons WHERE coop_id = $1 AND company_name <> ''
			AND company_folded LIKE $2 ESCAPE '\' LIMIT $3`,
			[]any{coopID, "%" + likePrefix(text.Fold(q)), limit}})
	}
	return out
}

// personIDs runs the lookups in turn and joins the ids they find, each
// once, in the order found.
func (s *Service) personIDs(ctx context.Context, lookups []personLookup) ([]int64, error) {
	var ids []int64
	seen := map[int64]bool{}
	for _, l := range lookups {
		found, err := store.QueryAll(ctx, s.DB.Read(), store.ScanID, l.query, l.args...)
		if err != nil {
			return nil, err
		}
		for _, id := range found {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	return ids, nil
}

// rankPersons keeps, when the query gives a first name after the surname,
// the people whose first name starts so (companies, and people found by
// another key than the surname, stay), sorts them by name and returns at
// most limit of them.
func rankPersons(hits []PersonHit, query string, limit int) []PersonHit {
	surname, first, _ := strings.Cut(text.Fold(query), " ")
	out := hits[:0]
	for _, h := range hits {
		if first == "" || h.CompanyName != "" || strings.HasPrefix(text.Fold(h.FirstName), first) ||
			!strings.HasPrefix(text.Fold(h.LastName), surname) {
			out = append(out, h)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].LastName != out[j].LastName {
			return out[i].LastName < out[j].LastName
		}
		return out[i].FirstName < out[j].FirstName
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// personHits loads the persons found, limited to an estate when asked.
func (s *Service) personHits(ctx context.Context, coopID, estateID int64, ids []int64) ([]PersonHit, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := []any{coopID, estateID}
	marks := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, id)
		marks[i] = fmt.Sprintf("$%d", i+3)
	}
	out, err := store.QueryAll(ctx, s.DB.Read(), func(row store.Scanner) (PersonHit, error) {
		var h PersonHit
		err := row.Scan(&h.ID, &h.FirstName, &h.LastName, &h.CompanyName, &h.Street, &h.PostalCode,
			&h.City, &h.Email, &h.Phone, &h.RegisterNumber)
		return h, err
	}, `SELECT p.id, p.first_name, p.last_name, p.company_name, p.street, p.postal_code,
			p.city, p.email, p.phone, COALESCE((SELECT MAX(m.register_number) FROM memberships m WHERE m.coop_id = p.coop_id AND m.person_id = p.id), '')
		FROM persons p
		WHERE p.coop_id = $1 AND p.id IN (`+strings.Join(marks, ", ")+`)
		AND ($2 = 0 OR EXISTS (SELECT 1 FROM title_holders h
			JOIN titles t ON t.coop_id = h.coop_id AND t.id = h.title_id
			JOIN premises pr ON pr.coop_id = t.coop_id AND pr.id = t.premises_id
			JOIN buildings b ON b.coop_id = pr.coop_id AND b.id = pr.building_id
			WHERE h.coop_id = p.coop_id AND h.person_id = p.id AND b.estate_id = $2))`, args...)
	if err != nil {
		return nil, fmt.Errorf("coop: search persons: %w", err)
	}
	return out, nil
}

func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

func onlyDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
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

// searchPremises looks premises up by address (the buildings table is
// small, and premises are found through their building) or, for eight or
// more digits, by account number; two queries, so neither forces the
// other's full scan.
func (s *Service) searchPremises(ctx context.Context, coopID, estateID int64, query string, limit int) ([]Premises, error) {
	street, house, number := splitAddress(query)
	var out []Premises
	seen := map[int64]bool{}
	collect := func(where string, args ...any) error {
		rows, err := s.DB.Read().QueryContext(ctx, `SELECT `+premisesColumns+` `+premisesJoins+`
			WHERE p.coop_id = $1 AND ($2 = 0 OR e.id = $2) AND `+where+`
			ORDER BY b.street, b.number, p.kind, p.number LIMIT $3`, append([]any{coopID, estateID, limit}, args...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p Premises
			if err := scanPremises(rows, &p); err != nil {
				return err
			}
			if !seen[p.ID] && len(out) < limit {
				seen[p.ID] = true
				out = append(out, p)
			}
		}
		return rows.Err()
	}
	if hasLetter(street) {
		folded := text.Fold(street)
		err := collect(`p.building_id IN (SELECT id FROM buildings WHERE coop_id = $1
				AND ((street_folded >= $4 AND street_folded < $5) OR (street_folded >= $6 AND street_folded < $7))
				AND ($8 = '' OR lower(number) = $8))
			AND ($9 = '' OR lower(p.number) = $9)`,
			// Prefix ranges on the (coop_id, street_folded) index, with and
			// without "ul. ".
			folded, folded+"\U0010FFFF", "ul. "+folded, "ul. "+folded+"\U0010FFFF", house, number)
		if err != nil {
			return nil, fmt.Errorf("coop: search premises: %w", err)
		}
	}
	account := strings.NewReplacer(" ", "", "\u00a0", "").Replace(strings.TrimPrefix(strings.ToUpper(query), "PL"))
	if len(account) >= 8 && onlyDigits(account) == account {
		where, arg := `a.id IN (SELECT id FROM accounts WHERE coop_id = $1 AND nrb LIKE $4 LIMIT 200)`, "%"+account+"%"
		if len(account) == 26 {
			where, arg = `a.nrb = $4`, account
		}
		if err := collect(where, arg); err != nil {
			return nil, fmt.Errorf("coop: search premises: %w", err)
		}
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
	out, err := store.QueryAll(ctx, s.DB.Read(), func(row store.Scanner) (Holder, error) {
		var h Holder
		var kind string
		err := row.Scan(&h.PersonID, &h.Name, &kind, &h.ShareNum, &h.ShareDen, &h.StartsOn, &h.EndsOn)
		h.Title = TitleKind(kind)
		return h, err
	}, `SELECT p.id,
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
	return out, nil
}
