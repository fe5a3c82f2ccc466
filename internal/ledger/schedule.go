package ledger

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/store"
)

// Component is a fee component of the cooperative.
type Component struct {
	ID       int64
	Code     string
	Name     string
	Base     string
	Position int
}

// RateRow is one rate as staff see it in the schedule.
type RateRow struct {
	Component    string
	PremisesKind string
	Scope        string // "coop", "estate" or "premises"
	ScopeName    string // estate name or premises address
	Rate         money.Amount
	From         civil.Date
	// Upcoming marks, in CurrentRates, a rate announced from a later day.
	Upcoming bool
}

// CurrentRates is the tariff that applies on day: for each component,
// premises kind and level (the cooperative, an estate, one premises) the
// rate with the latest start on or before day, followed by the rates
// announced from a later day; in the schedule's order.
func (s *Service) CurrentRates(ctx context.Context, coopID int64, day civil.Date) ([]RateRow, error) {
	type key struct {
		component, estate, premises int64
		kind                        string
	}
	type keyed struct {
		RateRow
		key
	}
	rows, err := store.QueryAll(ctx, s.DB.Read(), func(row store.Scanner) (keyed, error) {
		var r keyed
		err := row.Scan(&r.component, &r.estate, &r.premises, &r.Component, &r.PremisesKind, &r.Scope, &r.ScopeName, &r.Rate, &r.From)
		r.kind = r.PremisesKind
		return r, err
	}, `SELECT c.id, COALESCE(r.estate_id, 0), COALESCE(r.premises_id, 0), `+rateRowSQL+`
		ORDER BY c.position, r.premises_kind, r.premises_id IS NOT NULL, r.estate_id IS NOT NULL, e.name, b.street, b.number, p.number, r.effective_from DESC`, coopID)
	if err != nil {
		return nil, fmt.Errorf("ledger: current rates: %w", err)
	}
	var current, upcoming []RateRow
	seen := map[key]bool{}
	for _, r := range rows {
		switch {
		case r.From.After(day):
			r.Upcoming = true
			upcoming = append(upcoming, r.RateRow)
		case !seen[r.key]:
			seen[r.key] = true
			current = append(current, r.RateRow)
		}
	}
	return append(current, upcoming...), nil
}

// rateRowSQL selects a RateRow's columns (component, premises kind, scope,
// scope name, rate, from) of the cooperative $1's rates, with the FROM and
// WHERE clauses both CurrentRates and RateList use.
const rateRowSQL = `c.name, r.premises_kind,
			CASE WHEN r.premises_id IS NOT NULL THEN 'premises' WHEN r.estate_id IS NOT NULL THEN 'estate' ELSE 'coop' END,
			COALESCE(e.name, b.street || ' ' || b.number || '/' || p.number, ''), r.rate, r.effective_from
		FROM fee_rates r JOIN fee_components c ON c.coop_id = r.coop_id AND c.id = r.component_id
		LEFT JOIN estates e ON e.coop_id = r.coop_id AND e.id = r.estate_id
		LEFT JOIN premises p ON p.coop_id = r.coop_id AND p.id = r.premises_id
		LEFT JOIN buildings b ON b.coop_id = p.coop_id AND b.id = p.building_id
		WHERE r.coop_id = $1`

// Components lists the cooperative's fee components in order.
func (s *Service) Components(ctx context.Context, coopID int64) ([]Component, error) {
	out, err := store.QueryAll(ctx, s.DB.Read(), func(row store.Scanner) (Component, error) {
		var c Component
		err := row.Scan(&c.ID, &c.Code, &c.Name, &c.Base, &c.Position)
		return c, err
	}, `SELECT id, code, name, base, position FROM fee_components WHERE coop_id = $1 ORDER BY position, id`, coopID)
	if err != nil {
		return nil, fmt.Errorf("ledger: components: %w", err)
	}
	return out, nil
}

// RateList lists the cooperative's rates, newest first, at most limit.
func (s *Service) RateList(ctx context.Context, coopID int64, limit int) ([]RateRow, error) {
	out, err := store.QueryAll(ctx, s.DB.Read(), func(row store.Scanner) (RateRow, error) {
		var r RateRow
		err := row.Scan(&r.Component, &r.PremisesKind, &r.Scope, &r.ScopeName, &r.Rate, &r.From)
		return r, err
	}, `SELECT `+rateRowSQL+` ORDER BY r.effective_from DESC, c.position, r.premises_kind LIMIT $2`, coopID, limit)
	if err != nil {
		return nil, fmt.Errorf("ledger: rates: %w", err)
	}
	return out, nil
}

// Schedule errors, shown through the message catalogue.
var (
	ErrBadComponent = errors.New("ledger: a component needs a code (letters, digits, _), a name and a base")
	ErrBadRate      = errors.New("ledger: a rate needs a component, a premises kind, a non-negative rate and a date")
)

var codePattern = regexp.MustCompile(`^[a-z0-9_]{2,40}$`)

// AddComponent adds a fee component (ErrConflict when the code exists).
func (s *Service) AddComponent(ctx context.Context, by audit.Actor, c Component) error {
	c.Code, c.Name = strings.TrimSpace(c.Code), strings.TrimSpace(c.Name)
	if !codePattern.MatchString(c.Code) || c.Name == "" || len(c.Name) > 120 ||
		(c.Base != BaseArea && c.Base != BasePersons && c.Base != BasePremises && c.Base != BaseVolume) {
		return ErrBadComponent
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO fee_components (coop_id, code, name, base, position)
			VALUES ($1, $2, $3, $4, (SELECT COALESCE(MAX(position), 0) + 1 FROM fee_components WHERE coop_id = $1))`,
			by.CoopID, c.Code, c.Name, c.Base); err != nil {
			return err
		}
		return audit.Append(ctx, tx, by.Did(s.now(), audit.FeesChanged, "component:"+c.Code, map[string]string{"name": c.Name, "base": c.Base}))
	})
}

// NewRate is a rate to set from a day on, for the cooperative (EstateID and
// PremisesID zero), an estate, or one premises.
type NewRate struct {
	ComponentID  int64
	PremisesKind string
	EstateID     int64
	PremisesID   int64
	Rate         money.Amount
	From         civil.Date
}

// SetRate records a rate in force from a day on; earlier rates stay, so
// the fee history and past charges keep their meaning.
func (s *Service) SetRate(ctx context.Context, by audit.Actor, r NewRate) error {
	switch r.PremisesKind {
	case "flat", "commercial", "garage", "parking":
	default:
		return ErrBadRate
	}
	if r.ComponentID == 0 || r.Rate < 0 || r.From.IsZero() {
		return ErrBadRate
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO fee_rates (coop_id, component_id, premises_kind, estate_id, premises_id, rate, effective_from)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, by.CoopID, r.ComponentID, r.PremisesKind, nullID(r.EstateID), nullID(r.PremisesID), r.Rate, r.From); err != nil {
			return err
		}
		return audit.Append(ctx, tx, by.Did(s.now(), audit.FeesChanged, fmt.Sprintf("component:%d", r.ComponentID), map[string]string{"kind": r.PremisesKind, "rate": r.Rate.Plain(), "from": r.From.String(),
			"estate": fmt.Sprint(r.EstateID), "premises": fmt.Sprint(r.PremisesID)}))
	})
}
