package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/access"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/config"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/documents"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/interest"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/nrb"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
	"github.com/prometheus/client_golang/prometheus"
)

// now is the fixed time of every web test.
var now = time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)

// fixtureCoop is one small cooperative: an estate with a building, a flat
// held by two spouses (the husband also holds a garage and is a member), a
// flat in a second estate, staff logins and a few ledger entries.
type fixtureCoop struct {
	ID, EstateA, EstateB    int64
	Husband, Wife, Other    int64 // person ids
	Flat, Garage, OtherFlat int64 // premises ids
	FlatAccount             int64
	FlatNRB                 string // formatted
	Slug, Host              string
	SurnameA, SurnameB      string
}

// Logins and passwords of the fixture (the same in every cooperative).
const (
	residentLogin = "E0000001"
	memberLogin   = "CZ-1001"
	adminLogin    = "admin"
	estateLogin   = "adm-a"
	password      = "hasło-testowe-123"
)

type testEnv struct {
	db   *store.DB
	srv  *Server
	auth *auth.Service
}

func newEnv(t *testing.T, db *store.DB) *testEnv {
	t.Helper()
	ctx := context.Background()
	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	cfg.TimeZone = time.UTC
	// Staff logins in these tests have no authenticator app; the tests of
	// two-step login turn the requirement back on.
	cfg.StaffTOTP = false
	a, err := auth.NewService(ctx, db, auth.NewHasher(2), func() time.Time { return now }, cfg.SessionIdle, cfg.SessionMaxAge)
	if err != nil {
		t.Fatal(err)
	}
	rates, err := interest.Default()
	if err != nil {
		t.Fatal(err)
	}
	renderer, err := documents.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	acc := &access.Service{DB: db, Auth: a, Now: func() time.Time { return now }, Loc: time.UTC, BaseURL: "http://ebok.test", MailDomain: "ebok.test"}
	srv, err := New(Deps{
		Access: acc, Documents: renderer,
		Config: cfg, DB: db, Auth: a, Coops: &coop.Service{DB: db}, Ledger: &ledger.Service{DB: db, Rates: rates},
		Catalogue: i18n.New(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now: func() time.Time { return now }, Registry: prometheus.NewRegistry(),
		OutboxDepth: func(context.Context) (int, int, error) { return 3, 1, nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	return &testEnv{db: db, srv: srv, auth: a}
}

// exec runs one statement in its own transaction, returning the new id.
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

func addCoop(t *testing.T, env *testEnv, slug, host, surnameA, surnameB string, accountBase int) fixtureCoop {
	t.Helper()
	db := env.db
	f := fixtureCoop{Slug: slug, Host: host, SurnameA: surnameA, SurnameB: surnameB}
	f.ID = storetest.InsertCoop(t, db, slug)
	if host != "" {
		if err := (&coop.Service{DB: db}).SetHost(context.Background(), f.ID, host); err != nil {
			t.Fatal(err)
		}
	}
	estate := func(code string) int64 {
		return exec(t, db, `INSERT INTO estates (coop_id, code, name, office_street, office_postal_code, office_city, office_phone, office_email)
			VALUES ($1, $2, $3, 'ul. Biurowa 1', '00-001', 'Warszawa', '', '') RETURNING id`, f.ID, code, "Osiedle "+code)
	}
	f.EstateA, f.EstateB = estate("A"), estate("B")
	bA := exec(t, db, `INSERT INTO buildings (coop_id, estate_id, street, number, postal_code, city) VALUES ($1, $2, 'ul. Mickiewicza', '5', '00-002', 'Warszawa') RETURNING id`, f.ID, f.EstateA)
	bB := exec(t, db, `INSERT INTO buildings (coop_id, estate_id, street, number, postal_code, city) VALUES ($1, $2, 'ul. Żeromskiego', '9', '00-003', 'Warszawa') RETURNING id`, f.ID, f.EstateB)
	prem := func(b int64, kind, number string, area int) int64 {
		return exec(t, db, `INSERT INTO premises (coop_id, building_id, kind, number, floor, usable_area, rooms, persons)
			VALUES ($1, $2, $3, $4, 2, $5, 3, 2) RETURNING id`, f.ID, b, kind, number, area)
	}
	f.Flat, f.Garage, f.OtherFlat = prem(bA, "flat", "12", 4830), prem(bA, "garage", "G3", 1800), prem(bB, "flat", "1", 5210)
	person := func(first, last, email string) int64 {
		return exec(t, db, `INSERT INTO persons (coop_id, first_name, last_name, street, postal_code, city, email, phone, created_at)
			VALUES ($1, $2, $3, 'ul. Mickiewicza 5/12', '00-002', 'Warszawa', $4, '600 100 200', $5) RETURNING id`, f.ID, first, last, email, now)
	}
	f.Husband = person("Łukasz", surnameA, "lukasz@example.pl")
	f.Wife = person("Małgorzata", surnameA+"a", "malgorzata@example.pl")
	f.Other = person("Zdzisław", surnameB, "zdzislaw@example.pl")
	title := func(p int64, kind string, starts string, holders ...int64) {
		tid := exec(t, db, `INSERT INTO titles (coop_id, premises_id, kind, starts_on) VALUES ($1, $2, $3, $4) RETURNING id`, f.ID, p, kind, starts)
		for _, h := range holders {
			exec(t, db, `INSERT INTO title_holders (coop_id, title_id, person_id, share_num, share_den) VALUES ($1, $2, $3, 1, $4)`, f.ID, tid, h, len(holders))
		}
	}
	title(f.Flat, "ownership_right", "2010-05-01", f.Husband, f.Wife)
	title(f.Garage, "separate_ownership", "2015-01-01", f.Husband)
	title(f.OtherFlat, "tenant_right", "2001-01-01", f.Other)
	exec(t, db, `INSERT INTO memberships (coop_id, person_id, register_number, joined_on) VALUES ($1, $2, '1001', '2010-05-01')`, f.ID, f.Husband)
	account := func(p int64, n int) int64 {
		num, err := nrb.New("10901014", fmt.Sprintf("%016d", n))
		if err != nil {
			t.Fatal(err)
		}
		if p == f.Flat {
			f.FlatNRB = num.Format()
		}
		return exec(t, db, `INSERT INTO accounts (coop_id, premises_id, nrb, opened_on) VALUES ($1, $2, $3, '2010-05-01') RETURNING id`, f.ID, p, string(num))
	}
	f.FlatAccount = account(f.Flat, accountBase+1)
	garageAccount := account(f.Garage, accountBase+2)
	otherAccount := account(f.OtherFlat, accountBase+3)
	entry := func(acc int64, kind string, day civil.Date, amount int64, desc string) {
		exec(t, db, `INSERT INTO ledger_entries (coop_id, account_id, kind, booked_on, amount, description, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, f.ID, acc, kind, day, amount, desc, now)
	}
	// Flat: 2 × 512,34 zł charged, one paid: 512,34 zł owed.
	entry(f.FlatAccount, "charge", civil.Date{Year: 2026, Month: 10, Day: 1}, 51234, "Opłaty za 10.2026")
	entry(f.FlatAccount, "payment", civil.Date{Year: 2026, Month: 10, Day: 9}, -51234, "Wpłata")
	entry(f.FlatAccount, "charge", civil.Date{Year: 2026, Month: 11, Day: 1}, 51234, "Opłaty za 11.2026")
	// Garage: overpaid by 20,00 zł.
	entry(garageAccount, "charge", civil.Date{Year: 2026, Month: 11, Day: 1}, 8000, "Opłaty za 11.2026")
	entry(garageAccount, "payment", civil.Date{Year: 2026, Month: 11, Day: 5}, -10000, "Wpłata")
	entry(otherAccount, "charge", civil.Date{Year: 2026, Month: 11, Day: 1}, 60000, "Opłaty za 11.2026")

	ctx := context.Background()
	for _, u := range []auth.NewUser{
		{Kind: auth.Resident, Login: residentLogin, PersonID: f.Husband, DisplayName: "Łukasz " + surnameA},
		{Kind: auth.Member, Login: memberLogin, PersonID: f.Husband, DisplayName: "Łukasz " + surnameA},
		{Kind: auth.Resident, Login: "E0000003", PersonID: f.Other, DisplayName: "Zdzisław " + surnameB},
		{Kind: auth.Staff, Login: adminLogin, Role: auth.RoleAdmin, DisplayName: "Administrator"},
		{Kind: auth.Staff, Login: estateLogin, Role: auth.RoleEstate, EstateID: f.EstateA, DisplayName: "Administracja A"},
	} {
		u.CoopID, u.Password = f.ID, password
		if _, err := env.auth.CreateUser(ctx, u); err != nil {
			t.Fatalf("user %s: %v", u.Login, err)
		}
	}
	return f
}

// client drives the server in-process, keeping cookies by hand (the
// session cookie is host-only and not Secure in tests).
type client struct {
	t       *testing.T
	srv     http.Handler
	host    string
	cookies map[string]*http.Cookie
}

func (e *testEnv) client(t *testing.T, host string) *client {
	return &client{t: t, srv: e.srv, host: host, cookies: map[string]*http.Cookie{}}
}

type response struct {
	Code   int
	Header http.Header
	Body   string
}

func (c *client) do(req *http.Request) response {
	c.t.Helper()
	req.Host = c.host
	req.RemoteAddr = "192.0.2.10:5555"
	for _, ck := range c.cookies {
		req.AddCookie(ck)
	}
	rec := httptest.NewRecorder()
	c.srv.ServeHTTP(rec, req)
	for _, ck := range rec.Result().Cookies() {
		if ck.MaxAge < 0 {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck
		}
	}
	return response{Code: rec.Code, Header: rec.Header(), Body: rec.Body.String()}
}

func (c *client) get(path string) response {
	c.t.Helper()
	return c.do(httptest.NewRequest(http.MethodGet, path, nil))
}

func (c *client) post(path string, form url.Values) response {
	c.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

func (c *client) login(door, login string) response {
	c.t.Helper()
	return c.post("/"+door+"/login", url.Values{"login": {login}, "password": {password}})
}

func authUser(coopID int64, login, role string) auth.NewUser {
	return auth.NewUser{CoopID: coopID, Kind: auth.Staff, Login: login, DisplayName: login, Role: auth.Role(role), Password: password}
}

func id64(n int64) string { return fmt.Sprint(n) }

func httptestPost(path string, form url.Values) *http.Request {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Host = "ebok.test"
	return req
}

func serve(env *testEnv, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	env.srv.ServeHTTP(rec, req)
	return rec
}

func urlValues(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}
