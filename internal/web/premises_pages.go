package web

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/ledger"
)

// residentHolding finds the premises of the path among those the resident
// may see today (a current title, or access extended by staff).
func (s *Server) residentHolding(w http.ResponseWriter, r *http.Request) (*coop.Holding, bool) {
	u := stateOf(r).user()
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return nil, false
	}
	holdings, err := s.Coops.Holdings(r.Context(), u.CoopID, u.PersonID, s.today())
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	for i := range holdings {
		if holdings[i].ID == id {
			return &holdings[i], true
		}
	}
	s.notFound(w, r)
	return nil, false
}

// premisesPage is one premises' overview: how much, for what, since when,
// and where to pay it.
type premisesPage struct {
	Page
	Holding  *coop.Holding
	Balance  ledger.Balance
	Due      ledger.Due
	PostedAt time.Time
	Zone     *time.Location
	Tab      string
}

// Stamp shows an instant as a Polish date and time in the cooperative's zone.
func (p premisesPage) Stamp(t time.Time) string { return t.In(p.Zone).Format("02.01.2006 15:04") }

func (s *Server) premisesOverview(w http.ResponseWriter, r *http.Request) {
	h, ok := s.residentHolding(w, r)
	if !ok {
		return
	}
	st := stateOf(r)
	p := premisesPage{Page: s.page(r, "premises.overview.title"), Holding: h, Zone: s.Config.TimeZone, Tab: "overview"}
	p.Section = "ebok"
	p.Title = p.L.T("premises.kind."+string(h.Kind)) + ": " + h.Address()
	balances, err := s.Ledger.Balances(r.Context(), st.coop.ID, []int64{h.AccountID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Balance = balances[h.AccountID]
	if p.Due, err = s.Ledger.NextDue(r.Context(), st.coop.ID, h.AccountID, h.ID, st.coop.FeeDueDay, s.today()); err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.Ledger.Ledger(r.Context(), st.coop.ID, h.AccountID, ledger.Filter{})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.PostedAt = v.PostedAt
	s.render(w, r, http.StatusOK, "premises_overview", p)
}

// ledgerPage is one premises' ledger for a year.
type ledgerPage struct {
	premisesPage
	View  *ledger.View
	Kind  string
	Kinds []string
}

func (s *Server) premisesLedger(w http.ResponseWriter, r *http.Request) {
	h, ok := s.residentHolding(w, r)
	if !ok {
		return
	}
	st := stateOf(r)
	f := ledger.Filter{Kind: r.URL.Query().Get("kind")}
	if !slices.Contains(ledger.Kinds, f.Kind) {
		f.Kind = ""
	}
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil {
		f.Year = y
	}
	v, err := s.Ledger.Ledger(r.Context(), st.coop.ID, h.AccountID, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := ledgerPage{premisesPage: premisesPage{Page: s.page(r, "ledger.title"), Holding: h, Zone: s.Config.TimeZone, Tab: "ledger", PostedAt: v.PostedAt},
		View: v, Kind: f.Kind, Kinds: ledger.Kinds}
	p.Section = "ebok"
	s.render(w, r, http.StatusOK, "premises_ledger", p)
}

// feesPage is one premises' fee breakdown and its history.
type feesPage struct {
	premisesPage
	Fees    *ledger.FeeSchedule
	History []ledger.FeeChange
}

func (s *Server) premisesFees(w http.ResponseWriter, r *http.Request) {
	h, ok := s.residentHolding(w, r)
	if !ok {
		return
	}
	st := stateOf(r)
	today := s.today()
	fs, err := s.Ledger.Fees(r.Context(), st.coop.ID, h.ID, today)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	hist, err := s.Ledger.FeeHistory(r.Context(), st.coop.ID, h.ID, today)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := feesPage{premisesPage: premisesPage{Page: s.page(r, "fees.title"), Holding: h, Zone: s.Config.TimeZone, Tab: "fees"}, Fees: fs, History: hist}
	p.Section = "ebok"
	s.render(w, r, http.StatusOK, "premises_fees", p)
}

// Base describes a fee line's base in words: "48,30 m² × 3,20 zł/m²" style.
func (p feesPage) Base(l ledger.FeeLine) string {
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
