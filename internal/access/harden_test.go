package access

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
	"github.com/ebok/ebok/internal/uploads"
)

// Issue 12 §3: anonymous applications cannot flood the database or the
// mail. The limits are pinned with the literal numbers README states.

func smallFile(t *testing.T) uploads.File {
	t.Helper()
	up, err := uploads.Applications.Check("a.pdf", pdf)
	if err != nil {
		t.Fatal(err)
	}
	return up
}

// bigFile is a PDF of exactly n bytes.
func bigFile(t *testing.T, n int) uploads.File {
	t.Helper()
	head, tail := []byte("%PDF-1.7\n%"), []byte("\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	data := append(append(head, bytes.Repeat([]byte{'x'}, n-len(head)-len(tail))...), tail...)
	up, err := uploads.Applications.Check("skan.pdf", data)
	if err != nil {
		t.Fatal(err)
	}
	return up
}

func (f *fixture) submitFrom(t *testing.T, ip, email string, files ...uploads.File) error {
	t.Helper()
	fm := f.form(t, EBOK)
	fm.Email = email
	_, err := f.svc.SubmitOnline(context.Background(), audit.Actor{CoopID: f.coop, IP: ip}, fm, files)
	return err
}

// Ten online applications a day from one client address; the eleventh is
// refused, until the first of them is 24 hours old.
func TestApplicationsPerAddressStopAtTen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		start := f.now
		for i := 1; i <= 10; i++ {
			f.now = start.Add(time.Duration(i) * time.Minute)
			if err := f.submitFrom(t, "198.51.100.7", fmt.Sprintf("osoba%d@example.pl", i), smallFile(t)); err != nil {
				t.Fatalf("application %d: %v", i, err)
			}
		}
		f.now = start.Add(11 * time.Minute)
		if err := f.submitFrom(t, "198.51.100.7", "osoba11@example.pl", smallFile(t)); !errors.Is(err, ErrAddressLimit) {
			t.Fatalf("11th application from one address: %v, want ErrAddressLimit", err)
		}
		if err := f.submitFrom(t, "198.51.100.8", "osoba11@example.pl", smallFile(t)); err != nil {
			t.Fatalf("first application from another address: %v", err)
		}
		// The first of the ten was filed at start+1 min: the window slides.
		f.now = start.Add(time.Minute + 24*time.Hour - time.Second)
		if err := f.submitFrom(t, "198.51.100.7", "osoba12@example.pl", smallFile(t)); !errors.Is(err, ErrAddressLimit) {
			t.Fatalf("24 h less a second after the first: %v, want ErrAddressLimit", err)
		}
		f.now = start.Add(time.Minute + 24*time.Hour)
		if err := f.submitFrom(t, "198.51.100.7", "osoba12@example.pl", smallFile(t)); err != nil {
			t.Fatalf("24 h after the first: %v, want it accepted", err)
		}
	})
}

// Three applications, so three confirmation e-mails, a day to one e-mail
// address, whatever client address they come from.
func TestApplicationsPerEmailStopAtThree(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for i := 1; i <= 3; i++ {
			fm := f.form(t, EBOK)
			fm.Email, fm.PremisesNumber = "cel@example.pl", fmt.Sprint(i)
			if _, err := f.svc.SubmitOnline(context.Background(), audit.Actor{CoopID: f.coop, IP: fmt.Sprintf("203.0.113.%d", i)}, fm, []uploads.File{smallFile(t)}); err != nil {
				t.Fatalf("application %d: %v", i, err)
			}
		}
		fm := f.form(t, EBOK)
		fm.Email, fm.PremisesNumber = "CEL@example.pl", "4"
		if _, err := f.svc.SubmitOnline(context.Background(), audit.Actor{CoopID: f.coop, IP: "203.0.113.4"}, fm, []uploads.File{smallFile(t)}); !errors.Is(err, ErrEmailLimit) {
			t.Fatalf("4th application for one e-mail: %v, want ErrEmailLimit", err)
		}
		var mails int
		if err := db.Read().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM outbox WHERE to_addr = 'cel@example.pl'`).Scan(&mails); err != nil {
			t.Fatal(err)
		}
		if mails != 3 {
			t.Errorf("%d confirmation e-mails to one address, want 3", mails)
		}
	})
}

// Unconfirmed applications from one address may hold 60 MiB of files: two
// full applications (3 files of 10 MiB each) fit, a byte more does not;
// another address is not affected.
func TestPendingUploadsPerAddressCapAtSixtyMiB(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		tenMiB := bigFile(t, 10<<20)
		for i := 1; i <= 2; i++ {
			if err := f.submitFrom(t, "198.51.100.9", fmt.Sprintf("duzy%d@example.pl", i), tenMiB, tenMiB, tenMiB); err != nil {
				t.Fatalf("full application %d (up to 60 MiB pending): %v", i, err)
			}
		}
		if err := f.submitFrom(t, "198.51.100.9", "duzy3@example.pl", smallFile(t)); !errors.Is(err, ErrPendingFull) {
			t.Fatalf("beyond 60 MiB pending from one address: %v, want ErrPendingFull", err)
		}
		if err := f.submitFrom(t, "198.51.100.10", "duzy3@example.pl", smallFile(t)); err != nil {
			t.Fatalf("another address: %v", err)
		}
	})
}

// All unconfirmed applications of a cooperative may hold 1 GiB of files.
// The gigabyte less one small file is seeded as attachment sizes (the
// limit counts sizes; storing a real gigabyte twice per test run would
// test the disk, not the limit).
func TestPendingUploadsTotalCapAtOneGiB(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		small := smallFile(t)
		reg := f.form(t, EBOK).RegulationID
		app := exec(t, db, `INSERT INTO applications (coop_id, service, route, status, first_name, last_name, street,
			postal_code, city, email, phone, premises_street, premises_house, premises_number, applicant_role,
			regulation_id, ekorespondencja, client_ip, created_at)
			VALUES ($1, 'ebok', 'online', 'unconfirmed', 'A', 'B', 'C', '00-000', 'D', 'x@example.pl', '600100200',
			'E', '1', '1', 'owner', $3, false, '192.0.2.50', $2) RETURNING id`, f.coop, f.now, reg)
		rest := int64(1<<30) - int64(len(small.Data))
		for rest > 0 {
			n := min(rest, 10<<20)
			exec(t, db, `INSERT INTO application_attachments (coop_id, application_id, filename, content_type, size, sha256, data, created_at)
				VALUES ($1, $2, 'x.pdf', 'application/pdf', $3, '', $4, $5)`, f.coop, app, n, pdf, f.now)
			rest -= n
		}
		if err := f.submitFrom(t, "198.51.100.11", "a@example.pl", small); err != nil {
			t.Fatalf("up to 1 GiB pending in total: %v", err)
		}
		if err := f.submitFrom(t, "198.51.100.12", "b@example.pl", small); !errors.Is(err, ErrPendingFull) {
			t.Fatalf("beyond 1 GiB pending in total: %v, want ErrPendingFull", err)
		}
	})
}

// Twenty parallel applications from one address: exactly ten are taken.
func TestParallelApplicationsFromOneAddressStopAtTen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.form(t, EBOK) // publish the regulations before the rush
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok, limited := 0, 0
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := f.submitFrom(t, "198.51.100.20", fmt.Sprintf("rownolegle%d@example.pl", i), smallFile(t))
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					ok++
				case errors.Is(err, ErrAddressLimit):
					limited++
				default:
					t.Errorf("application %d: %v", i, err)
				}
			}()
		}
		wg.Wait()
		if ok != 10 || limited != 10 {
			t.Errorf("%d accepted, %d limited; want 10 and 10", ok, limited)
		}
	})
}

// The confirmation e-mail goes to an address nobody confirmed: it carries
// nothing the applicant typed, not even the name.
func TestConfirmationMailCarriesNoTypedText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		fm := f.form(t, EBOK)
		fm.FirstName, fm.LastName = "Wejdź na http://zly.example/bank", "Pilne"
		fm.Email = "ofiara@example.pl"
		if _, err := f.svc.SubmitOnline(context.Background(), audit.Actor{CoopID: f.coop, IP: "192.0.2.9"}, fm, []uploads.File{smallFile(t)}); err != nil {
			t.Fatal(err)
		}
		subject, body := outbox(t, db, "ofiara@example.pl")
		for _, typed := range []string{"zly.example", "Wejdź", "Pilne"} {
			if strings.Contains(subject+body, typed) {
				t.Errorf("confirmation e-mail carries %q:\n%s\n%s", typed, subject, body)
			}
		}
		if !strings.HasPrefix(body, "Dzień dobry,\n") {
			t.Errorf("confirmation e-mail does not start with the fixed greeting:\n%s", body)
		}
	})
}

// Unconfirmed applications go 72 hours after filing (not at 71 h 59 min);
// accepted and rejected ones after the retention period (365 days here),
// with their files; pending ones stay. Each purge is audited.
func TestPurgeApplications(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		filed := f.now
		if err := f.submitFrom(t, "192.0.2.1", "niepotwierdzony@example.pl", smallFile(t)); err != nil {
			t.Fatal(err)
		}
		var unconfirmed int64
		if err := db.Read().QueryRowContext(ctx, `SELECT id FROM applications WHERE email = 'niepotwierdzony@example.pl'`).Scan(&unconfirmed); err != nil {
			t.Fatal(err)
		}
		if err := f.submitFrom(t, "192.0.2.2", "odrzucony@example.pl", smallFile(t)); err != nil {
			t.Fatal(err)
		}
		decided := filed.Add(time.Hour)
		exec(t, db, `UPDATE applications SET status = 'rejected', decided_at = $1, reject_reason = 'x' WHERE email = 'odrzucony@example.pl'`, decided)
		if err := f.submitFrom(t, "192.0.2.3", "czeka@example.pl", smallFile(t)); err != nil {
			t.Fatal(err)
		}
		exec(t, db, `UPDATE applications SET status = 'filed', filed_at = $1 WHERE email = 'czeka@example.pl'`, filed)
		retention := 365 * 24 * time.Hour
		count := func() (apps, files int) {
			t.Helper()
			if err := db.Read().QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM applications), (SELECT COUNT(*) FROM application_attachments)`).Scan(&apps, &files); err != nil {
				t.Fatal(err)
			}
			return
		}

		f.now = filed.Add(71*time.Hour + 59*time.Minute)
		if res, err := f.svc.Purge(ctx, retention); err != nil || res != (PurgeResult{}) {
			t.Fatalf("purge at 71 h 59 min: %+v, %v; want nothing", res, err)
		}
		f.now = filed.Add(72 * time.Hour)
		res, err := f.svc.Purge(ctx, retention)
		if err != nil || res != (PurgeResult{Unconfirmed: 1, Files: 1}) {
			t.Fatalf("purge at 72 h: %+v, %v; want the unconfirmed one with its file", res, err)
		}
		if apps, files := count(); apps != 2 || files != 2 {
			t.Errorf("after the first purge %d applications, %d files; want 2 and 2", apps, files)
		}
		f.now = decided.Add(retention - time.Second)
		if res, err := f.svc.Purge(ctx, retention); err != nil || res != (PurgeResult{}) {
			t.Fatalf("purge at 365 days less a second: %+v, %v; want nothing", res, err)
		}
		f.now = decided.Add(retention)
		if res, err := f.svc.Purge(ctx, retention); err != nil || res != (PurgeResult{Decided: 1, Files: 1}) {
			t.Fatalf("purge at 365 days: %+v, %v; want the rejected one", res, err)
		}
		if apps, files := count(); apps != 1 || files != 1 {
			t.Errorf("after the second purge %d applications, %d files; want the pending one", apps, files)
		}
		var details string
		if err := db.Read().QueryRowContext(ctx, `SELECT details FROM audit_log WHERE action = 'applications.purged' ORDER BY seq LIMIT 1`).Scan(&details); err != nil {
			t.Fatalf("no audit entry of the purge: %v", err)
		}
		if !strings.Contains(details, fmt.Sprint(unconfirmed)) {
			t.Errorf("purge audit details %s do not name application %d", details, unconfirmed)
		}
	})
}

// Issue 12 §4: access is extended only for a title that ended, at most 12
// months ago (pinned at both edges), and only by staff of the premises'
// estate.
func TestExtendAccessOnlyRecentTitlesOfOwnEstate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		until := f.today.AddDays(30)
		if err := f.svc.ExtendAccess(ctx, f.staff, f.person, f.premises, until, f.today); !errors.Is(err, ErrBadExtension) {
			t.Fatalf("extending a current holder: %v, want ErrBadExtension", err)
		}
		// Ended 12 months and a day ago (2025-11-20): too late.
		exec(t, db, `UPDATE titles SET ends_on = '2025-11-20' WHERE coop_id = $1 AND premises_id = $2`, f.coop, f.premises)
		if err := f.svc.ExtendAccess(ctx, f.staff, f.person, f.premises, until, f.today); !errors.Is(err, ErrExtensionTooLate) {
			t.Fatalf("title ended 12 months and a day ago: %v, want ErrExtensionTooLate", err)
		}
		// Ended exactly 12 months ago (2025-11-21): allowed.
		exec(t, db, `UPDATE titles SET ends_on = '2025-11-21' WHERE coop_id = $1 AND premises_id = $2`, f.coop, f.premises)
		other := exec(t, db, `INSERT INTO estates (coop_id, code, name, office_street, office_postal_code, office_city, office_phone, office_email)
			VALUES ($1, 'B', 'Osiedle B', '', '', '', '', '') RETURNING id`, f.coop)
		stranger := f.staff
		stranger.EstateID = other
		if err := f.svc.ExtendAccess(ctx, stranger, f.person, f.premises, until, f.today); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("staff of another estate: %v, want ErrNotFound", err)
		}
		own := f.staff
		own.EstateID = f.estate
		if err := f.svc.ExtendAccess(ctx, own, f.person, f.premises, until, f.today); err != nil {
			t.Fatalf("title ended 12 months ago, staff of its estate: %v", err)
		}
		if err := f.svc.ExtendAccess(ctx, f.staff, f.person, f.premises, until, f.today); err != nil {
			t.Fatalf("title ended 12 months ago, staff of the whole cooperative: %v", err)
		}
	})
}

// Issue 12 §2: checking a start password for its printout is limited to 30
// checks in 10 minutes per staff member (the 31st is refused unchecked),
// audited with the outcome, and scoped to the staff member's estate.
func TestCheckStartPasswordThrottledAuditedScoped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		uid, err := f.auth.CreateUser(ctx, auth.NewUser{CoopID: f.coop, Kind: auth.Resident, Login: "E0000078",
			PersonID: f.person, DisplayName: "Łukasz Kowalski"})
		if err != nil {
			t.Fatal(err)
		}
		cred, err := f.svc.NewStartPassword(ctx, f.staff, f.person, uid, Print)
		if err != nil {
			t.Fatal(err)
		}
		other := exec(t, db, `INSERT INTO estates (coop_id, code, name, office_street, office_postal_code, office_city, office_phone, office_email)
			VALUES ($1, 'B', 'Osiedle B', '', '', '', '', '') RETURNING id`, f.coop)
		stranger := f.staff
		stranger.EstateID = other
		if _, _, err := f.svc.CheckStartPassword(ctx, stranger, "E0000078", cred.Password); !errors.Is(err, auth.ErrInvalidCredentials) {
			t.Fatalf("staff of another estate, right password: %v, want ErrInvalidCredentials", err)
		}
		own := f.staff
		own.EstateID = f.estate
		if u, _, err := f.svc.CheckStartPassword(ctx, own, "E0000078", cred.Password); err != nil || u.ID != uid {
			t.Fatalf("staff of the estate, right password: %v", err)
		}
		// Two checks so far; 28 more wrong ones reach 30.
		for i := 3; i <= 30; i++ {
			if _, _, err := f.svc.CheckStartPassword(ctx, f.staff, "E0000078", "zgadywane"); !errors.Is(err, auth.ErrInvalidCredentials) {
				t.Fatalf("check %d: %v, want ErrInvalidCredentials", i, err)
			}
		}
		if _, _, err := f.svc.CheckStartPassword(ctx, f.staff, "E0000078", cred.Password); !errors.Is(err, ErrCheckLimit) {
			t.Fatalf("check 31: %v, want ErrCheckLimit", err)
		}
		f.now = f.now.Add(10 * time.Minute)
		if _, _, err := f.svc.CheckStartPassword(ctx, f.staff, "E0000078", cred.Password); err != nil {
			t.Fatalf("10 minutes later: %v", err)
		}
		var matched, failed int
		if err := db.Read().QueryRowContext(ctx, `SELECT
			(SELECT COUNT(*) FROM audit_log WHERE action = 'credentials.checked' AND details LIKE '%"matched":"true"%'),
			(SELECT COUNT(*) FROM audit_log WHERE action = 'credentials.checked' AND details LIKE '%"matched":"false"%')`).Scan(&matched, &failed); err != nil {
			t.Fatal(err)
		}
		if matched != 2 || failed != 29 {
			t.Errorf("audited %d matching and %d failed checks, want 2 and 29", matched, failed)
		}
	})
}
