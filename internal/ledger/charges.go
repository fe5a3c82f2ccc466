package ledger

import (
	"context"
	"errors"
	"fmt"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/store"
)

// RunResult says what a monthly charge run did.
type RunResult struct {
	Month    civil.Month
	Accounts int          // accounts charged by this run
	Skipped  int          // accounts already charged for the month
	Entries  int          // entries posted (one per fee component)
	Total    money.Amount // sum charged
}

// ErrRunTooEarly: a month is charged at the earliest in the month before
// it (fees are due in advance, but not years ahead).
var ErrRunTooEarly = errors.New("ledger: that month cannot be charged yet")

// RunCharges posts every premises' monthly fee for month, one entry per
// fee component, due on the cooperative's due day. It is idempotent: an
// account that already has a charge for the month (from an earlier run or
// an import) is skipped. Everything is posted in one transaction.
func (s *Service) RunCharges(ctx context.Context, by audit.Actor, month civil.Month, dueDay int, today civil.Date) (*RunResult, error) {
	rates, bases, err := s.chargeData(ctx, by.CoopID, month, today)
	if err != nil {
		return nil, err
	}
	res := &RunResult{Month: month}
	first, due := month.FirstDay(), month.Day(dueDay)
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var batch []staged
		flush := func() error {
			if len(batch) == 0 {
				return nil
			}
			n, err := insertRows(ctx, tx, by.CoopID, batch, s.now())
			res.Entries += n
			batch = batch[:0]
			return err
		}
		for _, b := range bases {
			fs, what := rates.plan(b, first)
			if what == chargedAlready {
				res.Skipped++
			}
			if what != chargeIt {
				continue
			}
			res.Accounts++
			res.Total += fs.Total
			for _, l := range fs.Lines {
				if l.Amount == 0 {
					continue
				}
				batch = append(batch, stagedCharge(b.account, month, first, due, l))
				if len(batch) == insertBatch {
					if err := flush(); err != nil {
						return err
					}
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
		return audit.Append(ctx, tx, by.Did(s.now(), audit.ChargesRun, "month:"+month.String(), map[string]string{"accounts": fmt.Sprint(res.Accounts), "entries": fmt.Sprint(res.Entries), "total": res.Total.Plain()}))
	})
	if err != nil {
		return nil, fmt.Errorf("ledger: charge run %s: %w", month, err)
	}
	return res, nil
}

// runBase is one account to charge.
type runBase struct {
	premisesBase
	premisesID int64
	account    int64
	charged    bool
	// address is the premises' address line, for a preview's sample.
	address string
}

// planned is what a charge run does with one account.
type planned int

const (
	chargeIt       planned = iota
	chargedAlready         // the month is charged (by an earlier run or an import)
	withoutRates           // no rate of the schedule applies: a fee of 0,00 zł
)

// plan is what a run for the month beginning first does with b, and the
// fees it posts when it charges. RunCharges and PreviewCharges both decide
// through it, so the preview says what the run will post.
func (rb *rateBook) plan(b runBase, first civil.Date) (FeeSchedule, planned) {
	if b.charged {
		return FeeSchedule{}, chargedAlready
	}
	fs := schedule(rb.forPremises(b), b.premisesBase, first)
	if fs.Total == 0 {
		return fs, withoutRates
	}
	return fs, chargeIt
}

// previewSample is how many premises a charge run's preview shows.
const previewSample = 5

// RunPreview says what a charge run for a month would post, without
// posting anything: staff confirm it before RunCharges.
type RunPreview struct {
	Month    civil.Month
	Accounts int          // accounts that would be charged
	Entries  int          // entries that would be posted
	Total    money.Amount // sum that would be charged
	// Charged counts premises skipped because the month is charged
	// already (by an earlier run or an import); NoRates those skipped
	// because no rate of the schedule applies to them (fee 0,00 zł).
	Charged, NoRates int
	// Sample is the first few premises that would be charged, with their
	// lines.
	Sample []PreviewPremises
	// NoRatesSample names a few of the premises without rates.
	NoRatesSample []string
}

// PreviewPremises is one premises of a preview with what it would be
// charged.
type PreviewPremises struct {
	PremisesID int64
	Address    string
	Lines      []FeeLine
	Total      money.Amount
}

// PreviewCharges works out what RunCharges would post for month, from the
// same data, without writing; ErrRunTooEarly as RunCharges.
func (s *Service) PreviewCharges(ctx context.Context, coopID int64, month civil.Month, today civil.Date) (*RunPreview, error) {
	rates, bases, err := s.chargeData(ctx, coopID, month, today)
	if err != nil {
		return nil, err
	}
	p := &RunPreview{Month: month}
	first := month.FirstDay()
	for _, b := range bases {
		fs, what := rates.plan(b, first)
		switch what {
		case chargedAlready:
			p.Charged++
			continue
		case withoutRates:
			p.NoRates++
			if len(p.NoRatesSample) < previewSample {
				p.NoRatesSample = append(p.NoRatesSample, b.address)
			}
			continue
		}
		p.Accounts++
		p.Total += fs.Total
		var lines []FeeLine
		for _, l := range fs.Lines {
			if l.Amount != 0 {
				p.Entries++
				lines = append(lines, l)
			}
		}
		if len(p.Sample) < previewSample {
			p.Sample = append(p.Sample, PreviewPremises{PremisesID: b.premisesID, Address: b.address, Lines: lines, Total: fs.Total})
		}
	}
	return p, nil
}

// chargeData loads what a charge run for month works from, the rates and
// every premises' base, or says ErrRunTooEarly.
func (s *Service) chargeData(ctx context.Context, coopID int64, month civil.Month, today civil.Date) (*rateBook, []runBase, error) {
	if month.After(civil.MonthOf(today).Next()) {
		return nil, nil, ErrRunTooEarly
	}
	rates, err := s.allRates(ctx, coopID)
	if err != nil {
		return nil, nil, err
	}
	bases, err := s.allBases(ctx, coopID, month)
	if err != nil {
		return nil, nil, err
	}
	return rates, bases, nil
}

// allBases loads every premises with its account and whether the month is
// already charged, in one query.
func (s *Service) allBases(ctx context.Context, coopID int64, month civil.Month) ([]runBase, error) {
	out, err := store.QueryAll(ctx, s.DB.Read(), func(row store.Scanner) (runBase, error) {
		var b runBase
		var street, house, number string
		err := row.Scan(&b.premisesID, &b.kind, &b.estateID, &b.area, &b.persons, &b.account, &b.charged, &street, &house, &number)
		// As coop.Premises.Address.
		b.address = street + " " + house
		if b.kind == "flat" || b.kind == "commercial" {
			b.address += "/" + number
		}
		return b, err
	}, `SELECT p.id, p.kind, b.estate_id, p.usable_area, p.persons, a.id,
			EXISTS (SELECT 1 FROM ledger_entries e WHERE e.coop_id = a.coop_id AND e.account_id = a.id AND e.kind = 'charge' AND e.period = $2),
			b.street, b.number, p.number
		FROM premises p JOIN buildings b ON b.coop_id = p.coop_id AND b.id = p.building_id
		JOIN accounts a ON a.coop_id = p.coop_id AND a.premises_id = p.id
		WHERE p.coop_id = $1 ORDER BY a.id`, coopID, month.String())
	if err != nil {
		return nil, fmt.Errorf("ledger: premises to charge: %w", err)
	}
	return out, nil
}

// rateBook holds a cooperative's rates, grouped for quick lookup.
type rateBook struct {
	byKind     map[string][]rateRow // cooperative- and estate-wide, by premises kind
	byPremises map[int64][]rateRow
}

func (s *Service) allRates(ctx context.Context, coopID int64) (*rateBook, error) {
	rows, err := s.DB.Read().QueryContext(ctx, `SELECT c.code, c.name, c.base, c.position, r.rate, r.effective_from, r.estate_id, r.premises_id, r.premises_kind
		FROM fee_components c JOIN fee_rates r ON r.coop_id = c.coop_id AND r.component_id = c.id WHERE c.coop_id = $1`, coopID)
	if err != nil {
		return nil, fmt.Errorf("ledger: fee rates: %w", err)
	}
	defer rows.Close()
	book := &rateBook{byKind: map[string][]rateRow{}, byPremises: map[int64][]rateRow{}}
	for rows.Next() {
		var r rateRow
		var kind string
		if err := rows.Scan(&r.code, &r.name, &r.base, &r.position, &r.rate, &r.from, &r.estateID, &r.premisesID, &kind); err != nil {
			return nil, fmt.Errorf("ledger: fee rates: %w", err)
		}
		if r.premisesID.Valid {
			book.byPremises[r.premisesID.Int64] = append(book.byPremises[r.premisesID.Int64], r)
		} else {
			book.byKind[kind] = append(book.byKind[kind], r)
		}
	}
	return book, rows.Err()
}

// forPremises picks the rates that may apply to one premises.
func (b *rateBook) forPremises(p runBase) []rateRow {
	var out []rateRow
	for _, r := range b.byKind[p.kind] {
		if !r.estateID.Valid || r.estateID.Int64 == p.estateID {
			out = append(out, r)
		}
	}
	return append(out, b.byPremises[p.premisesID]...)
}

func stagedCharge(account int64, month civil.Month, booked, due civil.Date, l FeeLine) staged {
	st := staged{account: account}
	st.row.Kind = KindCharge
	st.row.BookedOn = booked
	st.row.DueOn = due
	st.row.Period = month
	st.row.Component = l.Code
	st.row.Amount = l.Amount
	st.row.Description = l.Name + " " + month.Format()
	st.row.ExternalID = fmt.Sprintf("run:%s:%d:%s", month, account, l.Code)
	return st
}
