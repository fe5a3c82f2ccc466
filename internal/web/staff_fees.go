package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/money"
)

// feesAdminPage shows the fee schedule and lets settlements and finance
// add components and set rates.
type feesAdminPage struct {
	Page
	Components []ledger.Component
	Rates      []ledger.RateRow
	// History shows every rate ever set (?history=1) instead of the
	// tariff that applies today.
	History bool
	Error   string
	Done    string
	Form    rateForm
}

// rateForm is a rate as typed.
type rateForm struct {
	Component, Kind, Scope, Target, Rate, From string
}

func (s *Server) staffFees(w http.ResponseWriter, r *http.Request) error {
	p := feesAdminPage{Page: s.page(r, "feesadmin.title"), History: r.URL.Query().Get("history") == "1"}
	p.Form.From = civil.MonthOf(s.today()).Next().FirstDay().Format()
	if r.URL.Query().Get("saved") != "" {
		p.Done = p.L.T("feesadmin.saved")
	}
	return s.showFees(w, r, http.StatusOK, p)
}

func (s *Server) showFees(w http.ResponseWriter, r *http.Request, status int, p feesAdminPage) error {
	st := stateOf(r)
	var err error
	if p.Components, err = s.Ledger.Components(r.Context(), st.coop.ID); err != nil {
		return err
	}
	if p.History {
		p.Rates, err = s.Ledger.RateList(r.Context(), st.coop.ID, 200)
	} else {
		p.Rates, err = s.Ledger.CurrentRates(r.Context(), st.coop.ID, s.today())
	}
	if err != nil {
		return err
	}
	p.Section = "fees"
	return s.render(w, r, status, "staff_fees", p)
}

// componentRefusals are the fee-component form's refusals and their
// messages.
var componentRefusals = refusalsOf("feesadmin")

// staffAddComponent adds a fee component.
func (s *Server) staffAddComponent(w http.ResponseWriter, r *http.Request) error {
	p := feesAdminPage{Page: s.page(r, "feesadmin.title")}
	err := s.Ledger.AddComponent(r.Context(), actorOf(r), ledger.Component{
		Code: strings.ToLower(r.PostFormValue("code")), Name: r.PostFormValue("name"), Base: r.PostFormValue("base")})
	if p.Error, err = componentRefusals.message(p.L, err); err != nil {
		return err
	}
	if p.Error != "" {
		return s.showFees(w, r, http.StatusUnprocessableEntity, p)
	}
	return s.flashRedirect(w, r, "/staff/fees", "flash.component", strings.TrimSpace(r.PostFormValue("name")))
}

// staffSetRate records a rate from a day on, for the cooperative, an
// estate (by its code) or one premises (by its address).
func (s *Server) staffSetRate(w http.ResponseWriter, r *http.Request) error {
	st := stateOf(r)
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	p := feesAdminPage{Page: s.page(r, "feesadmin.title"), Form: rateForm{Component: v("component"), Kind: v("kind"),
		Scope: v("scope"), Target: v("target"), Rate: v("rate"), From: v("from")}}
	bad := func(key string) error {
		p.Error = p.L.T(key)
		return s.showFees(w, r, http.StatusUnprocessableEntity, p)
	}
	nr := ledger.NewRate{PremisesKind: p.Form.Kind}
	var err error
	if nr.ComponentID, err = strconv.ParseInt(p.Form.Component, 10, 64); err != nil {
		return bad("feesadmin.error.rate")
	}
	rate, err := money.Parse(p.Form.Rate)
	if err != nil {
		return bad("feesadmin.error.amount")
	}
	nr.Rate = rate
	if nr.From, err = civil.Parse(p.Form.From); err != nil {
		return bad("feesadmin.error.date")
	}
	switch p.Form.Scope {
	case "estate":
		if nr.EstateID, err = s.Coops.EstateID(r.Context(), st.coop.ID, p.Form.Target); err != nil {
			return bad("feesadmin.error.estate")
		}
	case "premises":
		found, err := s.Coops.Search(r.Context(), st.coop.ID, 0, p.Form.Target, 2)
		if err != nil {
			return err
		}
		if len(found.Premises) != 1 {
			return bad("bank.error.premises")
		}
		nr.PremisesID = found.Premises[0].ID
	}
	err = s.Ledger.SetRate(r.Context(), actorOf(r), nr)
	switch {
	case errors.Is(err, ledger.ErrBadRate), errors.Is(err, fault.ErrReference):
		return bad("feesadmin.error.rate")
	case err != nil:
		return err
	}
	return s.flashRedirect(w, r, "/staff/fees", "flash.rate", nr.Rate.Format(), nr.From.Format())
}
