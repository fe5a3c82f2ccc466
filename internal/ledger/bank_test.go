package ledger_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/nrb"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// statement is a Santander-style MT940 with two credits: one naming the
// premises' virtual account in the :61: details, one naming none.
func statement(main, virtual nrb.Number) string {
	return ":20:940S261121\r\n:25:/PL" + string(main) + "\r\n:28C:1/1\r\n:60F:C261120PLN0,00\r\n" +
		":61:2611211121CN512,34NTRF0000000000000000//REF0001\r\n" + string(virtual) + "\r\n" +
		":86:Wpłata za lokal, listopad\r\n" +
		":61:2611211121CN100,00NTRFNONREF//REF0002\r\n" +
		":86:Przelew od Zdzisław Żółć, tytuł: czynsz\r\n" +
		":62F:C261121PLN612,34\r\n"
}

func TestImportBankAndAssign(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		coopID, accountID, virtual, _ := demoCoop(t, db)
		var mainText string
		if err := db.Read().QueryRowContext(ctx, `SELECT bank_account FROM cooperatives WHERE id = $1`, coopID).Scan(&mainText); err != nil {
			t.Fatal(err)
		}
		main := nrb.Number(mainText)
		svc := &ledger.Service{DB: db, Now: time.Now}
		by := audit.Actor{CoopID: coopID, Name: "system"}
		balance := func() int64 {
			b, err := svc.Balances(ctx, coopID, []int64{accountID})
			if err != nil {
				t.Fatal(err)
			}
			return int64(b[accountID].Amount)
		}
		before := balance()
		res, err := svc.ImportBank(ctx, by, "wyciag.sta", strings.NewReader(statement(main, virtual)))
		if err != nil {
			t.Fatal(err)
		}
		if res.Format != "mt940" || res.Credits != 2 || res.Posted != 1 || res.Unmatched != 1 {
			t.Fatalf("import: %+v", res)
		}
		if got := balance(); got != before-51234 {
			t.Errorf("balance %d, want %d", got, before-51234)
		}
		// The same statement again posts nothing twice.
		res, err = svc.ImportBank(ctx, by, "wyciag.sta", strings.NewReader(statement(main, virtual)))
		if err != nil || res.Posted != 0 || res.Unmatched != 0 || res.Known != 2 {
			t.Fatalf("second import: %+v %v", res, err)
		}
		queue, err := svc.Unmatched(ctx, coopID)
		if err != nil || len(queue) != 1 || queue[0].Amount != 10000 || !strings.Contains(queue[0].Title, "czynsz") {
			t.Fatalf("queue %+v %v", queue, err)
		}
		if err := svc.AssignCredit(ctx, by, queue[0].ID, accountID); err != nil {
			t.Fatal(err)
		}
		if got := balance(); got != before-61234 {
			t.Errorf("balance after assignment %d", got)
		}
		if err := svc.AssignCredit(ctx, by, queue[0].ID, accountID); !errors.Is(err, ledger.ErrAlreadyDecided) {
			t.Errorf("second assignment: %v", err)
		}
		if q, _ := svc.Unmatched(ctx, coopID); len(q) != 0 {
			t.Errorf("queue after assignment: %+v", q)
		}
		// Re-importing after the assignment still posts nothing twice.
		if res, err := svc.ImportBank(ctx, by, "wyciag.sta", strings.NewReader(statement(main, virtual))); err != nil || res.Known != 2 {
			t.Errorf("third import: %+v %v", res, err)
		}
		if got := balance(); got != before-61234 {
			t.Errorf("balance after re-import %d", got)
		}
		// A malformed statement is refused whole.
		if _, err := svc.ImportBank(ctx, by, "zly.sta", strings.NewReader(":20:X\r\n:25:/PL61109010140000071219812874\r\n:61:2611XX1121CN5,00NTRF\r\n")); err == nil {
			t.Error("a malformed statement was accepted")
		}
	})
}
