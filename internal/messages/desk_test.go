package messages

import (
	"context"
	"testing"

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
