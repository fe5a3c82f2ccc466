package ledger_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/ledgercsv"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// A line whose rachunek is the account of one flat (like 4/2) and whose
// lokal is the flat next door (4/1) is refused, naming the file's own
// column; problems come in line order, the file's own with those found
// against the database.
func TestImportLedgerAccountAndPremisesMustAgree(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coopID, _, _, _ := demoCoop(t, db)
		svc := &ledger.Service{DB: db, Now: time.Now}
		by := audit.Actor{CoopID: coopID, Name: "system"}
		var street, house, n1, n2, nrb2 string
		err := db.Read().QueryRowContext(ctx, `SELECT b.street, b.number, p1.number, p2.number, a2.nrb FROM premises p1
			JOIN premises p2 ON p2.coop_id = p1.coop_id AND p2.building_id = p1.building_id AND p2.kind = 'flat' AND p2.id > p1.id
			JOIN buildings b ON b.id = p1.building_id
			JOIN accounts a2 ON a2.premises_id = p2.id
			WHERE p1.coop_id = $1 AND p1.kind = 'flat' ORDER BY p1.id, p2.id LIMIT 1`, coopID).Scan(&street, &house, &n1, &n2, &nrb2)
		if err != nil {
			t.Fatal(err)
		}
		street = strings.TrimPrefix(street, "ul. ")
		flat1, flat2 := street+" "+house+"/"+n1, street+" "+house+"/"+n2
		file := "id_zewnetrzny;rachunek;lokal;data_ksiegowania;rodzaj;kwota;opis\n" +
			"S/1;" + nrb2 + ";" + flat2 + ";2026-11-20;naliczenie;10,00;Zgodne\n" +
			"S/2;" + nrb2 + ";" + flat1 + ";2026-11-20;naliczenie;10,00;Rachunek jednego, lokal drugiego\n" +
			"S/3;" + nrb2 + ";;2026-11-20;naliczenie;zle;Zła kwota\n" +
			"S/4;" + nrb2 + ";Nieistniejąca 1/1;2026-11-20;naliczenie;10,00;Lokal nieznany\n"
		res, err := svc.ImportLedger(ctx, by, "fk.csv", strings.NewReader(file), false)
		if err == nil || res.OK() {
			t.Fatalf("a file with premises that disagree was accepted: %v", err)
		}
		got := ledgercsv.InLineOrder(res.Report.Problems, res.Problems)
		want := []struct {
			line   int
			column string
			text   string
		}{
			{3, "lokal", "Rachunek z kolumny rachunek należy do lokalu " + flat2 + ", a ta kolumna wskazuje lokal " + flat1 + "."},
			{4, "kwota", ""},
			{5, "lokal", `Nie znaleziono lokalu "Nieistniejąca 1/1"`},
		}
		if len(got) != len(want) {
			t.Fatalf("problems %v", got)
		}
		for i, w := range want {
			if got[i].Line != w.line || got[i].Column != w.column || !strings.Contains(got[i].Msg, w.text) {
				t.Errorf("problem %d: %s, want line %d column %s with %q", i, got[i], w.line, w.column, w.text)
			}
		}
		if n := countEntries(t, db, coopID, "S"); n != 0 {
			t.Errorf("%d entries posted from a refused file", n)
		}
	})
}
