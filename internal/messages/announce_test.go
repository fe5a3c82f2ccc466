package messages

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/mail"
)

func TestAnnouncementsReachWhomTheyConcern(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		f.svc.Outbox = &mail.Outbox{Domain: "ebok.test", Now: f.svc.Now}
		exec(t, f.db, `INSERT INTO consents (coop_id, person_id, kind, granted, source, recorded_at)
			VALUES ($1, $2, 'ekorespondencja', $3, 'test', $4)`, f.coop, f.jan, true, *f.clock)
		exec(t, f.db, `INSERT INTO consents (coop_id, person_id, kind, granted, source, recorded_at)
			VALUES ($1, $2, 'ekorespondencja', $3, 'test', $4)`, f.coop, f.ewa, false, *f.clock)
		day := func(d int) civil.Date { v, _ := civil.NewDate(2026, 11, d); return v }
		admin := audit.Actor{CoopID: f.coop, UserID: f.admin, Name: "staff:admin"}
		adsA := audit.Actor{CoopID: f.coop, UserID: f.admA, EstateID: f.estateA, Name: "staff:ads-a"}
		water := Announcement{Audience: ToEstate, EstateID: f.estateA, Title: "Przerwa w dostawie wody",
			Body: "We wtorek od 8 do 12.", From: day(21), To: day(24), Email: true}
		if _, err := f.svc.Announce(ctx, adsA, water); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Announce(ctx, admin, Announcement{Audience: ToAll, Title: "Walne zgromadzenie",
			Body: "Zaproszenie.", From: day(22), To: day(30)}); err != nil {
			t.Fatal(err)
		}
		other := water
		other.EstateID = f.estateB
		if _, err := f.svc.Announce(ctx, adsA, other); !errors.Is(err, ErrAudience) {
			t.Errorf("estate A posts to estate B: %v", err)
		}
		bad := water
		bad.To = day(20)
		if _, err := f.svc.Announce(ctx, admin, bad); !errors.Is(err, ErrValidity) {
			t.Errorf("ends before it begins: %v", err)
		}
		count := func(person int64) int {
			as, err := f.svc.AnnouncementsFor(ctx, f.coop, person)
			if err != nil {
				t.Fatal(err)
			}
			return len(as)
		}
		if count(f.jan) != 1 || count(f.ewa) != 0 { // 21.11: the water notice only, and only in estate A
			t.Errorf("on 21.11 jan sees %d, ewa %d", count(f.jan), count(f.ewa))
		}
		*f.clock = time.Date(2026, 11, 24, 22, 59, 0, 0, time.UTC) // 24.11 23:59 in Warsaw: the last day
		if count(f.jan) != 2 || count(f.ewa) != 1 {
			t.Errorf("on 24.11 jan sees %d, ewa %d", count(f.jan), count(f.ewa))
		}
		*f.clock = time.Date(2026, 11, 24, 23, 0, 0, 0, time.UTC) // 25.11 in Warsaw: the water notice expired
		if count(f.jan) != 1 {
			t.Errorf("on 25.11 jan sees %d", count(f.jan))
		}
		var n int
		var to string
		f.db.Read().QueryRowContext(ctx, `SELECT COUNT(*), MIN(to_addr) FROM outbox WHERE coop_id = $1`, f.coop).Scan(&n, &to)
		if n != 1 || to != "jan@example.pl" {
			t.Errorf("%d mails (to %s), want one to jan, who consented", n, to)
		}
	})
}
