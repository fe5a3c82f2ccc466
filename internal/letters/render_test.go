package letters

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/documents/pdftext"
	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/nrb"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// The preview is the PDF one chosen recipient gets: fields filled, the
// address in the window, the payment's account and QR code on a fee
// notice. A person the rule does not select has no preview.
func TestPreviewFillsTheFields(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 50)
		l := letter(f.firstBuilding(t))
		l.Kind, l.ChargeSource, l.EffectiveOn = FeeNotice, CoopCharges, civil.Date{Year: 2027, Month: 4, Day: 1}
		l.Body = "Dla [imie_nazwisko], lokal [adres_lokalu]: saldo [saldo], do zapłaty [kwota_do_zaplaty] do [termin_platnosci] na rachunek [nrb]."
		c, err := f.s.Compose(ctx, f.actor(0), l, nil)
		if err != nil {
			t.Fatal(err)
		}
		rcs, err := f.s.Resolve(ctx, f.actor(0), l.Rule)
		if err != nil {
			t.Fatal(err)
		}
		rc := rcs[0]
		file, err := f.s.Preview(ctx, f.actor(0), c.ID, rc.PersonID, rc.PremisesID)
		if err != nil {
			t.Fatal(err)
		}
		text, err := pdftext.Text(file.Data)
		if errors.Is(err, pdftext.ErrMissing) {
			t.Skip(err)
		}
		var acct string
		if err := db.Read().QueryRowContext(ctx, `SELECT nrb FROM accounts WHERE premises_id = $1`, rc.PremisesID).Scan(&acct); err != nil {
			t.Fatal(err)
		}
		flat := strings.Join(strings.Fields(text), " ")
		for _, want := range []string{"Dla " + rc.Name, "do 10.12.2026", nrb.Number(acct).Format(), "Nowe opłaty obowiązują od 01.04.2027.", "strona 1 z 1"} {
			if !strings.Contains(flat, want) {
				t.Errorf("preview lacks %q:\n%s", want, text)
			}
		}
		if strings.Contains(text, "[") {
			t.Errorf("a field left unfilled:\n%s", text)
		}
		words, _ := pdftext.Words(file.Data)
		if w := pdftext.Find(words, strings.Fields(rc.Name)[0]); len(w) == 0 || !w[0].InWindow() {
			t.Errorf("name at %+v, not in the window", w)
		}
		_, err = f.s.Preview(ctx, f.actor(0), c.ID, rc.PersonID, rc.PremisesID+100000)
		if !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("preview for someone else: %v", err)
		}
	})
}
