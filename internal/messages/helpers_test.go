package messages

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/register"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
	"github.com/ebok/ebok/internal/uploads"
)

// warsaw is the cooperative's zone in the tests.
var warsaw, _ = time.LoadLocation("Europe/Warsaw")

// fixture is a cooperative with two estates, a flat in each held by its
// own resident, and staff of every desk.
type fixture struct {
	db                       *store.DB
	svc                      *Service
	clock                    *time.Time
	coop, estateA, estateB   int64
	flatA, flatB             int64
	jan, ewa                 int64 // persons: jan holds flatA, ewa flatB
	janUser, ewaUser         int64
	admin, settl, memb, admA int64 // staff users; admA runs estate A
}

// exec runs one statement, returning the id when it has RETURNING.
func exec(t *testing.T, db *store.DB, q string, args ...any) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := db.InTx(ctx, func(tx *store.Tx) error {
		if strings.Contains(q, "RETURNING") {
			return tx.QueryRowContext(ctx, q, args...).Scan(&id)
		}
		_, err := tx.ExecContext(ctx, q, args...)
		return err
	})
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return id
}

// newFixture builds the fixture with the clock at 21.11.2026 10:00 UTC.
func newFixture(t *testing.T, db *store.DB, slug string) *fixture {
	t.Helper()
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	f := &fixture{db: db, clock: &now}
	clock := func() time.Time { return *f.clock }
	coops := &coop.Service{DB: db, Now: clock}
	f.svc = &Service{DB: db, Now: clock, Loc: warsaw, Coops: coops,
		Register: &register.Service{DB: db, Now: clock, Loc: warsaw}}
	f.coop = storetest.InsertCoop(t, db, slug)
	f.estateA, f.estateB = f.estate(t, "A"), f.estate(t, "B")
	f.flatA, f.flatB = f.flat(t, f.estateA, "ul. Mickiewicza"), f.flat(t, f.estateB, "ul. Żeromskiego")
	f.jan, f.janUser = f.resident(t, "Jan", "Kowalski", "jan@example.pl", f.flatA)
	f.ewa, f.ewaUser = f.resident(t, "Ewa", "Nowak", "ewa@example.pl", f.flatB)
	f.admin = f.staff(t, "admin", auth.RoleAdmin, nil)
	f.settl = f.staff(t, "rozl", auth.RoleSettlements, nil)
	f.memb = f.staff(t, "czl", auth.RoleMembership, nil)
	f.admA = f.staff(t, "ads-a", auth.RoleEstate, f.estateA)
	return f
}

func (f *fixture) estate(t *testing.T, code string) int64 {
	return exec(t, f.db, `INSERT INTO estates (coop_id, code, name, office_street, office_postal_code, office_city, office_phone, office_email)
		VALUES ($1, $2, $2, '', '', '', '', '') RETURNING id`, f.coop, code)
}

func (f *fixture) flat(t *testing.T, estate int64, street string) int64 {
	b := exec(t, f.db, `INSERT INTO buildings (coop_id, estate_id, street, number, postal_code, city)
		VALUES ($1, $2, $3, '5', '00-002', 'Warszawa') RETURNING id`, f.coop, estate, street)
	p := exec(t, f.db, `INSERT INTO premises (coop_id, building_id, kind, number, usable_area)
		VALUES ($1, $2, 'flat', '12', 4830) RETURNING id`, f.coop, b)
	exec(t, f.db, `INSERT INTO accounts (coop_id, premises_id, nrb, opened_on) VALUES ($1, $2, $3, '2020-01-01') RETURNING id`,
		f.coop, p, "1010901014000000000000"+strings.Repeat("0", 3)+string(rune('0'+p%10)))
	return p
}

func (f *fixture) resident(t *testing.T, first, last, email string, flat int64) (int64, int64) {
	p := exec(t, f.db, `INSERT INTO persons (coop_id, first_name, last_name, street, postal_code, city, email, created_at)
		VALUES ($1, $2, $3, '', '', '', $4, $5) RETURNING id`, f.coop, first, last, email, *f.clock)
	title := exec(t, f.db, `INSERT INTO titles (coop_id, premises_id, kind, starts_on) VALUES ($1, $2, 'ownership_right', '2020-01-01') RETURNING id`, f.coop, flat)
	exec(t, f.db, `INSERT INTO title_holders (coop_id, title_id, person_id, share_num, share_den) VALUES ($1, $2, $3, 1, 1) RETURNING id`, f.coop, title, p)
	u := exec(t, f.db, `INSERT INTO users (coop_id, kind, login, person_id, display_name, password_hash, created_at)
		VALUES ($1, 'resident', $2, $3, $2, 'x', $4) RETURNING id`, f.coop, "E-"+first, p, *f.clock)
	return p, u
}

func (f *fixture) staff(t *testing.T, login string, role auth.Role, estate any) int64 {
	return exec(t, f.db, `INSERT INTO users (coop_id, kind, login, display_name, role, estate_id, password_hash, created_at)
		VALUES ($1, 'staff', $2, $2, $3, $4, 'x', $5) RETURNING id`, f.coop, login, string(role), estate, *f.clock)
}

// residentActor is the actor of a resident's login.
func (f *fixture) residentActor(user int64) audit.Actor {
	return audit.Actor{CoopID: f.coop, UserID: user, Name: "resident:x"}
}

// staffActor is a staff member's actor and desk.
func (f *fixture) staffActor(user int64, role auth.Role, estate int64) (audit.Actor, Scope) {
	return audit.Actor{CoopID: f.coop, UserID: user, EstateID: estate, Name: "staff:x"}, ScopeOf(role, estate)
}

// open files a thread of jan's on flatA.
func (f *fixture) open(t *testing.T, topic Topic, loc Location, files ...uploads.File) Filed {
	t.Helper()
	got, err := f.svc.Open(context.Background(), f.residentActor(f.janUser), NewThread{PersonID: f.jan, PremisesID: f.flatA,
		Correspondent: "Jan Kowalski", Topic: topic, Location: loc, Subject: "Sprawa", Body: "Treść wiadomości", Files: files})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// pdfFile is a small valid PDF upload.
func pdfFile(t *testing.T) uploads.File {
	t.Helper()
	f, err := Attachments.Check("skan.pdf", []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// each runs a test on both engines with a fresh fixture.
func each(t *testing.T, fn func(t *testing.T, f *fixture)) {
	storetest.Each(t, func(t *testing.T, db *store.DB) { fn(t, newFixture(t, db, "sm")) })
}
