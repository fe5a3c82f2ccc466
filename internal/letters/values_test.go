package letters

import (
	"context"
	"reflect"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// valuesAll reads for a batch the same merge fields values reads for each
// recipient alone, with and without premises.
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
		got, err := f.s.valuesAll(ctx, db.Read(), c, keys)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			want, err := f.s.values(ctx, db.Read(), c, k.personID, k.premisesID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got[k], want) {
				t.Errorf("%+v: valuesAll %+v, values %+v", k, got[k], want)
			}
		}
	})
}
