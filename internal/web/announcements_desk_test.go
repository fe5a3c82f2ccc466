package web

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// An announcement posted by mistake (a wrong date, a typo) can be
// withdrawn: residents stop seeing it at once, staff are told so. An
// estate administration withdraws its estate's announcements only, and is
// offered no button for the cooperative's.
func TestAnnouncementCanBeWithdrawn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := newEnv(t, db)
		f := addCoop(t, env, "a", "", "Kowalski", "Nowak", 0)
		admin := env.client(t, "ebok.test")
		admin.login("staff", adminLogin)
		estate := env.client(t, "ebok.test")
		estate.login("staff", estateLogin)
		post := func(c *client, title string, v url.Values) string {
			t.Helper()
			v.Set("title", title)
			v.Set("body", "Treść.")
			v.Set("from", "21.11.2026")
			v.Set("to", "30.11.2026")
			if r := c.post("/staff/announcements", v); r.Code != http.StatusSeeOther {
				t.Fatalf("announce %s: %d\n%s", title, r.Code, r.Body)
			}
			var n int64
			if err := db.Read().QueryRowContext(context.Background(), `SELECT id FROM announcements WHERE title = $1`, title).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return id(n)
		}
		all := post(admin, "Wyłączenie wody", url.Values{"audience": {"all"}})
		own := post(estate, "Przegląd gazowy", url.Values{"audience": {"estate"}, "estate": {id(f.EstateA)}})
		res := env.client(t, "ebok.test")
		res.login("ebok", residentLogin)
		mustContain(t, res.get("/ebok").Body, "Wyłączenie wody", "Przegląd gazowy")

		page := estate.get("/staff/announcements").Body
		mustContain(t, page, `action="/staff/announcements/`+own+`/withdraw"`)
		mustNotContain(t, page, `action="/staff/announcements/`+all+`/withdraw"`)
		if r := estate.post("/staff/announcements/"+all+"/withdraw", nil); r.Code != http.StatusNotFound {
			t.Errorf("estate withdraws the cooperative's announcement: %d", r.Code)
		}
		r := admin.post("/staff/announcements/"+all+"/withdraw", nil)
		if r.Code != http.StatusSeeOther {
			t.Fatalf("withdraw: %d\n%s", r.Code, r.Body)
		}
		page = admin.get(r.Header.Get("Location")).Body
		mustContain(t, page, "Ogłoszenie „Wyłączenie wody” wycofano; mieszkańcy już go nie widzą.", "Przegląd gazowy")
		mustNotContain(t, page, "<h2>Wyłączenie wody</h2>")
		home := res.get("/ebok").Body
		mustNotContain(t, home, "Wyłączenie wody")
		mustContain(t, home, "Przegląd gazowy")
		if r := admin.post("/staff/announcements/"+all+"/withdraw", nil); r.Code != http.StatusNotFound {
			t.Errorf("withdrawn twice: %d", r.Code)
		}
	})
}
