package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/access"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/demo"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/meters"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
)

// TestDemoIsReadyToTry: on the demo's day the reading window is open (for a
// week either side, over the turn of a month too), and the demo resident's
// flat has last year's water and heating settlements.
func TestDemoIsReadyToTry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		d := func(y, m, day int) civil.Date { return civil.Date{Year: y, Month: time.Month(m), Day: day} }
		today := d(2026, 11, 21)
		res, err := demo.Generate(ctx, db, demo.Options{Seed: 5, Premises: 60, Today: today,
			HashPassword: func(string) (string, error) { return "x", nil }})
		if err != nil {
			t.Fatal(err)
		}
		w, err := (&meters.Service{DB: db}).Window(ctx, res.CoopID)
		if err != nil {
			t.Fatal(err)
		}
		// 21.11 ± 7 days: 14.11 to 28.11.
		for day, open := range map[civil.Date]bool{today: true, d(2026, 11, 14): true, d(2026, 11, 28): true,
			d(2026, 11, 13): false, d(2026, 11, 29): false} {
			if w.Open(day) != open {
				t.Errorf("reading window %+v open on %s: %v, want %v", w, day.Format(), w.Open(day), open)
			}
		}
		var flat int64
		if err := db.Read().QueryRowContext(ctx, `SELECT t.premises_id FROM users u
			JOIN title_holders h ON h.coop_id = u.coop_id AND h.person_id = u.person_id
			JOIN titles t ON t.coop_id = h.coop_id AND t.id = h.title_id AND t.ends_on IS NULL
			JOIN premises p ON p.coop_id = t.coop_id AND p.id = t.premises_id AND p.kind = 'flat'
			WHERE u.coop_id = $1 AND u.kind = 'resident' ORDER BY p.id LIMIT 1`, res.CoopID).Scan(&flat); err != nil {
			t.Fatal(err)
		}
		got, err := (&ledger.Service{DB: db}).Settlements(ctx, res.CoopID, flat)
		if err != nil {
			t.Fatal(err)
		}
		results := map[string]string{}
		for _, s := range got {
			if s.From != d(2025, 1, 1) || s.To != d(2025, 12, 31) {
				t.Errorf("%s settlement for %s–%s, want the year 2025", s.Kind, s.From.Format(), s.To.Format())
			}
			results[s.Kind] = s.Result().Format()
		}
		// Water: 588,90 − 631,00 = −42,10 zł back; heating: 1215,60 − 1128,30 = 87,30 zł to pay.
		if len(got) != 2 || results["water"] != "-42,10\u00a0zł" || results["heating"] != "87,30\u00a0zł" {
			t.Errorf("settlements of the demo flat: %v", results)
		}

		// Letters can be tried both ways: the demo resident consented to
		// e-Korespondencja, and so did a part of the others with an
		// e-mail address (45 %), the rest get theirs on paper.
		accessSvc := &access.Service{DB: db}
		var resident int64
		if err := db.Read().QueryRowContext(ctx, `SELECT person_id FROM users WHERE coop_id = $1 AND kind = 'resident'`, res.CoopID).Scan(&resident); err != nil {
			t.Fatal(err)
		}
		if c, err := accessSvc.CurrentConsent(ctx, res.CoopID, resident); err != nil || !c.Granted || c.Email == "" {
			t.Errorf("the demo resident's consent %+v: %v", c, err)
		}
		var withEmail, consenting int
		if err := db.Read().QueryRowContext(ctx, `SELECT COUNT(*), COUNT(c.id) FROM persons p
			LEFT JOIN consents c ON c.coop_id = p.coop_id AND c.person_id = p.id AND c.kind = 'ekorespondencja' AND c.granted
			WHERE p.coop_id = $1 AND p.email <> ''`, res.CoopID).Scan(&withEmail, &consenting); err != nil {
			t.Fatal(err)
		}
		if share := float64(consenting) / float64(withEmail); share < 0.35 || share > 0.55 {
			t.Errorf("%d of %d persons with an e-mail address consent (%.0f %%), want about 45 %%", consenting, withEmail, 100*share)
		}
		// The announcements staff would have posted: the reading window's
		// to everyone, the gas inspection to the first estate.
		notices := demo.Notices(res.EstateID, today)
		if len(notices) != 2 || notices[0].EstateID != 0 || notices[0].Title != "Odczyty wodomierzy do 28.11.2026" ||
			notices[0].From != d(2026, 11, 14) || notices[1].EstateID != res.EstateID || notices[1].Title != "Przegląd instalacji gazowej 01.12.2026" {
			t.Errorf("notices %+v", notices)
		}
		var without int
		if err := db.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM consents c JOIN persons p ON p.coop_id = c.coop_id AND p.id = c.person_id
			WHERE c.coop_id = $1 AND p.email = ''`, res.CoopID).Scan(&without); err != nil || without != 0 {
			t.Errorf("%d consents of persons without an e-mail address: %v", without, err)
		}
	})
}

// Near the turn of a month the window runs over it.
func TestDemoReadingWindowOverTheTurnOfAMonth(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	today := civil.Date{Year: 2026, Month: time.December, Day: 3}
	res, err := demo.Generate(ctx, db, demo.Options{Seed: 5, Premises: 60, Today: today,
		HashPassword: func(string) (string, error) { return "x", nil }})
	if err != nil {
		t.Fatal(err)
	}
	w, err := (&meters.Service{DB: db}).Window(ctx, res.CoopID)
	if err != nil {
		t.Fatal(err)
	}
	// 3.12 ± 7 days: 26.11 to 10.12.
	for day, open := range map[civil.Date]bool{today: true, {Year: 2026, Month: 11, Day: 26}: true, {Year: 2026, Month: 12, Day: 10}: true,
		{Year: 2026, Month: 11, Day: 25}: false, {Year: 2026, Month: 12, Day: 11}: false} {
		if w.Open(day) != open {
			t.Errorf("reading window %+v open on %s: %v, want %v", w, day.Format(), w.Open(day), open)
		}
	}
}
