package access

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
)

// StartVerification marks a filed application as being verified.
func (s *Service) StartVerification(ctx context.Context, by audit.Actor, v View, id int64) error {
	return s.step(ctx, by, v, id, []Status{Filed}, audit.ApplicationInVerification, nil,
		`UPDATE applications SET status = 'in_verification' WHERE coop_id = $1 AND id = $2`)
}

// RecordSignature records whether the scan carries a signature.
func (s *Service) RecordSignature(ctx context.Context, by audit.Actor, v View, id int64, ok bool) error {
	return s.step(ctx, by, v, id, []Status{Filed, InVerification}, audit.ApplicationCheck,
		map[string]string{"check": "signature", "ok": fmt.Sprint(ok)},
		`UPDATE applications SET signature_ok = $3, signature_checked_by = $4, signature_checked_at = $5,
			status = 'in_verification' WHERE coop_id = $1 AND id = $2`, ok, by.UserID, s.now())
}

// ErrOutcomeMissing: a phone verification needs its outcome written down.
var ErrOutcomeMissing = errors.New("access: describe the outcome of the call")

// RecordPhone records a phone verification: when, by whom and its outcome.
func (s *Service) RecordPhone(ctx context.Context, by audit.Actor, v View, id int64, outcome string) error {
	outcome = strings.TrimSpace(outcome)
	if outcome == "" || len(outcome) > 500 {
		return ErrOutcomeMissing
	}
	return s.step(ctx, by, v, id, []Status{Filed, InVerification}, audit.ApplicationCheck,
		map[string]string{"check": "phone"},
		`UPDATE applications SET phone_outcome = $3, phone_checked_by = $4, phone_checked_at = $5,
			status = 'in_verification' WHERE coop_id = $1 AND id = $2`, outcome, by.UserID, s.now())
}

// step runs one state change on an application the view may see.
func (s *Service) step(ctx context.Context, by audit.Actor, v View, id int64, from []Status, action audit.Action, details map[string]string, query string, args ...any) error {
	a, err := s.Get(ctx, v, id)
	if err != nil {
		return err
	}
	if !statusIn(a.Status, from) {
		return ErrWrongState
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, query, append([]any{v.CoopID, id}, args...)...); err != nil {
			return err
		}
		return s.audit(ctx, tx, by, action, subject(id), a.PersonID, details)
	})
}

func statusIn(s Status, list []Status) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}

// Delivery is how credentials reach the person.
type Delivery string

// Deliveries, as in the seeds: a printout at the desk, or the
// correspondence e-mail.
const (
	Print Delivery = "print"
	Email Delivery = "email"
)

// Credentials are what acceptance issues. Password is the start password
// in clear: it exists only in this value, to be printed or e-mailed once.
type Credentials struct {
	Portal     Portal
	UserID     int64
	Login      string
	Password   string
	Expires    time.Time
	PersonName string
	EmailedTo  string
}

// ErrNoEmail: credentials cannot be e-mailed without a correspondence
// e-mail.
var ErrNoEmail = errors.New("access: no correspondence e-mail to send the credentials to")

// Accept decides an application positively: it creates or links the
// person's login (an E-BOK identifier, or for IKCS a login containing the
// member register number), issues a one-time start password, records the
// e-Korespondencja consent, and, for e-mail delivery, queues the
// credentials to the correspondence e-mail, all in one transaction.
func (s *Service) Accept(ctx context.Context, by audit.Actor, v View, id int64, d Delivery, day civil.Date) (*Credentials, error) {
	a, to, err := s.acceptable(ctx, v, id, d, day)
	if err != nil {
		return nil, err
	}
	cred := &Credentials{Portal: a.Form.Portal, PersonName: a.Form.FirstName + " " + a.Form.LastName}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := s.linkLogin(ctx, tx, a, cred, to); err != nil {
			return err
		}
		if err := s.issueStartPassword(ctx, tx, a.CoopID, cred); err != nil {
			return err
		}
		if err := s.markAccepted(ctx, tx, by, a, cred.UserID); err != nil {
			return err
		}
		return s.deliverCredentials(ctx, tx, by, audit.CredentialsIssued, a.CoopID, a.PersonID, cred, d, to)
	})
	if err != nil {
		return nil, fmt.Errorf("access: accept %d: %w", id, err)
	}
	return cred, nil
}

// acceptable loads an application the view may see and checks that it can
// be accepted now: still undecided, its checklist complete, and an e-mail
// to send the credentials to when they go by e-mail. It returns the
// application and the e-mail the login gets.
func (s *Service) acceptable(ctx context.Context, v View, id int64, d Delivery, day civil.Date) (*Application, string, error) {
	a, err := s.Get(ctx, v, id)
	if err != nil {
		return nil, "", err
	}
	if a.Status != Filed && a.Status != InVerification {
		return nil, "", ErrWrongState
	}
	cl, err := s.Checklist(ctx, a, day)
	if err != nil {
		return nil, "", err
	}
	if !cl.Complete() {
		return nil, "", ErrNotVerified
	}
	to := cl.OnFileEmail
	if to == "" && a.Route == Desk {
		to = a.Form.Email // the identity was checked in person
	}
	if d == Email && to == "" {
		return nil, "", ErrNoEmail
	}
	return a, to, nil
}

// markAccepted records the decision on the application, unless someone
// else decided it meanwhile (ErrWrongState), with the e-Korespondencja
// consent the form gave, and audits the acceptance.
func (s *Service) markAccepted(ctx context.Context, tx *store.Tx, by audit.Actor, a *Application, userID int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE applications SET status = 'accepted', decided_by = $1, decided_at = $2, user_id = $3
		WHERE coop_id = $4 AND id = $5 AND status IN ('filed', 'in_verification')`, by.UserID, s.now(), userID, a.CoopID, a.ID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return ErrWrongState // decided by someone else meanwhile
	}
	if a.Form.EKorespondencja {
		if err := s.recordConsent(ctx, tx, by, a.PersonID, true, subject(a.ID)); err != nil {
			return err
		}
	}
	return s.audit(ctx, tx, by, audit.ApplicationAccepted, subject(a.ID), a.PersonID, nil)
}

// issueStartPassword gives cred's login a new start password, valid for
// StartPasswordValidity, and keeps it in cred to be printed or e-mailed.
func (s *Service) issueStartPassword(ctx context.Context, tx *store.Tx, coopID int64, cred *Credentials) error {
	pw, expires, err := s.Auth.IssueStartPassword(ctx, tx, coopID, cred.UserID, StartPasswordValidity)
	if err != nil {
		return err
	}
	cred.Password, cred.Expires = pw, expires
	return nil
}

// deliverCredentials audits that cred was issued (action says on what
// occasion) and, for e-mail delivery, queues the credentials to the
// person's e-mail. An acceptance and a new
// start password at the desk deliver alike.
func (s *Service) deliverCredentials(ctx context.Context, tx *store.Tx, by audit.Actor, action audit.Action, coopID, personID int64,
	cred *Credentials, d Delivery, to string) error {
	if err := s.audit(ctx, tx, by, action, fmt.Sprintf("user:%d", cred.UserID), personID,
		map[string]string{"login": cred.Login, "delivery": string(d)}); err != nil {
		return err
	}
	if d != Email {
		return nil
	}
	cred.EmailedTo = to
	expiresOn := civil.DateOf(cred.Expires.In(s.Loc)).Format()
	_, err := s.Outbox.Queue(ctx, tx, coopID, credentialsMail(to, cred.Portal, cred.Login, cred.Password, expiresOn, s.loginURL(cred.Portal)))
	return err
}

// linkLogin finds the person's login of the portal's kind or creates one.
func (s *Service) linkLogin(ctx context.Context, tx *store.Tx, a *Application, cred *Credentials, email string) error {
	kind := auth.Resident
	login := fmt.Sprintf("E%07d", a.PersonID)
	if a.Form.Portal == IKCS {
		kind, login = auth.Member, "CZ-"+a.Form.RegisterNumber
	}
	err := tx.QueryRowContext(ctx, `SELECT id, login FROM users WHERE coop_id = $1 AND kind = $2 AND person_id = $3 ORDER BY id LIMIT 1`,
		a.CoopID, string(kind), a.PersonID).Scan(&cred.UserID, &cred.Login)
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	placeholder, _, err := newToken() // replaced at once by the start password
	if err != nil {
		return err
	}
	cred.Login = login
	cred.UserID, err = s.Auth.CreateUser(tx.Context(ctx), auth.NewUser{
		CoopID: a.CoopID, Kind: kind, Login: login, PersonID: a.PersonID,
		DisplayName: cred.PersonName, Email: email, Password: placeholder, MustChange: true,
	})
	return err
}

// recordConsent writes a consent grant or withdrawal with its source.
func (s *Service) recordConsent(ctx context.Context, tx *store.Tx, by audit.Actor, personID int64, granted bool, source string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO consents (coop_id, person_id, kind, granted, source, recorded_by, recorded_at)
		VALUES ($1, $2, 'ekorespondencja', $3, $4, $5, $6)`, by.CoopID, personID, granted, source, nullID(by.UserID), s.now()); err != nil {
		return err
	}
	action := audit.ConsentGranted
	if !granted {
		action = audit.ConsentWithdrawn
	}
	return s.audit(ctx, tx, by, action, fmt.Sprintf("person:%d", personID), personID,
		map[string]string{"kind": "ekorespondencja", "source": source})
}

// Reject decides an application negatively. The reason is required and is
// e-mailed to the applicant.
func (s *Service) Reject(ctx context.Context, by audit.Actor, v View, id int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" || len(reason) > 2000 {
		return ErrReasonMissing
	}
	a, err := s.Get(ctx, v, id)
	if err != nil {
		return err
	}
	if !a.Status.Pending() {
		return ErrWrongState
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE applications SET status = 'rejected', reject_reason = $1, decided_by = $2, decided_at = $3
			WHERE coop_id = $4 AND id = $5 AND status IN ('unconfirmed', 'filed', 'in_verification')`, reason, by.UserID, s.now(), a.CoopID, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return ErrWrongState
		}
		if _, err := s.Outbox.Queue(ctx, tx, a.CoopID, rejectionMail(a.Form.Email, a.Form.Portal, id, reason)); err != nil {
			return err
		}
		return s.audit(ctx, tx, by, audit.ApplicationRejected, subject(id), a.PersonID, map[string]string{"reason": reason})
	})
	if err != nil {
		return fmt.Errorf("access: reject %d: %w", id, err)
	}
	return nil
}
