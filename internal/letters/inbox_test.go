package letters

import (
	"context"
	"errors"
	"testing"

	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// A resident finds the letter in their inbox, unread; opening and
// downloading are stamped the first time and shown in the delivery
// report; nobody else can open it; it can be archived.
func TestInboxAndDeliveryReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 50)
		id, _ := sendToBuilding(t, f)
		var person, other int64
		if err := db.Read().QueryRowContext(ctx, `SELECT MIN(person_id), MAX(person_id) FROM letter_recipients WHERE letter_id = $1`, id).Scan(&person, &other); err != nil {
			t.Fatal(err)
		}
		items, err := f.s.Inbox(ctx, f.coopID, person, false)
		if err != nil || len(items) == 0 || !items[0].Unread() || items[0].RegisterNo == "" {
			t.Fatalf("inbox %+v, %v", items, err)
		}
		if n, _ := f.s.UnreadCount(ctx, f.coopID, person); n != len(items) {
			t.Errorf("unread %d, want %d", n, len(items))
		}
		if _, err := f.s.Open(ctx, f.coopID, other, items[0].ID); !errors.Is(err, fault.ErrNotFound) && other != person {
			t.Errorf("another person opened it: %v", err)
		}
		file, err := f.s.Open(ctx, f.coopID, person, items[0].ID)
		if err != nil || len(file.Data) == 0 {
			t.Fatal(err)
		}
		if _, err := f.s.Download(ctx, f.coopID, person, items[0].ID); err != nil {
			t.Fatal(err)
		}
		rep, err := f.s.Report(ctx, f.actor(0), id, "")
		if err != nil {
			t.Fatal(err)
		}
		opened := 0
		for _, d := range rep {
			if d.ID == items[0].ID && !d.OpenedAt.IsZero() && !d.Downloads.IsZero() {
				opened++
			}
		}
		if opened != 1 {
			t.Errorf("report does not show the opening: %+v", rep)
		}
		p, err := f.s.Progress(ctx, f.actor(0), id)
		if err != nil || p.Total != len(rep) || p.Queued+p.Post != p.Total {
			t.Errorf("progress %+v, %v", p, err)
		}
		if err := f.s.Archive(ctx, f.coopID, person, items[0].ID, true); err != nil {
			t.Fatal(err)
		}
		if arch, _ := f.s.Inbox(ctx, f.coopID, person, true); len(arch) != 1 {
			t.Errorf("archive %+v", arch)
		}
	})
}
