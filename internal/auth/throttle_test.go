package auth

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// 60 parallel failures from one address when the limit is 30: exactly 30
// are checked (wrong password), 30 are throttled unchecked.
func TestParallelFailuresFromOneAddressStopAtThirty(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.staff("anna.nowak", "dobre-hasło-2026", "")
		before := e.s.Hasher.verified.Load()
		var wg sync.WaitGroup
		var mu sync.Mutex
		checked, throttled := 0, 0
		for range 60 {
			wg.Go(func() {
				_, err := e.loginFrom("203.0.113.66", Staff, "nikt", "zgadywane-hasło")
				mu.Lock()
				defer mu.Unlock()
				switch {
				case errors.Is(err, ErrInvalidCredentials):
					checked++
				case errors.Is(err, ErrThrottled):
					throttled++
				default:
					t.Errorf("attempt: %v", err)
				}
			})
		}
		wg.Wait()
		if checked != 30 || throttled != 30 {
			t.Errorf("%d checked, %d throttled; want 30 and 30", checked, throttled)
		}
		if n := e.s.Hasher.verified.Load() - before; n != 30 {
			t.Errorf("%d passwords hashed, want 30", n)
		}
	})
}

// The window slides: 30 failures in the last second of one ten-minute
// block do not make room for 30 more in the first second of the next; the
// address waits until the failures are 10 minutes old.
func TestThrottleWindowSlides(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.c.Add(10*time.Minute - time.Second) // 10:09:59
		failedAt := e.c.Now()
		for i := 1; i <= 30; i++ {
			if _, err := e.loginFrom("203.0.113.67", Staff, "nikt", "zgadywane-hasło"); !errors.Is(err, ErrInvalidCredentials) {
				t.Fatalf("failure %d: %v", i, err)
			}
		}
		e.c.Add(time.Second) // 10:10:00
		if _, err := e.loginFrom("203.0.113.67", Staff, "nikt", "zgadywane-hasło"); !errors.Is(err, ErrThrottled) {
			t.Fatalf("a second later: %v, want ErrThrottled", err)
		}
		e.c.Add(failedAt.Add(10*time.Minute - time.Second).Sub(e.c.Now()))
		if _, err := e.loginFrom("203.0.113.67", Staff, "nikt", "zgadywane-hasło"); !errors.Is(err, ErrThrottled) {
			t.Fatalf("10 min less a second after the failures: %v, want ErrThrottled", err)
		}
		e.c.Add(time.Second)
		if _, err := e.loginFrom("203.0.113.67", Staff, "nikt", "zgadywane-hasło"); !errors.Is(err, ErrInvalidCredentials) {
			t.Fatalf("10 min after the failures: %v, want the attempt checked", err)
		}
	})
}
