package letters

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// valuesAll reads for a batch the same merge fields values reads for each
// recipient alone, with and without premises; without withBalance every
// balance is 0 and the rest the same.
func TestValuesAllAgreesWithValues(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 50)
		rcs, err := f.s.Resolve(ctx, f.actor(0), f.firstBuilding(t))
		if err != nil || len(rcs) < 2 {
			t.Fatalf("%d recipients, %v", len(rcs), err)
		}
		c, err := f.s.Coops.Get(ctx, f.coopID)
		if err != nil {
			t.Fatal(err)
		}
		var keys []recipientKey
		for _, rc := range rcs {
			keys = append(keys, recipientKey{rc.PersonID, rc.PremisesID})
		}
		keys = append(keys, recipientKey{rcs[0].PersonID, 0})
		got, err := f.s.valuesAll(ctx, db.Read(), c, keys, true)
		if err != nil {
			t.Fatal(err)
		}
		lean, err := f.s.valuesAll(ctx, db.Read(), c, keys, false)
		if err != nil {
			t.Fatal(err)
		}
		owing := 0
		for _, k := range keys {
			want, err := f.s.values(ctx, db.Read(), c, k.personID, k.premisesID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got[k], want) {
				t.Errorf("%+v: valuesAll %+v, values %+v", k, got[k], want)
			}
			if want.Balance != 0 {
				owing++
			}
			want.Balance = 0
			if !reflect.DeepEqual(lean[k], want) {
				t.Errorf("%+v: valuesAll without balances %+v, want %+v", k, lean[k], want)
			}
		}
		if owing == 0 {
			t.Fatal("no recipient has a balance: the comparison proves nothing")
		}
	})
}

// A letter needs the balances when it carries a payment or uses [saldo] or
// [kwota_do_zaplaty] in its subject or body; other fields do not.
func TestUsesBalance(t *testing.T) {
	for _, c := range []struct {
		l    Letter
		want bool
	}{
		{Letter{Kind: General, Subject: "Przegląd", Body: "Lokal [adres_lokalu], [imie_nazwisko], [nrb]."}, false},
		{Letter{Kind: General, Subject: "Przegląd", Body: "Saldo: [saldo]."}, true},
		{Letter{Kind: Other, Subject: "Do zapłaty [kwota_do_zaplaty]", Body: "Prosimy o wpłatę."}, true},
		{Letter{Kind: MeterNotice, Subject: "Odczyt", Body: "saldo, kwota_do_zaplaty bez nawiasów"}, false},
		{Letter{Kind: FeeNotice, Subject: "Nowe opłaty", Body: "Od kwietnia."}, true},
		{Letter{Kind: DebtReminder, Subject: "Wezwanie", Body: "Prosimy o wpłatę."}, true},
	} {
		if got := c.l.usesBalance(); got != c.want {
			t.Errorf("%s %q %q: usesBalance %v, want %v", c.l.Kind, c.l.Subject, c.l.Body, got, c.want)
		}
	}
}

// A letter that uses [saldo] gets each recipient's balance through the
// worker's batches, as the preview shows it.
func TestSentLetterFillsTheBalance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 50)
		rule := f.firstBuilding(t)
		c, err := f.s.Coops.Get(ctx, f.coopID)
		if err != nil {
			t.Fatal(err)
		}
		rcs, err := f.s.Resolve(ctx, f.actor(0), rule)
		if err != nil {
			t.Fatal(err)
		}
		want := map[recipientKey]string{} // the balance as printed
		for _, rc := range rcs {
			v, err := f.s.values(ctx, db.Read(), c, rc.PersonID, rc.PremisesID)
			if err != nil {
				t.Fatal(err)
			}
			if v.Balance != 0 {
				want[recipientKey{rc.PersonID, rc.PremisesID}] = plainAmount(v.Balance)
			}
		}
		if len(want) == 0 {
			t.Fatal("no recipient has a balance: the test proves nothing")
		}
		l := letter(rule)
		l.Body = "Saldo lokalu: [saldo]."
		composed, err := f.s.Compose(ctx, f.actor(0), l, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Send(ctx, f.actor(0), composed.ID); err != nil {
			t.Fatal(err)
		}
		w := &Worker{S: f.s, Node: "test", Batch: 3}
		for n := 1; n > 0; {
			if n, err = w.ProcessOnce(ctx); err != nil {
				t.Fatal(err)
			}
		}
		rows, err := db.Read().QueryContext(ctx, `SELECT person_id, premises_id, content FROM letter_recipients WHERE letter_id = $1`, composed.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		seen := 0
		for rows.Next() {
			var k recipientKey
			var content string
			if err := rows.Scan(&k.personID, &k.premisesID, &content); err != nil {
				t.Fatal(err)
			}
			if b, ok := want[k]; ok {
				seen++
				if !strings.Contains(content, "Saldo lokalu: "+b+".") {
					t.Errorf("%+v: the letter lacks the balance %s: %s", k, b, content)
				}
			}
		}
		if err := rows.Err(); err != nil || seen == 0 {
			t.Fatalf("%d letters with a balance checked, %v", seen, err)
		}
	})
}
