package meters

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// now is the fixed clock of the tests; today is its date, inside the
// default reading window.
var (
	now   = time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	today = civil.DateOf(now)
)

// fixture is a cooperative with two estates, a flat in each, meters on
// both flats, a resident and two staff logins.
type fixture struct {
	db                   *store.DB
	svc                  *Service
	coop                 int64
	estateA, estateB     int64
	flat, otherFlat      int64
	resident, staff      int64       // user ids
	estateStaff          int64       // user of estate A's administration
	cold, hot, heat      int64       // meters of flat
	otherCold            int64       // meter of otherFlat
	admin, administrator audit.Actor // deciders: whole cooperative, estate A
}

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

func newFixture(t *testing.T, db *store.DB, slug string) fixture {
	t.Helper()
	f := fixture{db: db, svc: &Service{DB: db, Now: func() time.Time { return now }}}
	f.coop = storetest.InsertCoop(t, db, slug)
	estate := func(code string) int64 {
		return exec(t, db, `INSERT INTO estates (coop_id, code, name, office_street, office_postal_code, office_city, office_phone, office_email)
			VALUES ($1, $2, $2, '', '', '', '', '') RETURNING id`, f.coop, code)
	}
	f.estateA, f.estateB = estate("A"), estate("B")
	flat := func(estate int64, street string) int64 {
		b := exec(t, db, `INSERT INTO buildings (coop_id, estate_id, street, number, postal_code, city)
			VALUES ($1, $2, $3, '5', '00-002', 'Warszawa') RETURNING id`, f.coop, estate, street)
		return exec(t, db, `INSERT INTO premises (coop_id, building_id, kind, number, usable_area)
			VALUES ($1, $2, 'flat', '12', 4830) RETURNING id`, f.coop, b)
	}
	f.flat, f.otherFlat = flat(f.estateA, "ul. Mickiewicza"), flat(f.estateB, "ul. Żeromskiego")
	person := exec(t, db, `INSERT INTO persons (coop_id, first_name, last_name, street, postal_code, city, email, phone, created_at)
		VALUES ($1, 'Jan', 'Kowalski', '', '', '', '', '', $2) RETURNING id`, f.coop, now)
	user := func(kind, login string, person, estate any, role any) int64 {
		return exec(t, db, `INSERT INTO users (coop_id, kind, login, person_id, display_name, role, estate_id, password_hash, created_at)
			VALUES ($1, $2, $3, $4, $3, $5, $6, 'x', $7) RETURNING id`, f.coop, kind, login, person, role, estate, now)
	}
	f.resident = user("resident", "E0000001", person, nil, nil)
	f.staff = user("staff", "admin", nil, nil, "admin")
	f.estateStaff = user("staff", "adm-a", nil, f.estateA, "estate")
	f.admin = audit.Actor{CoopID: f.coop, UserID: f.staff, Name: "staff:admin"}
	f.administrator = audit.Actor{CoopID: f.coop, EstateID: f.estateA, UserID: f.estateStaff, Name: "staff:adm-a"}
	f.cold = f.meter(t, f.flat, ColdWater, "WZ-1")
	f.hot = f.meter(t, f.flat, HotWater, "WC-1")
	f.heat = f.meter(t, f.flat, Heat, "C-1")
	f.otherCold = f.meter(t, f.otherFlat, ColdWater, "WZ-2")
	return f
}

func (f fixture) meter(t *testing.T, premises int64, k Kind, serial string) int64 {
	t.Helper()
	return exec(t, f.db, `INSERT INTO meters (coop_id, premises_id, kind, serial, installed_on)
		VALUES ($1, $2, $3, $4, '2020-01-01') RETURNING id`, f.coop, premises, k, serial)
}

// reading stores a reading as an import would.
func (f fixture) reading(t *testing.T, meter int64, on string, v Value, st Status) int64 {
	t.Helper()
	return exec(t, f.db, `INSERT INTO meter_readings (coop_id, meter_id, read_on, value, source, status, created_at)
		VALUES ($1, $2, $3, $4, 'import', $5, $6) RETURNING id`, f.coop, meter, on, v, st, now)
}

// submit submits a reading of flat's meter as the resident, today.
func (f fixture) submit(meter int64, v Value, confirmed bool) (int64, error) {
	return f.svc.Submit(context.Background(), Submission{CoopID: f.coop, PremisesID: f.flat, MeterID: meter,
		By: f.resident, Value: v, Confirmed: confirmed}, today)
}

func (f fixture) history(t *testing.T, meter int64) []Reading {
	t.Helper()
	h, err := f.svc.History(context.Background(), f.coop, meter)
	if err != nil {
		t.Fatal(err)
	}
	return h
}
