package demo_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/demo"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/nrb"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

var today = civil.Date{Year: 2026, Month: time.March, Day: 20}

func fakeHash(pw string) (string, error) { return "plain:" + pw, nil }

func generate(t testing.TB, db *store.DB, slug string, seed int64, premises int) demo.Result {
	t.Helper()
	res, err := demo.Generate(context.Background(), db, demo.Options{
		Seed: seed, Premises: premises, Today: today, Slug: slug, HashPassword: fakeHash,
	})
	if err != nil {
		t.Fatalf("Generate(%s, seed %d): %v", slug, seed, err)
	}
	return res
}

func count(t *testing.T, db *store.DB, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.Read().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestGenerate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const n = 300
		res := generate(t, db, "demo", 1, n)
		coop := res.CoopID
		t.Logf("%+v", res)

		// Counts agree with the database.
		for _, c := range []struct {
			what  string
			query string
			want  int64
		}{
			{"estates", "SELECT COUNT(*) FROM estates WHERE coop_id = $1", int64(res.Estates)},
			{"buildings", "SELECT COUNT(*) FROM buildings WHERE coop_id = $1", int64(res.Buildings)},
			{"premises", "SELECT COUNT(*) FROM premises WHERE coop_id = $1", n},
			{"persons", "SELECT COUNT(*) FROM persons WHERE coop_id = $1", int64(res.Persons)},
			{"members", "SELECT COUNT(*) FROM memberships WHERE coop_id = $1 AND left_on IS NULL", int64(res.Members)},
			{"entries", "SELECT COUNT(*) FROM ledger_entries WHERE coop_id = $1", res.Entries},
			{"accounts", "SELECT COUNT(*) FROM accounts WHERE coop_id = $1", n},
			{"charges", "SELECT COUNT(*) FROM ledger_entries WHERE coop_id = $1 AND kind = 'charge'", n * 120},
		} {
			if got := count(t, db, c.query, coop); got != c.want {
				t.Errorf("%s: %d in the database, want %d", c.what, got, c.want)
			}
		}
		if res.Estates < 2 {
			t.Errorf("%d estates, want at least 2", res.Estates)
		}
		if res.Persons < n || res.Members == 0 {
			t.Errorf("persons %d, members %d", res.Persons, res.Members)
		}
		if got := count(t, db, `SELECT COUNT(*) FROM (SELECT DISTINCT account_id, period FROM ledger_entries WHERE coop_id = $1 AND kind = 'charge') x`, coop); got != n*120 {
			t.Errorf("%d distinct account-months charged, want %d (one charge per month)", got, n*120)
		}

		// The cooperative's identifiers.
		var nip, regon, krs, bank, email, website, name string
		var due int
		if err := db.Read().QueryRowContext(ctx, `SELECT nip, regon, krs, bank_account, email, website, name, fee_due_day FROM cooperatives WHERE id = $1`, coop).
			Scan(&nip, &regon, &krs, &bank, &email, &website, &name, &due); err != nil {
			t.Fatal(err)
		}
		if !demo.ValidNIP(nip) || !demo.ValidREGON(regon) || !regexp.MustCompile(`^\d{10}$`).MatchString(krs) {
			t.Errorf("NIP %s, REGON %s, KRS %s", nip, regon, krs)
		}
		if _, err := nrb.Parse(bank); err != nil {
			t.Errorf("bank account %s: %v", bank, err)
		}
		if !strings.HasSuffix(email, ".example") || !strings.Contains(website, ".example") || due != 10 {
			t.Errorf("email %s, website %s, due day %d", email, website, due)
		}
		if !strings.HasPrefix(name, "Spółdzielnia Mieszkaniowa „") {
			t.Errorf("name %q", name)
		}

		// The mix of premises.
		kinds := map[string]int64{}
		rows, err := db.Read().QueryContext(ctx, `SELECT kind, COUNT(*) FROM premises WHERE coop_id = $1 GROUP BY kind`, coop)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var k string
			var c int64
			if err := rows.Scan(&k, &c); err != nil {
				t.Fatal(err)
			}
			kinds[k] = c
		}
		rows.Close()
		for kind, want := range map[string]float64{"flat": 0.85, "garage": 0.08, "parking": 0.04, "commercial": 0.03} {
			if got := float64(kinds[kind]) / n; got < want-0.015 || got > want+0.015 {
				t.Errorf("%s: %.3f of premises, want about %.2f", kind, got, want)
			}
		}
		if got := count(t, db, `SELECT COUNT(*) FROM premises WHERE coop_id = $1 AND kind = 'flat'
			AND (rooms NOT BETWEEN 1 AND 5 OR persons NOT BETWEEN 1 AND 5 OR usable_area NOT BETWEEN 2500 AND 9500 OR floor IS NULL)`, coop); got != 0 {
			t.Errorf("%d flats out of range", got)
		}
		if got := count(t, db, `SELECT COUNT(*) FROM premises WHERE coop_id = $1 AND kind = 'commercial' AND usable_area NOT BETWEEN 3000 AND 30000`, coop); got != 0 {
			t.Errorf("%d commercial premises out of range", got)
		}
		if got := count(t, db, `SELECT COUNT(*) FROM (SELECT building_id FROM premises WHERE coop_id = $1 GROUP BY building_id HAVING COUNT(*) NOT BETWEEN 30 AND 60) x`, coop); got != 0 {
			t.Errorf("%d buildings with fewer than 30 or more than 60 premises", got)
		}

		// Accounts: one per premises, each a valid virtual NRB.
		if got := count(t, db, `SELECT COUNT(*) FROM premises p WHERE p.coop_id = $1 AND (SELECT COUNT(*) FROM accounts a WHERE a.coop_id = p.coop_id AND a.premises_id = p.id) <> 1`, coop); got != 0 {
			t.Errorf("%d premises without exactly one account", got)
		}
		rows, err = db.Read().QueryContext(ctx, `SELECT nrb FROM accounts WHERE coop_id = $1`, coop)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			if num, err := nrb.Parse(s); err != nil || string(num) != s || num.SortCode() != bank[2:10] {
				t.Errorf("account %s: %v (cooperative's bank %s)", s, err, bank)
			}
		}
		rows.Close()

		checkTitles(t, db, coop)
		checkBalances(t, db, coop)
		checkCharges(t, db, coop)
		checkPeople(t, db, coop)
		checkLogins(t, db, res)
		again, err := demo.Logins(ctx, db, "demo")
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(again) != fmt.Sprint(res.Logins) {
			t.Errorf("Logins = %+v, Generate returned %+v", again, res.Logins)
		}
		if _, err := demo.Logins(ctx, db, "none"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Logins of a missing slug: %v", err)
		}
		checkIntegrity(t, db)
	})
}

type titleRow struct {
	id, premises int64
	kind         string
	start, end   civil.Date
}

func checkTitles(t *testing.T, db *store.DB, coop int64) {
	ctx := context.Background()
	rows, err := db.Read().QueryContext(ctx, `SELECT id, premises_id, kind, starts_on, ends_on FROM titles WHERE coop_id = $1 ORDER BY premises_id, starts_on`, coop)
	if err != nil {
		t.Fatal(err)
	}
	byPremises := map[int64][]titleRow{}
	var order []int64
	for rows.Next() {
		var r titleRow
		if err := rows.Scan(&r.id, &r.premises, &r.kind, &r.start, &r.end); err != nil {
			t.Fatal(err)
		}
		if _, ok := byPremises[r.premises]; !ok {
			order = append(order, r.premises)
		}
		byPremises[r.premises] = append(byPremises[r.premises], r)
	}
	rows.Close()
	sold, changes := 0, 0
	for _, p := range order {
		ts := byPremises[p]
		current := 0
		for i, tr := range ts {
			if tr.end.IsZero() {
				current++
			}
			if i > 0 {
				prev := ts[i-1]
				if prev.end.IsZero() || !prev.end.Before(tr.start) {
					t.Errorf("premises %d: titles %d and %d overlap", p, prev.id, tr.id)
				}
				if prev.end.AddDays(1) != tr.start {
					t.Errorf("premises %d: title %d ends %s, next starts %s", p, prev.id, prev.end, tr.start)
				}
				changes++
				if tr.kind == "ownership_right" || tr.kind == "separate_ownership" {
					sold++
				}
			}
		}
		if current != 1 {
			t.Errorf("premises %d has %d current titles", p, current)
		}
	}
	if len(byPremises) != 300 {
		t.Errorf("%d premises with titles, want 300", len(byPremises))
	}
	if sold == 0 || sold > 40 {
		t.Errorf("%d premises sold during the ledger, want about 5%%", sold)
	}
	t.Logf("%d premises sold, %d changes of holder", sold, changes)

	// Shares of every title add up to 1.
	rows, err = db.Read().QueryContext(ctx, `SELECT title_id, share_num, share_den FROM title_holders WHERE coop_id = $1 ORDER BY title_id`, coop)
	if err != nil {
		t.Fatal(err)
	}
	type frac struct{ num, den int64 }
	sums := map[int64]frac{}
	holders := map[int64]int{}
	for rows.Next() {
		var id, num, den int64
		if err := rows.Scan(&id, &num, &den); err != nil {
			t.Fatal(err)
		}
		s := sums[id]
		if s.den == 0 {
			s = frac{0, 1}
		}
		s = frac{s.num*den + num*s.den, s.den * den}
		sums[id] = s
		holders[id]++
	}
	rows.Close()
	pairs := 0
	for id, s := range sums {
		if s.num != s.den {
			t.Errorf("title %d: shares add up to %d/%d", id, s.num, s.den)
		}
		if holders[id] == 2 {
			pairs++
		}
	}
	if got := count(t, db, `SELECT COUNT(*) FROM titles WHERE coop_id = $1`, coop); int64(len(sums)) != got {
		t.Errorf("%d titles have holders, of %d", len(sums), got)
	}
	flatTitles := count(t, db, `SELECT COUNT(*) FROM titles t JOIN premises p ON p.id = t.premises_id WHERE t.coop_id = $1 AND p.kind = 'flat'`, coop)
	if f := float64(pairs) / float64(flatTitles); f < 0.3 || f > 0.5 {
		t.Errorf("%.2f of flat titles have two holders, want about 0.4", f)
	}
	for _, kind := range []string{"tenant_right", "ownership_right", "separate_ownership", "lease"} {
		if got := count(t, db, `SELECT COUNT(*) FROM titles WHERE coop_id = $1 AND kind = $2`, coop, kind); got == 0 {
			t.Errorf("no titles of kind %s", kind)
		}
	}
	if got := count(t, db, `SELECT COUNT(*) FROM titles t JOIN premises p ON p.id = t.premises_id WHERE t.coop_id = $1 AND p.kind = 'commercial' AND t.kind <> 'lease'`, coop); got != 0 {
		t.Errorf("%d commercial premises not leased", got)
	}

	// Persons holding three or more premises at once, in one estate.
	multi := count(t, db, `SELECT COUNT(*) FROM (
		SELECT h.person_id FROM title_holders h
		JOIN titles t ON t.id = h.title_id AND t.ends_on IS NULL
		JOIN premises p ON p.id = t.premises_id
		JOIN buildings b ON b.id = p.building_id
		WHERE h.coop_id = $1 GROUP BY h.person_id HAVING COUNT(DISTINCT p.id) >= 3 AND COUNT(DISTINCT b.estate_id) = 1) x`, coop)
	if multi == 0 {
		t.Error("nobody holds three premises")
	}
	if got := count(t, db, `SELECT COUNT(*) FROM memberships WHERE coop_id = $1 AND left_on IS NOT NULL`, coop); got == 0 {
		t.Error("no membership has ended")
	}
	if got := count(t, db, `SELECT COUNT(*) FROM memberships WHERE coop_id = $1 AND left_on < joined_on`, coop); got != 0 {
		t.Errorf("%d memberships end before they start", got)
	}
	rows, err = db.Read().QueryContext(ctx, `SELECT register_number FROM memberships WHERE coop_id = $1`, coop)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`^[1-9]\d*$`).MatchString(s) {
			t.Errorf("register number %q is not numeric", s)
		}
	}
	rows.Close()
	// Holders of cooperative rights are members.
	if got := count(t, db, `SELECT COUNT(*) FROM title_holders h JOIN titles t ON t.id = h.title_id
		WHERE h.coop_id = $1 AND t.ends_on IS NULL AND t.kind IN ('tenant_right', 'ownership_right')
		AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.coop_id = h.coop_id AND m.person_id = h.person_id AND m.left_on IS NULL)`, coop); got != 0 {
		t.Errorf("%d holders of cooperative rights are not members", got)
	}
}

func checkBalances(t *testing.T, db *store.DB, coop int64) {
	ctx := context.Background()
	rows, err := db.Read().QueryContext(ctx, `SELECT a.id, SUM(e.amount),
		(SELECT e2.amount FROM ledger_entries e2 WHERE e2.account_id = a.id AND e2.kind = 'charge' ORDER BY e2.booked_on DESC LIMIT 1)
		FROM accounts a JOIN ledger_entries e ON e.account_id = a.id WHERE a.coop_id = $1 GROUP BY a.id`, coop)
	if err != nil {
		t.Fatal(err)
	}
	var arrears, deep, overpaid, settled int
	for rows.Next() {
		var id, bal, last int64
		if err := rows.Scan(&id, &bal, &last); err != nil {
			t.Fatal(err)
		}
		switch {
		case bal > 3*last:
			deep++
			arrears++
		case bal > 0:
			arrears++
		case bal < 0:
			overpaid++
		default:
			settled++
		}
	}
	rows.Close()
	t.Logf("balances: %d settled, %d in arrears (%d by over three months), %d overpaid", settled, arrears, deep, overpaid)
	if deep == 0 || overpaid == 0 || settled < 200 {
		t.Errorf("want accounts deep in arrears, overpaid and mostly settled; got deep %d, overpaid %d, settled %d", deep, overpaid, settled)
	}
	for _, kind := range []string{"payment", "interest", "correction"} {
		if got := count(t, db, `SELECT COUNT(*) FROM ledger_entries WHERE coop_id = $1 AND kind = $2`, coop, kind); got == 0 {
			t.Errorf("no %s entries", kind)
		}
	}
	if got := count(t, db, `SELECT COUNT(*) FROM ledger_entries WHERE coop_id = $1 AND kind = 'payment' AND amount >= 0`, coop); got != 0 {
		t.Errorf("%d payments are not negative", got)
	}
	if got := count(t, db, `SELECT COUNT(*) FROM ledger_entries WHERE coop_id = $1 AND kind = 'correction' AND description NOT LIKE '%Korekta%' AND description NOT LIKE '%Zwrot%'`, coop); got != 0 {
		t.Errorf("%d corrections without a reason", got)
	}
	if got := count(t, db, `SELECT COUNT(*) FROM ledger_entries WHERE coop_id = $1 AND booked_on > $2`, coop, today); got != 0 {
		t.Errorf("%d entries booked after today", got)
	}
	payments := count(t, db, `SELECT COUNT(*) FROM ledger_entries WHERE coop_id = $1 AND kind = 'payment'`, coop)
	if f := float64(payments) / (300 * 120); f < 0.85 || f > 1.0 {
		t.Errorf("%.2f payments per charge", f)
	}
}

// checkCharges recomputes sampled charges from the fee schedule in force.
func checkCharges(t *testing.T, db *store.DB, coop int64) {
	ctx := context.Background()
	rows, err := db.Read().QueryContext(ctx, `SELECT e.account_id, e.booked_on, e.due_on, e.period, e.amount, e.description,
			p.kind, p.usable_area, p.persons
		FROM ledger_entries e JOIN accounts a ON a.id = e.account_id JOIN premises p ON p.id = a.premises_id
		WHERE e.coop_id = $1 AND e.kind = 'charge' AND (e.account_id % 7 = 0 OR p.kind <> 'flat') AND e.period IN ('2016-04', '2019-01', '2022-12', '2023-01', '2026-03')`, coop)
	if err != nil {
		t.Fatal(err)
	}
	type charge struct {
		account, amount, area int64
		booked, due           civil.Date
		period, desc, kind    string
		persons               int
	}
	var charges []charge
	for rows.Next() {
		var c charge
		if err := rows.Scan(&c.account, &c.booked, &c.due, &c.period, &c.amount, &c.desc, &c.kind, &c.area, &c.persons); err != nil {
			t.Fatal(err)
		}
		charges = append(charges, c)
	}
	rows.Close()
	if len(charges) < 50 {
		t.Fatalf("only %d charges sampled", len(charges))
	}
	kinds := map[string]bool{}
	for _, c := range charges {
		m, err := civil.ParseMonth(c.period)
		if err != nil {
			t.Fatal(err)
		}
		if c.booked != m.FirstDay() || c.due != m.Day(10) || c.desc != "Opłaty za "+m.Format() {
			t.Errorf("charge %+v: want booked %s, due %s, %q", c, m.FirstDay(), m.Day(10), "Opłaty za "+m.Format())
		}
		rates := ratesInForce(t, db, coop, c.kind, c.booked)
		if want := demo.MonthlyFee(rates, c.area, c.persons); money.Amount(c.amount) != want {
			t.Errorf("account %d %s (%s, %d, %d persons): charged %d, schedule gives %d", c.account, c.period, c.kind, c.area, c.persons, c.amount, want)
		}
		if c.amount <= 0 {
			t.Errorf("account %d %s: charge %d", c.account, c.period, c.amount)
		}
		kinds[c.kind] = true
	}
	if len(kinds) != 4 {
		t.Errorf("sampled charges of kinds %v, want all four", kinds)
	}
}

func ratesInForce(t *testing.T, db *store.DB, coop int64, kind string, on civil.Date) []demo.ComponentRate {
	rows, err := db.Read().QueryContext(context.Background(), `SELECT c.base, r.rate FROM fee_rates r JOIN fee_components c ON c.id = r.component_id
		WHERE r.coop_id = $1 AND r.premises_kind = $2 AND r.estate_id IS NULL AND r.premises_id IS NULL AND r.effective_from = (
			SELECT MAX(r2.effective_from) FROM fee_rates r2 WHERE r2.coop_id = r.coop_id AND r2.component_id = r.component_id
			AND r2.premises_kind = r.premises_kind AND r2.effective_from <= $3)
		ORDER BY c.position`, coop, kind, on)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var rates []demo.ComponentRate
	for rows.Next() {
		var r demo.ComponentRate
		if err := rows.Scan(&r.Base, &r.Rate); err != nil {
			t.Fatal(err)
		}
		rates = append(rates, r)
	}
	if len(rates) == 0 {
		t.Fatalf("no rates for %s on %s", kind, on)
	}
	return rates
}

func checkPeople(t *testing.T, db *store.DB, coop int64) {
	ctx := context.Background()
	rows, err := db.Read().QueryContext(ctx, `SELECT first_name, last_name, company_name, email, street, city FROM persons WHERE coop_id = $1`, coop)
	if err != nil {
		t.Fatal(err)
	}
	var diacritics, companies, women int
	for rows.Next() {
		var first, last, company, email, street, city string
		if err := rows.Scan(&first, &last, &company, &email, &street, &city); err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(first+last, "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ") {
			diacritics++
		}
		if company != "" && first == "" {
			companies++
		}
		if strings.HasSuffix(last, "ska") || strings.HasSuffix(last, "cka") {
			women++
		}
		if email != "" && !strings.HasSuffix(email, ".example") {
			t.Errorf("e-mail %q outside .example", email)
		}
		if street == "" || city == "" || (company == "" && (first == "" || last == "")) {
			t.Errorf("incomplete person %q %q %q %q %q", first, last, company, street, city)
		}
	}
	rows.Close()
	if diacritics < 30 || companies == 0 || women < 20 {
		t.Errorf("names with diacritics %d, companies %d, -ska/-cka surnames %d", diacritics, companies, women)
	}
}

func checkLogins(t *testing.T, db *store.DB, res demo.Result) {
	ctx := context.Background()
	if len(res.Logins) != 4 {
		t.Fatalf("logins %+v", res.Logins)
	}
	kinds := map[string]int{}
	for _, l := range res.Logins {
		kinds[l.Kind]++
		var kind, hash string
		var person, estate sql.NullInt64
		var role sql.NullString
		var mustChange bool
		err := db.Read().QueryRowContext(ctx, `SELECT kind, person_id, role, estate_id, password_hash, must_change_password FROM users WHERE coop_id = $1 AND login = $2`, res.CoopID, l.Login).
			Scan(&kind, &person, &role, &estate, &hash, &mustChange)
		if err != nil {
			t.Errorf("login %s: %v", l.Login, err)
			continue
		}
		if kind != l.Kind || hash != "plain:"+l.Password || mustChange || l.Who == "" || l.Password == "" {
			t.Errorf("login %+v: kind %s, hash %s, must change %v", l, kind, hash, mustChange)
		}
		switch {
		case l.Login == "admin":
			if role.String != "admin" || estate.Valid {
				t.Errorf("admin: role %v estate %v", role, estate)
			}
		case l.Kind == "staff":
			if role.String != "estate" || !estate.Valid {
				t.Errorf("estate staff: role %v estate %v", role, estate)
			}
		case l.Kind == "resident":
			if !regexp.MustCompile(`^E\d{7}$`).MatchString(l.Login) || fmt.Sprintf("E%07d", person.Int64) != l.Login {
				t.Errorf("resident login %s for person %d", l.Login, person.Int64)
			}
			var kinds string
			rows, err := db.Read().QueryContext(ctx, `SELECT p.kind FROM title_holders h JOIN titles t ON t.id = h.title_id AND t.ends_on IS NULL
				JOIN premises p ON p.id = t.premises_id WHERE h.person_id = $1 ORDER BY p.kind`, person.Int64)
			if err != nil {
				t.Fatal(err)
			}
			var ks []string
			for rows.Next() {
				var k string
				rows.Scan(&k)
				ks = append(ks, k)
			}
			rows.Close()
			kinds = strings.Join(ks, ",")
			for _, k := range []string{"flat", "garage", "parking"} {
				if !strings.Contains(kinds, k) {
					t.Errorf("demo resident holds %s, missing %s", kinds, k)
				}
			}
			var bal int64
			var n int
			if err := db.Read().QueryRowContext(ctx, `SELECT COALESCE(SUM(e.amount), 0), COUNT(DISTINCT a.id) FROM ledger_entries e JOIN accounts a ON a.id = e.account_id
				JOIN titles t ON t.premises_id = a.premises_id AND t.ends_on IS NULL JOIN title_holders h ON h.title_id = t.id WHERE h.person_id = $1`, person.Int64).Scan(&bal, &n); err != nil {
				t.Fatal(err)
			}
			if n < 3 {
				t.Errorf("demo resident has %d accounts", n)
			}
		case l.Kind == "member":
			number, ok := strings.CutPrefix(l.Login, "CZ-")
			if !ok {
				t.Errorf("member login %s", l.Login)
			}
			if got := count(t, db, `SELECT COUNT(*) FROM memberships WHERE coop_id = $1 AND person_id = $2 AND register_number = $3 AND left_on IS NULL`, res.CoopID, person.Int64, number); got != 1 {
				t.Errorf("member login %s: %d current memberships with that number", l.Login, got)
			}
			if got := count(t, db, `SELECT COUNT(*) FROM title_holders h JOIN titles t ON t.id = h.title_id AND t.ends_on IS NULL
				JOIN premises p ON p.id = t.premises_id AND p.kind = 'flat' WHERE h.person_id = $1`, person.Int64); got == 0 {
				t.Errorf("demo member holds no flat")
			}
		}
	}
	if kinds["staff"] != 2 || kinds["resident"] != 1 || kinds["member"] != 1 {
		t.Errorf("login kinds %v", kinds)
	}
}

// checkIntegrity checks that the constraints the load may bypass hold and
// are enforced again: on SQLite (where the load skips enforcement) the
// foreign keys and the writer's settings, on PostgreSQL (where a load into
// an empty database drops the foreign keys and secondary indexes) the
// constraints and indexes themselves.
func checkIntegrity(t *testing.T, db *store.DB) {
	ctx := context.Background()
	// The writer refuses bad rows again.
	if _, err := db.WriteConn().ExecContext(ctx, `INSERT INTO ledger_entries (coop_id, account_id, kind, booked_on, amount, description, created_at)
		SELECT coop_id, id, 'bogus', '2026-01-01', 1, '', '2026-01-01' FROM accounts LIMIT 1`); err == nil {
		t.Error("the writer accepts a ledger entry of an unknown kind")
	}
	if _, err := db.WriteConn().ExecContext(ctx, `INSERT INTO ledger_entries (coop_id, account_id, kind, booked_on, amount, description, created_at)
		SELECT coop_id, -1, 'payment', '2026-01-01', 1, '', '2026-01-01' FROM accounts LIMIT 1`); err == nil {
		t.Error("the writer accepts a ledger entry of a missing account")
	}
	if db.Dialect() == store.Postgres {
		const q = `SELECT COUNT(*), COALESCE(string_agg(conname || ' ' || pg_get_constraintdef(oid), '; ' ORDER BY conname), '')
			FROM pg_constraint WHERE contype IN ('f', 'p') AND connamespace = current_schema()::regnamespace`
		var n, fresh int
		var defs, freshDefs string
		if err := db.Read().QueryRowContext(ctx, q).Scan(&n, &defs); err != nil {
			t.Fatal(err)
		}
		if err := storetest.Open(t, store.Postgres).Read().QueryRowContext(ctx, q).Scan(&fresh, &freshDefs); err != nil {
			t.Fatal(err)
		}
		if n != fresh || defs != freshDefs || n == 0 {
			t.Errorf("foreign and primary keys after Generate:\n%s\nin a fresh schema:\n%s", defs, freshDefs)
		}
		// The indexes dropped for the load are all back, as they were.
		const qi = `SELECT COUNT(*), string_agg(replace(indexdef, schemaname || '.', ''), '; ' ORDER BY indexname)
			FROM pg_indexes WHERE schemaname = current_schema()`
		if err := db.Read().QueryRowContext(ctx, qi).Scan(&n, &defs); err != nil {
			t.Fatal(err)
		}
		if err := storetest.Open(t, store.Postgres).Read().QueryRowContext(ctx, qi).Scan(&fresh, &freshDefs); err != nil {
			t.Fatal(err)
		}
		if n != fresh || defs != freshDefs {
			t.Errorf("indexes after Generate:\n%s\nin a fresh schema:\n%s", defs, freshDefs)
		}
		return
	}
	rows, err := db.Read().QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var table string
		var rowid, parent, fk any
		rows.Scan(&table, &rowid, &parent, &fk)
		t.Errorf("foreign key violation in %s row %v", table, rowid)
	}
	rows.Close()
	// As store.Open sets the writer: foreign keys on, and the writer's own
	// checkpoint only past 8,192 pages (a connection of its own
	// checkpoints before that).
	for pragma, want := range map[string]int{"foreign_keys": 1, "ignore_check_constraints": 0, "wal_autocheckpoint": 8192} {
		var got int
		if err := db.WriteConn().QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("writer's PRAGMA %s = %d after Generate, want %d", pragma, got, want)
		}
	}
}

// fingerprint summarises one cooperative's data without its ids.
func fingerprint(t *testing.T, db *store.DB, coop int64) string {
	ctx := context.Background()
	h := sha256.New()
	var n, sum int64
	if err := db.Read().QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM ledger_entries WHERE coop_id = $1`, coop).Scan(&n, &sum); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(h, "%d %d\n", n, sum)
	for _, q := range []string{
		`SELECT first_name || ' ' || last_name || ' ' || company_name || ' ' || email || ' ' || street FROM persons WHERE coop_id = $1 ORDER BY id`,
		`SELECT kind || ' ' || number || ' ' || usable_area || ' ' || persons FROM premises WHERE coop_id = $1 ORDER BY id`,
		`SELECT name || ' ' || nip || ' ' || bank_account FROM cooperatives WHERE id = $1`,
		`SELECT kind || ' ' || booked_on || ' ' || CAST(amount AS TEXT) || ' ' || description || ' ' || COALESCE(period, '') FROM ledger_entries WHERE coop_id = $1 ORDER BY account_id, booked_on, kind, amount`,
	} {
		rows, err := db.Read().QueryContext(ctx, q, coop)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(h, s)
		}
		rows.Close()
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestDeterministicAndCoexisting(t *testing.T) {
	prints := map[string]string{}
	var engines []string
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := generate(t, db, "a", 42, 120)
		b := generate(t, db, "b", 42, 120)
		c := generate(t, db, "c", 43, 120)
		fa, fb, fc := fingerprint(t, db, a.CoopID), fingerprint(t, db, b.CoopID), fingerprint(t, db, c.CoopID)
		if fa != fb {
			t.Error("the same seed gave different data")
		}
		if fa == fc {
			t.Error("different seeds gave the same data")
		}
		if a.Entries != b.Entries || a.Persons != b.Persons {
			t.Errorf("same seed: %+v vs %+v", a, b)
		}
		// Ids of the three cooperatives do not collide.
		var ids []int64
		for _, r := range []demo.Result{a, b, c} {
			ids = append(ids, r.CoopID)
		}
		if ids[0] == ids[1] || ids[1] == ids[2] || ids[0] == ids[2] {
			t.Errorf("cooperative ids %v", ids)
		}
		for _, table := range []string{"estates", "buildings", "premises", "persons", "titles", "title_holders", "memberships", "accounts", "fee_components", "fee_rates", "users", "ledger_entries"} {
			var overlap int64
			q := fmt.Sprintf(`SELECT COUNT(*) FROM %[1]s x JOIN %[1]s y ON x.coop_id < y.coop_id AND x.id = y.id`, table)
			if err := db.Read().QueryRowContext(ctx, q).Scan(&overlap); err != nil {
				t.Fatal(err)
			}
			if overlap != 0 {
				t.Errorf("%s: %d ids shared between cooperatives", table, overlap)
			}
		}
		// Later inserts without ids do not collide with the generated ones.
		err := db.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO persons (coop_id, first_name, last_name, street, postal_code, city, created_at) VALUES ($1, 'Jan', 'Testowy', 'ul. Testowa 1', '00-001', 'Przykładowo', $2)`, a.CoopID, time.Now().UTC())
			if err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO ledger_entries (coop_id, account_id, kind, booked_on, amount, description, created_at)
				SELECT coop_id, id, 'payment', '2026-03-20', -100, 'Wpłata', $2 FROM accounts WHERE coop_id = $1 ORDER BY id LIMIT 1`, b.CoopID, time.Now().UTC())
			return err
		})
		if err != nil {
			t.Errorf("insert after Generate: %v", err)
		}
		// The same slug again is refused, leaving the database as it was.
		before := count(t, db, `SELECT COUNT(*) FROM persons`)
		_, err = demo.Generate(ctx, db, demo.Options{Seed: 1, Premises: 100, Today: today, Slug: "a", HashPassword: fakeHash})
		if !errors.Is(err, demo.ErrExists) {
			t.Errorf("second Generate with slug a: %v, want ErrExists", err)
		}
		if after := count(t, db, `SELECT COUNT(*) FROM persons`); after != before {
			t.Errorf("persons %d → %d after the refused Generate", before, after)
		}
		engines = append(engines, string(db.Dialect()))
		prints[string(db.Dialect())+"/a"] = fa
		prints[string(db.Dialect())+"/b"] = fb
	})
	// The same seed gives the same data on both engines.
	if len(engines) == 2 && prints["sqlite/a"] != prints["postgres/a"] {
		t.Errorf("SQLite and PostgreSQL differ for the same seed")
	}
}

func TestOptions(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	for _, o := range []demo.Options{
		{Premises: 10, Today: today, HashPassword: fakeHash},
		{Premises: 100, HashPassword: fakeHash},
		{Premises: 100, Today: today},
	} {
		if _, err := demo.Generate(ctx, db, o); err == nil {
			t.Errorf("Generate(%+v) succeeded", o)
		}
	}
	boom := errors.New("boom")
	_, err := demo.Generate(ctx, db, demo.Options{Premises: 100, Today: today, HashPassword: func(string) (string, error) { return "", boom }})
	if !errors.Is(err, boom) {
		t.Errorf("hash failure: %v", err)
	}
	res, err := demo.Generate(ctx, db, demo.Options{Premises: 0, Today: today, HashPassword: fakeHash})
	if err != nil {
		t.Fatal(err)
	}
	if res.Premises != demo.DefaultPremises {
		t.Errorf("default premises: %d", res.Premises)
	}
	var slug string
	if err := db.Read().QueryRowContext(ctx, `SELECT slug FROM cooperatives WHERE id = $1`, res.CoopID).Scan(&slug); err != nil || slug != "demo" {
		t.Errorf("default slug %q, %v", slug, err)
	}
}
