package audit

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

func TestListFilters(t *testing.T) {
	// Seq:  1 login.success  user 5  08:00
	//       2 person.viewed  user 9  person 7  09:00
	//       3 login.failure  user 5  10:00
	//       4 person.viewed  user 9  person 8  11:00
	//       5 person.viewed  user 5  person 7  12:00
	//       6 application.check user 9 application:3 13:00
	at := func(h int) time.Time { return time.Date(2026, 5, 4, h, 0, 0, 0, time.UTC) }
	entries := func(coop int64) []Entry {
		return []Entry{
			{CoopID: coop, At: at(8), ActorID: 5, Actor: "resident:E1", Action: LoginSuccess, Subject: "user:5"},
			{CoopID: coop, At: at(9), ActorID: 9, Actor: "staff:anna", Action: PersonViewed, Subject: "person:7", PersonID: 7},
			{CoopID: coop, At: at(10), ActorID: 5, Actor: "resident:E1", Action: LoginFailure, Subject: "user:5"},
			{CoopID: coop, At: at(11), ActorID: 9, Actor: "staff:anna", Action: PersonViewed, Subject: "person:8", PersonID: 8},
			{CoopID: coop, At: at(12), ActorID: 5, Actor: "staff:ewa", Action: PersonViewed, Subject: "person:7", PersonID: 7},
			{CoopID: coop, At: at(13), ActorID: 9, Actor: "staff:anna", Action: ApplicationCheck, Subject: "application:3",
				Details: map[string]string{"item": "signature", "outcome": "ok"}},
		}
	}
	warsaw := time.FixedZone("CEST", 2*3600)
	tests := []struct {
		name string
		f    Filter
		want []int64
	}{
		{"all", Filter{}, []int64{6, 5, 4, 3, 2, 1}},
		{"action", Filter{Action: PersonViewed}, []int64{5, 4, 2}},
		{"actor", Filter{ActorID: 5}, []int64{5, 3, 1}},
		{"person", Filter{PersonID: 7}, []int64{5, 2}},
		{"subject", Filter{Subject: "person:7"}, []int64{5, 2}},
		{"action and actor", Filter{Action: PersonViewed, ActorID: 9}, []int64{4, 2}},
		{"person and actor", Filter{PersonID: 7, ActorID: 9}, []int64{2}},
		{"from is inclusive", Filter{From: at(11)}, []int64{6, 5, 4}},
		{"to is exclusive", Filter{To: at(10)}, []int64{2, 1}},
		{"from and to in another zone", Filter{From: at(9).In(warsaw), To: at(12).In(warsaw)}, []int64{4, 3, 2}},
		{"from between microseconds", Filter{From: at(10).Add(time.Nanosecond)}, []int64{6, 5, 4}},
		{"to between microseconds", Filter{To: at(10).Add(time.Nanosecond)}, []int64{3, 2, 1}},
		{"time and action", Filter{Action: PersonViewed, From: at(10), To: at(12)}, []int64{4}},
		{"limit", Filter{Limit: 2}, []int64{6, 5}},
		{"page after seq 5", Filter{BeforeSeq: 5, Limit: 2}, []int64{4, 3}},
		{"page with filter", Filter{Action: PersonViewed, BeforeSeq: 5}, []int64{4, 2}},
		{"nothing matches", Filter{Action: Logout}, nil},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coop := storetest.InsertCoop(t, db, "a")
		other := storetest.InsertCoop(t, db, "b")
		appendAll(t, db, entries(coop)...)
		appendAll(t, db, entries(other)...)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := List(ctx, db.Read(), coop, tt.f)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(seqs(got), tt.want) {
					t.Errorf("seqs = %v, want %v", seqs(got), tt.want)
				}
				for _, e := range got {
					if e.CoopID != coop {
						t.Errorf("row of cooperative %d returned", e.CoopID)
					}
				}
			})
		}
	})
}

func TestListLimits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coop := storetest.InsertCoop(t, db, "a")
		appendSamples(t, db, coop, MaxLimit+1)
		for _, tt := range []struct{ limit, want int }{{0, DefaultLimit}, {-3, DefaultLimit}, {7, 7}, {MaxLimit + 100, MaxLimit}} {
			got, err := List(ctx, db.Read(), coop, Filter{Limit: tt.limit})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.want || got[0].Seq != MaxLimit+1 {
				t.Errorf("Limit %d: %d rows starting at seq %d, want %d starting at the newest", tt.limit, len(got), got[0].Seq, tt.want)
			}
		}
	})
}

func TestLastLogins(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coop := storetest.InsertCoop(t, db, "a")
		other := storetest.InsertCoop(t, db, "b")
		var all []Entry
		for i := range 30 {
			at := base.Add(time.Duration(i) * time.Hour)
			login := []Action{LoginSuccess, LoginFailure, LoginLocked}[i%3]
			all = append(all,
				Entry{CoopID: coop, At: at, ActorID: 5, Actor: "resident:E5", Action: login, Subject: "user:5"},
				Entry{CoopID: coop, At: at, ActorID: 5, Actor: "resident:E5", Action: PasswordChanged, Subject: "user:5"},
				Entry{CoopID: coop, At: at, ActorID: 6, Actor: "resident:E6", Action: LoginSuccess, Subject: "user:6"},
				Entry{CoopID: other, At: at, ActorID: 5, Actor: "resident:E5", Action: LoginSuccess, Subject: "user:5"},
			)
		}
		appendAll(t, db, all...)
		got, err := LastLogins(ctx, db.Read(), coop, 5, 20)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 20 {
			t.Fatalf("got %d logins, want 20", len(got))
		}
		for i, e := range got {
			// Logins of user 5 sit at seq 1, 4, 7, … (three rows per hour in coop).
			wantSeq := int64(3*(29-i) + 1)
			if e.CoopID != coop || e.ActorID != 5 || e.Seq != wantSeq {
				t.Errorf("login %d = coop %d user %d seq %d, want coop %d user 5 seq %d", i, e.CoopID, e.ActorID, e.Seq, coop, wantSeq)
			}
			if want := []Action{LoginSuccess, LoginFailure, LoginLocked}[(29-i)%3]; e.Action != want {
				t.Errorf("login %d action = %s, want %s", i, e.Action, want)
			}
		}
		if got, err := LastLogins(ctx, db.Read(), coop, 42, 20); err != nil || len(got) != 0 {
			t.Errorf("LastLogins of a user without logins = %v, %v; want none", got, err)
		}
	})
}
