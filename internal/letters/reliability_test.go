package letters

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// With the mail server down for a while, nothing is marked sent that the
// server did not accept; once it is back, every e-mail is delivered once.
func TestMailServerDownThenBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 50)
		srv, mw, advance := downServer(t, f, 10) // a real SMTP server on 127.0.0.1, answering 451 while down
		for i := range 3 {                       // three more consenting residents than sendToBuilding's two
			id := f.ids(t, `SELECT th.person_id FROM title_holders th ORDER BY th.id LIMIT 1 OFFSET $1`, 10+i)[0]
			f.consent(t, id, fmt.Sprintf("extra%d@example.org", i))
		}
		letterID, _ := sendToBuilding(t, f)
		emails := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1 AND channel = 'email'`, letterID)
		round := func() {
			advance(2 * time.Minute)
			if _, err := mw.ProcessOnce(ctx); err != nil {
				t.Fatal(err)
			}
			if err := f.s.Follow(ctx); err != nil {
				t.Fatal(err)
			}
		}
		for range 3 {
			round()
			if n := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1 AND status = 'sent'`, letterID); n != 0 {
				t.Fatalf("%d marked sent while the server is down", n)
			}
		}
		queued, _, err := f.s.Report(ctx, f.actor(0), letterID, ReportQuery{Status: "queued"})
		if err != nil || len(queued) != emails {
			t.Fatalf("%d queued in the report, %v; want %d", len(queued), err, emails)
		}
		for _, d := range queued {
			if !strings.Contains(d.Retrying, "451") || d.Reason != "" {
				t.Errorf("%s while the server is down: retrying %q, reason %q", d.Email, d.Retrying, d.Reason)
			}
		}
		csv, err := f.s.ReportFile(ctx, f.actor(0), letterID, ReportQuery{Status: "queued"}, false)
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(csv.Data), "451"); n != emails {
			t.Errorf("the CSV report names the server's 451 %d times, want once for each of the %d queued:\n%s", n, emails, csv.Data)
		}
		if _, n := srv.counts(); n != 0 || srv.refusedCount() < 3*emails {
			t.Errorf("%d accepted and %d refused while down, want 0 and at least %d", n, srv.refusedCount(), 3*emails)
		}
		srv.setDown(false)
		round()
		round()
		if n := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1 AND status = 'sent'`, letterID); n != emails {
			t.Errorf("%d sent of %d e-mails", n, emails)
		}
		all, _, err := f.s.Report(ctx, f.actor(0), letterID, ReportQuery{})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range all {
			if d.Retrying != "" {
				t.Errorf("%s (%s) still shows a refusal: %q", d.Email, d.Status, d.Retrying)
			}
		}
		got, _ := srv.counts()
		if len(got) != emails {
			t.Errorf("%d distinct messages delivered, want %d", len(got), emails)
		}
		for id, n := range got {
			if n != 1 {
				t.Errorf("%s delivered %d times", id, n)
			}
		}
	})
}
