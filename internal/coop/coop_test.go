package coop

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// TestResolveCache: with a TTL, Resolve answers from memory until the TTL
// passes; a change made through the Service shows at once; without a TTL
// every call reads the database.
func TestResolveCache(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := storetest.InsertCoop(t, db, "sm-a")
		now := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
		cached := &Service{DB: db, ResolveTTL: 5 * time.Second, Now: func() time.Time { return now }}
		plain := &Service{DB: db, Now: time.Now}

		// The only cooperative answers for any host.
		for _, s := range []*Service{cached, plain} {
			c, err := s.Resolve(ctx, "b.example:8080")
			if err != nil || c.ID != a {
				t.Fatalf("resolve with one cooperative = %v, %v; want %d", c, err, a)
			}
		}
		// A second cooperative, bound to b.example by another node (a
		// Service of its own): the plain Service sees it at once, the
		// cached one after its TTL.
		b := storetest.InsertCoop(t, db, "sm-b")
		if err := (&Service{DB: db, Now: time.Now}).SetHost(ctx, b, "b.example"); err != nil {
			t.Fatal(err)
		}
		if c, err := plain.Resolve(ctx, "b.example"); err != nil || c.ID != b {
			t.Fatalf("plain resolve = %v, %v; want %d", c, err, b)
		}
		if c, err := cached.Resolve(ctx, "b.example"); err != nil || c.ID != a {
			t.Fatalf("cached resolve within the TTL = %v, %v; want the cached %d", c, err, a)
		}
		// A caller changing its copy does not change the cache.
		c, _ := cached.Resolve(ctx, "B.example")
		c.Name = "changed"
		if c2, _ := cached.Resolve(ctx, "b.example"); c2.Name == "changed" {
			t.Fatal("the cached cooperative was changed through a returned copy")
		}
		now = now.Add(5 * time.Second)
		if c, err := cached.Resolve(ctx, "b.example"); err != nil || c.ID != b {
			t.Fatalf("cached resolve after the TTL = %v, %v; want %d", c, err, b)
		}
		// An unknown host with two cooperatives is not found, and that is
		// not cached as a cooperative.
		if _, err := cached.Resolve(ctx, "c.example"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown host: %v; want ErrNotFound", err)
		}
		// SetHost through the cached Service shows at once.
		if err := cached.SetHost(ctx, a, "c.example"); err != nil {
			t.Fatal(err)
		}
		if c, err := cached.Resolve(ctx, "c.example"); err != nil || c.ID != a {
			t.Fatalf("resolve after SetHost = %v, %v; want %d", c, err, a)
		}
	})
}

// insert runs one INSERT … RETURNING id in its own transaction.
func insert(t *testing.T, db *store.DB, q string, args ...any) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.QueryRowContext(ctx, q, args...).Scan(&id) }); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return id
}

// TestHoldingCache: with a TTL, Holding remembers premises found until the
// TTL passes, never a refusal, and checks the day at once.
func TestHoldingCache(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := storetest.InsertCoop(t, db, "sm-a")
		estate := insert(t, db, `INSERT INTO estates (coop_id, code, name, office_street, office_postal_code, office_city, office_phone, office_email)
			VALUES ($1, 'A', 'Osiedle A', 'ul. Biurowa 1', '00-001', 'Warszawa', '', '') RETURNING id`, c)
		building := insert(t, db, `INSERT INTO buildings (coop_id, estate_id, street, number, postal_code, city)
			VALUES ($1, $2, 'ul. Mickiewicza', '5', '00-002', 'Warszawa') RETURNING id`, c, estate)
		flat := insert(t, db, `INSERT INTO premises (coop_id, building_id, kind, number, usable_area, persons)
			VALUES ($1, $2, 'flat', '12', 4830, 2) RETURNING id`, c, building)
		insert(t, db, `INSERT INTO accounts (coop_id, premises_id, nrb, opened_on) VALUES ($1, $2, '10109010140000000000000001', '2020-01-01') RETURNING id`, c, flat)
		person := insert(t, db, `INSERT INTO persons (coop_id, first_name, last_name, street, postal_code, city, created_at)
			VALUES ($1, 'Jan', 'Kowalski', 'ul. Mickiewicza 5/12', '00-002', 'Warszawa', $2) RETURNING id`, c, time.Now().UTC())
		title := insert(t, db, `INSERT INTO titles (coop_id, premises_id, kind, starts_on) VALUES ($1, $2, 'ownership_right', '2020-01-01') RETURNING id`, c, flat)
		insert(t, db, `INSERT INTO title_holders (coop_id, title_id, person_id, share_num, share_den) VALUES ($1, $2, $3, 1, 1) RETURNING id`, c, title, person)

		now := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
		cached := &Service{DB: db, HoldingTTL: 5 * time.Second, Now: func() time.Time { return now }}
		plain := &Service{DB: db, Now: time.Now}
		today := civil.Date{Year: 2026, Month: 11, Day: 21}
		if h, err := cached.Holding(ctx, c, person, flat, today); err != nil || h.ID != flat || h.Address() != "ul. Mickiewicza 5/12" {
			t.Fatalf("holding = %+v, %v", h, err)
		}
		// Before the title began, it is refused whatever is cached.
		if _, err := cached.Holding(ctx, c, person, flat, civil.Date{Year: 2019, Month: 1, Day: 1}); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("before the title: %v; want ErrNotFound", err)
		}
		// Staff end the title: the plain Service sees it at once, the
		// cached one after its TTL.
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE titles SET ends_on = '2026-11-01' WHERE id = $1`, title)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := plain.Holding(ctx, c, person, flat, today); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("plain after the title ended: %v; want ErrNotFound", err)
		}
		if _, err := cached.Holding(ctx, c, person, flat, today); err != nil {
			t.Fatalf("cached within the TTL: %v", err)
		}
		now = now.Add(5 * time.Second)
		if _, err := cached.Holding(ctx, c, person, flat, today); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("cached after the TTL: %v; want ErrNotFound", err)
		}
		// A refusal is not remembered: access given back shows at once.
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE titles SET ends_on = NULL WHERE id = $1`, title)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := cached.Holding(ctx, c, person, flat, today); err != nil {
			t.Fatalf("after access came back: %v", err)
		}
	})
}

// TestVisibleFrom: a holding is visible from the start of the person's
// unbroken run of titles to the premises, never across another holder's
// time.
func TestVisibleFrom(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := storetest.InsertCoop(t, db, "sm-a")
		estate := insert(t, db, `INSERT INTO estates (coop_id, code, name, office_street, office_postal_code, office_city, office_phone, office_email)
			VALUES ($1, 'A', 'Osiedle A', 'ul. Biurowa 1', '00-001', 'Warszawa', '', '') RETURNING id`, c)
		building := insert(t, db, `INSERT INTO buildings (coop_id, estate_id, street, number, postal_code, city)
			VALUES ($1, $2, 'ul. Mickiewicza', '5', '00-002', 'Warszawa') RETURNING id`, c, estate)
		premises := func(number string) int64 {
			p := insert(t, db, `INSERT INTO premises (coop_id, building_id, kind, number, usable_area, persons)
				VALUES ($1, $2, 'flat', $3, 4830, 2) RETURNING id`, c, building, number)
			insert(t, db, `INSERT INTO accounts (coop_id, premises_id, nrb, opened_on) VALUES ($1, $2, $3, '2000-01-01') RETURNING id`,
				c, p, "101090101400000000000000"+number)
			return p
		}
		person := func(name string) int64 {
			return insert(t, db, `INSERT INTO persons (coop_id, first_name, last_name, street, postal_code, city, created_at)
				VALUES ($1, 'Jan', $2, 'ul. Mickiewicza 5', '00-002', 'Warszawa', $3) RETURNING id`, c, name, time.Now().UTC())
		}
		title := func(p int64, starts string, ends any, holders ...int64) {
			id := insert(t, db, `INSERT INTO titles (coop_id, premises_id, kind, starts_on, ends_on) VALUES ($1, $2, 'ownership_right', $3, $4) RETURNING id`, c, p, starts, ends)
			for _, h := range holders {
				insert(t, db, `INSERT INTO title_holders (coop_id, title_id, person_id, share_num, share_den) VALUES ($1, $2, $3, 1, 1) RETURNING id`, c, id, h)
			}
		}
		jan, ewa, piotr := person("Kowalski"), person("Nowak"), person("Wiśniewski")
		converted, sold, back := premises("01"), premises("02"), premises("03")
		// Jan's tenant's right became ownership the next day: one run.
		title(converted, "2010-05-01", "2015-06-30", jan)
		title(converted, "2015-07-01", nil, jan, ewa)
		// Piotr bought from Ewa: only his own time.
		title(sold, "2001-01-01", "2020-03-14", ewa)
		title(sold, "2020-03-15", nil, piotr)
		// Piotr held it, sold it, bought it back: only since then.
		title(back, "2001-01-01", "2005-12-31", piotr)
		title(back, "2006-01-01", "2019-12-31", ewa)
		title(back, "2020-01-01", nil, piotr)

		s := &Service{DB: db, Now: time.Now}
		day := civil.Date{Year: 2026, Month: 11, Day: 21}
		for _, c2 := range []struct {
			person, premises int64
			want             string
		}{
			{jan, converted, "2010-05-01"},
			{ewa, converted, "2015-07-01"},
			{piotr, sold, "2020-03-15"},
			{piotr, back, "2020-01-01"},
		} {
			h, err := s.Holding(ctx, c, c2.person, c2.premises, day)
			if err != nil {
				t.Fatal(err)
			}
			if got := h.VisibleFrom.String(); got != c2.want {
				t.Errorf("person %d, premises %d: visible from %s, want %s", c2.person, c2.premises, got, c2.want)
			}
		}
		hs, err := s.Holdings(ctx, c, piotr, day)
		if err != nil || len(hs) != 2 || hs[0].VisibleFrom.String() != "2020-03-15" || hs[1].VisibleFrom.String() != "2020-01-01" {
			t.Errorf("Holdings of Piotr = %+v, %v", hs, err)
		}
	})
}
