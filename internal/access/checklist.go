package access

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/ebok/ebok/internal/civil"
)

// Check is one line of the verification checklist.
type Check struct {
	Key string // catalogue key of the line, e.g. "check.fields"
	// State is "ok", "fail", "todo" (staff must act), "warn" (staff should
	// look; it does not stop an acceptance) or "na".
	State string
	// Note is a catalogue key explaining the state, with Args.
	Note string
	Args []any
}

// OK reports a passed check.
func (c Check) OK() bool { return c.State == "ok" || c.State == "na" || c.State == "warn" }

// Checklist is what ebok can tell staff about an application, filled in
// from its data wherever it can.
type Checklist struct {
	Items []Check
	// OnFileEmail is the correspondence e-mail of the matched person.
	OnFileEmail string
}

// Complete reports whether every line passed.
func (c Checklist) Complete() bool {
	for _, it := range c.Items {
		if !it.OK() {
			return false
		}
	}
	return true
}

// Checklist computes the checklist of an application on day.
func (s *Service) Checklist(ctx context.Context, a *Application, day civil.Date) (Checklist, error) {
	var cl Checklist
	// 1. All fields present (the form cannot be stored otherwise, but data
	// typed at the desk is checked again).
	cl.Items = append(cl.Items, fieldsCheck(a))
	// 2. E-mail confirmed and equal to the correspondence e-mail on file.
	if a.PersonID != 0 {
		if err := s.DB.Read().QueryRowContext(ctx, `SELECT email FROM persons WHERE coop_id = $1 AND id = $2`,
			a.CoopID, a.PersonID).Scan(&cl.OnFileEmail); err != nil {
			return cl, fmt.Errorf("access: checklist: %w", err)
		}
	}
	cl.Items = append(cl.Items, emailCheck(a, cl.OnFileEmail))
	// 3. The applicant holds a current title to the premises, or (IKCS) is
	// a current member with that register number.
	title, err := s.titleCheck(ctx, a, day)
	if err != nil {
		return cl, err
	}
	cl.Items = append(cl.Items, title)
	// 4. Signature on the scan (staff tick); the desk saw the signature.
	cl.Items = append(cl.Items, signatureCheck(a))
	// 5. Phone verification: optional; shown when made.
	cl.Items = append(cl.Items, phoneCheck(a))
	// 6. Flags for staff, shown only when raised: the applicant has a
	// login to this service already, or claims a role the register
	// contradicts.
	flags, err := s.flags(ctx, a, day)
	if err != nil {
		return cl, err
	}
	cl.Items = append(cl.Items, flags...)
	return cl, nil
}

// fieldsCheck is the checklist's line on the form's fields being all
// present and valid.
func fieldsCheck(a *Application) Check {
	ff := a.Form
	errs := ff.Validate()
	if len(errs) == 0 {
		return Check{Key: "check.fields", State: "ok", Note: "check.fields.ok"}
	}
	return Check{Key: "check.fields", State: "fail", Note: "check.fields.missing", Args: []any{len(errs)}}
}

// emailCheck is the checklist's line on the e-mail address: confirmed and
// equal to onFile, the correspondence e-mail of the matched person.
func emailCheck(a *Application, onFile string) Check {
	switch {
	case a.Route == Desk:
		return Check{Key: "check.email", State: "na", Note: "check.email.desk"}
	case a.EmailConfirmedAt.IsZero():
		return Check{Key: "check.email", State: "fail", Note: "check.email.unconfirmed"}
	case onFile == "":
		return Check{Key: "check.email", State: "fail", Note: "check.email.none_on_file"}
	case !strings.EqualFold(onFile, a.Form.Email):
		return Check{Key: "check.email", State: "fail", Note: "check.email.differs", Args: []any{onFile}}
	default:
		return Check{Key: "check.email", State: "ok", Note: "check.email.ok"}
	}
}

// signatureCheck is the checklist's line on the signature on the scan,
// as staff ticked it.
func signatureCheck(a *Application) Check {
	switch {
	case a.Route == Desk:
		return Check{Key: "check.signature", State: "na", Note: "check.signature.desk"}
	case !a.SignatureOK.Valid:
		return Check{Key: "check.signature", State: "todo", Note: "check.signature.todo"}
	case a.SignatureOK.Bool:
		return Check{Key: "check.signature", State: "ok", Note: "check.signature.ok", Args: []any{a.SignatureCheckedBy}}
	default:
		return Check{Key: "check.signature", State: "fail", Note: "check.signature.missing", Args: []any{a.SignatureCheckedBy}}
	}
}

// phoneCheck is the checklist's line on the optional phone verification.
func phoneCheck(a *Application) Check {
	if a.PhoneCheckedAt.IsZero() {
		return Check{Key: "check.phone", State: "na", Note: "check.phone.none"}
	}
	return Check{Key: "check.phone", State: "ok", Note: "check.phone.done",
		Args: []any{a.PhoneCheckedBy, a.PhoneOutcome}}
}

// flags are the checklist's warnings: a login the applicant already has
// for the service applied for, and a role (member, owner, tenant) that the
// register of members or of titles contradicts. Each is "todo": staff look
// before accepting.
func (s *Service) flags(ctx context.Context, a *Application, day civil.Date) ([]Check, error) {
	if a.PersonID == 0 {
		return nil, nil
	}
	var out []Check
	kind := "resident"
	if a.Form.Portal == IKCS {
		kind = "member"
	}
	var login string
	err := s.DB.Read().QueryRowContext(ctx, `SELECT login FROM users WHERE coop_id = $1 AND person_id = $2 AND kind = $3
		AND disabled_at IS NULL ORDER BY id LIMIT 1`, a.CoopID, a.PersonID, kind).Scan(&login)
	switch {
	case err == nil:
		out = append(out, Check{Key: "check.login", State: "warn", Note: "check.login.exists", Args: []any{login}})
	case !errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("access: login check: %w", err)
	}
	var members int
	if err := s.DB.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships WHERE coop_id = $1 AND person_id = $2
		AND joined_on <= $3 AND (left_on IS NULL OR left_on >= $3)`, a.CoopID, a.PersonID, day).Scan(&members); err != nil {
		return nil, fmt.Errorf("access: role check: %w", err)
	}
	var title string
	if a.PremisesID != 0 {
		err := s.DB.Read().QueryRowContext(ctx, `SELECT t.kind FROM titles t JOIN title_holders h ON h.coop_id = t.coop_id AND h.title_id = t.id
			WHERE t.coop_id = $1 AND t.premises_id = $2 AND h.person_id = $3 AND t.starts_on <= $4 AND (t.ends_on IS NULL OR t.ends_on >= $4)
			ORDER BY t.starts_on DESC LIMIT 1`, a.CoopID, a.PremisesID, a.PersonID, day).Scan(&title)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("access: role check: %w", err)
		}
	}
	note := ""
	switch a.Form.Role {
	case RoleMember:
		if members == 0 {
			note = "check.role.not_member"
		}
	case RoleOwner:
		if title == "lease" || title == "no_title" {
			note = "check.role.not_owner"
		}
	case RoleTenant:
		if title == "separate_ownership" || title == "ownership_right" || title == "tenant_right" {
			note = "check.role.not_tenant"
		}
	}
	if note != "" {
		out = append(out, Check{Key: "check.role", State: "warn", Note: note})
	}
	return out, nil
}

func (s *Service) titleCheck(ctx context.Context, a *Application, day civil.Date) (Check, error) {
	if a.PersonID == 0 {
		return Check{Key: "check.title", State: "fail", Note: "check.title.no_person"}, nil
	}
	if a.Form.Portal == IKCS {
		var n int
		err := s.DB.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships WHERE coop_id = $1 AND person_id = $2
			AND register_number = $3 AND joined_on <= $4 AND (left_on IS NULL OR left_on >= $4)`,
			a.CoopID, a.PersonID, a.Form.RegisterNumber, day).Scan(&n)
		if err != nil {
			return Check{}, fmt.Errorf("access: membership check: %w", err)
		}
		if n == 0 {
			return Check{Key: "check.title", State: "fail", Note: "check.title.not_member", Args: []any{a.Form.RegisterNumber}}, nil
		}
		return Check{Key: "check.title", State: "ok", Note: "check.title.member", Args: []any{a.Form.RegisterNumber}}, nil
	}
	if a.PremisesID == 0 {
		return Check{Key: "check.title", State: "fail", Note: "check.title.no_premises"}, nil
	}
	var kind string
	err := s.DB.Read().QueryRowContext(ctx, `SELECT t.kind FROM titles t JOIN title_holders h ON h.coop_id = t.coop_id AND h.title_id = t.id
		WHERE t.coop_id = $1 AND t.premises_id = $2 AND h.person_id = $3 AND t.starts_on <= $4 AND (t.ends_on IS NULL OR t.ends_on >= $4)
		ORDER BY t.starts_on DESC LIMIT 1`, a.CoopID, a.PremisesID, a.PersonID, day).Scan(&kind)
	if errors.Is(err, sql.ErrNoRows) {
		return Check{Key: "check.title", State: "fail", Note: "check.title.none"}, nil
	}
	if err != nil {
		return Check{}, fmt.Errorf("access: title check: %w", err)
	}
	return Check{Key: "check.title", State: "ok", Note: "check.title.holds", Args: []any{"title." + kind}}, nil
}
