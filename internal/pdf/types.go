package pdf

import "fmt"

// Coop is the cooperative printed in the header of every document and named
// as the administrator of personal data on application forms.
type Coop struct {
	Name       string // full name, e.g. Spółdzielnia Mieszkaniowa „Na Skraju”
	Street     string // street and number as written on letters, e.g. ul. Żeromskiego 12
	PostalCode string // e.g. 00-950
	City       string
	Phone      string
	Email      string // where electronic applications are sent
	Website    string
}

// Service is the service an application form or a start password is for.
type Service string

// The two services a resident can apply for; each has its own login panel.
const (
	// ServiceEBOK is the electronic customer service office (e-BOK), open to
	// everyone who settles accounts with the cooperative.
	ServiceEBOK Service = "ebok"
	// ServiceIKCS is the member's internet account (Internetowe Konto Członka
	// Spółdzielni), for members only.
	ServiceIKCS Service = "ikcs"
)

func (s Service) valid() error {
	switch s {
	case ServiceEBOK, ServiceIKCS:
		return nil
	}
	return fmt.Errorf("pdf: unknown service %q (want %q or %q)", string(s), ServiceEBOK, ServiceIKCS)
}

// Role is how the applicant is related to the premises.
type Role string

// The roles an applicant can tick on the form; the empty Role leaves all
// boxes empty for the applicant to tick by hand.
const (
	RoleMember Role = "member" // członek spółdzielni
	RoleOwner  Role = "owner"  // właściciel
	RoleTenant Role = "tenant" // najemca
)

func (r Role) valid() error {
	switch r {
	case "", RoleMember, RoleOwner, RoleTenant:
		return nil
	}
	return fmt.Errorf("pdf: unknown role %q (want %q, %q, %q or empty)", string(r), RoleMember, RoleOwner, RoleTenant)
}

// FormData holds the values printed on an application form. Every field is
// optional: an empty field is printed as an empty box to fill in by hand, so
// the zero FormData gives the blank form.
type FormData struct {
	FirstName  string
	LastName   string
	Street     string // correspondence address: street, house and flat number
	PostalCode string // correspondence address
	City       string // correspondence address
	Email      string // correspondence e-mail
	Phone      string

	PremisesStreet string
	PremisesHouse  string // building number
	PremisesNumber string // premises (flat, garage…) number

	Role           Role
	RegisterNumber string // member's register number; printed on IKCS forms only

	// RegulationTitle and RegulationVersion name the regulations the applicant
	// accepts; when empty (0), the form names the service's regulations
	// generically.
	RegulationTitle   string
	RegulationVersion int
	// RegulationsAccepted ticks the (required) acceptance of the regulations
	// and the acknowledgement of the information clause, for an application
	// already filed with both; otherwise the applicant ticks them by hand.
	RegulationsAccepted bool
	// EKorespondencja ticks the (optional) consent to e-Korespondencja.
	EKorespondencja bool

	Reference string // application number, printed when given
}

// StartPasswordData is what the printout of a start password shows.
type StartPasswordData struct {
	Service    Service
	PersonName string
	Login      string
	Password   string // the one-time start password, in clear
	ExpiresOn  string // already formatted, dd.mm.yyyy
	IssuedOn   string // already formatted, dd.mm.yyyy
	IssuedBy   string // the staff member who hands it over
	LoginURL   string // where to log in; the cooperative's website when empty
}
