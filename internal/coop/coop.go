// Package coop holds the cooperative's register: the cooperative itself,
// estates, buildings, premises, persons, memberships and legal titles.
// Every query is scoped by the cooperative's id.
package coop

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/store"
)

// Cooperative is a housing cooperative (spółdzielnia mieszkaniowa).
type Cooperative struct {
	ID          int64
	Slug        string
	Name        string
	ShortName   string
	Street      string
	PostalCode  string
	City        string
	NIP         string
	REGON       string
	KRS         string
	BankAccount string
	FeeDueDay   int
	Phone       string
	Email       string
	Website     string
}

// Service reads and changes the register.
type Service struct {
	DB *store.DB
	// ResolveTTL, when not zero, keeps what Resolve found for a host for
	// that long, so that a page does not start with two queries for a
	// cooperative that hardly ever changes. Another node's change to a
	// cooperative (its host, name or bank account) shows here within the
	// TTL; a change made through this Service shows at once.
	ResolveTTL time.Duration
	// HoldingTTL, when not zero, keeps what Holding found (that a person
	// may see a premises on a day) for that long. A title that staff end,
	// or an access extension they withdraw, then closes the premises'
	// pages within the TTL on every node; the title's dates themselves are
	// checked against the day at once.
	HoldingTTL time.Duration
	// Now is the clock of the caches (time.Now when nil).
	Now func() time.Time

	resolved ttlCache[string, Cooperative]
	held     ttlCache[holdingKey, Holding]
}

// maxResolved bounds the cache: hosts come from requests, and a client
// may send any Host header.
const maxResolved = 256

const coopColumns = `id, slug, name, short_name, street, postal_code, city, nip, regon, krs,
	bank_account, fee_due_day, phone, email, website`

func scanCoop(row interface{ Scan(...any) error }) (*Cooperative, error) {
	var c Cooperative
	err := row.Scan(&c.ID, &c.Slug, &c.Name, &c.ShortName, &c.Street, &c.PostalCode, &c.City,
		&c.NIP, &c.REGON, &c.KRS, &c.BankAccount, &c.FeeDueDay, &c.Phone, &c.Email, &c.Website)
	if err != nil {
		return nil, store.MapError(err)
	}
	return &c, nil
}

// Get loads a cooperative by id.
func (s *Service) Get(ctx context.Context, id int64) (*Cooperative, error) {
	c, err := scanCoop(s.DB.Read().QueryRowContext(ctx, `SELECT `+coopColumns+` FROM cooperatives WHERE id = $1`, id))
	if err != nil {
		return nil, fmt.Errorf("coop: cooperative %d: %w", id, err)
	}
	return c, nil
}

// Resolve finds the cooperative a request is for: the one whose host
// matches, or else the only cooperative in the database. With several
// cooperatives and no matching host it returns ErrNotFound.
func (s *Service) Resolve(ctx context.Context, host string) (*Cooperative, error) {
	host = strings.ToLower(host)
	if h, _, ok := strings.Cut(host, ":"); ok && !strings.HasPrefix(host, "[") {
		host = h
	}
	if s.ResolveTTL <= 0 {
		return s.resolve(ctx, host)
	}
	now := s.now()
	if c, ok := s.resolved.get(host, now); ok {
		return &c, nil // a copy: callers may not change the kept one
	}
	c, err := s.resolve(ctx, host)
	if err != nil {
		return nil, err
	}
	s.resolved.put(host, *c, now, s.ResolveTTL, maxResolved)
	return c, nil
}

func (s *Service) now() time.Time { return s.Now() }

// resolve does Resolve's work with a normalised host and no cache.
func (s *Service) resolve(ctx context.Context, host string) (*Cooperative, error) {
	c, err := scanCoop(s.DB.Read().QueryRowContext(ctx, `SELECT `+coopColumns+` FROM cooperatives WHERE host = $1`, host))
	if err == nil {
		return c, nil
	}
	if err != nil && !isNotFound(err) {
		return nil, fmt.Errorf("coop: resolve %s: %w", host, err)
	}
	found, err := store.QueryAll(ctx, s.DB.Read(), scanCoop, `SELECT `+coopColumns+` FROM cooperatives ORDER BY id LIMIT 2`)
	if err != nil {
		return nil, fmt.Errorf("coop: resolve: %w", err)
	}
	if len(found) != 1 {
		return nil, fmt.Errorf("coop: no cooperative for host %q: %w", host, store.ErrNotFound)
	}
	return found[0], nil
}

// SetHost binds a cooperative to the host name its site is served on.
func (s *Service) SetHost(ctx context.Context, id int64, host string) error {
	defer s.resolved.clear()
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE cooperatives SET host = $1 WHERE id = $2`, strings.ToLower(host), id)
		if err != nil {
			return fmt.Errorf("coop: host of cooperative %d: %w", id, store.MapError(err))
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return fmt.Errorf("coop: cooperative %d: %w", id, store.ErrNotFound)
		}
		return nil
	})
}

// BySlug loads a cooperative by its slug.
func (s *Service) BySlug(ctx context.Context, slug string) (*Cooperative, error) {
	c, err := scanCoop(s.DB.Read().QueryRowContext(ctx, `SELECT `+coopColumns+` FROM cooperatives WHERE slug = $1`, slug))
	if err != nil {
		return nil, fmt.Errorf("coop: cooperative %q: %w", slug, err)
	}
	return c, nil
}

// Only returns the cooperative when the database holds exactly one.
func (s *Service) Only(ctx context.Context) (*Cooperative, error) {
	return s.Resolve(ctx, "")
}

// EstateID finds an estate of the cooperative by its code.
func (s *Service) EstateID(ctx context.Context, coopID int64, code string) (int64, error) {
	var id int64
	err := s.DB.Read().QueryRowContext(ctx, `SELECT id FROM estates WHERE coop_id = $1 AND code = $2`, coopID, code).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("coop: estate %q: %w", code, store.MapError(err))
	}
	return id, nil
}
