package coop

import (
	"context"
	"errors"
	"fmt"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/nrb"
	"github.com/ebok/ebok/internal/store"
)

// PremisesKind is what a premises is used for.
type PremisesKind string

// Kinds of premises.
const (
	Flat       PremisesKind = "flat"
	Commercial PremisesKind = "commercial"
	Garage     PremisesKind = "garage"
	Parking    PremisesKind = "parking"
)

// TitleKind is the legal title to a premises.
type TitleKind string

// Kinds of legal title (see DOMAIN.md).
const (
	TenantRight       TitleKind = "tenant_right"       // spółdzielcze lokatorskie prawo
	OwnershipRight    TitleKind = "ownership_right"    // spółdzielcze własnościowe prawo
	SeparateOwnership TitleKind = "separate_ownership" // odrębna własność
	Lease             TitleKind = "lease"              // najem
	NoTitle           TitleKind = "no_title"           // bezumowne korzystanie
)

// Area is a floor area in hundredths of a square metre.
type Area int64

// Format shows an area Polish-style: "48,30 m²".
func (a Area) Format() string {
	return fmt.Sprintf("%d,%02d\u00a0m²", a/100, a%100)
}

// Premises is a flat, commercial premises, garage or parking space with its
// address and settlement account.
type Premises struct {
	ID         int64
	Kind       PremisesKind
	Number     string
	Floor      *int
	Area       Area
	Rooms      *int
	Street     string
	House      string
	PostalCode string
	City       string
	EstateID   int64
	EstateName string
	AccountID  int64
	NRB        nrb.Number
}

// Address is the premises' address line, e.g. "ul. Mickiewicza 5/12".
func (p Premises) Address() string {
	if p.Kind == Flat || p.Kind == Commercial {
		return p.Street + " " + p.House + "/" + p.Number
	}
	return p.Street + " " + p.House
}

// Holding is a premises a person holds under a current legal title.
type Holding struct {
	Premises
	Title    TitleKind
	ShareNum int
	ShareDen int
	StartsOn civil.Date
	EndsOn   civil.Date // zero while current
	// ExtendedUntil is set when staff let a former holder keep access.
	ExtendedUntil civil.Date
	// VisibleUntil, when not zero, is the last day the person may see: the
	// day their title ended. A former holder whose access staff extended
	// sees the ledger, statements, settlements and meters only up to it,
	// never the buyer's.
	VisibleUntil civil.Date
	// VisibleFrom is the first day of the person's unbroken holding of the
	// premises: the start of this title, or of an earlier title of theirs
	// that it follows without a gap (a spouse added, a tenant's right
	// converted to ownership). The ledger before it is a former holder's,
	// and the person sees only its balance on that day.
	VisibleFrom civil.Date
}

const premisesColumns = `p.id, p.kind, p.number, p.floor, p.usable_area, p.rooms,
	b.street, b.number, b.postal_code, b.city, e.id, e.name, a.id, a.nrb`

const premisesJoins = `FROM premises p
	JOIN buildings b ON b.coop_id = p.coop_id AND b.id = p.building_id
	JOIN estates e ON e.coop_id = b.coop_id AND e.id = b.estate_id
	JOIN accounts a ON a.coop_id = p.coop_id AND a.premises_id = p.id`

func scanPremises(row interface{ Scan(...any) error }, p *Premises, extra ...any) error {
	var kind, account string
	dest := append([]any{&p.ID, &kind, &p.Number, &p.Floor, &p.Area, &p.Rooms,
		&p.Street, &p.House, &p.PostalCode, &p.City, &p.EstateID, &p.EstateName, &p.AccountID, &account}, extra...)
	if err := row.Scan(dest...); err != nil {
		return store.MapError(err)
	}
	p.Kind, p.NRB = PremisesKind(kind), nrb.Number(account)
	return nil
}

// Holdings lists the premises the person holds under a title current on
// day, and those whose title ended but whose access staff extended past
// day, in address order.
func (s *Service) Holdings(ctx context.Context, coopID, personID int64, day civil.Date) ([]Holding, error) {
	return s.holdings(ctx, coopID, personID, day, `(t.ends_on IS NULL OR t.ends_on >= $3 OR x.until >= $3)`)
}

// PastHoldings lists the premises the person held under titles that ended
// before day (for staff: extending access after a sale).
func (s *Service) PastHoldings(ctx context.Context, coopID, personID int64, day civil.Date) ([]Holding, error) {
	return s.holdings(ctx, coopID, personID, day, `t.ends_on < $3`)
}

// Holding finds one premises among those the person may see on day (see
// Holdings), or returns ErrNotFound: the check behind every page of a
// resident's premises.
func (s *Service) Holding(ctx context.Context, coopID, personID, premisesID int64, day civil.Date) (*Holding, error) {
	key := holdingKey{coopID, personID, premisesID, day}
	now := s.now()
	if s.HoldingTTL > 0 {
		if h, ok := s.held.get(key, now); ok {
			return &h, nil // a copy: callers may not change the kept one
		}
	}
	hs, err := s.holdings(ctx, coopID, personID, day, `p.id = $4 AND (t.ends_on IS NULL OR t.ends_on >= $3 OR x.until >= $3)`, premisesID)
	if err != nil {
		return nil, err
	}
	if len(hs) == 0 {
		// A refusal is never kept: access given back shows at once.
		return nil, fmt.Errorf("coop: premises %d of person %d: %w", premisesID, personID, store.ErrNotFound)
	}
	if s.HoldingTTL > 0 {
		s.held.put(key, hs[0], now, s.HoldingTTL, maxHoldings)
	}
	return &hs[0], nil
}

// holdingKey names one answer of Holding.
type holdingKey struct {
	coop, person, premises int64
	day                    civil.Date
}

// maxHoldings bounds the Holding cache; past it, it starts again empty.
const maxHoldings = 16384

func (s *Service) holdings(ctx context.Context, coopID, personID int64, day civil.Date, cond string, more ...any) ([]Holding, error) {
	rows, err := s.DB.Read().QueryContext(ctx, `SELECT `+premisesColumns+`, t.kind, h.share_num, h.share_den, t.starts_on, t.ends_on, x.until
		`+premisesJoins+`
		JOIN titles t ON t.coop_id = p.coop_id AND t.premises_id = p.id
		JOIN title_holders h ON h.coop_id = t.coop_id AND h.title_id = t.id
		LEFT JOIN access_extensions x ON x.coop_id = p.coop_id AND x.person_id = h.person_id AND x.premises_id = p.id
		WHERE p.coop_id = $1 AND h.person_id = $2 AND t.starts_on <= $3 AND `+cond+`
		ORDER BY b.street, b.number, p.kind, p.number, t.starts_on DESC`, append([]any{coopID, personID, day}, more...)...)
	if err != nil {
		return nil, fmt.Errorf("coop: holdings of %d: %w", personID, err)
	}
	defer rows.Close()
	var out []Holding
	seen := map[int64]bool{}
	for rows.Next() {
		var h Holding
		var title string
		if err := scanPremises(rows, &h.Premises, &title, &h.ShareNum, &h.ShareDen, &h.StartsOn, &h.EndsOn, &h.ExtendedUntil); err != nil {
			return nil, fmt.Errorf("coop: holdings of %d: %w", personID, err)
		}
		if seen[h.ID] {
			continue // an earlier title to the same premises
		}
		seen[h.ID] = true
		h.Title = TitleKind(title)
		h.VisibleUntil = h.EndsOn
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("coop: holdings of %d: %w", personID, err)
	}
	if len(out) == 0 {
		return out, nil
	}
	if err := s.fillVisibleFrom(ctx, coopID, personID, out); err != nil {
		return nil, err
	}
	return out, nil
}

// fillVisibleFrom sets VisibleFrom of each holding from all the person's
// titles to its premises, ended ones included.
func (s *Service) fillVisibleFrom(ctx context.Context, coopID, personID int64, hs []Holding) error {
	rows, err := s.DB.Read().QueryContext(ctx, `SELECT t.premises_id, t.starts_on, t.ends_on FROM titles t
		JOIN title_holders h ON h.coop_id = t.coop_id AND h.title_id = t.id
		WHERE t.coop_id = $1 AND h.person_id = $2 ORDER BY t.premises_id, t.starts_on DESC`, coopID, personID)
	if err != nil {
		return fmt.Errorf("coop: titles of %d: %w", personID, err)
	}
	defer rows.Close()
	type span struct{ from, to civil.Date }
	titles := map[int64][]span{}
	for rows.Next() {
		var premises int64
		var sp span
		if err := rows.Scan(&premises, &sp.from, &sp.to); err != nil {
			return fmt.Errorf("coop: titles of %d: %w", personID, err)
		}
		titles[premises] = append(titles[premises], sp)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("coop: titles of %d: %w", personID, err)
	}
	for i := range hs {
		from := hs[i].StartsOn
		// Newest first: each earlier title that reaches the day before
		// the holding so far began extends it back.
		for _, sp := range titles[hs[i].ID] {
			if sp.from.Before(from) && (sp.to.IsZero() || !sp.to.Before(from.AddDays(-1))) {
				from = sp.from
			}
		}
		hs[i].VisibleFrom = from
	}
	return nil
}

// PremisesByID loads one premises of the cooperative. estateID, when not
// zero, limits the lookup to that estate (an estate administration).
func (s *Service) PremisesByID(ctx context.Context, coopID, estateID, id int64) (*Premises, error) {
	var p Premises
	row := s.DB.Read().QueryRowContext(ctx, `SELECT `+premisesColumns+` `+premisesJoins+`
		WHERE p.coop_id = $1 AND p.id = $2 AND ($3 = 0 OR e.id = $3)`, coopID, id, estateID)
	if err := scanPremises(row, &p); err != nil {
		return nil, fmt.Errorf("coop: premises %d: %w", id, err)
	}
	return &p, nil
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
