// Package demo generates a realistic, deterministic demo cooperative:
// estates, buildings, premises, people, legal titles, memberships, virtual
// accounts, a fee schedule rising every January and ten years of ledger
// (monthly charges, payments, arrears, overpayments, interest, corrections)
// plus a handful of demo logins.
//
// Generate streams the ledger: one goroutine generates rows while another
// writes them (multi-row INSERTs on SQLite, COPY on PostgreSQL), so memory
// stays bounded at any size; 100,000 premises make about 23 million ledger
// entries.
package demo

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/store"
)

// ErrExists is returned (wrapped) when a cooperative with the requested
// slug is already in the database.
var ErrExists = errors.New("demo: cooperative already exists")

// Demo passwords, fixed so that they can be printed and documented.
const (
	PasswordAdmin    = "demo-admin"
	PasswordEstate   = "demo-administracja"
	PasswordResident = "demo-mieszkaniec"
	PasswordMember   = "demo-czlonek"
)

// DefaultPremises is the size of the demo cooperative when Options.Premises
// is zero.
const DefaultPremises = 2000

// MinPremises is the smallest cooperative Generate builds.
const MinPremises = 50

// Options tune Generate.
type Options struct {
	// Seed selects the data; the same seed and options give the same data.
	Seed int64
	// Premises is the number of premises (default DefaultPremises).
	Premises int
	// Today is the last day of the ledger, which covers the 120 months
	// ending with Today's month. Required: there is no hidden clock.
	Today civil.Date
	// Slug of the new cooperative (default "demo").
	Slug string
	// HashPassword hashes the demo logins' passwords. Required.
	HashPassword func(password string) (string, error)
	// Logger receives progress lines (default: none).
	Logger *slog.Logger
}

// Login is one demo login.
type Login struct {
	Kind     string // "resident", "member" or "staff"
	Login    string
	Password string
	Who      string // who this is, in Polish
}

// Result describes the generated cooperative.
type Result struct {
	CoopID int64
	// EstateID is the first estate's, which the demo estate
	// administration's login serves.
	EstateID  int64
	Estates   int
	Buildings int
	Premises  int
	Persons   int
	Members   int // current members
	Entries   int64
	Logins    []Login
}

// Generate builds a demo cooperative in db. It returns an error wrapping
// ErrExists when the slug is taken. On PostgreSQL everything is one
// transaction; on SQLite the ledger is committed in parts as it is written
// (readers may see a cooperative in the making) and a run that fails
// deletes what it committed.
func Generate(ctx context.Context, db *store.DB, opts Options) (Result, error) {
	opts = opts.withDefaults()
	if err := opts.validate(); err != nil {
		return Result{}, err
	}
	if err := slugFree(ctx, db, opts.Slug); err != nil {
		return Result{}, err
	}
	logins, hashes, err := demoLogins(opts.HashPassword)
	if err != nil {
		return Result{}, err
	}

	began := time.Now()
	m := newModel(opts.Seed, opts.Today, opts.Premises)
	opts.Logger.Info("demo: register built", "premises", len(m.premises), "persons", len(m.persons),
		"titles", len(m.titles), "memberships", len(m.members), "took", time.Since(began).Round(time.Millisecond))

	w := &writer{m: m, opts: opts, logins: logins, hashes: hashes}
	if err := w.write(ctx, db); err != nil {
		return Result{}, withCancel(ctx, err)
	}
	settled, err := addMeters(ctx, db, w.res.CoopID, opts.Today)
	if err != nil {
		return Result{}, withCancel(ctx, err)
	}
	w.res.Entries += int64(settled)
	opts.Logger.Info("demo: done", "coop_id", w.res.CoopID, "entries", w.res.Entries, "took", time.Since(began).Round(time.Millisecond))
	return w.res, nil
}

// withCancel says that a generation was cancelled when it was, whatever
// the driver reported: pgx cuts the connection of a COPY whose context
// ends, and reports the closed connection rather than the cancellation.
func withCancel(ctx context.Context, err error) error {
	if ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		return errors.Join(err, ctx.Err())
	}
	return err
}

// withDefaults returns the options with the defaults filled in.
func (opts Options) withDefaults() Options {
	if opts.Premises == 0 {
		opts.Premises = DefaultPremises
	}
	if opts.Slug == "" {
		opts.Slug = "demo"
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return opts
}

// validate reports options Generate cannot work with.
func (opts Options) validate() error {
	switch {
	case opts.Premises < MinPremises:
		return fmt.Errorf("demo: %d premises asked for, at least %d needed", opts.Premises, MinPremises)
	case !opts.Today.IsValid():
		return fmt.Errorf("demo: Today (%v) is not a valid date", opts.Today)
	case opts.HashPassword == nil:
		return errors.New("demo: HashPassword is required")
	}
	return nil
}

// slugFree returns an error wrapping ErrExists when a cooperative has the
// slug, before any work is done; the loader checks again when it stores.
func slugFree(ctx context.Context, db *store.DB, slug string) error {
	var taken int
	switch err := db.Read().QueryRowContext(ctx, `SELECT 1 FROM cooperatives WHERE slug = $1`, slug).Scan(&taken); {
	case err == nil:
		return fmt.Errorf("%w: slug %q", ErrExists, slug)
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("demo: look up slug: %w", err)
	}
	return nil
}

// demoLogins returns the four demo logins, their login names and
// descriptions still to be filled in, and their passwords' hashes.
func demoLogins(hash func(password string) (string, error)) ([]Login, []string, error) {
	logins := []Login{
		{Kind: "staff", Login: "admin", Password: PasswordAdmin},
		{Kind: "staff", Login: "administracja", Password: PasswordEstate},
		{Kind: "resident", Password: PasswordResident},
		{Kind: "member", Password: PasswordMember},
	}
	hashes := make([]string, len(logins))
	for i, l := range logins {
		h, err := hash(l.Password)
		if err != nil {
			return nil, nil, fmt.Errorf("demo: hash password: %w", err)
		}
		hashes[i] = h
	}
	return logins, hashes, nil
}

// The who… functions describe the demo logins, in Polish; Generate and
// Logins share them so that both say the same.

// whoAdmin describes the administrator's login.
func whoAdmin() string { return "administrator systemu (pełne uprawnienia)" }

// whoEstate describes the login of the staff of the named estate.
func whoEstate(estate string) string { return "pracownik administracji osiedla „" + estate + "”" }

// whoResident describes the demo resident's login.
func whoResident(name string) string {
	return "mieszkaniec z trzema lokalami: mieszkanie, garaż i miejsce postojowe (" + name + ")"
}

// whoMember describes the demo member's login.
func whoMember(name string) string {
	return "członek spółdzielni z mieszkaniem na spółdzielczym własnościowym prawie (" + name + ")"
}

// Logins returns the demo logins of the cooperative with the given slug as
// Generate created them: the passwords are the generated ones, so a login
// whose password was changed since no longer accepts its. It returns an
// error wrapping store.ErrNotFound when there is no such cooperative or it
// was not made by Generate.
func Logins(ctx context.Context, db *store.DB, slug string) ([]Login, error) {
	rows, err := db.Read().QueryContext(ctx, `SELECT u.kind, u.login, COALESCE(u.role, ''), u.display_name, COALESCE(e.name, '')
		FROM users u JOIN cooperatives c ON c.id = u.coop_id
		LEFT JOIN estates e ON e.coop_id = u.coop_id AND e.id = u.estate_id
		WHERE c.slug = $1 ORDER BY u.id LIMIT 4`, slug)
	if err != nil {
		return nil, fmt.Errorf("demo: logins: %w", err)
	}
	defer rows.Close()
	var logins []Login
	for rows.Next() {
		var kind, login, role, name, estate string
		if err := rows.Scan(&kind, &login, &role, &name, &estate); err != nil {
			return nil, fmt.Errorf("demo: logins: %w", err)
		}
		l := Login{Kind: kind, Login: login}
		switch len(logins) {
		case 0:
			l.Password, l.Who = PasswordAdmin, whoAdmin()
		case 1:
			l.Password, l.Who = PasswordEstate, whoEstate(estate)
		case 2:
			l.Password, l.Who = PasswordResident, whoResident(name)
		case 3:
			l.Password, l.Who = PasswordMember, whoMember(name)
		}
		logins = append(logins, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("demo: logins: %w", err)
	}
	want := []struct{ kind, login, prefix string }{{"staff", "admin", ""}, {"staff", "administracja", ""}, {"resident", "", "E"}, {"member", "", "CZ-"}}
	ok := len(logins) == len(want)
	for i := 0; ok && i < len(want); i++ {
		l := logins[i]
		ok = l.Kind == want[i].kind && (l.Login == want[i].login || want[i].login == "" && strings.HasPrefix(l.Login, want[i].prefix))
	}
	if !ok {
		return nil, fmt.Errorf("demo: %w: no demo logins in cooperative %q", store.ErrNotFound, slug)
	}
	return logins, nil
}
