package ledger_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// BalanceHistory: the balance at each month's end, entries before the
// first month in its opening, the last day of a month inside that month,
// the first day of the next outside it, empty months carrying the balance,
// another account's entries not counted.
func TestBalanceHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		b := newSmallBooks(t, db)
		day := func(y, m, d int) civil.Date { return civil.Date{Year: y, Month: time.Month(m), Day: d} }
		b.entry(b.coop, b.acc, "charge", day(2024, 12, 31), civil.Date{}, 10000, "przed")
		b.entry(b.coop, b.acc, "charge", day(2025, 1, 1), civil.Date{}, 50000, "styczeń")
		b.entry(b.coop, b.acc, "payment", day(2025, 1, 31), civil.Date{}, -20000, "wpłata")
		b.entry(b.coop, b.acc, "payment", day(2025, 3, 1), civil.Date{}, -45000, "wpłata")
		b.entry(b.coop, b.acc, "charge", day(2025, 5, 1), civil.Date{}, 99999, "po")
		b.entry(b.coop, b.acc2, "charge", day(2025, 2, 10), civil.Date{}, 77700, "inne konto")
		got, err := b.svc.BalanceHistory(context.Background(), b.coop, b.acc, civil.Month{Year: 2025, Month: 1}, civil.Month{Year: 2025, Month: 4}, civil.Date{})
		if err != nil {
			t.Fatal(err)
		}
		if s := grosze(got); s != "2025-01 40000, 2025-02 40000, 2025-03 -5000, 2025-04 -5000" {
			t.Errorf("history %s (grosze), want 400,00 zł at the end of January and February, -50,00 zł at the end of March and April", s)
		}
		// Another cooperative's view of the account is empty.
		got, err = b.svc.BalanceHistory(context.Background(), b.otherCoop, b.acc, civil.Month{Year: 2025, Month: 1}, civil.Month{Year: 2025, Month: 1}, civil.Date{})
		if err != nil || grosze(got) != "2025-01 0" {
			t.Errorf("other cooperative: %v %v", got, err)
		}
	})
}

// A former holder's history (until: the day the title ended) counts the
// entry booked on that day and none booked the day after, and ends with
// that month: the buyer's entries are never in it.
func TestBalanceHistoryUntil(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		b := newSmallBooks(t, db)
		day := func(y, m, d int) civil.Date { return civil.Date{Year: y, Month: time.Month(m), Day: d} }
		b.entry(b.coop, b.acc, "charge", day(2025, 1, 1), civil.Date{}, 50000, "styczeń")
		b.entry(b.coop, b.acc, "payment", day(2025, 2, 10), civil.Date{}, -20000, "wpłata sprzedającego")
		b.entry(b.coop, b.acc, "charge", day(2025, 2, 11), civil.Date{}, 7777, "opłata nabywcy")
		b.entry(b.coop, b.acc, "charge", day(2025, 3, 1), civil.Date{}, 50000, "marzec nabywcy")
		jan, apr := civil.Month{Year: 2025, Month: 1}, civil.Month{Year: 2025, Month: 4}
		got, err := b.svc.BalanceHistory(context.Background(), b.coop, b.acc, jan, apr, day(2025, 2, 10))
		if err != nil {
			t.Fatal(err)
		}
		if s := grosze(got); s != "2025-01 50000, 2025-02 30000" {
			t.Errorf("until 10.02.2025: %s (grosze), want 500,00 zł in January, 300,00 zł in February and no later month", s)
		}
		got, err = b.svc.BalanceHistory(context.Background(), b.coop, b.acc, jan, apr, day(2025, 2, 11))
		if err != nil {
			t.Fatal(err)
		}
		if s := grosze(got); s != "2025-01 50000, 2025-02 37777" {
			t.Errorf("until 11.02.2025: %s (grosze), want the charge of that day in February", s)
		}
		got, err = b.svc.BalanceHistory(context.Background(), b.coop, b.acc, civil.Month{Year: 2025, Month: 3}, apr, day(2025, 2, 10))
		if err != nil || len(got) != 0 {
			t.Errorf("history from March of a title ended in February: %v %v, want none", got, err)
		}
	})
}

// grosze writes a history as "month grosze, …".
func grosze(h []ledger.MonthBalance) string {
	var parts []string
	for _, m := range h {
		parts = append(parts, fmt.Sprintf("%s %d", m.Month, int64(m.Closing)))
	}
	return strings.Join(parts, ", ")
}
