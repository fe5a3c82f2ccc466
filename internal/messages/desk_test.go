package messages

import (
	"context"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/auth"
)

// The staff inbox comes in pages of 100 threads, in the inbox's order,
// counted within the desk's scope: another estate's staff neither see nor
// count them.
func TestInboxPages(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		for range 230 {
			f.open(t, TopicFault, InBuilding)
		}
		sc := ScopeOf(auth.RoleAdmin, 0)
		all, err := f.svc.Inbox(ctx, f.coop, sc, Filter{})
		if err != nil || len(all) != 230 {
			t.Fatalf("inbox: %d threads, %v", len(all), err)
		}
		var paged []Thread
		for page, want := range map[int]int{1: 100, 2: 100, 3: 30, 4: 0} {
			ts, total, err := f.svc.InboxPage(ctx, f.coop, sc, Filter{}, page)
			if err != nil {
				t.Fatal(err)
			}
			if len(ts) != want || total != 230 {
				t.Errorf("page %d: %d threads of %d, want %d of 230", page, len(ts), total, want)
			}
			if len(ts) > 0 && ts[0].ID != all[(page-1)*100].ID {
				t.Errorf("page %d starts with thread %d, want %d", page, ts[0].ID, all[(page-1)*100].ID)
			}
			paged = append(paged, ts...)
		}
		if len(paged) != 230 {
			t.Errorf("the pages hold %d threads", len(paged))
		}
		if ts, total, err := f.svc.InboxPage(ctx, f.coop, ScopeOf(auth.RoleEstate, f.estateB), Filter{}, 1); err != nil || len(ts) != 0 || total != 0 {
			t.Errorf("another estate's staff: %d threads of %d, %v", len(ts), total, err)
		}
		if ts, total, err := f.svc.InboxPage(ctx, f.coop, ScopeOf(auth.RoleEstate, f.estateA), Filter{Status: StatusClosed}, 1); err != nil || len(ts) != 0 || total != 0 {
			t.Errorf("closed threads: %d of %d, %v", len(ts), total, err)
		}
	})
}

// The dashboard's figures of a desk count every thread, beyond the
// inbox's first 300: the new ones, and the open ones begun since a day.
func TestDeskFigures(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		begun := *f.clock
		for range 320 {
			f.open(t, TopicFault, InBuilding)
		}
		later := begun.Add(time.Hour)
		*f.clock = later
		f.open(t, TopicFault, InBuilding)
		sc := ScopeOf(auth.RoleAdmin, 0)
		for since, want := range map[time.Time]int{begun: 321, begun.Add(time.Second): 1, later: 1, later.Add(time.Second): 0} {
			unread, ts, err := f.svc.DeskFigures(ctx, f.coop, sc, since.In(time.FixedZone("CET", 3600)))
			if err != nil {
				t.Fatal(err)
			}
			if unread != 321 || len(ts) != want {
				t.Errorf("since %s: %d new, %d begun; want 321 new, %d begun", since, unread, len(ts), want)
			}
		}
		if unread, ts, err := f.svc.DeskFigures(ctx, f.coop, ScopeOf(auth.RoleEstate, f.estateB), begun); err != nil || unread != 0 || len(ts) != 0 {
			t.Errorf("another estate's staff: %d new, %d begun, %v", unread, len(ts), err)
		}
	})
}

// Two staff members of the same name are told apart by their logins in
// the list a thread is assigned from; a name of one stays as it is.
func TestAssigneesOfTheSameName(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		th := f.open(t, TopicSettlements, "")
		a := f.staff(t, "anowak", auth.RoleSettlements, nil)
		b := f.staff(t, "anowak2", auth.RoleSettlements, nil)
		exec(t, f.db, `UPDATE users SET display_name = 'Anna Nowak' WHERE id IN ($1, $2)`, a, b)
		thread, err := f.svc.StaffThread(ctx, f.coop, ScopeOf(auth.RoleAdmin, 0), th.ThreadID)
		if err != nil {
			t.Fatal(err)
		}
		as, err := f.svc.Assignees(ctx, f.coop, thread.Thread)
		if err != nil {
			t.Fatal(err)
		}
		got := map[int64]string{}
		for _, x := range as {
			got[x.ID] = x.Name
		}
		if got[a] != "Anna Nowak (anowak)" || got[b] != "Anna Nowak (anowak2)" || got[f.settl] != "rozl" {
			t.Errorf("assignees: %v", got)
		}
	})
}
