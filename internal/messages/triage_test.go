package messages

import (
	"context"
	"errors"
	"testing"

	"github.com/ebok/ebok/internal/access"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/store"
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
