package web

import (
	"slices"
	"strings"

	"github.com/ebok/ebok/internal/auth"
)

// Policy says who may use a route. Every route in the table has one; a
// test walks the table and fails for a route without.
type Policy struct {
	// name is what the route table test and the logs show.
	name string
	// kind is the login kind required; empty for public and ops routes.
	kind auth.Kind
	// roles limits staff routes to these roles; empty means any staff.
	roles []auth.Role
	// ops marks operational endpoints (metrics): loopback or bearer token.
	ops bool
	// anyUser admits every logged-in user whatever their kind.
	anyUser bool
	// setup routes stay open while a user still owes a password change or,
	// for staff, the enrolment of a second factor.
	setup bool
}

// The policies.
var (
	// Public: anyone, logged in or not.
	Public = Policy{name: "public"}
	// Ops: monitoring: callers on loopback, or with the metrics token.
	Ops = Policy{name: "ops", ops: true}
	// ResidentOnly: an E-BOK login.
	ResidentOnly = Policy{name: "resident", kind: auth.Resident}
	// MemberOnly: an IKCS login.
	MemberOnly = Policy{name: "member", kind: auth.Member}
	// AnyStaff: any staff login.
	AnyStaff = Policy{name: "staff", kind: auth.Staff}
	// LoggedIn: any logged-in user; reachable before the first password
	// change and the second-factor enrolment, which these routes perform.
	LoggedIn = Policy{name: "logged-in", anyUser: true, setup: true}
	// PendingSecondFactor: a session that passed the password and owes its
	// one-time code.
	PendingSecondFactor = Policy{name: "pending-2fa"}
)

// StaffRoles allows staff with one of the roles (administrators always).
func StaffRoles(roles ...auth.Role) Policy {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return Policy{name: "staff:" + strings.Join(names, ","), kind: auth.Staff, roles: roles}
}

// IsZero reports a missing policy.
func (p Policy) IsZero() bool { return p.name == "" }

// String names the policy.
func (p Policy) String() string { return p.name }

// allows reports whether a user (nil when anonymous) passes the policy.
func (p Policy) allows(u *auth.User) bool {
	switch {
	case p.anyUser:
		return u != nil
	case p.kind == "":
		return true
	case u == nil || u.Kind != p.kind:
		return false
	case len(p.roles) == 0 || u.Role == auth.RoleAdmin:
		return true
	default:
		return slices.Contains(p.roles, u.Role)
	}
}
