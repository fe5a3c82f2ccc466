package access

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/uploads"
)

// Status is where an application stands.
type Status string

// Statuses, in order.
const (
	// Unconfirmed: filed online, waiting for the applicant to use the link
	// e-mailed to the address on the form. Not yet filed.
	Unconfirmed    Status = "unconfirmed"
	Filed          Status = "filed"
	InVerification Status = "in_verification"
	Accepted       Status = "accepted"
	Rejected       Status = "rejected"
)

// Pending reports whether the application still waits for a decision.
func (s Status) Pending() bool { return s == Unconfirmed || s == Filed || s == InVerification }

// Route is how the application came in.
type Route string

// Routes.
const (
	Online Route = "online"
	Desk   Route = "desk"
)

// Application is an application with everything staff need to decide it.
type Application struct {
	ID     int64
	CoopID int64
	Form   Form
	Route  Route
	Status Status

	PremisesID int64 // matched premises, 0 if none
	PersonID   int64 // matched person, 0 if none

	EmailConfirmedAt time.Time
	FiledAt          time.Time
	DueOn            civil.Date

	IDDocumentKind  string
	IDDocumentLast3 string

	SignatureOK        sql.NullBool
	SignatureCheckedAt time.Time
	SignatureCheckedBy string
	PhoneCheckedAt     time.Time
	PhoneCheckedBy     string
	PhoneOutcome       string

	DecidedAt    time.Time
	DecidedBy    string
	RejectReason string
	UserID       int64
	CreatedAt    time.Time

	Attachments []AttachmentInfo
}

// Overdue reports whether a pending application is past its deadline.
func (a *Application) Overdue(today civil.Date) bool {
	return a.Status.Pending() && !a.DueOn.IsZero() && a.DueOn.Before(today)
}

// AttachmentInfo describes an attached file without its bytes.
type AttachmentInfo struct {
	ID          int64
	Filename    string
	ContentType string
	Size        int64
	SHA256      string
}

// SubmitOnline files an application from the public form. It is stored
// unconfirmed, and a confirmation link goes to the e-mail on the form in
// the same transaction; the application counts as filed when the link is
// used. The limits per client address (by.IP) and per e-mail address, and
// on the files unconfirmed applications hold, come first (ErrAddressLimit,
// ErrEmailLimit, ErrPendingFull).
func (s *Service) SubmitOnline(ctx context.Context, by audit.Actor, f Form, files []uploads.File) (int64, error) {
	var id int64
	f.Normalize()
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := s.checkLimits(ctx, tx, by.CoopID, by.IP, f.Email, files); err != nil {
			return err
		}
		var err error
		if id, err = s.insert(ctx, tx, by, f, Online, Unconfirmed); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE applications SET client_ip = $1 WHERE coop_id = $2 AND id = $3`,
			by.IP, by.CoopID, id); err != nil {
			return err
		}
		for _, u := range files {
			if _, err := tx.ExecContext(ctx, `INSERT INTO application_attachments
				(coop_id, application_id, filename, content_type, size, sha256, data, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
				by.CoopID, id, u.Filename, u.ContentType, len(u.Data), u.SHA256, u.Data, s.now()); err != nil {
				return err
			}
		}
		raw, hash, err := newToken()
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE applications SET confirm_token_hash = $1, confirm_expires_at = $2
			WHERE coop_id = $3 AND id = $4`, hash, s.now().Add(ConfirmValidity), by.CoopID, id); err != nil {
			return err
		}
		link := s.BaseURL + "/apply/confirm?token=" + url.QueryEscape(raw)
		if _, err := s.Outbox.Queue(ctx, tx, by.CoopID, confirmMail(f, id, link)); err != nil {
			return err
		}
		return s.audit(ctx, tx, by, audit.ApplicationFiled, subject(id), 0,
			map[string]string{"service": string(f.Portal), "route": string(Online), "attachments": fmt.Sprint(len(files))})
	})
	if err != nil {
		return 0, fmt.Errorf("access: submit: %w", err)
	}
	return id, nil
}

// SubmitDesk records an application filed in person: staff saw an identity
// document (its kind and last three characters are kept, nothing more),
// so it is filed at once.
func (s *Service) SubmitDesk(ctx context.Context, by audit.Actor, f Form, docKind, docLast3 string) (int64, error) {
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if id, err = s.insert(ctx, tx, by, f, Desk, Filed); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE applications SET id_document_kind = $1, id_document_last3 = $2,
			filed_at = $3, due_on = $4, signature_ok = $5, signature_checked_by = $6, signature_checked_at = $3
			WHERE coop_id = $7 AND id = $8`,
			docKind, docLast3, s.now(), s.dueOn(), true, by.UserID, by.CoopID, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, by, audit.ApplicationFiled, subject(id), 0,
			map[string]string{"service": string(f.Portal), "route": string(Desk), "id_document": docKind})
	})
	if err != nil {
		return 0, fmt.Errorf("access: desk application: %w", err)
	}
	return id, nil
}

func (s *Service) dueOn() civil.Date {
	return civil.DateOf(s.now().Add(Deadline).In(s.Loc))
}

// insert checks the form against the register and stores it.
func (s *Service) insert(ctx context.Context, tx *store.Tx, by audit.Actor, f Form, route Route, status Status) (int64, error) {
	f.Normalize()
	current, err := s.regulation(ctx, tx, by.CoopID, f.Portal, 0)
	if err != nil {
		return 0, err
	}
	if f.RegulationID != current.ID {
		return 0, ErrStaleRules
	}
	var dup int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM applications
		WHERE coop_id = $1 AND service = $2 AND status IN ('unconfirmed', 'filed', 'in_verification')
		AND lower(email) = $3 AND lower(premises_street) = lower($4) AND lower(premises_house) = lower($5)
		AND lower(premises_number) = lower($6)`,
		by.CoopID, string(f.Portal), f.Email, f.PremisesStreet, f.PremisesHouse, f.PremisesNumber).Scan(&dup); err != nil {
		return 0, err
	}
	if dup > 0 {
		return 0, ErrDuplicate
	}
	premisesID, err := matchPremises(ctx, tx, by.CoopID, f.PremisesStreet, f.PremisesHouse, f.PremisesNumber)
	if err != nil {
		return 0, err
	}
	personID, err := matchPerson(ctx, tx, by.CoopID, premisesID, &f)
	if err != nil {
		return 0, err
	}
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO applications
		(coop_id, service, route, status, first_name, last_name, street, postal_code, city, email, phone,
		 premises_street, premises_house, premises_number, applicant_role, register_number, regulation_id,
		 ekorespondencja, premises_id, person_id, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
		RETURNING id`,
		by.CoopID, string(f.Portal), string(route), string(status), f.FirstName, f.LastName, f.Street, f.PostalCode,
		f.City, f.Email, f.Phone, f.PremisesStreet, f.PremisesHouse, f.PremisesNumber, string(f.Role),
		f.RegisterNumber, f.RegulationID, f.EKorespondencja, nullID(premisesID), nullID(personID),
		nullID(by.UserID), s.now()).Scan(&id)
	if err != nil {
		return 0, err
	}
	return id, nil
}

// Confirm files the application whose confirmation link this is. Using a
// link twice is harmless: it returns the application, already filed.
func (s *Service) Confirm(ctx context.Context, coopID int64, token, ip string) (int64, error) {
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var status string
		var expires time.Time
		err := tx.QueryRowContext(ctx, `SELECT id, status, confirm_expires_at FROM applications
			WHERE coop_id = $1 AND confirm_token_hash = $2`, coopID, hashToken(token)).Scan(&id, &status, &expires)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrTokenInvalid
		}
		if err != nil {
			return err
		}
		if Status(status) != Unconfirmed {
			return nil
		}
		if !s.now().Before(expires) {
			return ErrTokenInvalid
		}
		if _, err := tx.ExecContext(ctx, `UPDATE applications SET status = 'filed', email_confirmed_at = $1,
			filed_at = $1, due_on = $2 WHERE coop_id = $3 AND id = $4`, s.now(), s.dueOn(), coopID, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, audit.Actor{CoopID: coopID, IP: ip}, audit.ApplicationConfirmed, subject(id), 0, nil)
	})
	if err != nil {
		return 0, fmt.Errorf("access: confirm: %w", err)
	}
	return id, nil
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// nullTime scans a nullable timestamp.
type nullTime = sql.NullTime
