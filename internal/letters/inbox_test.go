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
		rep, _, err := f.s.Report(ctx, f.actor(0), id, ReportQuery{})
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

// A letter's PDF attachments go with every e-mail and are in the
// resident's inbox; a file that is not a PDF is refused at compose time.
func TestAttachments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 50)
		l := letter(Rule{Kind: RulePerson, Value: itoa(f.ids(t, `SELECT MIN(person_id) FROM title_holders`)[0])})
		_, err := f.s.Compose(ctx, f.actor(0), l, []Attachment{{Filename: "x.pdf", Data: []byte("GIF89a")}})
		wantProblem(t, err, "letters.err.attachment")
		pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
		c, err := f.s.Compose(ctx, f.actor(0), l, []Attachment{{Filename: "regulamin rozliczeń.pdf", Data: pdf}})
		if err != nil {
			t.Fatal(err)
		}
		person := f.ids(t, `SELECT MIN(person_id) FROM title_holders`)[0]
		f.consent(t, person, "a@example.org")
		if _, err := f.s.Send(ctx, f.actor(0), c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := (&Worker{S: f.s, Node: "t"}).ProcessOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM outbox_attachments`); n != 2*f.count(t, `SELECT COUNT(*) FROM outbox`) {
			t.Errorf("%d attachments in the outbox", n)
		}
		items, err := f.s.Inbox(ctx, f.coopID, person, false)
		if err != nil || len(items) == 0 || len(items[0].Attachments) != 1 {
			t.Fatalf("inbox %+v, %v", items, err)
		}
		a, err := f.s.Attachment(ctx, f.coopID, person, items[0].ID, 1)
		if err != nil || string(a.Data) != string(pdf) {
			t.Errorf("attachment %q, %v", a.Name, err)
		}
		if _, err := f.s.Attachment(ctx, f.coopID, person+1, items[0].ID, 1); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("someone else's attachment: %v", err)
		}
	})
}
