package messages

import (
	"slices"

	"github.com/ebok/ebok/internal/auth"
)

// Scope is what a staff member's desk holds: the departments and, for an
// estate administration, its estate.
type Scope struct {
	// All: every department of every estate (administrators, the board).
	All bool
	// Departments are the departments seen when not All.
	Departments []Department
	// EstateID limits the desk to one estate (0: every estate).
	EstateID int64
}

// ScopeOf is the desk of a staff member by role: settlements (and finance)
// see settlements, membership sees membership, an estate administration
// the estate and technical departments of its own estate only;
// administrators and the board see everything.
func ScopeOf(role auth.Role, estateID int64) Scope {
	switch role {
	case auth.RoleAdmin, auth.RoleBoard:
		return Scope{All: true}
	case auth.RoleSettlements, auth.RoleFinance:
		return Scope{Departments: []Department{DeptSettlements}}
	case auth.RoleMembership:
		return Scope{Departments: []Department{DeptMembership}}
	case auth.RoleEstate:
		return Scope{Departments: []Department{DeptEstate, DeptTechnical}, EstateID: estateID}
	}
	return Scope{}
}

// Sees reports whether the scope holds a thread.
func (sc Scope) Sees(t Thread) bool {
	if sc.All {
		return true
	}
	return slices.Contains(sc.Departments, t.Department) && (sc.EstateID == 0 || sc.EstateID == t.EstateID)
}

// Has reports whether the scope holds a department.
func (sc Scope) Has(d Department) bool { return sc.All || slices.Contains(sc.Departments, d) }
