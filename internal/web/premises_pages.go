package web

import (
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/documents"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/nrb"
	"github.com/ebok/ebok/internal/payqr"
)

// residentHolding finds the premises of the path among those the resident
// may see today (a current title, or access extended by staff).
func (s *Server) residentHolding(r *http.Request) (*coop.Holding, error) {
	u := stateOf(r).user()
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.Coops.Holding(r.Context(), u.CoopID, u.PersonID, id, s.today())
}

// premisesPage is one premises' overview: how much, for what, since when,
// and where to pay it.
type premisesPage struct {
	Page
	Holding  *coop.Holding
	Balance  ledger.Balance
	Due      ledger.Due
	Interest ledger.Accrued
	// Unpaid lists what is still owed, for what and since when (the
	// overview); Earlier is a former holder's part of it, as one sum.
	Unpaid       []unpaidRow
	UnpaidMore   int // debts beyond the rows listed
	Earlier      money.Amount
	ArrearsSince civil.Date
	// QR is the payment QR code (data: URL of a PNG) for the amount due;
	// QRNoAmount says the payer must type the amount.
	QR         template.URL
	QRNoAmount bool
	// QRAmount is what the QR code and the slip ask for: the amount due by
	// Due.On, or with ?pay=full (PayFull) FullAmount, which adds the
	// interest accrued to date and not yet posted.
	QRAmount   money.Amount
	PayFull    bool
	FullAmount money.Amount
	// Periods break the accrued interest down by rate period; they add up
	// to Interest.Total.
	Periods  []periodRow
	PostedAt time.Time
	Today    civil.Date
	Zone     *time.Location
	Tab      string
	// Base is where this premises' pages live (/ebok/premises/ID for the
	// resident, /staff/premises/ID for staff) and Back the page above them.
	Base, Back string
	// Staff marks the staff view (with manual postings).
	Staff bool
	// Ended is the day a former holder's title ended (zero for a current
	// holding): what they see stops on that day (see former).
	Ended civil.Date
}

// PayTitle is the transfer title naming the premises exactly.
func (p premisesPage) PayTitle() string { return documents.PaymentTitle(p.L, p.Holding.Premises) }

// OwedNow is what the posted entries leave to pay (0 when overpaid).
func (p premisesPage) OwedNow() money.Amount { return max(p.Balance.Amount, 0) }

// InterestGrowing reports that interest still accrues: something is
// unpaid past its due date (interest from payments made late, all paid
// since, grows no more).
func (p premisesPage) InterestGrowing() bool {
	return !p.ArrearsSince.IsZero() && p.ArrearsSince.Before(p.Interest.AsOf)
}

// SettleToday is the amount that would settle everything today: the
// balance and the interest accrued to date that is not yet posted.
func (p premisesPage) SettleToday() money.Amount {
	return max(p.Balance.Amount+p.Interest.Unposted(), 0)
}

// newPremisesPage starts a premises page for the resident or for staff.
func (s *Server) newPremisesPage(r *http.Request, titleKey string, h *coop.Holding, tab string) premisesPage {
	p := premisesPage{Page: s.page(r, titleKey), Holding: h, Zone: s.Config.TimeZone, Tab: tab, Today: s.today()}
	if former(h, p.Today) {
		p.Ended = h.VisibleUntil
	}
	if u := stateOf(r).user(); u != nil && u.Kind == auth.Staff {
		p.Section, p.Staff = "staff", true
		p.Base = fmt.Sprintf("/staff/premises/%d", h.ID)
		p.Back = p.Base
	} else {
		p.Section = "ebok"
		p.Base, p.Back = fmt.Sprintf("/ebok/premises/%d", h.ID), "/ebok"
	}
	return p
}

// holdingFor finds the premises of the path as the user may see it: a
// resident's own premises, or any premises of the cooperative (of the
// estate, for an estate administration) for staff.
func (s *Server) holdingFor(r *http.Request) (*coop.Holding, error) {
	u := stateOf(r).user()
	if u.Kind != auth.Staff {
		return s.residentHolding(r)
	}
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	p, err := s.Coops.PremisesByID(r.Context(), u.CoopID, u.EstateID, id)
	if err != nil {
		return nil, err
	}
	return &coop.Holding{Premises: *p}, nil
}

// holdingItem finds the premises of the path as holdingFor does, and reads
// the id of one of its items (a meter, a settlement, a payment) from the
// path.
func (s *Server) holdingItem(r *http.Request, name string) (*coop.Holding, int64, error) {
	h, err := s.holdingFor(r)
	if err != nil {
		return nil, 0, err
	}
	id, err := pathID(r, name)
	return h, id, err
}

func (s *Server) premisesOverview(w http.ResponseWriter, r *http.Request) error {
	h, err := s.holdingFor(r)
	if err != nil {
		return err
	}
	st := stateOf(r)
	p := s.newPremisesPage(r, "premises.overview.title", h, "overview")
	p.Title = p.L.T("premises.kind."+string(h.Kind)) + ": " + h.Address()
	asOf := s.today()
	if !p.Ended.IsZero() {
		asOf = p.Ended
		p.Balance, p.Due, err = s.formerBalance(r, h)
	} else {
		p.Balance, p.Due, err = s.Ledger.BalanceDue(r.Context(), st.coop.ID, h.AccountID, h.ID, st.coop.FeeDueDay, asOf)
	}
	if err != nil {
		return err
	}
	p.PostedAt = p.Balance.PostedAt
	arrears, err := s.Ledger.Arrears(r.Context(), st.coop.ID, h.AccountID, asOf, h.VisibleFrom)
	if err != nil {
		return err
	}
	p.Interest, p.Earlier, p.ArrearsSince = arrears.Accrued, arrears.Earlier, arrears.Since()
	p.fillUnpaid(arrears.Unpaid)
	p.fillPeriods(arrears.Periods)
	p.FullAmount = max(p.Due.Balance+p.Due.Fee+p.Interest.Unposted(), 0)
	p.PayFull = r.URL.Query().Get("pay") == "full" && p.FullAmount != p.Due.Amount && p.Ended.IsZero()
	p.QRAmount = p.Due.Amount
	if p.PayFull {
		p.QRAmount = p.FullAmount
	}
	text, omitted, err := s.paymentQR(st.coop, h, p.QRAmount, documents.QRTitle(p.L, h.Premises))
	if err != nil {
		return err
	}
	png, err := payqr.PNG(text, payqr.RecommendedSize)
	if err != nil {
		return err
	}
	p.QR, p.QRNoAmount = template.URL("data:image/png;base64,"+base64.StdEncoding.EncodeToString(png)), omitted
	return s.render(w, r, http.StatusOK, "premises_overview", p)
}

// former tells whether h is a holding whose title ended before today, one
// a former holder still sees because staff extended their access: what
// they see ends on h.VisibleUntil, and the account's later entries (the
// buyer's) are never shown to them.
func former(h *coop.Holding, today civil.Date) bool {
	return !h.VisibleUntil.IsZero() && h.VisibleUntil.Before(today)
}

// slipDue is what a payment slip asks for: the amount due by the next due
// day, or what a former holder owes of the balance on the day the title
// ended.
func (s *Server) slipDue(r *http.Request, h *coop.Holding) (ledger.Due, error) {
	if former(h, s.today()) {
		_, d, err := s.formerBalance(r, h)
		return d, err
	}
	st := stateOf(r)
	return s.Ledger.NextDue(r.Context(), st.coop.ID, h.AccountID, h.ID, st.coop.FeeDueDay, s.today())
}

// formerBalance is a former holder's balance on the day the title ended,
// and what they owe of it: nothing of the buyer's, and no fee due any
// more.
func (s *Server) formerBalance(r *http.Request, h *coop.Holding) (ledger.Balance, ledger.Due, error) {
	until := h.VisibleUntil
	v, err := s.Ledger.Statement(r.Context(), stateOf(r).coop.ID, h.AccountID, until, until, h.VisibleFrom)
	if err != nil {
		return ledger.Balance{}, ledger.Due{}, err
	}
	return ledger.Balance{AccountID: h.AccountID, Amount: v.Closing},
		ledger.Due{On: until, Balance: v.Closing, Amount: max(v.Closing, 0)}, nil
}

// unpaidRow is one debt still owed, as the overview lists it.
type unpaidRow struct {
	What, Due, Outstanding, Late, Interest string
	IsLate                                 bool
}

// periodRow is one rate period of the interest breakdown, as shown.
type periodRow struct {
	What, Amount, Period, Rate, Interest, Paid string
	Days                                       int
}

// fillPeriods formats the interest breakdown. A former holder's debts are
// named only by the day the resident's holding began.
func (p *premisesPage) fillPeriods(periods []ledger.InterestPeriod) {
	for _, x := range periods {
		row := periodRow{What: entryWhat(p.L.T("ledger.kind."+x.Debt.Kind), x.Debt.Description), Amount: x.Amount.Format(),
			Period: x.From.Format() + "–" + x.To.Format(), Days: x.Days, Rate: x.Rate.Format(), Interest: x.Interest.Format()}
		if x.Earlier && !p.Staff {
			row.What = p.L.T("overview.unpaid.earlier", p.Holding.VisibleFrom.Format())
		}
		if !x.PaidOn.IsZero() {
			row.Paid = p.L.T("overview.periods.paid", x.PaidOn.Format())
		}
		p.Periods = append(p.Periods, row)
	}
}

// AsOf says up to when the balance is posted, in words that mean something
// to a resident: the day of the newest posting, with its time only when it
// was today. Entries stamped at midnight UTC (imports and the demo, which
// date them by day) are shown by that day alone.
func (p premisesPage) AsOf() string {
	if !p.Ended.IsZero() {
		return p.L.T("overview.asof_ended", p.Ended.Format())
	}
	t := p.PostedAt
	if t.IsZero() {
		return ""
	}
	if u := t.UTC(); u.Hour() == 0 && u.Minute() == 0 && u.Second() == 0 {
		return p.L.T("overview.asof_day", u.Format("02.01.2006"))
	}
	local := t.In(p.Zone)
	if p.Today.IsZero() || civil.DateOf(local) != p.Today {
		return p.L.T("overview.asof_day", local.Format("02.01.2006"))
	}
	return p.L.T("overview.asof_time", local.Format("02.01.2006"), local.Format("15:04"))
}

// entryWhat describes a ledger entry as its kind and description
// ("Naliczenie: Opłaty za 11.2026"), saying the kind once when the
// description already starts with it: a payment described "Wpłata" or
// "Wpłata: Jan Kowalski — …" is not "Wpłata: Wpłata".
func entryWhat(kind, description string) string {
	d := strings.TrimSpace(description)
	switch {
	case d == "":
		return kind
	case strings.EqualFold(d, kind):
		return kind
	case len(d) > len(kind) && strings.EqualFold(d[:len(kind)], kind) && strings.ContainsRune(":–- ", rune(d[len(kind)])):
		return d
	}
	return kind + ": " + d
}

// maxUnpaidRows is how many unpaid debts the overview lists; the ledger
// has the rest.
const maxUnpaidRows = 12

// fillUnpaid formats the unpaid debts, oldest due first.
func (p *premisesPage) fillUnpaid(debts []ledger.UnpaidDebt) {
	for i, d := range debts {
		if i == maxUnpaidRows {
			p.UnpaidMore = len(debts) - i
			break
		}
		row := unpaidRow{What: entryWhat(p.L.T("ledger.kind."+d.Kind), d.Description), Due: d.DueOn.Format(),
			Outstanding: d.Outstanding.Format(), IsLate: d.DaysLate > 0}
		switch {
		case d.DaysLate == 1:
			row.Late = p.L.T("overview.unpaid.day")
		case d.DaysLate > 1:
			row.Late = p.L.T("overview.unpaid.days", d.DaysLate)
		default:
			row.Late = p.L.T("overview.unpaid.not_yet")
		}
		if d.Interest > 0 {
			row.Interest = d.Interest.Format()
		}
		p.Unpaid = append(p.Unpaid, row)
	}
}

// paymentQR encodes the payment for a premises. The cooperative's NIP is
// optional in the code; one that fails its checksum is left out rather
// than refusing the code.
func (s *Server) paymentQR(c *coop.Cooperative, h *coop.Holding, amount money.Amount, title string) (string, bool, error) {
	p := payqr.Payment{RecipientNIP: c.NIP, Account: h.NRB, Amount: amount, RecipientName: c.ShortName, Title: title}
	text, omitted, err := payqr.Encode(p)
	if errors.Is(err, payqr.ErrNIP) {
		p.RecipientNIP = ""
		text, omitted, err = payqr.Encode(p)
	}
	return text, omitted, err
}

// feesPage is one premises' fee breakdown and its history.
type feesPage struct {
	premisesPage
	Fees    *ledger.FeeSchedule
	History []ledger.FeeChange
	// FeeChart draws History as steps.
	FeeChart template.HTML
}

func (s *Server) premisesFees(w http.ResponseWriter, r *http.Request) error {
	h, err := s.holdingFor(r)
	if err != nil {
		return err
	}
	st := stateOf(r)
	today := s.today()
	if former(h, today) {
		// The fee now is the buyer's (their area, their persons): a
		// former holder is told when theirs ended instead.
		return s.render(w, r, http.StatusOK, "premises_fees", feesPage{premisesPage: s.newPremisesPage(r, "fees.title", h, "fees")})
	}
	fs, err := s.Ledger.Fees(r.Context(), st.coop.ID, h.ID, today)
	if err != nil {
		return err
	}
	hist, err := s.Ledger.FeeHistory(r.Context(), st.coop.ID, h.ID, today)
	if err != nil {
		return err
	}
	p := feesPage{premisesPage: s.newPremisesPage(r, "fees.title", h, "fees"), Fees: fs, History: hist}
	p.FeeChart = feeChart(p.L, hist)
	return s.render(w, r, http.StatusOK, "premises_fees", p)
}

// BaseText describes a fee line's base in words: "48,30 m² × 3,20 zł/m²" style.
func (p feesPage) BaseText(l ledger.FeeLine) string {
	switch l.Base {
	case ledger.BaseArea:
		return p.L.T("fees.base.area", coop.Area(l.Quantity).Format())
	case ledger.BasePersons:
		return p.L.T("fees.base.persons", l.Quantity)
	case ledger.BaseVolume:
		return p.L.T("fees.base.volume")
	}
	return p.L.T("fees.base.premises")
}

// dash stands for an empty field.
func dash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// nrbText groups an account number in fours when it is a valid NRB.
func nrbText(s string) string {
	if n, err := nrb.Parse(s); err == nil {
		return n.Format()
	}
	return s
}
