package letters

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/demo"
	"github.com/ebok/ebok/internal/documents"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/register"
	"github.com/ebok/ebok/internal/store"
)

// today is the demo's last day and the tests' clock.
var today = civil.Date{Year: 2026, Month: 11, Day: 21}

// fixture is a demo cooperative with the letters service on it.
type fixture struct {
	db     *store.DB
	s      *Service
	coopID int64
	staff  []int64 // staff user ids
}

// newFixture generates a demo cooperative of n premises.
func newFixture(t *testing.T, db *store.DB, n int) *fixture { return build(t, db, n) }

// newBenchFixture is a 300-premises fixture where every other holder
// consented to e-Korespondencja.
func newBenchFixture(b *testing.B, db *store.DB) *fixture {
	f := build(b, db, 300)
	_, err := db.WriteConn().ExecContext(context.Background(), `INSERT INTO consents (coop_id, person_id, kind, granted, source, recorded_at)
		SELECT coop_id, id, 'ekorespondencja', TRUE, 'bench', $2 FROM persons WHERE coop_id = $1 AND id % 2 = 0`, f.coopID, f.s.Now().UTC())
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.WriteConn().ExecContext(context.Background(), `UPDATE persons SET email = 'p' || id || '@example.org' WHERE coop_id = $1`, f.coopID); err != nil {
		b.Fatal(err)
	}
	return f
}

// build generates a demo cooperative of n premises with the service on it.
func build(t testing.TB, db *store.DB, n int) *fixture {
	t.Helper()
	ctx := context.Background()
	res, err := demo.Generate(ctx, db, demo.Options{Seed: 11, Premises: n, Today: today,
		HashPassword: func(string) (string, error) {
			return "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, coopID: res.CoopID, s: newService(t, db, 0)}
	now := f.s.Now
	// The tests decide who consented to e-Korespondencja: the demo's own
	// consents go.
	if _, err := db.WriteConn().ExecContext(ctx, `DELETE FROM consents WHERE coop_id = $1 AND source = 'demo'`, f.coopID); err != nil {
		t.Fatal(err)
	}
	_, err = db.WriteConn().ExecContext(ctx, `INSERT INTO users (coop_id, kind, login, display_name, role, password_hash, created_at)
		VALUES ($1, 'staff', 'rozliczenia', 'Dział rozliczeń', 'settlements', 'x', $2)`, f.coopID, now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	f.staff = f.ids(t, `SELECT id FROM users WHERE coop_id = $1 AND kind = 'staff' AND role <> 'estate' ORDER BY id`, f.coopID)
	if len(f.staff) < 2 {
		t.Fatalf("demo has %d staff", len(f.staff))
	}
	return f
}

// newService is the letters service on db, its clock at 10:00 on the
// demo's last day plus skew.
func newService(t testing.TB, db *store.DB, skew time.Duration) *Service {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return today.In(loc).Add(10*time.Hour + skew) }
	docs, err := documents.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	return &Service{DB: db, Now: now, Loc: loc, Documents: docs, Catalogue: i18n.New(),
		Outbox:   &mail.Outbox{Domain: "ebok.test", Now: now},
		Register: &register.Service{DB: db, Now: now, Loc: loc}, Coops: &coop.Service{DB: db, Now: now}}
}

// firstBuilding is the rule that selects the holders of the fixture's
// first building.
func (f *fixture) firstBuilding(t *testing.T) Rule {
	t.Helper()
	building := f.ids(t, `SELECT id FROM buildings WHERE coop_id = $1 ORDER BY id`, f.coopID)[0]
	return Rule{Kind: RuleBuilding, Value: itoa(building)}
}

// actor is a staff member of the fixture's cooperative.
func (f *fixture) actor(i int) audit.Actor {
	return audit.Actor{CoopID: f.coopID, UserID: f.staff[i], Name: "staff:test"}
}

// ids runs a query returning ids.
func (f *fixture) ids(t testing.TB, q string, args ...any) []int64 {
	t.Helper()
	rows, err := f.db.Read().QueryContext(context.Background(), q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}

// count runs a counting query.
func (f *fixture) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := f.db.Read().QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// letter is a general letter to a rule.
func letter(r Rule) Letter {
	return Letter{Kind: General, Subject: "Przegląd instalacji gazowej", CaseNo: "TI.123.4.2026", Place: "Warszawa",
		Body: "Szanowni Państwo,\n\nuprzejmie informujemy o **przeglądzie** w lokalu [adres_lokalu].", Rule: r}
}

// wantProblem fails unless err is a Problem with the key.
func wantProblem(t *testing.T, err error, key string) *Problem {
	t.Helper()
	var p *Problem
	if !errors.As(err, &p) || p.Key != key {
		t.Fatalf("error %v, want problem %s", err, key)
	}
	return p
}

// consent records a person's e-Korespondencja consent and e-mail.
func (f *fixture) consent(t *testing.T, personID int64, email string) {
	t.Helper()
	w := f.db.WriteConn()
	if _, err := w.ExecContext(context.Background(), `UPDATE persons SET email = $1 WHERE id = $2`, email, personID); err != nil {
		t.Fatal(err)
	}
	_, err := w.ExecContext(context.Background(), `INSERT INTO consents (coop_id, person_id, kind, granted, source, recorded_at)
		VALUES ($1, $2, 'ekorespondencja', TRUE, 'test', $3)`, f.coopID, personID, f.s.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
}

// itoa is an id as a form sends it.
func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// timeMonth is a month number as a time.Month.
func timeMonth(m int) time.Month { return time.Month(m) }
