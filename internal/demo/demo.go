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
	CoopID    int64
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
	if opts.Premises == 0 {
		opts.Premises = DefaultPremises
	}
	if opts.Slug == "" {
		opts.Slug = "demo"
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	switch {
	case opts.Premises < MinPremises:
		return Result{}, fmt.Errorf("demo: %d premises asked for, at least %d needed", opts.Premises, MinPremises)
	case !opts.Today.IsValid():
		return Result{}, fmt.Errorf("demo: Today (%v) is not a valid date", opts.Today)
	case opts.HashPassword == nil:
		return Result{}, errors.New("demo: HashPassword is required")
	}
	var taken int
	switch err := db.Read().QueryRowContext(ctx, `SELECT 1 FROM cooperatives WHERE slug = $1`, opts.Slug).Scan(&taken); {
	case err == nil:
		return Result{}, fmt.Errorf("%w: slug %q", ErrExists, opts.Slug)
	case !errors.Is(err, sql.ErrNoRows):
		return Result{}, fmt.Errorf("demo: look up slug: %w", err)
	}
	logins := []Login{
		{Kind: "staff", Login: "admin", Password: PasswordAdmin},
		{Kind: "staff", Login: "administracja", Password: PasswordEstate},
		{Kind: "resident", Password: PasswordResident},
		{Kind: "member", Password: PasswordMember},
	}
	hashes := make([]string, len(logins))
	for i, l := range logins {
		h, err := opts.HashPassword(l.Password)
		if err != nil {
			return Result{}, fmt.Errorf("demo: hash password: %w", err)
		}
		hashes[i] = h
	}

	began := time.Now()
	m := newModel(opts.Seed, opts.Today, opts.Premises)
	opts.Logger.Info("demo: register built", "premises", len(m.premises), "persons", len(m.persons),
		"titles", len(m.titles), "memberships", len(m.members), "took", time.Since(began).Round(time.Millisecond))

	w := &writer{m: m, opts: opts, logins: logins, hashes: hashes}
	var err error
	switch db.Dialect() {
	case store.SQLite:
		err = withSQLite(ctx, db, func(l loader) error { return w.run(ctx, l) })
	case store.Postgres:
		err = withPostgres(ctx, db, func(l loader) error { return w.run(ctx, l) })
	default:
		err = fmt.Errorf("demo: unsupported database %q", db.Dialect())
	}
	if err != nil {
		return Result{}, err
	}
	if err := addMeters(ctx, db, w.res.CoopID, opts.Today); err != nil {
		return Result{}, err
	}
	opts.Logger.Info("demo: done", "coop_id", w.res.CoopID, "entries", w.res.Entries, "took", time.Since(began).Round(time.Millisecond))
	return w.res, nil
}

// writer stores the model through a loader.
type writer struct {
	m      *model
	opts   Options
	logins []Login
	hashes []string
	ids    map[string]int64 // first explicit id of each table
	res    Result
}

func (w *writer) id(table string, index int) int64 { return w.ids[table] + int64(index) }

func (w *writer) run(ctx context.Context, l loader) error {
	m := w.m
	exists, err := l.queryInt(ctx, "SELECT id FROM cooperatives WHERE slug = $1", w.opts.Slug)
	if err != nil {
		return fmt.Errorf("demo: look up slug: %w", err)
	}
	if exists.Valid {
		return fmt.Errorf("%w: slug %q", ErrExists, w.opts.Slug)
	}
	w.ids = make(map[string]int64, len(tables))
	for _, t := range tables {
		id, err := l.nextID(ctx, t)
		if err != nil {
			return fmt.Errorf("demo: next id of %s: %w", t, err)
		}
		w.ids[t] = id
	}
	coopID := w.id("cooperatives", 0)
	l.started(coopID)
	w.res = Result{
		CoopID: coopID, Estates: len(m.estates), Buildings: len(m.buildings), Premises: len(m.premises),
		Persons: len(m.persons), Members: m.currentMembers(),
	}
	steps := []struct {
		table string
		cols  []string
		rows  func(l loader) ([][]any, error)
	}{
		{"cooperatives", []string{"id", "slug", "name", "short_name", "street", "postal_code", "city", "nip", "regon", "krs", "bank_account", "fee_due_day", "phone", "email", "website", "created_at"}, w.coopRows},
		{"estates", []string{"id", "coop_id", "code", "name", "office_street", "office_postal_code", "office_city", "office_phone", "office_email"}, w.estateRows},
		{"buildings", []string{"id", "coop_id", "estate_id", "street", "number", "postal_code", "city"}, w.buildingRows},
		{"premises", []string{"id", "coop_id", "building_id", "kind", "number", "floor", "usable_area", "rooms", "persons"}, w.premisesRows},
		{"persons", []string{"id", "coop_id", "first_name", "last_name", "company_name", "street", "postal_code", "city", "email", "phone", "created_at"}, w.personRows},
		{"titles", []string{"id", "coop_id", "premises_id", "kind", "starts_on", "ends_on"}, w.titleRows},
		{"title_holders", []string{"id", "coop_id", "title_id", "person_id", "share_num", "share_den"}, w.holderRows},
		{"memberships", []string{"id", "coop_id", "person_id", "register_number", "joined_on", "left_on"}, w.memberRows},
		{"accounts", []string{"id", "coop_id", "premises_id", "nrb", "opened_on"}, w.accountRows},
		{"fee_components", []string{"id", "coop_id", "code", "name", "base", "position"}, w.componentRows},
		{"fee_rates", []string{"id", "coop_id", "component_id", "premises_kind", "rate", "effective_from"}, w.rateRows},
		{"users", []string{"id", "coop_id", "kind", "login", "person_id", "display_name", "email", "role", "estate_id", "password_hash", "must_change_password", "created_at"}, w.userRows},
	}
	for _, s := range steps {
		rows, err := s.rows(l)
		if err != nil {
			return err
		}
		if err := l.insert(ctx, s.table, s.cols, rows); err != nil {
			return err
		}
	}
	w.opts.Logger.Info("demo: register stored", "coop_id", coopID)

	cal := newCalendar(m)
	lc := ledgerConfig{coopID: coopID, firstID: w.ids["ledger_entries"], cal: cal, dueDay: m.dueDay}
	for _, p := range cal.periods {
		lc.chargeDsc = append(lc.chargeDsc, "Opłaty za "+p.Format())
	}
	accounts := w.ids["accounts"]
	var entries int64
	err = l.ledger(ctx, lc, func(ctx context.Context, s ledgerSink) error {
		g := newLedgerGen(m, cal, w.opts.Seed)
		n := len(m.premises)
		step := max(1, n/10)
		for i := 0; i < n; i++ {
			if i%64 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			g.account(i, accounts+int64(i), s)
			if (i+1)%step == 0 && i+1 < n {
				w.opts.Logger.Info("demo: ledger", "accounts", i+1, "of", n, "entries", g.entries)
			}
		}
		entries = g.entries
		return nil
	})
	if err != nil {
		return err
	}
	w.res.Entries = entries
	if err := l.finish(ctx, tables); err != nil {
		return err
	}
	w.opts.Logger.Info("demo: ledger stored", "entries", entries)
	return nil
}

func (w *writer) coopRows(l loader) ([][]any, error) {
	c := &w.m.coop
	return [][]any{{w.id("cooperatives", 0), w.opts.Slug, c.name, c.shortName, c.street, c.postal, c.city,
		c.nip, c.regon, c.krs, c.bankAccount, int64(w.m.dueDay), c.phone, c.email, c.website, l.tsVal(w.m.today)}}, nil
}

func (w *writer) estateRows(loader) ([][]any, error) {
	coop := w.id("cooperatives", 0)
	rows := make([][]any, len(w.m.estates))
	for i, e := range w.m.estates {
		rows[i] = []any{w.id("estates", i), coop, e.code, e.name, e.street, e.postal, e.city, e.phone, e.email}
	}
	return rows, nil
}

func (w *writer) buildingRows(loader) ([][]any, error) {
	coop := w.id("cooperatives", 0)
	rows := make([][]any, len(w.m.buildings))
	for i, b := range w.m.buildings {
		rows[i] = []any{w.id("buildings", i), coop, w.id("estates", int(b.estate)), b.street, b.number, b.postal, b.city}
	}
	return rows, nil
}

func (w *writer) premisesRows(loader) ([][]any, error) {
	coop := w.id("cooperatives", 0)
	rows := make([][]any, len(w.m.premises))
	for i := range w.m.premises {
		p := &w.m.premises[i]
		var floor, rooms any
		if p.floor != noFloor {
			floor = int64(p.floor)
		}
		if p.kind == kindFlat {
			rooms = int64(p.rooms)
		}
		rows[i] = []any{w.id("premises", i), coop, w.id("buildings", int(p.building)), kindNames[p.kind], p.number,
			floor, p.area, rooms, int64(p.persons)}
	}
	return rows, nil
}

func (w *writer) personRows(l loader) ([][]any, error) {
	coop := w.id("cooperatives", 0)
	rows := make([][]any, len(w.m.persons))
	for i := range w.m.persons {
		p := &w.m.persons[i]
		rows[i] = []any{w.id("persons", i), coop, p.first, p.last, p.company, p.street, p.postal, p.city, p.email, p.phone, l.tsVal(p.created)}
	}
	return rows, nil
}

func (w *writer) titleRows(l loader) ([][]any, error) {
	coop := w.id("cooperatives", 0)
	rows := make([][]any, len(w.m.titles))
	for i := range w.m.titles {
		t := &w.m.titles[i]
		rows[i] = []any{w.id("titles", i), coop, w.id("premises", int(t.premises)), titleKindNames[t.kind], l.dateVal(t.start), l.dateVal(t.end)}
	}
	return rows, nil
}

func (w *writer) holderRows(loader) ([][]any, error) {
	coop := w.id("cooperatives", 0)
	rows := make([][]any, 0, len(w.m.holders))
	for ti := range w.m.titles {
		t := &w.m.titles[ti]
		for hi := t.holder0; hi < t.holder0+int32(t.nHolders); hi++ {
			h := &w.m.holders[hi]
			rows = append(rows, []any{w.id("title_holders", int(hi)), coop, w.id("titles", ti), w.id("persons", int(h.person)), int64(h.num), int64(h.den)})
		}
	}
	return rows, nil
}

func (w *writer) memberRows(l loader) ([][]any, error) {
	coop := w.id("cooperatives", 0)
	rows := make([][]any, len(w.m.members))
	for i := range w.m.members {
		mb := &w.m.members[i]
		rows[i] = []any{w.id("memberships", i), coop, w.id("persons", int(mb.person)), mb.number, l.dateVal(mb.joined), l.dateVal(mb.left)}
	}
	return rows, nil
}

func (w *writer) accountRows(l loader) ([][]any, error) {
	coop := w.id("cooperatives", 0)
	opened := l.dateVal(w.m.start)
	rows := make([][]any, len(w.m.premises))
	for i := range w.m.premises {
		pid := w.id("premises", i)
		acct, err := w.m.virtualAccount(pid)
		if err != nil {
			return nil, fmt.Errorf("demo: virtual account of premises %d: %w", pid, err)
		}
		rows[i] = []any{w.id("accounts", i), coop, pid, acct, opened}
	}
	return rows, nil
}

func (w *writer) componentRows(loader) ([][]any, error) {
	coop := w.id("cooperatives", 0)
	rows := make([][]any, len(components))
	for i, c := range components {
		rows[i] = []any{w.id("fee_components", i), coop, c.code, c.name, c.base, int64(i + 1)}
	}
	return rows, nil
}

func (w *writer) rateRows(l loader) ([][]any, error) {
	coop := w.id("cooperatives", 0)
	s := w.m.sched
	var rows [][]any
	for y := range s.rate {
		from := l.dateVal(civil.Date{Year: s.firstYear + y, Month: time.January, Day: 1})
		for c := range components {
			for k := 0; k < numKinds; k++ {
				if rate := s.rate[y][k][c]; rate > 0 {
					rows = append(rows, []any{w.id("fee_rates", len(rows)), coop, w.id("fee_components", c), kindNames[k], rate, from})
				}
			}
		}
	}
	return rows, nil
}

func (w *writer) userRows(l loader) ([][]any, error) {
	m := w.m
	coop := w.id("cooperatives", 0)
	created := l.tsVal(m.today)
	resident, member := &m.persons[m.demoResident], &m.persons[m.demoMember]
	estate := &m.estates[0]
	w.logins[0].Who = whoAdmin()
	w.logins[1].Who = whoEstate(estate.name)
	w.logins[2].Login = fmt.Sprintf("E%07d", w.id("persons", int(m.demoResident)))
	w.logins[2].Who = whoResident(resident.first + " " + resident.last)
	w.logins[3].Login = "CZ-" + m.members[m.demoMembership].number
	w.logins[3].Who = whoMember(member.first + " " + member.last)
	w.res.Logins = w.logins
	return [][]any{
		{w.id("users", 0), coop, "staff", w.logins[0].Login, nil, "Administrator systemu", "admin@" + m.coop.domain, "admin", nil, w.hashes[0], false, created},
		{w.id("users", 1), coop, "staff", w.logins[1].Login, nil, "Administracja – " + estate.name, estate.email, "estate", w.id("estates", 0), w.hashes[1], false, created},
		{w.id("users", 2), coop, "resident", w.logins[2].Login, w.id("persons", int(m.demoResident)), resident.first + " " + resident.last, resident.email, nil, nil, w.hashes[2], false, created},
		{w.id("users", 3), coop, "member", w.logins[3].Login, w.id("persons", int(m.demoMember)), member.first + " " + member.last, member.email, nil, nil, w.hashes[3], false, created},
	}, nil
}

func whoAdmin() string { return "administrator systemu (pełne uprawnienia)" }

func whoEstate(estate string) string { return "pracownik administracji osiedla „" + estate + "”" }

func whoResident(name string) string {
	return "mieszkaniec z trzema lokalami: mieszkanie, garaż i miejsce postojowe (" + name + ")"
}

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
