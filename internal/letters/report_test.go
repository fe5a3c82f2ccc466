package letters

import (
	"context"
	"strings"
	"testing"

	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
	"github.com/ebok/ebok/internal/text"
)

// The delivery report of a large letter comes in pages of 100 recipients,
// and finds a recipient by part of the name (without Polish letters, in
// any case), by e-mail or by register number; the exports hold every row
// the filter and the search pick.
func TestReportPagesAndFinds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 170)
		c, err := f.s.Compose(ctx, f.actor(0), letter(Rule{Kind: RuleAll}), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Send(ctx, f.actor(0), c.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Approve(ctx, f.actor(1), c.ID); err != nil {
			t.Fatal(err)
		}
		total := f.count(t, `SELECT COUNT(*) FROM letter_recipients WHERE letter_id = $1`, c.ID)
		if total <= 200 || total > 300 {
			t.Fatalf("%d recipients; the test wants a third, partly filled page", total)
		}
		page := func(q ReportQuery) ([]Delivery, int) {
			t.Helper()
			ds, n, err := f.s.Report(ctx, f.actor(0), c.ID, q)
			if err != nil {
				t.Fatal(err)
			}
			return ds, n
		}
		var seen []int64
		for p, want := range map[int]int{1: 100, 2: 100, 3: total - 200, 4: 0} {
			ds, n := page(ReportQuery{Page: p})
			if len(ds) != want || n != total {
				t.Errorf("page %d: %d rows of %d, want %d of %d", p, len(ds), n, want, total)
			}
			for _, d := range ds {
				seen = append(seen, d.ID)
			}
		}
		all, n := page(ReportQuery{})
		if len(all) != total || n != total || len(seen) != total {
			t.Errorf("all rows: %d (%d), pages together %d, want %d", len(all), n, len(seen), total)
		}
		first, _ := page(ReportQuery{Page: 1})
		second, _ := page(ReportQuery{Page: 2})
		if first[99].ID >= second[0].ID {
			t.Errorf("page 2 starts at %d, not after page 1's last %d", second[0].ID, first[99].ID)
		}

		// One recipient, found by a part of the surname as staff type it.
		var id, person int64
		var last, regNo string
		if err := db.Read().QueryRowContext(ctx, `SELECT r.id, r.person_id, p.last_name, r.register_no FROM letter_recipients r
			JOIN persons p ON p.id = r.person_id WHERE r.letter_id = $1 AND p.company_name = '' ORDER BY r.id DESC LIMIT 1`, c.ID).Scan(&id, &person, &last, &regNo); err != nil {
			t.Fatal(err)
		}
		typed := strings.ToUpper(text.Fold(last))[1:]
		found, n := page(ReportQuery{Find: " " + typed + " ", Page: 1})
		if n == 0 || n >= total || !hasDelivery(found, id) {
			t.Errorf("%q (from %q) found %d recipients, without %d", typed, last, n, id)
		}
		for _, d := range found {
			if !strings.Contains(text.Fold(d.Name), text.Fold(typed)) {
				t.Errorf("%q found %q", typed, d.Name)
			}
		}
		if regNo != "" {
			if found, n := page(ReportQuery{Find: regNo, Page: 1}); n != 1 || found[0].ID != id {
				t.Errorf("register number %s found %d: %+v", regNo, n, found)
			}
		}
		// By e-mail, in another case than stored, with the status filter.
		if _, err := db.WriteConn().ExecContext(ctx, `UPDATE letter_recipients SET email = 'Szukana.Osoba@example.org', status = 'sent' WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[ReportQuery]int{
			{Find: "SZUKANA.osoba@example.org", Page: 1}:                   1,
			{Find: "szukana.osoba@example.org", Status: "sent", Page: 1}:   1,
			{Find: "szukana.osoba@example.org", Status: "queued", Page: 1}: 0,
			{Find: "%", Page: 1}: 0,
			{Find: "_", Page: 1}: 0,
		} {
			if _, n := page(q); n != want {
				t.Errorf("%+v: %d recipients, want %d", q, n, want)
			}
		}
		// The export keeps the search and holds every row it picks.
		file, err := f.s.ReportFile(ctx, f.actor(0), c.ID, ReportQuery{Find: typed, Page: 2}, false)
		if err != nil {
			t.Fatal(err)
		}
		_, wantRows := page(ReportQuery{Find: typed})
		if lines := strings.Count(strings.TrimSpace(string(file.Data)), "\n"); lines != wantRows {
			t.Errorf("CSV of %q has %d rows, want %d:\n%s", typed, lines, wantRows, file.Data)
		}
	})
}

func hasDelivery(ds []Delivery, id int64) bool {
	for _, d := range ds {
		if d.ID == id {
			return true
		}
	}
	return false
}

// The list of letters comes in pages of 50, newest first.
func TestListPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 50)
		var ids []int64
		for range 51 {
			c, err := f.s.Compose(ctx, f.actor(0), letter(f.firstBuilding(t)), nil)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.ID)
		}
		for page, want := range map[int][]int64{1: {ids[50], ids[1]}, 2: {ids[0], ids[0]}} {
			got, total, err := f.s.List(ctx, f.actor(0), page)
			if err != nil {
				t.Fatal(err)
			}
			if total != 51 || len(got) == 0 || got[0].ID != want[0] || got[len(got)-1].ID != want[1] {
				t.Errorf("page %d: %d letters of %d, want from %d to %d", page, len(got), total, want[0], want[1])
			}
		}
		if got, _, err := f.s.List(ctx, f.actor(0), 1); err != nil || len(got) != 50 {
			t.Errorf("page 1: %d letters, %v; want 50", len(got), err)
		}
		if got, total, err := f.s.List(ctx, f.actor(0), 3); err != nil || len(got) != 0 || total != 51 {
			t.Errorf("page 3: %d letters of %d, %v", len(got), total, err)
		}
	})
}

// The postal batches come in pages of 20, newest first, each counted by
// its letters as in the whole list.
func TestBatchPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, 50)
		sendToBuilding(t, f) // one batch with letters
		for range 24 {
			if _, err := db.WriteConn().ExecContext(ctx, `INSERT INTO postal_batches (coop_id, created_at) VALUES ($1, $2)`, f.coopID, f.s.Now().UTC()); err != nil {
				t.Fatal(err)
			}
		}
		all, err := f.s.Batches(ctx, f.actor(0))
		if err != nil || len(all) != 25 {
			t.Fatalf("batches: %d, %v", len(all), err)
		}
		var paged []Batch
		for page, want := range []int{1: 20, 2: 5, 3: 0} {
			if page == 0 {
				continue
			}
			bs, total, err := f.s.BatchPage(ctx, f.actor(0), page)
			if err != nil {
				t.Fatal(err)
			}
			if len(bs) != want || total != 25 {
				t.Errorf("page %d: %d batches of %d, want %d of 25", page, len(bs), total, want)
			}
			if len(bs) > 0 && bs[0] != all[(page-1)*20] {
				t.Errorf("page %d starts with %+v, want %+v", page, bs[0], all[(page-1)*20])
			}
			paged = append(paged, bs...)
		}
		if len(paged) != 25 || paged[24].Letters == 0 {
			t.Errorf("the pages hold %d batches, the oldest (with letters) %+v", len(paged), paged[len(paged)-1])
		}
	})
}
