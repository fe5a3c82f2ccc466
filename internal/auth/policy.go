package auth

import (
	_ "embed" // the common-password list
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

//go:generate go run common_passwords_gen.go

// commonPasswords lists passwords people pick most often, lowercased, one a
// line (see common_passwords_gen.go for where they come from).
//
//go:embed common_passwords.txt
var commonPasswords string

// MinPasswordLength is the shortest new password ebok accepts, in
// characters (not bytes).
const MinPasswordLength = 10

// MaxPasswordBytes is the longest new password ebok accepts: the login form
// takes no more, so a longer one could never be typed in again.
const MaxPasswordBytes = 256

// minLoginInPassword is the shortest login the policy looks for inside a
// password: a one- or two-letter login is part of too many good passwords
// to mean anything.
const minLoginInPassword = 3

// Why a new password is refused. Each wraps ErrWeakPassword, so a caller
// that handles only that still refuses them all.
var (
	// ErrPasswordTooShort: fewer than MinPasswordLength characters.
	ErrPasswordTooShort = fmt.Errorf("%w: shorter than %d characters", ErrWeakPassword, MinPasswordLength)
	// ErrPasswordTooLong: more than MaxPasswordBytes bytes.
	ErrPasswordTooLong = fmt.Errorf("%w: longer than %d bytes", ErrWeakPassword, MaxPasswordBytes)
	// ErrPasswordCommon: among the passwords people choose most often.
	ErrPasswordCommon = fmt.Errorf("%w: a common password", ErrWeakPassword)
	// ErrPasswordContainsLogin: the password contains the login.
	ErrPasswordContainsLogin = fmt.Errorf("%w: contains the login", ErrWeakPassword)
)

// Policy decides whether a new password is good enough. Following NIST SP
// 800-63B it asks for length only, no mix of character classes, and refuses
// passwords that attackers try first.
type Policy struct {
	common map[string]struct{}
}

// NewPolicy returns a Policy with the embedded common-password list loaded.
func NewPolicy() (*Policy, error) {
	p := &Policy{common: make(map[string]struct{}, strings.Count(commonPasswords, "\n"))}
	for line := range strings.Lines(commonPasswords) {
		if pw := strings.TrimRight(line, "\r\n"); pw != "" {
			p.common[strings.ToLower(pw)] = struct{}{}
		}
	}
	if len(p.common) < 10000 {
		return nil, errors.New("auth: the embedded common-password list is missing or truncated")
	}
	return p, nil
}

// Check returns nil when password may be set for login, or one of
// ErrPasswordTooShort, ErrPasswordTooLong, ErrPasswordContainsLogin and
// ErrPasswordCommon. Letters are compared regardless of case.
func (p *Policy) Check(password, login string) error {
	if utf8.RuneCountInString(password) < MinPasswordLength {
		return ErrPasswordTooShort
	}
	if len(password) > MaxPasswordBytes {
		return ErrPasswordTooLong
	}
	lower := strings.ToLower(password)
	if l := normalizeLogin(login); utf8.RuneCountInString(l) >= minLoginInPassword && strings.Contains(lower, l) {
		return ErrPasswordContainsLogin
	}
	if _, ok := p.common[lower]; ok {
		return ErrPasswordCommon
	}
	return nil
}

// CheckPassword applies the service's password policy to a new password for
// login (see Policy.Check).
func (s *Service) CheckPassword(password, login string) error {
	return s.Policy.Check(password, login)
}
