package letters

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/ebok/ebok/internal/audit"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/documents"
	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/nrb"
	"github.com/ebok/ebok/internal/store"
)

// polish is the localizer letters and their e-mails are written with.
func (s *Service) polish() *i18n.Localizer { return s.Catalogue.For(i18n.Polish) }

// Preview renders the letter as one recipient its rule selects would get
// it (without its register number, given when it is sent).
func (s *Service) Preview(ctx context.Context, by audit.Actor, letterID, personID, premisesID int64) (documents.File, error) {
	l, err := s.Get(ctx, by, letterID)
	if err != nil {
		return documents.File{}, err
	}
	rcs, err := s.Resolve(ctx, l.scope(by), l.Rule)
	if err != nil {
		return documents.File{}, err
	}
	for _, rc := range rcs {
		if rc.PersonID == personID && rc.PremisesID == premisesID {
			c, err := s.Coops.Get(ctx, l.CoopID)
			if err != nil {
				return documents.File{}, err
			}
			x, err := s.compose(ctx, s.DB.Read(), c, l, rc.PersonID, rc.PremisesID, "")
			if err != nil {
				return documents.File{}, err
			}
			return s.Documents.LetterPDF(s.polish(), x)
		}
	}
	return documents.File{}, fmt.Errorf("letters: preview of %d for %d/%d: %w", letterID, personID, premisesID, fault.ErrNotFound)
}

// compose is a letter for one recipient, its fields filled, ready to
// render.
func (s *Service) compose(ctx context.Context, q store.Querier, c *coop.Cooperative, l *Letter, personID, premisesID int64, registerNo string) (documents.Letter, error) {
	v, err := s.values(ctx, q, c, personID, premisesID)
	if err != nil {
		return documents.Letter{}, err
	}
	return s.letterFor(c, l, personID, v, registerNo), nil
}

// letterFor is the letter for one recipient with its merge fields v.
func (s *Service) letterFor(c *coop.Cooperative, l *Letter, personID int64, v Values, registerNo string) documents.Letter {
	x := documents.Letter{Coop: c, Place: l.Place, Date: s.today(), CaseNo: l.CaseNo, RegisterNo: registerNo,
		Address: append([]string{v.Name}, v.PostalAddress...), Registered: l.SignedReceipt,
		Subject: v.fill(l.Subject), Body: v.fill(l.Body), FileTag: strconv.FormatInt(l.ID, 10) + "-" + strconv.FormatInt(personID, 10)}
	if l.Kind == FeeNotice {
		x.EffectiveOn = l.EffectiveOn
	}
	if l.Kind.HasPayment() && v.NRB != "" {
		x.NRB, x.Amount, x.PayFor = nrb.Number(v.NRB), v.AmountDue(), l.Subject
		if len(x.PayFor) > 30 {
			x.PayFor = v.PremisesAddress
		}
	}
	return x
}

// values reads one recipient's merge fields.
func (s *Service) values(ctx context.Context, q store.Querier, c *coop.Cooperative, personID, premisesID int64) (Values, error) {
	var v Values
	var street, postal, city string
	err := q.QueryRowContext(ctx, `SELECT CASE WHEN company_name <> '' THEN company_name ELSE first_name || ' ' || last_name END,
		street, postal_code, city, COALESCE((SELECT MIN(login) FROM users u WHERE u.coop_id = p.coop_id AND u.person_id = p.id
			AND u.kind IN ('resident', 'member') AND u.disabled_at IS NULL), '')
		FROM persons p WHERE coop_id = $1 AND id = $2`, c.ID, personID).Scan(&v.Name, &street, &postal, &city, &v.Login)
	if err != nil {
		return v, fmt.Errorf("letters: person %d: %w", personID, store.MapError(err))
	}
	v.PostalAddress = []string{street, postal + " " + city}
	v.DueDate = nextDue(s.today(), c.FeeDueDay).Format()
	if premisesID == 0 {
		return v, nil
	}
	var kind, pstreet, house, number, ppostal, pcity string
	var acct sql.NullString
	var balance sql.NullInt64
	err = q.QueryRowContext(ctx, `SELECT p.kind, b.street, b.number, p.number, b.postal_code, b.city, a.nrb,
		(SELECT SUM(e.amount) FROM ledger_entries e WHERE e.coop_id = a.coop_id AND e.account_id = a.id AND e.booked_on <= $3)
		FROM premises p JOIN buildings b ON b.coop_id = p.coop_id AND b.id = p.building_id
		LEFT JOIN accounts a ON a.coop_id = p.coop_id AND a.premises_id = p.id
		WHERE p.coop_id = $1 AND p.id = $2`, c.ID, premisesID, s.today()).
		Scan(&kind, &pstreet, &house, &number, &ppostal, &pcity, &acct, &balance)
	if err != nil {
		return v, fmt.Errorf("letters: premises %d: %w", premisesID, store.MapError(err))
	}
	p := coop.Premises{Kind: coop.PremisesKind(kind), Street: pstreet, House: house, Number: number}
	v.PremisesAddress = p.Address() + ", " + ppostal + " " + pcity
	v.NRB, v.Balance = acct.String, money.Amount(balance.Int64)
	return v, nil
}

// nextDue is the next day fees are due on or after a day.
func nextDue(day civil.Date, dueDay int) civil.Date {
	m := civil.MonthOf(day)
	if day.Day > dueDay {
		m = m.Next()
	}
	return m.Day(dueDay)
}
