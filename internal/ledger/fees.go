package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"sort"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/store"
)

// Bases of fee components (fee_components.base).
const (
	BaseArea     = "area"     // per square metre of usable area
	BasePersons  = "persons"  // per declared resident
	BasePremises = "premises" // per premises
	BaseVolume   = "volume"   // per cubic metre, settled from meter readings
)

// LineAmount is one component's monthly amount: rate × base, where an area
// is in hundredths of a square metre (rounded half up to the grosz), and a
// volume-based component adds nothing to the monthly fee (it is settled
// from readings). This is the one place the formula lives.
func LineAmount(base string, rate int64, area int64, persons int) money.Amount {
	switch base {
	case BaseArea:
		x := rate * area
		if x < 0 {
			return -money.Amount((-x + 50) / 100)
		}
		return money.Amount((x + 50) / 100)
	case BasePersons:
		return money.Amount(rate * int64(persons))
	case BasePremises:
		return money.Amount(rate)
	}
	return 0
}

// FeeLine is one component of a premises' monthly fee (wymiar opłat).
type FeeLine struct {
	Code          string
	Name          string
	Base          string
	Quantity      int64 // area in hundredths of m², persons, or 1
	Rate          money.Amount
	Amount        money.Amount
	EffectiveFrom civil.Date
	// Scope says where the rate was set: cooperative, estate or premises.
	Scope string
}

// FeeSchedule is the monthly fee of a premises on a day.
type FeeSchedule struct {
	On    civil.Date
	Lines []FeeLine
	Total money.Amount
}

// premisesBase is what a premises' fee is computed from.
type premisesBase struct {
	kind     string
	estateID int64
	area     int64
	persons  int
}

func (s *Service) premisesBase(ctx context.Context, coopID, premisesID int64) (premisesBase, error) {
	var b premisesBase
	err := s.DB.Read().QueryRowContext(ctx, `SELECT p.kind, b.estate_id, p.usable_area, p.persons FROM premises p
		JOIN buildings b ON b.coop_id = p.coop_id AND b.id = p.building_id WHERE p.coop_id = $1 AND p.id = $2`,
		coopID, premisesID).Scan(&b.kind, &b.estateID, &b.area, &b.persons)
	if err != nil {
		return b, fmt.Errorf("ledger: premises %d: %w", premisesID, err)
	}
	return b, nil
}

type rateRow struct {
	code, name, base string
	position         int
	rate             int64
	from             civil.Date
	estateID         sql.NullInt64
	premisesID       sql.NullInt64
}

// rates loads every rate that may apply to the premises: those of its
// kind for the cooperative, its estate or the premises itself, of any day.
func (s *Service) rates(ctx context.Context, coopID, premisesID int64, b premisesBase) ([]rateRow, error) {
	out, err := store.QueryAll(ctx, s.DB.Read(), func(row store.Scanner) (rateRow, error) {
		var r rateRow
		err := row.Scan(&r.code, &r.name, &r.base, &r.position, &r.rate, &r.from, &r.estateID, &r.premisesID)
		return r, err
	}, `SELECT c.code, c.name, c.base, c.position, r.rate, r.effective_from, r.estate_id, r.premises_id
		FROM fee_components c JOIN fee_rates r ON r.coop_id = c.coop_id AND r.component_id = c.id
		WHERE c.coop_id = $1 AND r.premises_kind = $2
		AND (r.estate_id IS NULL OR r.estate_id = $3) AND (r.premises_id IS NULL OR r.premises_id = $4)`,
		coopID, b.kind, b.estateID, premisesID)
	if err != nil {
		return nil, fmt.Errorf("ledger: fee rates: %w", err)
	}
	return out, nil
}

func (r rateRow) scope() (string, int) {
	switch {
	case r.premisesID.Valid:
		return "premises", 3
	case r.estateID.Valid:
		return "estate", 2
	}
	return "coop", 1
}

// schedule picks, for each component, the rate in force on day from the
// most specific scope (premises, then estate, then cooperative).
func schedule(rates []rateRow, b premisesBase, day civil.Date) FeeSchedule {
	type pick struct {
		r     rateRow
		level int
	}
	best := map[string]pick{}
	for _, r := range rates {
		if r.from.After(day) {
			continue
		}
		_, level := r.scope()
		p, ok := best[r.code]
		if !ok || level > p.level || (level == p.level && r.from.After(p.r.from)) {
			best[r.code] = pick{r, level}
		}
	}
	fs := FeeSchedule{On: day}
	for _, p := range best {
		r := p.r
		amount := LineAmount(r.base, r.rate, b.area, b.persons)
		if r.rate == 0 || (amount == 0 && r.base != BaseVolume) {
			continue
		}
		qty := map[string]int64{BaseArea: b.area, BasePersons: int64(b.persons), BasePremises: 1}[r.base]
		scope, _ := r.scope()
		fs.Lines = append(fs.Lines, FeeLine{Code: r.code, Name: r.name, Base: r.base, Quantity: qty, Rate: money.Amount(r.rate),
			Amount: amount, EffectiveFrom: r.from, Scope: scope})
		fs.Total += amount
	}
	sort.Slice(fs.Lines, func(i, j int) bool {
		return best[fs.Lines[i].Code].r.position < best[fs.Lines[j].Code].r.position
	})
	return fs
}

// premisesRates loads what a premises' fee is computed from: its base
// (kind, area, persons) and every rate that may apply to it.
func (s *Service) premisesRates(ctx context.Context, coopID, premisesID int64) (premisesBase, []rateRow, error) {
	b, err := s.premisesBase(ctx, coopID, premisesID)
	if err != nil {
		return b, nil, err
	}
	rates, err := s.rates(ctx, coopID, premisesID, b)
	if err != nil {
		return b, nil, err
	}
	return b, rates, nil
}

// Fees returns the premises' monthly fee on day, component by component.
func (s *Service) Fees(ctx context.Context, coopID, premisesID int64, day civil.Date) (*FeeSchedule, error) {
	b, rates, err := s.premisesRates(ctx, coopID, premisesID)
	if err != nil {
		return nil, err
	}
	fs := schedule(rates, b, day)
	return &fs, nil
}

// FeeChange is the fee in force from a day on.
type FeeChange struct {
	From  civil.Date
	Total money.Amount
	// Change is the difference to the fee before (0 for the first).
	Change money.Amount
	// Upcoming marks a change announced for a day after the one asked.
	Upcoming bool
}

// FeeHistory lists every change of the premises' monthly fee, newest
// first, including changes already announced for after day.
func (s *Service) FeeHistory(ctx context.Context, coopID, premisesID int64, day civil.Date) ([]FeeChange, error) {
	b, rates, err := s.premisesRates(ctx, coopID, premisesID)
	if err != nil {
		return nil, err
	}
	days := map[civil.Date]bool{}
	for _, r := range rates {
		days[r.from] = true
	}
	var dates []civil.Date
	for d := range days {
		dates = append(dates, d)
	}
	sort.Slice(dates, func(i, j int) bool { return dates[i].Before(dates[j]) })
	var out []FeeChange
	var prev money.Amount
	for i, d := range dates {
		total := schedule(rates, b, d).Total
		if i > 0 && total == prev {
			continue
		}
		c := FeeChange{From: d, Total: total, Upcoming: d.After(day)}
		if i > 0 {
			c.Change = total - prev
		}
		out = append(out, c)
		prev = total
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}
