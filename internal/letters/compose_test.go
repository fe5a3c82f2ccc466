package letters

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// holdersOf counts the current holders (person, premises) matching a
// condition on premises p and buildings b.
const holdersOf = `SELECT COUNT(*) FROM (SELECT DISTINCT th.person_id, t.premises_id FROM titles t
	JOIN title_holders th ON th.coop_id = t.coop_id AND th.title_id = t.id
	JOIN premises p ON p.coop_id = t.coop_id AND p.id = t.premises_id
	JOIN buildings b ON b.coop_id = p.coop_id AND b.id = p.building_id
	WHERE t.coop_id = $1 AND t.starts_on <= '2026-11-21' AND (t.ends_on IS NULL OR t.ends_on >= '2026-11-21') AND %s) x`

// Each rule selects the current holders it names; estate staff reach only
// their estate.
func TestRulesSelectCurrentHolders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 60)
		building := f.ids(t, `SELECT id FROM buildings WHERE coop_id = $1 ORDER BY id`, f.coopID)[0]
		estates := f.ids(t, `SELECT id FROM estates WHERE coop_id = $1 ORDER BY id`, f.coopID)
		cases := []struct {
			rule Rule
			cond string
		}{
			{Rule{Kind: RuleBuilding, Value: fmt.Sprint(building)}, fmt.Sprintf("b.id = %d", building)},
			{Rule{Kind: RuleEstate, Value: fmt.Sprint(estates[0])}, fmt.Sprintf("b.estate_id = %d", estates[0])},
			{Rule{Kind: RuleAll}, "TRUE"},
			{Rule{Kind: RulePremisesKind, Value: "garage"}, "p.kind = 'garage'"},
			{Rule{Kind: RuleArrears, Amount: 50000}, `(SELECT COALESCE(SUM(e.amount), 0) FROM accounts a JOIN ledger_entries e
				ON e.account_id = a.id WHERE a.premises_id = p.id AND e.booked_on <= '2026-11-21') > 50000`},
			{Rule{Kind: RuleMembers}, `th.person_id IN (SELECT person_id FROM memberships WHERE left_on IS NULL OR left_on >= '2026-11-21')`},
		}
		for _, c := range cases {
			got, err := f.s.Resolve(ctx, f.actor(0), c.rule)
			if err != nil {
				t.Fatalf("%s: %v", c.rule.Kind, err)
			}
			want := f.count(t, fmt.Sprintf(holdersOf, c.cond), f.coopID)
			if len(got) != want || want == 0 {
				t.Errorf("%s: %d recipients, want %d (> 0)", c.rule.Kind, len(got), want)
			}
		}
		estateStaff := f.actor(0)
		estateStaff.EstateID = estates[len(estates)-1]
		other := f.ids(t, `SELECT id FROM buildings WHERE coop_id = $1 AND estate_id <> $2`, f.coopID, estateStaff.EstateID)[0]
		_, err := f.s.Compose(ctx, estateStaff, letter(Rule{Kind: RuleBuilding, Value: fmt.Sprint(other)}), nil)
		wantProblem(t, err, "letters.err.no_recipients")
	})
}

// An unknown merge field is refused at compose time, named in the error.
func TestUnknownMergeFieldIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, 50)
		l := letter(Rule{Kind: RuleAll})
		l.Body += " Saldo: [saldo], termin [termin], [imię]."
		_, err := f.s.Compose(context.Background(), f.actor(0), l, nil)
		p := wantProblem(t, err, "letters.err.unknown_field")
		if p.Args[0] != "[termin], [imię]" {
			t.Errorf("unknown fields named %q", p.Args[0])
		}
		if f.count(t, `SELECT COUNT(*) FROM letters`) != 0 {
			t.Error("a refused letter was stored")
		}
	})
}

// A pasted list with lines naming nothing is refused with their numbers;
// a clean list selects the premises and members it names.
func TestPastedListNumbersBadLines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 50)
		var nrbA, nrbB, reg string
		q := db.Read()
		if err := q.QueryRowContext(ctx, `SELECT MIN(nrb), MAX(nrb) FROM accounts WHERE coop_id = $1`, f.coopID).Scan(&nrbA, &nrbB); err != nil {
			t.Fatal(err)
		}
		if err := q.QueryRowContext(ctx, `SELECT MIN(register_number) FROM memberships WHERE coop_id = $1`, f.coopID).Scan(&reg); err != nil {
			t.Fatal(err)
		}
		spaced := nrbB[:2] + " " + nrbB[2:6] + " " + nrbB[6:]
		_, err := f.s.Resolve(ctx, f.actor(0), Rule{Kind: RuleList, Value: nrbA + "\nnie wiem\n\n" + reg + "\n123\n"})
		p := wantProblem(t, err, "letters.err.list_lines")
		if p.Args[0] != "2, 5" {
			t.Errorf("bad lines %q, want 2, 5", p.Args[0])
		}
		got, err := f.s.Resolve(ctx, f.actor(0), Rule{Kind: RuleList, Value: nrbA + "\n" + spaced + "\n" + reg})
		if err != nil || len(got) < 3 {
			t.Fatalf("clean list: %d recipients, %v", len(got), err)
		}
	})
}

// A list of premises alone, or of members alone, selects them (each IN
// list stays valid SQL when the other kind of line is missing).
func TestPastedListOfOneKind(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 50)
		var nrbA, nrbB, reg string
		q := db.Read()
		if err := q.QueryRowContext(ctx, `SELECT MIN(nrb), MAX(nrb) FROM accounts WHERE coop_id = $1`, f.coopID).Scan(&nrbA, &nrbB); err != nil {
			t.Fatal(err)
		}
		holders, err := f.s.Resolve(ctx, f.actor(0), Rule{Kind: RuleMembers})
		if err != nil || len(holders) == 0 {
			t.Fatalf("members: %d, %v", len(holders), err)
		}
		if err := q.QueryRowContext(ctx, `SELECT register_number FROM memberships WHERE coop_id = $1 AND person_id = $2`,
			f.coopID, holders[0].PersonID).Scan(&reg); err != nil {
			t.Fatal(err)
		}
		premises, err := f.s.Resolve(ctx, f.actor(0), Rule{Kind: RuleList, Value: nrbA + "\n" + nrbB})
		if err != nil || len(premises) < 2 {
			t.Fatalf("list of premises: %d recipients, %v", len(premises), err)
		}
		members, err := f.s.Resolve(ctx, f.actor(0), Rule{Kind: RuleList, Value: reg})
		if err != nil || len(members) < 1 {
			t.Fatalf("list of a member: %d recipients, %v", len(members), err)
		}
	})
}

// A draft can be rewritten (subject, body, recipients) until it is sent;
// then it cannot.
func TestUpdateDraft(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 50)
		buildings := f.ids(t, `SELECT id FROM buildings WHERE coop_id = $1 ORDER BY id`, f.coopID)
		c, err := f.s.Compose(ctx, f.actor(0), letter(Rule{Kind: RuleBuilding, Value: itoa(buildings[0])}), nil)
		if err != nil {
			t.Fatal(err)
		}
		l := letter(Rule{Kind: RuleBuilding, Value: itoa(buildings[1])})
		l.Subject = "Przegląd instalacji elektrycznej"
		if _, err := f.s.Update(ctx, f.actor(0), c.ID, l, nil); err != nil {
			t.Fatal(err)
		}
		got, err := f.s.Get(ctx, f.actor(0), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Subject != "Przegląd instalacji elektrycznej" || got.Rule.Value != itoa(buildings[1]) || got.Status != Draft {
			t.Errorf("after the update: %q, rule %s, %s", got.Subject, got.Rule.Value, got.Status)
		}
		bad := l
		bad.Body = "Dzień dobry, [nieznane_pole]."
		wantProblem(t, errorsUnwrapProblem(f.s.Update(ctx, f.actor(0), c.ID, bad, nil)), "letters.err.unknown_field")
		if _, err := f.s.Send(ctx, f.actor(0), c.ID); err != nil {
			t.Fatal(err)
		}
		_, err = f.s.Update(ctx, f.actor(0), c.ID, l, nil)
		wantProblem(t, err, "letters.err.not_draft")
	})
}

// errorsUnwrapProblem is Update's error.
func errorsUnwrapProblem(_ Composed, err error) error { return err }

// A list of more lines than one lookup takes (500) is read whole: every
// premises named, some of them four times, selects what "every premises"
// does, and a bad line after the first 750 is refused by its number.
func TestPastedListOfThousandsOfLines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 300)
		nrbs, err := store.QueryAll(ctx, db.Read(), func(sc store.Scanner) (string, error) {
			var s string
			err := sc.Scan(&s)
			return s, err
		}, `SELECT nrb FROM accounts WHERE coop_id = $1 ORDER BY nrb`, f.coopID)
		if err != nil {
			t.Fatal(err)
		}
		if len(nrbs) < 300 {
			t.Fatalf("%d accounts, want 300 or more", len(nrbs))
		}
		all, err := f.s.Resolve(ctx, f.actor(0), Rule{Kind: RuleAll})
		if err != nil {
			t.Fatal(err)
		}
		// The first 150 premises four times over, then the rest: these
		// are found only by the second lookup.
		var lines []string
		for range 4 {
			lines = append(lines, nrbs[:150]...)
		}
		lines = append(lines, nrbs[150:]...)
		got, err := f.s.Resolve(ctx, f.actor(0), Rule{Kind: RuleList, Value: strings.Join(lines, "\n")})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(all) {
			t.Errorf("every premises listed: %d recipients, want %d as for every premises", len(got), len(all))
		}
		bad := len(lines) + 1
		lines = append(lines, "00 0000 0000 0000 0000 0000 0000")
		_, err = f.s.Resolve(ctx, f.actor(0), Rule{Kind: RuleList, Value: strings.Join(lines, "\n")})
		p := wantProblem(t, err, "letters.err.list_lines")
		if want := strconv.Itoa(bad); p.Args[0] != want {
			t.Errorf("bad lines %q, want %s", p.Args[0], want)
		}
	})
}
