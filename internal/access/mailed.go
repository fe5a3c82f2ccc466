package access

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/store"
	"github.com/ebok/ebok/internal/uploads"
)

// FormError is a form staff typed that does not validate.
type FormError struct{ Fields FieldErrors }

// Error names the fields.
func (e *FormError) Error() string { return fmt.Sprintf("access: %d fields invalid", len(e.Fields)) }

// SubmitMailed files an application that arrived by e-mail: a scan, photo
// or signed PDF of the form, whose data staff typed in. The e-mail on the
// form is the sending address, confirmed by the mail itself (sentAt), so
// the checklist compares it with the correspondence e-mail on file; the
// signature is left for staff to check on the attached file. The
// application is filed at once, in the caller's transaction when ctx
// carries one.
func (s *Service) SubmitMailed(ctx context.Context, by audit.Actor, f Form, sender string, sentAt time.Time, files []uploads.File) (int64, error) {
	f.Email = sender
	f.Normalize()
	if errs := f.Validate(); len(errs) > 0 {
		return 0, &FormError{Fields: errs}
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if f.RegulationID == 0 {
			reg, err := s.currentIn(ctx, tx, by.CoopID, f.Portal)
			if err != nil {
				return err
			}
			f.RegulationID = reg.ID
		}
		var err error
		if id, err = s.insert(ctx, tx, by, f, Online, Filed); err != nil {
			return err
		}
		if err := s.attach(ctx, tx, by.CoopID, id, files); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE applications SET email_confirmed_at = $1, filed_at = $2, due_on = $3
			WHERE coop_id = $4 AND id = $5`, sentAt.UTC(), s.now(), s.dueOn(), by.CoopID, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, by, audit.ApplicationFiled, subject(id), 0,
			map[string]string{"service": string(f.Portal), "route": "email", "attachments": fmt.Sprint(len(files))})
	})
	if err != nil {
		return 0, fmt.Errorf("access: mailed application: %w", err)
	}
	return id, nil
}

// attach stores an application's files.
func (s *Service) attach(ctx context.Context, tx *store.Tx, coopID, id int64, files []uploads.File) error {
	for _, u := range files {
		if _, err := tx.ExecContext(ctx, `INSERT INTO application_attachments
			(coop_id, application_id, filename, content_type, size, sha256, data, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			coopID, id, u.Filename, u.ContentType, len(u.Data), u.SHA256, u.Data, s.now()); err != nil {
			return err
		}
	}
	return nil
}

// currentIn is CurrentRegulation inside tx (which may be the caller's, so
// a read outside it would not see a default version published in it).
func (s *Service) currentIn(ctx context.Context, tx *store.Tx, coopID int64, p Portal) (*Regulation, error) {
	r, err := s.regulation(ctx, tx, coopID, p, 0)
	if !errors.Is(err, store.ErrNotFound) {
		return r, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO regulations (coop_id, service, version, title, body, published_at)
		VALUES ($1, $2, 1, $3, $4, $5) ON CONFLICT (coop_id, service, version) DO NOTHING`,
		coopID, string(p), defaultTitle(p), defaultBody(p), s.now()); err != nil {
		return nil, err
	}
	return s.regulation(ctx, tx, coopID, p, 0)
}
