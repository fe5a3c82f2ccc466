package access

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/ebok/ebok/internal/store"
)

// streetKey folds a street name for comparison: case, the "ul." prefix and
// spacing do not matter.
func streetKey(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	for _, p := range []string{"ul. ", "ulica ", "ul.", "al. ", "aleja ", "os. ", "pl. "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

// matchPremises finds the premises the form names, or 0. House and number
// compare case-insensitively; a form without a number matches a premises
// whose number is empty or equals the house (garages, parking spaces).
func matchPremises(ctx context.Context, q store.Querier, coopID int64, street, house, number string) (int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.id, b.street, p.number, p.kind FROM premises p
		JOIN buildings b ON b.coop_id = p.coop_id AND b.id = p.building_id
		WHERE p.coop_id = $1 AND lower(b.number) = lower($2) AND lower(p.number) = lower($3)`,
		coopID, house, number)
	if err != nil {
		return 0, fmt.Errorf("access: match premises: %w", err)
	}
	defer rows.Close()
	want := streetKey(street)
	var found int64
	for rows.Next() {
		var id int64
		var st, num, kind string
		if err := rows.Scan(&id, &st, &num, &kind); err != nil {
			return 0, fmt.Errorf("access: match premises: %w", err)
		}
		if streetKey(st) == want {
			if found != 0 {
				return 0, nil // ambiguous: leave it to staff
			}
			found = id
		}
	}
	return found, rows.Err()
}

// matchPerson finds the person the application is about: for IKCS the
// member with that register number and surname; for E-BOK a holder of the
// matched premises with the same name; failing that, a person whose
// correspondence e-mail is the form's. Names compare in Go, where case
// folding knows Polish letters. Returns 0 when nobody matches.
func matchPerson(ctx context.Context, q store.Querier, coopID, premisesID int64, f *Form) (int64, error) {
	var rows *sql.Rows
	var err error
	switch {
	case f.Portal == IKCS:
		rows, err = q.QueryContext(ctx, `SELECT p.id, p.first_name, p.last_name FROM persons p
			JOIN memberships m ON m.coop_id = p.coop_id AND m.person_id = p.id
			WHERE p.coop_id = $1 AND m.register_number = $2 ORDER BY m.joined_on DESC`, coopID, f.RegisterNumber)
	case premisesID != 0:
		rows, err = q.QueryContext(ctx, `SELECT p.id, p.first_name, p.last_name FROM persons p
			JOIN title_holders h ON h.coop_id = p.coop_id AND h.person_id = p.id
			JOIN titles t ON t.coop_id = h.coop_id AND t.id = h.title_id
			WHERE p.coop_id = $1 AND t.premises_id = $2 ORDER BY t.starts_on DESC`, coopID, premisesID)
	}
	if err != nil {
		return 0, fmt.Errorf("access: match person: %w", err)
	}
	if rows != nil {
		defer rows.Close()
		for rows.Next() {
			var id int64
			var first, last string
			if err := rows.Scan(&id, &first, &last); err != nil {
				return 0, fmt.Errorf("access: match person: %w", err)
			}
			if strings.EqualFold(last, f.LastName) && (f.Portal == IKCS || strings.EqualFold(first, f.FirstName)) {
				return id, nil
			}
		}
		if err := rows.Err(); err != nil {
			return 0, fmt.Errorf("access: match person: %w", err)
		}
	}
	var id int64
	err = q.QueryRowContext(ctx, `SELECT id FROM persons WHERE coop_id = $1 AND lower(email) = $2 AND email <> ''
		ORDER BY id LIMIT 1`, coopID, f.Email).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("access: match person: %w", err)
	}
	return id, nil
}
