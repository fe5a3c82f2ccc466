package audit

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/store"
)

// Names looks up, in one query per kind, the logins, persons, premises and
// fee components that entries refer to, for their sentences.
func (s *Service) Names(ctx context.Context, coopID int64, entries []Entry) (Names, error) {
	return LookupNames(ctx, s.DB.Read(), coopID, entries)
}

// LookupNames is Service.Names on any querier.
func LookupNames(ctx context.Context, q store.Querier, coopID int64, entries []Entry) (Names, error) {
	n := Names{Users: map[int64]UserName{}, Persons: map[int64]string{}, Premises: map[int64]string{}, Components: map[int64]string{}}
	var users, persons, premises, components []int64
	for _, e := range entries {
		if e.ActorID != 0 {
			users = append(users, e.ActorID)
		}
		if e.PersonID != 0 {
			persons = append(persons, e.PersonID)
		}
		if id, ok := subjectNumber(e.Subject, "user"); ok {
			users = append(users, id)
		}
		if id, ok := subjectNumber(e.Subject, "premises"); ok {
			premises = append(premises, id)
		}
		if id, ok := subjectNumber(e.Subject, "component"); ok {
			components = append(components, id)
		}
		if id, err := strconv.ParseInt(e.Details["assigned_to"], 10, 64); err == nil {
			users = append(users, id)
		}
	}
	err := lookup(ctx, q, coopID, users, `SELECT id, display_name, login, kind, COALESCE(role, '') FROM users WHERE coop_id = $1 AND id IN `,
		func(row store.Scanner) error {
			var id int64
			var u UserName
			if err := row.Scan(&id, &u.Name, &u.Login, &u.Kind, &u.Role); err != nil {
				return err
			}
			n.Users[id] = u
			return nil
		})
	if err == nil {
		err = lookup(ctx, q, coopID, persons, `SELECT id, CASE WHEN company_name <> '' THEN company_name ELSE first_name || ' ' || last_name END
			FROM persons WHERE coop_id = $1 AND id IN `, func(row store.Scanner) error {
			var id int64
			var name string
			err := row.Scan(&id, &name)
			n.Persons[id] = name
			return err
		})
	}
	if err == nil {
		err = lookup(ctx, q, coopID, premises, `SELECT p.id, p.kind, b.street, b.number, p.number
			FROM premises p JOIN buildings b ON b.coop_id = p.coop_id AND b.id = p.building_id
			WHERE p.coop_id = $1 AND p.id IN `, func(row store.Scanner) error {
			var id int64
			var kind, street, house, number string
			if err := row.Scan(&id, &kind, &street, &house, &number); err != nil {
				return err
			}
			// As coop.Premises.Address: flats and commercial premises
			// carry their number after the house's.
			if kind == "flat" || kind == "commercial" {
				n.Premises[id] = street + " " + house + "/" + number
			} else {
				n.Premises[id] = street + " " + house + ", " + number
			}
			return nil
		})
	}
	if err == nil {
		err = lookup(ctx, q, coopID, components, `SELECT id, name FROM fee_components WHERE coop_id = $1 AND id IN `,
			func(row store.Scanner) error {
				var id int64
				var name string
				err := row.Scan(&id, &name)
				n.Components[id] = name
				return err
			})
	}
	if err != nil {
		return Names{}, fmt.Errorf("audit: names: %w", err)
	}
	return n, nil
}

// lookup runs query (which ends in "id IN ") for the distinct ids, with
// the cooperative as $1, and scans each row.
func lookup(ctx context.Context, q store.Querier, coopID int64, ids []int64, query string, scan func(store.Scanner) error) error {
	seen := map[int64]bool{}
	args := []any{coopID}
	var marks []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			args = append(args, id)
			marks = append(marks, "$"+strconv.Itoa(len(args)))
		}
	}
	if len(marks) == 0 {
		return nil
	}
	rows, err := q.QueryContext(ctx, query+"("+strings.Join(marks, ", ")+")", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
