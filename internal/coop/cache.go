package coop

import (
	"sync"
	"time"
)

// ttlCache keeps values for a while, for answers that hardly ever change
// (Resolve, Holding). It is bounded: past limit entries it starts again
// empty, since keys come from requests. The zero value is ready to use.
type ttlCache[K comparable, V any] struct {
	mu      sync.Mutex
	entries map[K]ttlEntry[V]
}

type ttlEntry[V any] struct {
	value   V
	expires time.Time
}

// get returns the value kept for key, if it has not expired by now.
func (c *ttlCache[K, V]) get(key K, now time.Time) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || !now.Before(e.expires) {
		var zero V
		return zero, false
	}
	return e.value, true
}

// put keeps value for key until now+ttl.
func (c *ttlCache[K, V]) put(key K, value V, now time.Time, ttl time.Duration, limit int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= limit {
		c.entries = map[K]ttlEntry[V]{}
	}
	c.entries[key] = ttlEntry[V]{value: value, expires: now.Add(ttl)}
}

// clear drops everything kept.
func (c *ttlCache[K, V]) clear() {
	c.mu.Lock()
	c.entries = nil
	c.mu.Unlock()
}
