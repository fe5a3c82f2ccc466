package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/ebok/ebok/internal/access"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/library"
	"github.com/ebok/ebok/internal/meeting"
)

// refusal pairs an error a service returns for bad input with the
// catalogue key of the message a form shows for it.
type refusal struct {
	err error
	key string
}

// refusalKeys are the refusals the forms show, in one list. A form knows
// those whose keys lie in its section of the catalogue (see refusalsOf),
// so an error several services share, such as fault.ErrReference, reads
// differently on each form; within a section the first match wins.
var refusalKeys = []refusal{
	{auth.ErrPasswordTooShort, "password.error.short"},
	{auth.ErrPasswordCommon, "password.error.common"},
	{auth.ErrPasswordContainsLogin, "password.error.login"},
	{auth.ErrPasswordReused, "password.error.reused"},
	{auth.ErrPasswordTooLong, "password.error.long"},
	{auth.ErrWeakPassword, "password.error.short"},

	{access.ErrWrongState, "queue.error.state"},
	{access.ErrReasonMissing, "queue.error.reason"},
	{access.ErrOutcomeMissing, "queue.error.outcome"},
	{access.ErrNotVerified, "queue.error.not_verified"},
	{access.ErrNoEmail, "queue.error.no_email"},

	{meeting.ErrInvalid, "meeting.error.invalid"},
	{meeting.ErrEstates, "meeting.error.estates"},
	{meeting.ErrDeadline, "meeting.error.deadline"},
	{meeting.ErrNotMember, "meeting.error.not_member"},
	{meeting.ErrNotPDF, "meeting.error.pdf"},
	{meeting.ErrNotResolution, "meeting.error.invalid"},
	{fault.ErrReference, "meeting.error.reference"},

	{library.ErrInvalid, "library.error.invalid"},
	{library.ErrNotPDF, "library.error.pdf"},
	{library.ErrSupersede, "library.error.supersede"},
	{fault.ErrReference, "library.error.invalid"},

	{library.ErrCopy, "copies.error.invalid"},

	{ledger.ErrBadSettlement, "settle.error.form"},
	{ledger.ErrDuplicate, "settle.error.duplicate"},

	{ledger.ErrBadComponent, "feesadmin.error.component"},
	{fault.ErrConflict, "feesadmin.error.code_taken"},
}

// refusalsOf are the refusals of refusalKeys whose keys lie in the
// catalogue's section (the keys' first part), in their order.
func refusalsOf(section string) refusals {
	var rs refusals
	for _, r := range refusalKeys {
		if strings.HasPrefix(r.key, section+".") {
			rs = append(rs, r)
		}
	}
	return rs
}

// refusals are a form's known refusals.
type refusals []refusal

// key is the message key of the first refusal err matches, or "".
func (rs refusals) key(err error) string {
	for _, r := range rs {
		if errors.Is(err, r.err) {
			return r.key
		}
	}
	return ""
}

// explain returns the message key of err's refusal; an error that is no
// refusal comes back to be handled as such (nil for nil).
func (rs refusals) explain(err error) (string, error) {
	if k := rs.key(err); k != "" {
		return k, nil
	}
	return "", err
}

// message is the message of err's refusal in l's language; an error that
// is no refusal comes back to be handled as such (nil for nil).
func (rs refusals) message(l *i18n.Localizer, err error) (string, error) {
	if k := rs.key(err); k != "" {
		return l.T(k), nil
	}
	return "", err
}

// page422 turns err, when it is one of the refusals, into a 422 page with
// its message; any other error comes back as it is (nil for nil).
func (rs refusals) page422(err error) error {
	if k := rs.key(err); k != "" {
		return httpError(http.StatusUnprocessableEntity, k)
	}
	return err
}

// fieldRefusal is a refusal shown at the form field it concerns.
type fieldRefusal struct {
	err        error
	field, key string
}

// fieldRefusals are a form's known refusals, each at its field.
type fieldRefusals []fieldRefusal

// fieldErrors are the field errors of every refusal err matches (a
// service may refuse several fields at once, errors.Join), in the order of
// rs and one a field; none when it matches none.
func (rs fieldRefusals) fieldErrors(l *i18n.Localizer, err error) []fieldError {
	var out []fieldError
	for _, r := range rs {
		if errors.Is(err, r.err) && fieldErr(out, r.field) == "" {
			out = append(out, fieldError{Field: r.field, Message: l.T(r.key)})
		}
	}
	return out
}
