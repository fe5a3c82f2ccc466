package letters

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/store"
)

// RuleKind is how a letter's recipients are chosen.
type RuleKind string

// The kinds of rule. Every rule but RulePerson selects the current holders
// of the premises it names (one recipient per person and premises).
const (
	RulePerson       RuleKind = "person"        // Value: a person's id
	RulePremises     RuleKind = "premises"      // Value: a premises' id
	RuleAll          RuleKind = "all"           // every premises
	RuleEstate       RuleKind = "estate"        // Value: an estate's id
	RuleBuilding     RuleKind = "building"      // Value: a building's id
	RulePremisesKind RuleKind = "premises_kind" // Value: flat, commercial, garage or parking
	RuleMembers      RuleKind = "members"       // holders who are current members
	RuleArrears      RuleKind = "arrears"       // premises whose balance is above Amount
	RuleList         RuleKind = "list"          // Value: one premises NRB or member register number a line
)

// RuleKinds lists the rules, in the order the compose page offers them.
func RuleKinds() []RuleKind {
	return []RuleKind{RuleBuilding, RuleEstate, RuleAll, RulePremisesKind, RuleMembers, RuleArrears,
		RulePremises, RulePerson, RuleList}
}

// Rule chooses a letter's recipients.
type Rule struct {
	Kind   RuleKind
	Value  string
	Amount money.Amount // RuleArrears: the balance a premises must exceed
}

// Recipient is one person a letter goes to, about one premises (0 when
// the letter is to a person holding none).
type Recipient struct {
	PersonID, PremisesID int64
	Name                 string
	Email                string
	Consent              bool
}

// holdersSQL selects the current holders of premises on day $2 in
// cooperative $1, with their e-Korespondencja consent in force; %s adds
// the rule's condition.
const holdersSQL = `SELECT DISTINCT th.person_id, t.premises_id,
	CASE WHEN pe.company_name <> '' THEN pe.company_name ELSE pe.first_name || ' ' || pe.last_name END, pe.email,
	COALESCE((SELECT c.granted FROM consents c WHERE c.coop_id = pe.coop_id AND c.person_id = pe.id
		AND c.kind = 'ekorespondencja' ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1), FALSE)
	FROM titles t
	JOIN title_holders th ON th.coop_id = t.coop_id AND th.title_id = t.id
	JOIN persons pe ON pe.coop_id = th.coop_id AND pe.id = th.person_id
	JOIN premises p ON p.coop_id = t.coop_id AND p.id = t.premises_id
	JOIN buildings b ON b.coop_id = p.coop_id AND b.id = p.building_id
	WHERE t.coop_id = $1 AND t.starts_on <= $2 AND (t.ends_on IS NULL OR t.ends_on >= $2) %s
	ORDER BY t.premises_id, th.person_id`

// Resolve returns the recipients a rule selects today, within the
// actor's estate when they have one. A pasted list with lines that name
// nothing is refused with those lines' numbers.
func (s *Service) Resolve(ctx context.Context, by audit.Actor, r Rule) ([]Recipient, error) {
	cond, args, err := s.condition(ctx, by.CoopID, r)
	if err != nil {
		return nil, err
	}
	if by.EstateID != 0 {
		args = append(args, by.EstateID)
		cond += fmt.Sprintf(" AND b.estate_id = $%d", len(args))
	}
	rows, err := s.DB.Read().QueryContext(ctx, fmt.Sprintf(holdersSQL, cond), args...)
	if err != nil {
		return nil, fmt.Errorf("letters: resolve %s: %w", r.Kind, err)
	}
	defer rows.Close()
	var out []Recipient
	for rows.Next() {
		var rc Recipient
		if err := rows.Scan(&rc.PersonID, &rc.PremisesID, &rc.Name, &rc.Email, &rc.Consent); err != nil {
			return nil, fmt.Errorf("letters: resolve %s: %w", r.Kind, err)
		}
		out = append(out, rc)
	}
	if err := rows.Err(); err != nil || len(out) > 0 || r.Kind != RulePerson {
		return out, err
	}
	return s.personAlone(ctx, by, r.Value)
}

// condition is a rule's SQL condition on holdersSQL and its arguments
// ($1 the cooperative, $2 the day).
func (s *Service) condition(ctx context.Context, coopID int64, r Rule) (string, []any, error) {
	args := []any{coopID, s.today()}
	id := func() (int64, error) {
		n, err := strconv.ParseInt(strings.TrimSpace(r.Value), 10, 64)
		if err != nil || n <= 0 {
			return 0, problem("letters.err.rule_value")
		}
		return n, nil
	}
	one := func(col string) (string, []any, error) {
		n, err := id()
		return " AND " + col + " = $3", append(args, n), err
	}
	switch r.Kind {
	case RulePerson:
		return one("th.person_id")
	case RulePremises:
		return one("p.id")
	case RuleEstate:
		return one("b.estate_id")
	case RuleBuilding:
		return one("b.id")
	case RuleAll:
		return "", args, nil
	case RulePremisesKind:
		switch r.Value {
		case "flat", "commercial", "garage", "parking":
			return " AND p.kind = $3", append(args, r.Value), nil
		}
		return "", nil, problem("letters.err.rule_value")
	case RuleMembers:
		return ` AND EXISTS (SELECT 1 FROM memberships m WHERE m.coop_id = pe.coop_id AND m.person_id = pe.id
			AND m.joined_on <= $2 AND (m.left_on IS NULL OR m.left_on >= $2))`, args, nil
	case RuleArrears:
		return ` AND (SELECT COALESCE(SUM(e.amount), 0) FROM accounts a JOIN ledger_entries e
			ON e.coop_id = a.coop_id AND e.account_id = a.id
			WHERE a.coop_id = p.coop_id AND a.premises_id = p.id AND e.booked_on <= $2) > $3`, append(args, int64(r.Amount)), nil
	case RuleList:
		return s.listCondition(ctx, coopID, r.Value, args)
	}
	return "", nil, problem("letters.err.rule")
}

// listCondition reads a pasted list, one premises NRB or member register
// number a line, and selects the premises and persons it names. Lines that
// name nothing are refused by number, so that nothing is sent until the
// list is clean.
func (s *Service) listCondition(ctx context.Context, coopID int64, list string, args []any) (string, []any, error) {
	type line struct {
		no           int
		text, digits string
	}
	var lines []line
	var nrbs []string
	for i, text := range strings.Split(list, "\n") {
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		l := line{no: i + 1, text: text, digits: strings.ReplaceAll(strings.ReplaceAll(text, " ", ""), "PL", "")}
		if len(l.digits) == 26 {
			nrbs = append(nrbs, l.digits)
		}
		lines = append(lines, l)
	}
	if len(lines) == 0 {
		return "", nil, problem("letters.err.list_empty")
	}
	// A list of thousands of lines is looked up a chunk at a time, not a
	// query a line.
	byNRB, err := s.lookupAll(ctx, `SELECT nrb, premises_id FROM accounts WHERE coop_id = $1 AND nrb `, coopID, nrbs)
	if err != nil {
		return "", nil, err
	}
	var numbers []string
	for _, l := range lines {
		if _, ok := byNRB[l.digits]; !ok {
			numbers = append(numbers, l.text)
		}
	}
	byNumber, err := s.lookupAll(ctx, `SELECT register_number, person_id FROM memberships WHERE coop_id = $1 AND register_number `, coopID, numbers)
	if err != nil {
		return "", nil, err
	}
	// A leading 0 (no row's id) keeps each IN list valid when the list
	// names only premises or only persons.
	premises, persons := []string{"0"}, []string{"0"}
	var bad []string
	for _, l := range lines {
		if id, ok := byNRB[l.digits]; ok {
			premises = append(premises, strconv.FormatInt(id, 10))
		} else if id, ok := byNumber[l.text]; ok {
			persons = append(persons, strconv.FormatInt(id, 10))
		} else {
			bad = append(bad, strconv.Itoa(l.no))
		}
	}
	if len(bad) > 0 {
		return "", nil, problem("letters.err.list_lines", strings.Join(bad, ", "))
	}
	// The ids are numbers read back from the database, safe to inline.
	return " AND (p.id IN (" + strings.Join(premises, ",") + ") OR pe.id IN (" + strings.Join(persons, ",") + "))", args, nil
}

// lookupChunk is how many keys one query of lookupAll looks up.
const lookupChunk = 500

// lookupAll runs query (two columns, a key and an id; $1 the cooperative,
// ending before the key's IN list) for keys, a chunk at a time, and
// returns the id of each key found.
func (s *Service) lookupAll(ctx context.Context, query string, coopID int64, keys []string) (map[string]int64, error) {
	type row struct {
		key string
		id  int64
	}
	found := make(map[string]int64, len(keys))
	for start := 0; start < len(keys); start += lookupChunk {
		chunk := keys[start:min(start+lookupChunk, len(keys))]
		args := []any{coopID}
		for _, k := range chunk {
			args = append(args, k)
		}
		rows, err := store.QueryAll(ctx, s.DB.Read(), func(sc store.Scanner) (row, error) {
			var r row
			err := sc.Scan(&r.key, &r.id)
			return r, err
		}, query+inIDs(2, len(chunk)), args...)
		if err != nil {
			return nil, fmt.Errorf("letters: list lines: %w", err)
		}
		for _, r := range rows {
			found[r.key] = r.id
		}
	}
	return found, nil
}

// isNotFound reports a row that is not there.
func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

// personAlone is the recipient of a letter to a person who holds no
// premises today, or none when the person is not the cooperative's (or,
// for estate staff, when the person lives outside their estate).
func (s *Service) personAlone(ctx context.Context, by audit.Actor, value string) ([]Recipient, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
	if err != nil || by.EstateID != 0 {
		return nil, nil
	}
	rc := Recipient{PersonID: id}
	err = s.DB.Read().QueryRowContext(ctx, `SELECT
		CASE WHEN company_name <> '' THEN company_name ELSE first_name || ' ' || last_name END, email,
		COALESCE((SELECT c.granted FROM consents c WHERE c.coop_id = pe.coop_id AND c.person_id = pe.id
			AND c.kind = 'ekorespondencja' ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1), FALSE)
		FROM persons pe WHERE coop_id = $1 AND id = $2`, by.CoopID, id).Scan(&rc.Name, &rc.Email, &rc.Consent)
	if err = store.MapError(err); isNotFound(err) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("letters: person %d: %w", id, err)
	}
	return []Recipient{rc}, nil
}
