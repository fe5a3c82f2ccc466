package coop

import (
	"context"
	"errors"
	"testing"
	"time"

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
		plain := &Service{DB: db}

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
		if err := (&Service{DB: db}).SetHost(ctx, b, "b.example"); err != nil {
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
