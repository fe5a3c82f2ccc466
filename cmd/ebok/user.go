package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/store"
)

// cmdUserAdd adds a login to a cooperative: `ebok user add`. The password
// comes on stdin so it stays out of the shell history, or is generated.
func cmdUserAdd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, env func(string) string) error {
	fs, flags := newCoopFlags("user add")
	kind := fs.String("kind", "staff", "staff, resident (E-BOK) or member (IKCS)")
	login := fs.String("login", "", "login (letters, digits, '.', '-', '_')")
	name := fs.String("name", "", "name shown on pages")
	role := fs.String("role", "", "staff role: admin, membership, settlements, finance, estate, board")
	estate := fs.String("estate", "", "estate code (role estate)")
	person := fs.Int64("person", 0, "person id (resident and member logins)")
	email := fs.String("email", "", "e-mail")
	generate := fs.Bool("generate", false, "generate a password and print it instead of reading stdin")
	mustChange := fs.Bool("must-change", false, "require a new password at first login")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *login == "" || *name == "" {
		return usageError{"user add: --login and --name are required"}
	}
	k := auth.Kind(*kind)
	if err := checkNewUser(k, auth.Role(*role), *estate, *person); err != nil {
		return err
	}
	a, c, err := flags.open(ctx, env, stderr)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	u := auth.NewUser{CoopID: c.ID, Kind: k, Login: *login, DisplayName: *name, Email: *email,
		Role: auth.Role(*role), PersonID: *person, MustChange: *mustChange}
	if *estate != "" {
		u.EstateID, err = a.Coops.EstateID(ctx, c.ID, *estate)
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("no estate with the code %q in %s", *estate, c.Slug)
		}
		if err != nil {
			return err
		}
	}
	if *generate {
		if u.Password, err = randomPassword(); err != nil {
			return err
		}
	} else if u.Password, err = readPassword(stdin); err != nil {
		return err
	}
	id, err := a.Auth.CreateUser(ctx, u)
	if errors.Is(err, store.ErrConflict) {
		return fmt.Errorf("login %q already exists in %s", *login, c.Slug)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added %s login %q (id %d) to %s\n", k, *login, id, c.Name)
	if *generate {
		fmt.Fprintf(stdout, "password: %s\n", u.Password)
	}
	return nil
}

// checkNewUser checks, before the database is opened, that `ebok user
// add` has what a login of its kind needs: a staff role (with an estate
// for the estate role alone), or a person for residents and members.
func checkNewUser(k auth.Kind, role auth.Role, estate string, person int64) error {
	roles := make([]string, len(auth.Roles))
	for i, r := range auth.Roles {
		roles[i] = string(r)
	}
	switch {
	case k != auth.Staff && k != auth.Resident && k != auth.Member:
		return usageError{fmt.Sprintf("user add: unknown --kind %q: staff, resident or member", k)}
	case k != auth.Staff && person <= 0:
		return usageError{fmt.Sprintf("user add: --person ID is required with --kind %s", k)}
	case k != auth.Staff:
		return nil
	case role == "":
		return usageError{"user add: --role is required with --kind staff: " + strings.Join(roles, ", ")}
	case !auth.ValidRole(role):
		return usageError{fmt.Sprintf("user add: unknown --role %q: %s", role, strings.Join(roles, ", "))}
	case role == auth.RoleEstate && estate == "":
		return usageError{"user add: --estate CODE is required with --role estate"}
	case role != auth.RoleEstate && estate != "":
		return usageError{"user add: --estate goes only with --role estate"}
	}
	return nil
}

// findCoop picks the cooperative by slug, or the only one.
func findCoop(ctx context.Context, coops *coop.Service, slug string) (*coop.Cooperative, error) {
	if slug != "" {
		return coops.BySlug(ctx, slug)
	}
	c, err := coops.Only(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errors.New("no single cooperative in the database: run `ebok demo` first, or name one with --coop")
	}
	return c, err
}

// readPassword reads the new login's password from the first line of stdin.
func readPassword(stdin io.Reader) (string, error) {
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from stdin: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", usageError{"user add: give the password on stdin, or use --generate"}
	}
	return pw, nil
}

// passwordAlphabet leaves out look-alike characters (0/O, 1/l/I).
const passwordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// randomPassword makes a 16-character password from passwordAlphabet,
// in four groups of four so it is easy to read out and type.
func randomPassword() (string, error) {
	out := make([]byte, 0, 16)
	b := make([]byte, 32)
	// Bytes at or above the largest multiple of the alphabet's size are
	// skipped, so every character is equally likely.
	limit := byte(256 / len(passwordAlphabet) * len(passwordAlphabet))
	for len(out) < cap(out) {
		if _, err := rand.Read(b); err != nil {
			return "", fmt.Errorf("random password: %w", err)
		}
		for _, x := range b {
			if x < limit && len(out) < cap(out) {
				out = append(out, passwordAlphabet[int(x)%len(passwordAlphabet)])
			}
		}
	}
	return string(out[:4]) + "-" + string(out[4:8]) + "-" + string(out[8:12]) + "-" + string(out[12:]), nil
}

// cmdUserResetTOTP takes a login's authenticator app away, for a staff
// member who lost their phone and their recovery codes. It is audited.
func cmdUserResetTOTP(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer, env func(string) string) error {
	fs, flags := newCoopFlags("user reset-2fa")
	login := fs.String("login", "", "the login whose authenticator app is lost")
	reason := fs.String("reason", "", "why, for the audit log (e.g. who asked and how they were identified)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *login == "" || strings.TrimSpace(*reason) == "" {
		return usageError{"user reset-2fa: --login and --reason are required"}
	}
	a, c, err := flags.open(ctx, env, stderr)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	u, err := a.Auth.ResetTOTP(ctx, audit.System(c.ID), *login, *reason, "ebok user reset-2fa")
	if errors.Is(err, auth.ErrNoSuchLogin) {
		return fmt.Errorf("no login %q in %s", *login, c.Slug)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "took the authenticator app of %q in %s away and ended its sessions; it sets up a new one at next login\n", u.Login, c.Name)
	return nil
}
