package messages

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/access"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
	"github.com/ebok/ebok/internal/uploads"
)

func TestMailedFormBecomesAnApplication(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		acc := &access.Service{DB: f.db, Now: f.svc.Now, Loc: warsaw}
		f.svc.Applications = acc
		exec(t, f.db, `INSERT INTO regulations (coop_id, service, version, title, body, published_at)
			VALUES ($1, 'ebok', 1, 'Regulamin e-BOK', 'Treść', $2)`, f.coop, *f.clock)
		scan := pdfFile(t)
		out, err := f.svc.Take(ctx, f.coop, Mail{MessageID: "<form@x>", From: "jan.k@poczta.example", Subject: "Wniosek",
			Text: "W załączniku podpisany formularz", Files: []uploads.File{scan}, Raw: []byte("raw"), At: *f.clock})
		if err != nil || out != TookTriage {
			t.Fatalf("take: %q %v", out, err)
		}
		list, _ := f.svc.Triage(ctx, f.coop)
		if len(list) != 1 {
			t.Fatalf("triage list %+v", list)
		}
		m, err := f.svc.TriageMail(ctx, f.coop, list[0].ID)
		if err != nil || len(m.Files) != 1 || m.OnFile != "" {
			t.Fatalf("triage mail %+v %v", m, err)
		}
		by, _ := f.staffActor(f.memb, auth.RoleMembership, 0)
		form := access.Form{Portal: access.EBOK, FirstName: "Jan", LastName: "Kowalski", Street: "ul. Mickiewicza 5/12",
			PostalCode: "00-002", City: "Warszawa", Phone: "600100200", PremisesStreet: "ul. Mickiewicza", PremisesHouse: "5",
			PremisesNumber: "12", Role: access.RoleOwner, AcceptRules: true}
		bad := form
		bad.LastName = ""
		var fe *access.FormError
		if _, err := f.svc.FileApplication(ctx, by, m.ID, bad); !errors.As(err, &fe) || fe.Fields["last_name"] == "" {
			t.Fatalf("incomplete form: %v", err)
		}
		appID, err := f.svc.FileApplication(ctx, by, m.ID, form)
		if err != nil {
			t.Fatal(err)
		}
		a, err := acc.Get(ctx, access.View{CoopID: f.coop}, appID)
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != access.Filed || a.Form.Email != "jan.k@poczta.example" || len(a.Attachments) != 1 {
			t.Errorf("application %+v", a)
		}
		cl, err := acc.Checklist(ctx, a, f.svc.Today())
		if err != nil {
			t.Fatal(err)
		}
		if cl.OnFileEmail != "jan@example.pl" || cl.Items[1].Note != "check.email.differs" {
			t.Errorf("checklist %+v", cl)
		}
		if _, err := f.svc.FileApplication(ctx, by, m.ID, form); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the same mail filed twice: %v", err)
		}
		if list, _ := f.svc.Triage(ctx, f.coop); len(list) != 0 {
			t.Errorf("mail still on the triage list")
		}
	})
}

// A flood of mail from unknown senders pages the triage list, 100 a
// page and newest first; nothing falls off it, dismissed mail leaves the
// count, and another cooperative's triage list holds none of it.
func TestTriagePages(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		for i := range 230 {
			*f.clock = f.clock.Add(time.Minute)
			out, err := f.svc.Take(ctx, f.coop, Mail{MessageID: fmt.Sprintf("<flood-%d@x>", i), From: "obcy@poczta.example",
				Subject: fmt.Sprintf("Wiadomość %d", i), Text: "Treść", Raw: []byte("raw"), At: *f.clock})
			if err != nil || out != TookTriage {
				t.Fatalf("take %d: %q %v", i, out, err)
			}
		}
		var seen []string
		for i, want := range []int{100, 100, 30, 0} {
			page := i + 1
			list, total, err := f.svc.TriagePage(ctx, f.coop, page)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != want || total != 230 {
				t.Errorf("page %d: %d mails of %d, want %d of 230", page, len(list), total, want)
			}
			for _, m := range list {
				seen = append(seen, m.Subject)
			}
		}
		if len(seen) != 230 || seen[0] != "Wiadomość 229" || seen[99] != "Wiadomość 130" || seen[100] != "Wiadomość 129" || seen[229] != "Wiadomość 0" {
			t.Errorf("the pages hold %d mails, newest first expected: %q … %q", len(seen), seen[0], seen[len(seen)-1])
		}
		first, _, err := f.svc.TriagePage(ctx, f.coop, 1)
		if err != nil {
			t.Fatal(err)
		}
		by, _ := f.staffActor(f.memb, auth.RoleMembership, 0)
		if err := f.svc.Dismiss(ctx, by, first[0].ID); err != nil {
			t.Fatal(err)
		}
		if list, total, err := f.svc.TriagePage(ctx, f.coop, 3); err != nil || total != 229 || len(list) != 29 {
			t.Errorf("after one dismissed: page 3 holds %d of %d, %v; want 29 of 229", len(list), total, err)
		}
		other := storetest.InsertCoop(t, f.db, "inna")
		if list, total, err := f.svc.TriagePage(ctx, other, 1); err != nil || total != 0 || len(list) != 0 {
			t.Errorf("another cooperative: %d mails of %d, %v", len(list), total, err)
		}
	})
}
