package ledger_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/demo"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/nrb"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

func demoCoop(t *testing.T, db *store.DB) (coopID, accountID int64, account nrb.Number, address string) {
	t.Helper()
	ctx := context.Background()
	res, err := demo.Generate(ctx, db, demo.Options{Seed: 3, Premises: 60, Today: today,
		HashPassword: func(string) (string, error) {
			return "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	var street, house, number, n string
	err = db.Read().QueryRowContext(ctx, `SELECT a.id, a.nrb, b.street, b.number, p.number FROM accounts a
		JOIN premises p ON p.coop_id = a.coop_id AND p.id = a.premises_id
		JOIN buildings b ON b.coop_id = p.coop_id AND b.id = p.building_id
		WHERE a.coop_id = $1 AND p.kind = 'flat' ORDER BY a.id LIMIT 1`, res.CoopID).Scan(&accountID, &n, &street, &house, &number)
	if err != nil {
		t.Fatal(err)
	}
	return res.CoopID, accountID, nrb.Number(n), strings.TrimPrefix(street, "ul. ") + " " + house + "/" + number
}

func TestImportLedger(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coopID, accountID, account, address := demoCoop(t, db)
		svc := &ledger.Service{DB: db}
		by := ledger.Actor{CoopID: coopID, Name: "system"}
		balance := func() int64 {
			b, err := svc.Balances(ctx, coopID, []int64{accountID})
			if err != nil {
				t.Fatal(err)
			}
			return int64(b[accountID].Amount)
		}
		before := balance()
		file := fmt.Sprintf("external_id;account;premises;booked_on;kind;component;amount;description\n"+
			"FK-1;%s;;2026-11-20;naliczenie;eksploatacja;120,50;Dopłata\n"+
			"FK-2;;%s;20.11.2026;korekta;;-20,50;Korekta naliczenia za wodę\n"+
			"FK-3;%s;;2026-11-21;wpłata;;-100,00;Wpłata\n", account.Format(), address, account)
		res, err := svc.ImportLedger(ctx, by, "fk.csv", strings.NewReader(file), true)
		if err != nil || !res.OK() || res.Rows != 3 || res.New != 0 {
			t.Fatalf("dry run: %+v %v %+v", res, err, res.Problems)
		}
		if balance() != before {
			t.Fatal("a dry run posted something")
		}
		res, err = svc.ImportLedger(ctx, by, "fk.csv", strings.NewReader(file), false)
		if err != nil || res.New != 3 || res.Known != 0 || !res.Applied {
			t.Fatalf("apply: %+v %v", res, err)
		}
		if got := balance(); got != before+12050-2050-10000 {
			t.Errorf("balance %d, want %d", got, before)
		}
		// The same file again posts nothing; a dry run says so beforehand.
		res, err = svc.ImportLedger(ctx, by, "fk.csv", strings.NewReader(file), true)
		if err != nil || res.Known != 3 {
			t.Errorf("dry run of a known file: %+v %v", res, err)
		}
		res, err = svc.ImportLedger(ctx, by, "fk.csv", strings.NewReader(file), false)
		if err != nil || res.New != 0 || res.Known != 3 {
			t.Errorf("second apply: %+v %v", res, err)
		}
		if got := balance(); got != before+12050-2050-10000 {
			t.Errorf("re-import changed the balance to %d", got)
		}
		var imports int
		if err := db.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM imports WHERE coop_id = $1 AND kind = 'ledger'`, coopID).Scan(&imports); err != nil || imports != 2 {
			t.Errorf("import history rows %d, %v", imports, err)
		}
		// A file with problems posts nothing and names every bad line.
		bad := fmt.Sprintf("external_id;account;booked_on;kind;amount;description\n"+
			"FK-10;%s;2026-11-20;naliczenie;5,00;ok\n"+
			"FK-11;%s;2026-11-20;naliczenie;12,345;zła kwota\n"+
			"FK-12;61109010140000071219812874;2026-11-20;naliczenie;5,00;obce konto\n", account, account)
		res, err = svc.ImportLedger(ctx, by, "bad.csv", strings.NewReader(bad), false)
		if !errors.Is(err, ledger.ErrImportRefused) {
			t.Fatalf("bad file: %v", err)
		}
		lines := map[int]bool{}
		for _, p := range append(res.Report.Problems, res.Problems...) {
			lines[p.Line] = true
		}
		if !lines[3] || !lines[4] || lines[2] {
			t.Errorf("problems on lines %v, want 3 and 4", lines)
		}
		if got := balance(); got != before+12050-2050-10000 {
			t.Error("a refused file posted something")
		}
	})
}
