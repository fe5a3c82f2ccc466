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
	// TOTPEnabled: the user confirmed an authenticator app and logs in
	// with a second factor.
	TOTPEnabled bool
}

// Errors a caller shows to people (through the message catalogue).
var (
	// ErrInvalidCredentials: wrong login or password. Deliberately the same
	// error for an unknown login.
	ErrInvalidCredentials = errors.New("auth: invalid credentials")
	// ErrInvalidLogin: a new login has characters other than letters,
	// digits, dot, hyphen and underscore.
	ErrInvalidLogin = errors.New("auth: login may contain only letters, digits, '.', '-' and '_'")
	// ErrWeakPassword: a new password does not meet the policy. The errors
	// of Policy.Check wrap it and say why.
	ErrWeakPassword = errors.New("auth: weak password")
)

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
	// Password must meet the policy (CheckPassword). Empty leaves the login
	// without a usable password until IssueStartPassword gives it one.
	Password   string
	MustChange bool
}

// CreateUser adds a login. The login is unique per cooperative regardless
// of case (ErrConflict otherwise). Called with a context carrying another
// service's transaction (store.Tx.Context), it joins that transaction, so
// that creating a login, issuing its start password and recording why
// happen together or not at all.
func (s *Service) CreateUser(ctx context.Context, u NewUser) (int64, error) {
	// The password is hashed before the transaction so that the writer is
	// not held for the time the hash takes.
	hash, err := s.newUserHash(ctx, u)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		id, err = s.insertUser(ctx, tx, u, hash)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("auth: create user %s: %w", u.Login, err)
	}
	return id, nil
}

// newUserHash validates u and hashes its password; an empty password gets
// the hash of a random secret nobody knows.
func (s *Service) newUserHash(ctx context.Context, u NewUser) (string, error) {
	if !loginPattern.MatchString(u.Login) {
		return "", ErrInvalidLogin
	}
	if u.Kind == Staff && !ValidRole(u.Role) {
		return "", fmt.Errorf("auth: unknown staff role %q", u.Role)
	}
	pw := u.Password
	if pw == "" {
		secret, err := randomToken()
		if err != nil {
			return "", err
		}
		pw = secret
	} else if err := s.Policy.Check(pw, u.Login); err != nil {
		return "", err
	}
	return s.Hasher.Hash(ctx, pw)
}

func (s *Service) insertUser(ctx context.Context, tx *store.Tx, u NewUser, hash string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO users
		(coop_id, kind, login, person_id, display_name, email, role, estate_id, password_hash, must_change_password, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		u.CoopID, string(u.Kind), u.Login, nullID(u.PersonID), u.DisplayName, u.Email,
		nullString(string(u.Role)), nullID(u.EstateID), hash, u.MustChange, s.now()).Scan(&id)
	return id, err
}

// userColumns are the columns scanUser reads, from users aliased as u.
const userColumns = `u.id, u.coop_id, u.kind, u.login, COALESCE(u.person_id, 0), u.display_name, u.email,
	COALESCE(u.role, ''), COALESCE(u.estate_id, 0), u.must_change_password, u.totp_enabled_at IS NOT NULL`

func scanUser(row interface{ Scan(...any) error }, u *User, extra ...any) error {
	var kind, role string
	dest := append([]any{&u.ID, &u.CoopID, &kind, &u.Login, &u.PersonID, &u.DisplayName, &u.Email,
		&role, &u.EstateID, &u.MustChangePassword, &u.TOTPEnabled}, extra...)
	if err := row.Scan(dest...); err != nil {
		return store.MapError(err)
	}
	u.Kind, u.Role = Kind(kind), Role(role)
	return nil
}

// UserByID loads a user of the given cooperative.
func (s *Service) UserByID(ctx context.Context, coopID, id int64) (*User, error) {
	var u User
	row := s.DB.Read().QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.coop_id = $1 AND u.id = $2`, coopID, id)
	if err := scanUser(row, &u); err != nil {
		return nil, fmt.Errorf("auth: user %d: %w", id, err)
	}
	return &u, nil
}

// UserByLogin loads the user of the cooperative with a login, in any case
// and of any kind (fault.ErrNotFound when there is none), for staff tools
// such as the audit log's filter. It is not the login check: it takes
// longer when the login exists (see Login).
func (s *Service) UserByLogin(ctx context.Context, coopID int64, login string) (*User, error) {
	u, err := userByLogin(ctx, s.DB.Read(), coopID, login)
	if err != nil {
		return nil, fmt.Errorf("auth: user %q: %w", login, err)
	}
	return u, nil
}

// userByLogin reads the user of the cooperative with a login, in any case.
func userByLogin(ctx context.Context, q store.Querier, coopID int64, login string) (*User, error) {
	var u User
	row := q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.coop_id = $1 AND lower(u.login) = $2`,
		coopID, normalizeLogin(login))
	if err := scanUser(row, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

func normalizeLogin(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func (s *Service) now() time.Time { return s.Now().UTC() }
