package letters

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/store"
)

// recipientKey names a recipient's merge fields: the person and the
// premises (0 for none).
type recipientKey struct{ personID, premisesID int64 }

// valuesAll reads the merge fields of many recipients of one cooperative
// with one query for the persons and one for the premises, as values does
// for one recipient with two. Without withBalance the balances are left at
// 0 (see Letter.usesBalance).
func (s *Service) valuesAll(ctx context.Context, q store.Querier, c *coop.Cooperative, keys []recipientKey, withBalance bool) (map[recipientKey]Values, error) {
	var persons, premises []int64
	for _, k := range keys {
		persons = append(persons, k.personID)
		if k.premisesID != 0 {
			premises = append(premises, k.premisesID)
		}
	}
	people, err := s.personsValues(ctx, q, c, persons)
	if err != nil {
		return nil, err
	}
	places, err := s.premisesValues(ctx, q, c, premises, withBalance)
	if err != nil {
		return nil, err
	}
	out := make(map[recipientKey]Values, len(keys))
	for _, k := range keys {
		v, ok := people[k.personID]
		if !ok {
			return nil, fmt.Errorf("letters: person %d: %w", k.personID, store.ErrNotFound)
		}
		if k.premisesID != 0 {
			p, ok := places[k.premisesID]
			if !ok {
				return nil, fmt.Errorf("letters: premises %d: %w", k.premisesID, store.ErrNotFound)
			}
			v.PremisesAddress, v.NRB, v.Balance = p.PremisesAddress, p.NRB, p.Balance
		}
		out[k] = v
	}
	return out, nil
}

// idArgs is the cooperative and the ids as parameters, for "coop_id = $1
// AND id IN ($2, …)".
func idArgs(coopID int64, ids []int64) []any {
	args := []any{coopID}
	for _, id := range ids {
		args = append(args, id)
	}
	return args
}

// personsValues reads the persons' own merge fields (name, postal address,
// login, due date) by person id.
func (s *Service) personsValues(ctx context.Context, q store.Querier, c *coop.Cooperative, ids []int64) (map[int64]Values, error) {
	rows, err := store.QueryAll(ctx, q, func(row store.Scanner) (idValues, error) {
		var r idValues
		var street, postal, city string
		if err := row.Scan(&r.id, &r.v.Name, &street, &postal, &city, &r.v.Login); err != nil {
			return r, err
		}
		r.v.PostalAddress = []string{street, postal + " " + city}
		r.v.DueDate = nextDue(s.today(), c.FeeDueDay).Format()
		return r, nil
	}, `SELECT id, CASE WHEN company_name <> '' THEN company_name ELSE first_name || ' ' || last_name END,
		street, postal_code, city, COALESCE((SELECT MIN(login) FROM users u WHERE u.coop_id = p.coop_id AND u.person_id = p.id
			AND u.kind IN ('resident', 'member') AND u.disabled_at IS NULL), '')
		FROM persons p WHERE coop_id = $1 AND id `+inIDs(2, len(ids)), idArgs(c.ID, ids)...)
	return byID(rows), err
}

// idValues is one row of personsValues or premisesValues.
type idValues struct {
	id int64
	v  Values
}

// byID is rows by id, the first row of an id counting.
func byID(rows []idValues) map[int64]Values {
	out := make(map[int64]Values, len(rows))
	for _, r := range rows {
		if _, seen := out[r.id]; !seen {
			out[r.id] = r.v
		}
	}
	return out
}

// premisesValues reads the premises' merge fields (address, account and
// balance) by premises id; of a premises with two accounts, the first row
// counts, as in values.
func (s *Service) premisesValues(ctx context.Context, q store.Querier, c *coop.Cooperative, ids []int64, withBalance bool) (map[int64]Values, error) {
	if len(ids) == 0 {
		return map[int64]Values{}, nil
	}
	args := idArgs(c.ID, ids)
	balance := "NULL"
	if withBalance {
		args = append(args, s.today())
		balance = `(SELECT SUM(e.amount) FROM ledger_entries e WHERE e.coop_id = a.coop_id AND e.account_id = a.id AND e.booked_on <= $` +
			fmt.Sprint(len(args)) + `)`
	}
	rows, err := store.QueryAll(ctx, q, func(row store.Scanner) (idValues, error) {
		var r idValues
		var kind, street, house, number, postal, city string
		var acct sql.NullString
		var balance sql.NullInt64
		if err := row.Scan(&r.id, &kind, &street, &house, &number, &postal, &city, &acct, &balance); err != nil {
			return r, err
		}
		p := coop.Premises{Kind: coop.PremisesKind(kind), Street: street, House: house, Number: number}
		r.v = Values{PremisesAddress: p.Address() + ", " + postal + " " + city, NRB: acct.String, Balance: money.Amount(balance.Int64)}
		return r, nil
	}, `SELECT p.id, p.kind, b.street, b.number, p.number, b.postal_code, b.city, a.nrb, `+balance+`
		FROM premises p JOIN buildings b ON b.coop_id = p.coop_id AND b.id = p.building_id
		LEFT JOIN accounts a ON a.coop_id = p.coop_id AND a.premises_id = p.id
		WHERE p.coop_id = $1 AND p.id `+inIDs(2, len(ids)), args...)
	return byID(rows), err
}
