package audit

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

func TestServiceRecord(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coop := storetest.InsertCoop(t, db, "a")
		s := &Service{DB: db, Now: func() time.Time { return base }}
		by := Actor{CoopID: coop, UserID: 9, Name: "staff:anna", IP: "192.0.2.7"}
		if err := s.Record(ctx, by, PersonViewed, "person:7", 7, nil); err != nil {
			t.Fatal(err)
		}
		// Joined to a transaction that rolls back, the entry goes with it.
		rollback := errors.New("roll back")
		err := db.InTx(ctx, func(tx *store.Tx) error {
			if err := s.Record(tx.Context(ctx), by, PersonViewed, "person:8", 8, nil); err != nil {
				return err
			}
			return rollback
		})
		if !errors.Is(err, rollback) {
			t.Fatalf("joined record: %v", err)
		}
		got, err := s.List(ctx, coop, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 {
			t.Fatalf("entries = %+v, want the one committed", got)
		}
		e := got[0]
		if e.Action != PersonViewed || e.PersonID != 7 || e.Subject != "person:7" || e.ActorID != 9 ||
			e.Actor != "staff:anna" || e.IP != "192.0.2.7" || !e.At.Equal(base.Truncate(time.Microsecond)) {
			t.Errorf("entry = %+v", e)
		}
		if n, err := s.Verify(ctx, coop); n != 1 || err != nil {
			t.Errorf("Verify = %d, %v; want 1, nil", n, err)
		}
	})
}

func TestServiceLastLogins(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coop := storetest.InsertCoop(t, db, "a")
		s := &Service{DB: db, Now: func() time.Time { return base }}
		user := Actor{CoopID: coop, UserID: 5, Name: "resident:E1"}
		for _, a := range []Action{LoginSuccess, PersonViewed, LoginFailure} {
			if err := s.Record(ctx, user, a, "user:5", 0, nil); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.LastLogins(ctx, coop, 5, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Action != LoginFailure || got[1].Action != LoginSuccess {
			t.Errorf("last logins = %+v", got)
		}
	})
}
