// Package access is how a person gets a login: applications for E-BOK
// (formularz zgłoszeniowy) and IKCS (oświadczenie), filed online or at the
// desk, verified by staff against ebok's register, and decided: accepted
// with an identifier and a one-time start password, or rejected with a
// reason.
package access

import (
	"net/mail"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Portal is the service applied for.
type Portal string

// The two services with separate logins, as in the seeds.
const (
	EBOK Portal = "ebok"
	IKCS Portal = "ikcs"
)

// ValidPortal reports whether p is a known portal.
func ValidPortal(p Portal) bool { return p == EBOK || p == IKCS }

// Role is how the applicant stands to the premises.
type Role string

// Applicant roles.
const (
	RoleMember Role = "member"
	RoleOwner  Role = "owner"
	RoleTenant Role = "tenant"
)

// Form is what an applicant fills in, online or on paper.
type Form struct {
	Portal          Portal
	FirstName       string
	LastName        string
	Street          string
	PostalCode      string
	City            string
	Email           string
	Phone           string
	PremisesStreet  string
	PremisesHouse   string
	PremisesNumber  string
	Role            Role
	RegisterNumber  string // IKCS only
	AcceptRules     bool   // acceptance of the regulations (required)
	RegulationID    int64  // the version shown and accepted
	EKorespondencja bool   // consent to e-Korespondencja (optional)
}

// FieldErrors maps a form field to the catalogue key of its message.
type FieldErrors map[string]string

// Fields lists the form's fields in the order the page shows them, for the
// error summary.
var Fields = []string{"first_name", "last_name", "street", "postal_code", "city", "email", "phone",
	"premises_street", "premises_house", "premises_number", "role", "register_number", "accept_rules"}

var (
	postalCode = regexp.MustCompile(`^\d{2}-\d{3}$`)
	phoneChars = regexp.MustCompile(`^\+?[0-9 ()-]{9,20}$`)
	register   = regexp.MustCompile(`^[0-9A-Za-z/-]{1,20}$`)
)

// Normalize trims every field and folds runs of spaces.
func (f *Form) Normalize() {
	for _, p := range []*string{&f.FirstName, &f.LastName, &f.Street, &f.PostalCode, &f.City, &f.Email, &f.Phone,
		&f.PremisesStreet, &f.PremisesHouse, &f.PremisesNumber, &f.RegisterNumber} {
		*p = strings.Join(strings.Fields(*p), " ")
	}
	f.Email = strings.ToLower(f.Email)
}

// Validate checks every field and returns the problems, each a message
// key; text that is not UTF-8 or holds NUL is refused whatever the field.
func (f *Form) Validate() FieldErrors {
	errs := FieldErrors{}
	required := func(field, value string, max int) bool {
		switch {
		case value == "":
			errs[field] = "apply.error." + field + ".required"
		case utf8.RuneCountInString(value) > max:
			errs[field] = "apply.error.too_long"
		default:
			return true
		}
		return false
	}
	required("first_name", f.FirstName, 60)
	required("last_name", f.LastName, 80)
	required("street", f.Street, 120)
	if required("postal_code", f.PostalCode, 6) && !postalCode.MatchString(f.PostalCode) {
		errs["postal_code"] = "apply.error.postal_code.format"
	}
	required("city", f.City, 60)
	if required("email", f.Email, 120) {
		if a, err := mail.ParseAddress(f.Email); err != nil || a.Address != f.Email || !strings.Contains(f.Email[strings.IndexByte(f.Email, '@'):], ".") {
			errs["email"] = "apply.error.email.format"
		}
	}
	if required("phone", f.Phone, 20) && !phoneChars.MatchString(f.Phone) {
		errs["phone"] = "apply.error.phone.format"
	}
	required("premises_street", f.PremisesStreet, 120)
	required("premises_house", f.PremisesHouse, 10)
	if f.PremisesNumber != "" && utf8.RuneCountInString(f.PremisesNumber) > 10 {
		errs["premises_number"] = "apply.error.too_long"
	}
	if f.Role != RoleMember && f.Role != RoleOwner && f.Role != RoleTenant {
		errs["role"] = "apply.error.role.required"
	}
	if f.Portal == IKCS {
		if f.RegisterNumber == "" {
			errs["register_number"] = "apply.error.register_number.required"
		} else if !register.MatchString(f.RegisterNumber) {
			errs["register_number"] = "apply.error.register_number.format"
		}
		if f.Role != RoleMember && errs["role"] == "" {
			errs["role"] = "apply.error.role.member"
		}
	}
	if !f.AcceptRules {
		errs["accept_rules"] = "apply.error.accept_rules.required"
	}
	for field, v := range f.texts() {
		if !utf8.ValidString(v) || strings.ContainsRune(v, 0) { // PostgreSQL refuses either in text
			errs[field] = "apply.error.characters"
		}
	}
	return errs
}

// texts are the form's typed fields by name.
func (f *Form) texts() map[string]string {
	return map[string]string{"first_name": f.FirstName, "last_name": f.LastName, "street": f.Street,
		"postal_code": f.PostalCode, "city": f.City, "email": f.Email, "phone": f.Phone, "premises_street": f.PremisesStreet,
		"premises_house": f.PremisesHouse, "premises_number": f.PremisesNumber, "register_number": f.RegisterNumber}
}
