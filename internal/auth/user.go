package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// Kind says which door a login opens.
type Kind string

// The kinds of login.
const (
	// Resident logs in through the E-BOK panel with an identifier.
	Resident Kind = "resident"
	// Member logs in through the IKCS panel with a login containing the
	// member register number.
	Member Kind = "member"
	// Staff logs in through the staff door.
	Staff Kind = "staff"
)

// Role is a staff member's department.
type Role string

// Staff roles.
const (
	RoleAdmin       Role = "admin"       // system administrator
	RoleMembership  Role = "membership"  // membership and premises department
	RoleSettlements Role = "settlements" // rent settlements and debt collection
	RoleFinance     Role = "finance"     // finance and accounting
	RoleEstate      Role = "estate"      // an estate administration (one estate)
	RoleBoard       Role = "board"       // the board
)

// Roles lists every staff role.
var Roles = []Role{RoleAdmin, RoleMembership, RoleSettlements, RoleFinance, RoleEstate, RoleBoard}

// ValidRole reports whether r is a known staff role.
func ValidRole(r Role) bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// User is a login.
type User struct {
	ID                 int64
	CoopID             int64
	Kind               Kind
	Login              string
	PersonID           int64 // 0 for staff
	DisplayName        string
	Email              string
	Role               Role  // staff only
	EstateID           int64 // estate administration staff only
	MustChangePassword bool
}

// Errors a caller shows to people (through the message catalogue).
var (
	// ErrInvalidCredentials: wrong login or password. Deliberately the same
	// error for an unknown login.
	ErrInvalidCredentials = errors.New("auth: invalid credentials")
	// ErrInvalidLogin: a new login has characters other than letters,
	// digits, dot, hyphen and underscore.
	ErrInvalidLogin = errors.New("auth: login may contain only letters, digits, '.', '-' and '_'")
	// ErrWeakPassword: a new password is too short.
	ErrWeakPassword = errors.New("auth: password too short")
)

// MinPasswordLength is the shortest password ebok accepts.
const MinPasswordLength = 10

var loginPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{2,64}$`)

// NewUser describes a login to create.
type NewUser struct {
	CoopID      int64
	Kind        Kind
	Login       string
	PersonID    int64
	DisplayName string
	Email       string
	Role        Role
	EstateID    int64
	Password    string
	MustChange  bool
}

// CreateUser adds a login. The login is unique per cooperative regardless
// of case (ErrConflict otherwise).
func (s *Service) CreateUser(ctx context.Context, u NewUser) (int64, error) {
	if !loginPattern.MatchString(u.Login) {
		return 0, ErrInvalidLogin
	}
	if len([]rune(u.Password)) < MinPasswordLength {
		return 0, ErrWeakPassword
	}
	if u.Kind == Staff && !ValidRole(u.Role) {
		return 0, fmt.Errorf("auth: unknown staff role %q", u.Role)
	}
	hash, err := s.Hasher.Hash(ctx, u.Password)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO users
			(coop_id, kind, login, person_id, display_name, email, role, estate_id, password_hash, must_change_password, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			u.CoopID, string(u.Kind), u.Login, nullID(u.PersonID), u.DisplayName, u.Email,
			nullString(string(u.Role)), nullID(u.EstateID), hash, u.MustChange, s.now()).Scan(&id)
	})
	if err != nil {
		return 0, fmt.Errorf("auth: create user %s: %w", u.Login, err)
	}
	return id, nil
}

const userColumns = `id, coop_id, kind, login, COALESCE(person_id, 0), display_name, email,
	COALESCE(role, ''), COALESCE(estate_id, 0), must_change_password`

func scanUser(row interface{ Scan(...any) error }, u *User, extra ...any) error {
	var kind, role string
	dest := append([]any{&u.ID, &u.CoopID, &kind, &u.Login, &u.PersonID, &u.DisplayName, &u.Email,
		&role, &u.EstateID, &u.MustChangePassword}, extra...)
	if err := row.Scan(dest...); err != nil {
		return store.MapError(err)
	}
	u.Kind, u.Role = Kind(kind), Role(role)
	return nil
}

// UserByID loads a user of the given cooperative.
func (s *Service) UserByID(ctx context.Context, coopID, id int64) (*User, error) {
	var u User
	row := s.DB.Read().QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE coop_id = $1 AND id = $2`, coopID, id)
	if err := scanUser(row, &u); err != nil {
		return nil, fmt.Errorf("auth: user %d: %w", id, err)
	}
	return &u, nil
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

func normalizeLogin(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func (s *Service) now() time.Time { return s.Now().UTC() }
