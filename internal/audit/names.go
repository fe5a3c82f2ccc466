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

// nameIDs are the ids, per kind, that entries refer to.
type nameIDs struct {
	users, persons, premises, components []int64
}

// LookupNames is Service.Names on any querier.
func LookupNames(ctx context.Context, q store.Querier, coopID int64, entries []Entry) (Names, error) {
	n := Names{Users: map[int64]UserName{}, Persons: map[int64]string{}, Premises: map[int64]string{}, Components: map[int64]string{}}
	ids := collectNameIDs(entries)
	err := lookupUsers(ctx, q, coopID, ids.users, n)
	if err == nil {
		err = lookupPersons(ctx, q, coopID, ids.persons, n)
	}
	if err == nil {
		err = lookupPremises(ctx, q, coopID, ids.premises, n)
	}
	if err == nil {
		err = lookupComponents(ctx, q, coopID, ids.components, n)
	}
	if err != nil {
		return Names{}, fmt.Errorf("audit: names: %w", err)
	}
	return n, nil
}

// collectNameIDs gathers the logins, persons, premises and fee components
// that entries refer to, by actor, person, subject or assignee.
func collectNameIDs(entries []Entry) nameIDs {
	var ids nameIDs
	for _, e := range entries {
		if e.ActorID != 0 {
			ids.users = append(ids.users, e.ActorID)
		}
		if e.PersonID != 0 {
			ids.persons = append(ids.persons, e.PersonID)
		}
		if id, ok := subjectNumber(e.Subject, "user"); ok {
			ids.users = append(ids.users, id)
		}
		if id, ok := subjectNumber(e.Subject, "premises"); ok {
			ids.premises = append(ids.premises, id)
		}
		if id, ok := subjectNumber(e.Subject, "component"); ok {
			ids.components = append(ids.components, id)
		}
		if id, err := strconv.ParseInt(e.Details["assigned_to"], 10, 64); err == nil {
			ids.users = append(ids.users, id)
		}
	}
	return ids
}

// lookupUsers fills n.Users with the logins of ids.
func lookupUsers(ctx context.Context, q store.Querier, coopID int64, ids []int64, n Names) error {
	return lookup(ctx, q, coopID, ids, `SELECT id, display_name, login, kind, COALESCE(role, '') FROM users WHERE coop_id = $1 AND id IN `,
		func(row store.Scanner) error {
			var id int64
			var u UserName
			if err := row.Scan(&id, &u.Name, &u.Login, &u.Kind, &u.Role); err != nil {
				return err
			}
			n.Users[id] = u
			return nil
		})
}

// lookupPersons fills n.Persons with the names of the persons ids.
func lookupPersons(ctx context.Context, q store.Querier, coopID int64, ids []int64, n Names) error {
	return lookup(ctx, q, coopID, ids, `SELECT id, CASE WHEN company_name <> '' THEN company_name ELSE first_name || ' ' || last_name END
		FROM persons WHERE coop_id = $1 AND id IN `, func(row store.Scanner) error {
		var id int64
		var name string
		err := row.Scan(&id, &name)
		n.Persons[id] = name
		return err
	})
}

// lookupPremises fills n.Premises with the addresses of the premises ids.
func lookupPremises(ctx context.Context, q store.Querier, coopID int64, ids []int64, n Names) error {
	return lookup(ctx, q, coopID, ids, `SELECT p.id, p.kind, b.street, b.number, p.number
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

// lookupComponents fills n.Components with the names of the fee
// components ids.
func lookupComponents(ctx context.Context, q store.Querier, coopID int64, ids []int64, n Names) error {
	return lookup(ctx, q, coopID, ids, `SELECT id, name FROM fee_components WHERE coop_id = $1 AND id IN `,
		func(row store.Scanner) error {
			var id int64
			var name string
			err := row.Scan(&id, &name)
			n.Components[id] = name
			return err
		})
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
