package access

import (
	"context"
	"errors"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/mail"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/store/storetest"
	"github.com/ebok/ebok/internal/uploads"
)

type fixture struct {
	db       *store.DB
	svc      *Service
	auth     *auth.Service
	now      time.Time
	coop     int64
	estate   int64
	premises int64
	person   int64
	staff    audit.Actor
	today    civil.Date
}

func (f *fixture) clock() time.Time { return f.now }

func exec(t *testing.T, db *store.DB, q string, args ...any) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := db.InTx(ctx, func(tx *store.Tx) error {
		if strings.Contains(q, "RETURNING") {
			return tx.QueryRowContext(ctx, q, args...).Scan(&id)
		}
		_, err := tx.ExecContext(ctx, q, args...)
		return err
	})
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return id
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	f := &fixture{db: db, now: time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC), today: civil.Date{Year: 2026, Month: 11, Day: 21}}
	var err error
	f.auth, err = auth.NewService(context.Background(), db, auth.NewHasher(2), f.clock, 30*time.Minute, 12*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	f.svc = &Service{DB: db, Auth: f.auth, Now: f.clock, Loc: time.UTC, BaseURL: "http://ebok.test", Outbox: &mail.Outbox{Domain: "ebok.test", Now: f.clock}}
	f.coop = storetest.InsertCoop(t, db, "a")
	f.estate = exec(t, db, `INSERT INTO estates (coop_id, code, name, office_street, office_postal_code, office_city, office_phone, office_email)
		VALUES ($1, 'A', 'Osiedle A', '', '', '', '', '') RETURNING id`, f.coop)
	b := exec(t, db, `INSERT INTO buildings (coop_id, estate_id, street, number, postal_code, city) VALUES ($1, $2, 'ul. Mickiewicza', '5', '00-950', 'Warszawa') RETURNING id`, f.coop, f.estate)
	f.premises = exec(t, db, `INSERT INTO premises (coop_id, building_id, kind, number, usable_area) VALUES ($1, $2, 'flat', '12', 4830) RETURNING id`, f.coop, b)
	f.person = exec(t, db, `INSERT INTO persons (coop_id, first_name, last_name, street, postal_code, city, email, created_at)
		VALUES ($1, 'Łukasz', 'Żółkiewski', 'ul. Mickiewicza 5/12', '00-950', 'Warszawa', 'lukasz@example.pl', $2) RETURNING id`, f.coop, f.now)
	title := exec(t, db, `INSERT INTO titles (coop_id, premises_id, kind, starts_on) VALUES ($1, $2, 'ownership_right', '2015-01-01') RETURNING id`, f.coop, f.premises)
	exec(t, db, `INSERT INTO title_holders (coop_id, title_id, person_id, share_num, share_den) VALUES ($1, $2, $3, 1, 1)`, f.coop, title, f.person)
	exec(t, db, `INSERT INTO memberships (coop_id, person_id, register_number, joined_on) VALUES ($1, $2, '1001', '2015-01-01')`, f.coop, f.person)
	uid, err := f.auth.CreateUser(context.Background(), auth.NewUser{CoopID: f.coop, Kind: auth.Staff, Login: "anna", DisplayName: "Anna Nowak", Role: auth.RoleSettlements, Password: "hasło-pracownika-1"})
	if err != nil {
		t.Fatal(err)
	}
	f.staff = audit.Actor{CoopID: f.coop, UserID: uid, Name: "staff:anna", IP: "10.0.0.1"}
	return f
}

func (f *fixture) form(t *testing.T, p Portal) Form {
	t.Helper()
	reg, err := f.svc.CurrentRegulation(context.Background(), f.coop, p)
	if err != nil {
		t.Fatal(err)
	}
	fm := validForm()
	fm.Portal, fm.RegulationID, fm.EKorespondencja = p, reg.ID, true
	if p == IKCS {
		fm.Role, fm.RegisterNumber = RoleMember, "1001"
	}
	return fm
}

// outbox returns the newest message to an address.
func outbox(t *testing.T, db *store.DB, to string) (subject, body string) {
	t.Helper()
	err := db.Read().QueryRowContext(context.Background(), `SELECT subject, text_body FROM outbox WHERE to_addr = $1 ORDER BY id DESC LIMIT 1`, to).Scan(&subject, &body)
	if err != nil {
		t.Fatalf("no mail to %s: %v", to, err)
	}
	return subject, body
}

var tokenInLink = regexp.MustCompile(`/apply/confirm\?token=(\S+)`)

func TestOnlineApplicationToCredentials(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		up, err := uploads.Applications.Check("skan.jpg", jpeg)
		if err != nil {
			t.Fatal(err)
		}
		id, err := f.svc.SubmitOnline(ctx, audit.Actor{CoopID: f.coop, IP: "192.0.2.1"}, f.form(t, EBOK), []uploads.File{up})
		if err != nil {
			t.Fatal(err)
		}
		all := View{CoopID: f.coop}
		a, err := f.svc.Get(ctx, all, id)
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != Unconfirmed || a.PremisesID != f.premises || a.PersonID != f.person || len(a.Attachments) != 1 {
			t.Fatalf("after submit: %+v", a)
		}
		// Not yet in the queue: it counts as filed only once confirmed.
		if items, _ := f.svc.Queue(ctx, all, QueueFilter{}, f.today); len(items) != 0 {
			t.Errorf("unconfirmed application in the queue: %+v", items)
		}
		subj, body := outbox(t, db, "lukasz@example.pl")
		m := tokenInLink.FindStringSubmatch(body)
		if m == nil || !strings.Contains(subj, "Potwierdź") {
			t.Fatalf("confirmation mail %q: %q", subj, body)
		}
		token, _ := url.QueryUnescape(m[1])
		if _, err := f.svc.Confirm(ctx, f.coop, "forged", ""); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("forged token: %v", err)
		}
		if got, err := f.svc.Confirm(ctx, f.coop, token, "192.0.2.1"); err != nil || got != id {
			t.Fatalf("confirm: %d %v", got, err)
		}
		if got, err := f.svc.Confirm(ctx, f.coop, token, ""); err != nil || got != id {
			t.Errorf("second use of the link: %d %v", got, err)
		}
		a, _ = f.svc.Get(ctx, all, id)
		if a.Status != Filed || a.DueOn != (civil.Date{Year: 2026, Month: 12, Day: 5}) {
			t.Fatalf("after confirm: status %s due %v", a.Status, a.DueOn)
		}
		cl, err := f.svc.Checklist(ctx, a, f.today)
		if err != nil {
			t.Fatal(err)
		}
		states := map[string]string{}
		for _, c := range cl.Items {
			states[c.Key] = c.State
		}
		want := map[string]string{"check.fields": "ok", "check.email": "ok", "check.title": "ok", "check.signature": "todo", "check.phone": "na"}
		for k, v := range want {
			if states[k] != v {
				t.Errorf("checklist %s = %s, want %s", k, states[k], v)
			}
		}
		// Acceptance needs the signature checked.
		if _, err := f.svc.Accept(ctx, f.staff, all, id, Email, f.today); !errors.Is(err, ErrNotVerified) {
			t.Errorf("accept before the signature check: %v", err)
		}
		if err := f.svc.RecordSignature(ctx, f.staff, all, id, true); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.RecordPhone(ctx, f.staff, all, id, "  "); !errors.Is(err, ErrOutcomeMissing) {
			t.Errorf("empty phone outcome: %v", err)
		}
		if err := f.svc.RecordPhone(ctx, f.staff, all, id, "Potwierdził dane."); err != nil {
			t.Fatal(err)
		}
		cred, err := f.svc.Accept(ctx, f.staff, all, id, Email, f.today)
		if err != nil {
			t.Fatal(err)
		}
		if cred.Login != "E"+pad7(f.person) || cred.EmailedTo != "lukasz@example.pl" || len(cred.Password) < 12 {
			t.Fatalf("credentials %+v", cred)
		}
		if !cred.Expires.Equal(f.now.Add(StartPasswordValidity)) {
			t.Errorf("start password expires %v", cred.Expires)
		}
		subj, body = outbox(t, db, "lukasz@example.pl")
		if !strings.Contains(subj, "Dane do logowania") || !strings.Contains(body, cred.Login) || !strings.Contains(body, cred.Password) {
			t.Errorf("credentials mail %q: %q", subj, body)
		}
		// The start password works once and forces a change.
		res, err := f.auth.LoginAttempt(ctx, f.coop, auth.Resident, cred.Login, cred.Password, "192.0.2.1", "test")
		if err != nil || res.User == nil || !res.User.MustChangePassword {
			t.Fatalf("first login: %+v %v", res, err)
		}
		// Consent recorded with its source; the audit chain holds every step.
		var granted bool
		var source string
		if err := db.Read().QueryRowContext(ctx, `SELECT granted, source FROM consents WHERE coop_id = $1 AND person_id = $2`, f.coop, f.person).Scan(&granted, &source); err != nil {
			t.Fatal(err)
		}
		if !granted || source != "application:"+itoa(id) {
			t.Errorf("consent %v %q", granted, source)
		}
		if n, err := audit.Verify(ctx, db.Read(), db.ChainKey(), f.coop); err != nil || n < 7 {
			t.Errorf("audit chain: %d rows, %v", n, err)
		}
		entries, err := audit.List(ctx, db.Read(), f.coop, audit.Filter{Subject: "application:" + itoa(id)})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range entries {
			actions = append(actions, string(e.Action))
		}
		for _, want := range []audit.Action{audit.ApplicationFiled, audit.ApplicationConfirmed, audit.ApplicationCheck, audit.ApplicationAccepted} {
			if !strings.Contains(strings.Join(actions, " "), string(want)) {
				t.Errorf("audit lacks %s: %v", want, actions)
			}
		}
		// A decided application cannot be decided again.
		if err := f.svc.Reject(ctx, f.staff, all, id, "x"); !errors.Is(err, ErrWrongState) {
			t.Errorf("reject after accept: %v", err)
		}
	})
}

func TestDeskApplicationIssuesAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		all := View{CoopID: f.coop}
		id, err := f.svc.SubmitDesk(ctx, f.staff, f.form(t, IKCS), "id_card", "7K2")
		if err != nil {
			t.Fatal(err)
		}
		a, _ := f.svc.Get(ctx, all, id)
		if a.Status != Filed || a.IDDocumentKind != "id_card" || a.IDDocumentLast3 != "7K2" {
			t.Fatalf("desk application %+v", a)
		}
		cred, err := f.svc.Accept(ctx, f.staff, all, id, Print, f.today)
		if err != nil {
			t.Fatal(err)
		}
		if cred.Login != "CZ-1001" || cred.EmailedTo != "" {
			t.Errorf("IKCS credentials %+v", cred)
		}
		u, exp, err := f.auth.VerifyStartPassword(ctx, f.coop, cred.Login, cred.Password)
		if err != nil || u.Kind != auth.Member || !exp.Equal(cred.Expires) {
			t.Errorf("VerifyStartPassword: %+v %v %v", u, exp, err)
		}
		// A second desk application for the same login links the same user.
		id2, err := f.svc.SubmitDesk(ctx, f.staff, f.form(t, IKCS), "passport", "AB1")
		if err != nil {
			t.Fatal(err)
		}
		cred2, err := f.svc.Accept(ctx, f.staff, all, id2, Print, f.today)
		if err != nil {
			t.Fatal(err)
		}
		if cred2.UserID != cred.UserID || cred2.Password == cred.Password {
			t.Errorf("second issue: %+v vs %+v", cred2, cred)
		}
		if _, _, err := f.auth.VerifyStartPassword(ctx, f.coop, cred.Login, cred.Password); err == nil {
			t.Error("the first start password still works after a new one was issued")
		}
	})
}

func TestDuplicatesRejectionsAndViews(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		up, _ := uploads.Applications.Check("a.png", png)
		applicant := audit.Actor{CoopID: f.coop, IP: "192.0.2.1"}
		id, err := f.svc.SubmitOnline(ctx, applicant, f.form(t, EBOK), []uploads.File{up})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SubmitOnline(ctx, applicant, f.form(t, EBOK), []uploads.File{up}); !errors.Is(err, ErrDuplicate) {
			t.Errorf("second pending application: %v", err)
		}
		// A stale regulations version is refused.
		stale := f.form(t, EBOK)
		if _, err := f.svc.PublishRegulation(ctx, f.staff, EBOK, "Regulamin e-BOK", "§ 1. Nowa treść."); err != nil {
			t.Fatal(err)
		}
		stale.Email = "inny@example.pl"
		if _, err := f.svc.SubmitOnline(ctx, applicant, stale, []uploads.File{up}); !errors.Is(err, ErrStaleRules) {
			t.Errorf("stale regulations: %v", err)
		}
		// Views: the membership department sees IKCS only, an estate
		// administration of another estate sees nothing.
		if _, err := f.svc.Get(ctx, View{CoopID: f.coop, Portals: []Portal{IKCS}}, id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("membership department sees an E-BOK application: %v", err)
		}
		other := exec(t, db, `INSERT INTO estates (coop_id, code, name, office_street, office_postal_code, office_city, office_phone, office_email)
			VALUES ($1, 'B', 'Osiedle B', '', '', '', '', '') RETURNING id`, f.coop)
		if _, err := f.svc.Get(ctx, View{CoopID: f.coop, EstateID: other}, id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another estate sees the application: %v", err)
		}
		if _, err := f.svc.Get(ctx, View{CoopID: f.coop, EstateID: f.estate}, id); err != nil {
			t.Errorf("own estate: %v", err)
		}
		if _, err := f.svc.Get(ctx, View{CoopID: storetest.InsertCoop(t, db, "b")}, id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another cooperative sees the application: %v", err)
		}
		// Rejection needs a reason and e-mails it.
		all := View{CoopID: f.coop}
		if err := f.svc.Reject(ctx, f.staff, all, id, " "); !errors.Is(err, ErrReasonMissing) {
			t.Errorf("reject without reason: %v", err)
		}
		if err := f.svc.Reject(ctx, f.staff, all, id, "Brak podpisu na formularzu."); err != nil {
			t.Fatal(err)
		}
		subj, body := outbox(t, db, "lukasz@example.pl")
		if !strings.Contains(subj, "nie został przyjęty") || !strings.Contains(body, "Brak podpisu na formularzu.") {
			t.Errorf("rejection mail %q %q", subj, body)
		}
		// After a decision a new application is welcome again.
		if _, err := f.svc.SubmitOnline(ctx, applicant, f.form(t, EBOK), []uploads.File{up}); err != nil {
			t.Errorf("new application after rejection: %v", err)
		}
	})
}

func TestDeadlineAndOverdue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		all := View{CoopID: f.coop}
		if _, err := f.svc.SubmitDesk(ctx, f.staff, f.form(t, EBOK), "id_card", "123"); err != nil {
			t.Fatal(err)
		}
		c, err := f.svc.Count(ctx, all, f.today.AddDays(14))
		if err != nil || c.Pending != 1 || c.Overdue != 0 {
			t.Errorf("on the deadline: %+v %v", c, err)
		}
		c, err = f.svc.Count(ctx, all, f.today.AddDays(15))
		if err != nil || c.Pending != 1 || c.Overdue != 1 {
			t.Errorf("a day late: %+v %v", c, err)
		}
	})
}

func TestConfirmLinkExpires(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		up, _ := uploads.Applications.Check("a.pdf", pdf)
		if _, err := f.svc.SubmitOnline(ctx, audit.Actor{CoopID: f.coop}, f.form(t, EBOK), []uploads.File{up}); err != nil {
			t.Fatal(err)
		}
		_, body := outbox(t, db, "lukasz@example.pl")
		token, _ := url.QueryUnescape(tokenInLink.FindStringSubmatch(body)[1])
		f.now = f.now.Add(ConfirmValidity + time.Minute)
		if _, err := f.svc.Confirm(ctx, f.coop, token, ""); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("expired link: %v", err)
		}
	})
}

func pad7(n int64) string {
	s := itoa(n)
	return strings.Repeat("0", 7-len(s)) + s
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
