package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/documents"
	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/money"
)

// settlementsPage lists a premises' utility settlements; staff may record
// a new one.
type settlementsPage struct {
	premisesPage
	Settlements []ledger.Settlement
	Form        settlementForm
	Error       string
}

// settlementForm is a settlement as staff type it.
type settlementForm struct {
	Kind, From, To, Consumption, Cost, Advances string
}

func (s *Server) premisesSettlements(w http.ResponseWriter, r *http.Request) error {
	h, err := s.holdingFor(r)
	if err != nil {
		return err
	}
	return s.showSettlements(w, r, http.StatusOK, settlementsPage{premisesPage: s.newPremisesPage(r, "settle.title", h, "settlements")})
}

func (s *Server) showSettlements(w http.ResponseWriter, r *http.Request, status int, p settlementsPage) error {
	var err error
	all, err := s.Ledger.Settlements(r.Context(), stateOf(r).coop.ID, p.Holding.ID)
	if err != nil {
		return err
	}
	// A resident sees the settlements of periods that reach into their
	// holding, not those of a former holder.
	for _, set := range all {
		if !set.To.Before(p.Holding.VisibleFrom) && (p.Holding.VisibleUntil.IsZero() || !set.From.After(p.Holding.VisibleUntil)) {
			p.Settlements = append(p.Settlements, set)
		}
	}
	return s.render(w, r, status, "premises_settlements", p)
}

// settlementRefusals are the settlement form's refusals and their messages.
var settlementRefusals = refusalsOf("settle")

// staffRecordSettlement records a settlement and posts its result.
func (s *Server) staffRecordSettlement(w http.ResponseWriter, r *http.Request) error {
	h, err := s.holdingFor(r)
	if err != nil {
		return err
	}
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	p := settlementsPage{premisesPage: s.newPremisesPage(r, "settle.title", h, "settlements"),
		Form: settlementForm{Kind: v("kind"), From: v("from"), To: v("to"), Consumption: v("consumption"), Cost: v("cost"), Advances: v("advances")}}
	st := ledger.Settlement{Kind: p.Form.Kind}
	var errs []error
	st.From, err = civil.Parse(p.Form.From)
	errs = append(errs, err)
	st.To, err = civil.Parse(p.Form.To)
	errs = append(errs, err)
	use, err := parseThousandths(p.Form.Consumption)
	errs = append(errs, err)
	cost, err := money.Parse(p.Form.Cost)
	errs = append(errs, err)
	adv, err := money.Parse(p.Form.Advances)
	errs = append(errs, err)
	if errors.Join(errs...) != nil {
		p.Error = p.L.T("settle.error.form")
		return s.showSettlements(w, r, http.StatusUnprocessableEntity, p)
	}
	st.Consumption, st.Cost, st.Advances = use, cost, adv
	_, err = s.Ledger.RecordSettlement(r.Context(), actorOf(r), h.ID, st, s.today())
	if p.Error, err = settlementRefusals.message(p.L, err); err != nil {
		return err
	}
	if p.Error != "" {
		return s.showSettlements(w, r, http.StatusUnprocessableEntity, p)
	}
	return s.flashRedirect(w, r, fmt.Sprintf("/staff/premises/%d/settlements", h.ID), "flash.settlement", h.Address(), st.Result().Format())
}

// settlementPDF sends one settlement as a PDF.
func (s *Server) settlementPDF(w http.ResponseWriter, r *http.Request) error {
	h, sid, err := s.holdingItem(r, "sid")
	if err != nil {
		return err
	}
	st := stateOf(r)
	set, err := s.Ledger.SettlementByID(r.Context(), st.coop.ID, h.ID, sid)
	if err == nil && (set.To.Before(h.VisibleFrom) || !h.VisibleUntil.IsZero() && set.From.After(h.VisibleUntil)) {
		err = fault.ErrNotFound // a former holder's settlement
	}
	if err != nil {
		return err
	}
	doc := documents.Settlement{Coop: st.coop, Holding: h, Figures: set, IssuedOn: s.today()}
	if u := st.user(); u != nil && u.PersonID != 0 {
		doc.Holder = u.DisplayName
	}
	return s.sendFile(w, r)(s.Documents.SettlementPDF(s.Catalogue.For(st.lang), doc))
}

// errQuantity: a quantity is digits with up to three decimals.
var errQuantity = errors.New("web: a quantity is digits with up to three decimals")

// parseThousandths reads a meter quantity such as "42,315" (or "42.315",
// or "42") as thousandths of its unit.
func parseThousandths(s string) (int64, error) {
	whole, frac, _ := strings.Cut(strings.ReplaceAll(strings.TrimSpace(s), ".", ","), ",")
	if whole == "" || len(whole) > 12 || len(frac) > 3 || strings.Contains(frac, ",") {
		return 0, errQuantity
	}
	var n int64
	for _, c := range whole + frac + strings.Repeat("0", 3-len(frac)) {
		if c < '0' || c > '9' {
			return 0, errQuantity
		}
		n = n*10 + int64(c-'0')
	}
	return n, nil
}
