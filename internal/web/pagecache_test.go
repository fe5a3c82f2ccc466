package web

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/app"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/config"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// TestLedgerPageCache: a kept ledger page is never shown out of date or to
// anyone else. A posting made outside this server (another node, an
// import) shows at the next request; the same premises' page differs for
// staff, for another language and after the resident's name changes; and
// a kept page does not open premises to a resident who does not hold
// them.
func TestLedgerPageCache(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		c := env.client(t, "ebok.test")
		c.login("ebok", residentLogin)
		path := "/ebok/premises/" + id(f.Flat) + "/ledger"
		first := c.get(path)
		if first.Code != http.StatusOK {
			t.Fatalf("ledger: %d", first.Code)
		}
		mustNotContain(t, first.Body, "Dopłata z innego węzła")
		if again := c.get(path); again.Body != first.Body {
			t.Fatal("the same page, asked twice, differs")
		}
		if len(env.srv.pageCache.m) == 0 {
			t.Fatal("the ledger page was not kept")
		}

		// Another node posts: the database changes, this server is not told.
		exec(t, db, `INSERT INTO ledger_entries (coop_id, account_id, kind, booked_on, amount, description, created_at)
			VALUES ($1, $2, 'charge', $3, 1234, 'Dopłata z innego węzła', $4)`, f.ID, f.FlatAccount, civil.Date{Year: 2026, Month: 11, Day: 20}, now)
		mustContain(t, c.get(path).Body, "Dopłata z innego węzła", ">12,34<")

		// The resident's name is in the page; a new name shows at once.
		exec(t, db, `UPDATE users SET display_name = 'Łukasz Kowalski-Nowy' WHERE coop_id = $1 AND login = $2`, f.ID, residentLogin)
		mustContain(t, c.get(path).Body, "Łukasz Kowalski-Nowy")

		// In English, and for staff, the page is another one.
		c.post("/lang", urlValues("lang", "en", "back", "/"))
		en := c.get(path)
		mustContain(t, en.Body, `lang="en"`)
		c.post("/lang", urlValues("lang", "pl", "back", "/"))
		staff := env.client(t, "ebok.test")
		staff.login("staff", adminLogin)
		sp := staff.get("/staff/premises/" + id(f.Flat) + "/ledger")
		if sp.Code != http.StatusOK || !strings.Contains(sp.Body, `action="/staff/premises/`+id(f.Flat)+`/ledger"`) {
			t.Fatalf("staff ledger: %d, links to the staff pages missing", sp.Code)
		}
		mustNotContain(t, c.get(path).Body, "/staff/premises/")

		// Another resident never gets the kept page of premises they do not
		// hold, and a resident whose title ended loses it at once.
		other := env.client(t, "ebok.test")
		other.login("ebok", "E0000003")
		if r := other.get(path); r.Code != http.StatusNotFound {
			t.Fatalf("another resident's kept ledger: %d", r.Code)
		}
		exec(t, db, `UPDATE titles SET ends_on = '2026-11-01' WHERE coop_id = $1 AND premises_id = $2`, f.ID, f.Flat)
		if r := c.get(path); r.Code != http.StatusNotFound {
			t.Fatalf("ledger after the title ended: %d", r.Code)
		}
	})
}

// TestPageCacheBound: the kept pages never take more than the limit.
func TestPageCacheBound(t *testing.T) {
	c := newPageCache(100)
	c.put("a", make([]byte, 40))
	c.put("b", make([]byte, 40))
	if _, ok := c.get("a"); !ok {
		t.Fatal("a page under the limit was not kept")
	}
	c.put("c", make([]byte, 40)) // would pass the limit: all else goes
	if _, ok := c.get("a"); ok {
		t.Fatal("kept pages passed the limit")
	}
	if _, ok := c.get("c"); !ok || c.bytes != 41 {
		t.Fatalf("c not kept or bytes wrong: %d", c.bytes)
	}
	c.put("c", make([]byte, 10)) // replacing counts the new size only
	if c.bytes != 11 {
		t.Fatalf("bytes after replacing: %d", c.bytes)
	}
	c.put("d", make([]byte, 200)) // larger than the limit: not kept
	if _, ok := c.get("d"); ok || c.bytes != 11 {
		t.Fatal("a page larger than the limit was kept")
	}
}

// TestLedgerPageKeyFields: every field of the user and of the
// cooperative is in a kept ledger page's key, so that a field added to
// either cannot leave a page showing the old value.
func TestLedgerPageKeyFields(t *testing.T) {
	s := &Server{Deps: Deps{App: &app.App{Config: &config.Config{TimeZone: time.UTC}, Now: func() time.Time { return now }}}}
	h := &coop.Holding{Premises: coop.Premises{ID: 1, AccountID: 2, Kind: coop.Flat, Street: "ul. Mickiewicza", House: "5", Number: "12"}}
	base := func() *state {
		return &state{lang: i18n.Polish, coop: &coop.Cooperative{ID: 1, Name: "SM"}, session: &auth.Session{User: auth.User{ID: 1, Kind: auth.Staff}}}
	}
	key := s.ledgerPageKey(base(), h, ledger.Filter{}, "n1")
	check := func(what string, v reflect.Value) {
		t.Helper()
		for i := range v.NumField() {
			st := base()
			target := reflect.ValueOf(&st.session.User).Elem()
			if v.Type() == reflect.TypeOf(coop.Cooperative{}) {
				target = reflect.ValueOf(st.coop).Elem()
			}
			fv := target.Field(i)
			switch fv.Kind() {
			case reflect.String:
				fv.SetString(fv.String() + "x")
			case reflect.Int, reflect.Int64:
				fv.SetInt(fv.Int() + 7)
			case reflect.Bool:
				fv.SetBool(!fv.Bool())
			default:
				t.Fatalf("%s.%s: a %s; teach this test and ledgerPageKey about it", what, v.Type().Field(i).Name, fv.Kind())
			}
			if s.ledgerPageKey(st, h, ledger.Filter{}, "n1") == key {
				t.Errorf("%s.%s is not in the key", what, v.Type().Field(i).Name)
			}
		}
	}
	check("auth.User", reflect.ValueOf(auth.User{}))
	check("coop.Cooperative", reflect.ValueOf(coop.Cooperative{}))
	if s.ledgerPageKey(base(), h, ledger.Filter{}, "n2") == key || s.ledgerPageKey(base(), h, ledger.Filter{Year: 2025}, "n1") == key {
		t.Error("the version or the filter is not in the key")
	}
}

// TestPageCacheOff: EBOK_PAGE_CACHE_MIB=0 (a limit of 0) keeps no page.
func TestPageCacheOff(t *testing.T) {
	c := newPageCache(0)
	c.put("a", []byte("x"))
	if _, ok := c.get("a"); ok || c.bytes != 0 {
		t.Fatalf("a page kept with the cache off (%d bytes)", c.bytes)
	}
}
