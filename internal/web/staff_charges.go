package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/ledger"
)

// chargesPage runs the monthly charges from the fee schedule.
type chargesPage struct {
	Page
	Month  string
	Result *ledger.RunResult
	Error  string
}

func (s *Server) staffCharges(w http.ResponseWriter, r *http.Request) error {
	p := chargesPage{Page: s.page(r, "charges.title"), Month: civil.MonthOf(s.today()).Next().String()}
	p.Section = "charges"
	return s.render(w, r, http.StatusOK, "staff_charges", p)
}

func (s *Server) staffChargesRun(w http.ResponseWriter, r *http.Request) error {
	st := stateOf(r)
	p := chargesPage{Page: s.page(r, "charges.title"), Month: strings.TrimSpace(r.PostFormValue("month"))}
	p.Section = "charges"
	month, err := civil.ParseMonth(p.Month)
	if err != nil {
		p.Error = p.L.T("charges.error.month")
		return s.render(w, r, http.StatusUnprocessableEntity, "staff_charges", p)
	}
	res, err := s.Ledger.RunCharges(r.Context(), actorOf(r), month, st.coop.FeeDueDay, s.today())
	if errors.Is(err, ledger.ErrRunTooEarly) {
		p.Error = p.L.T("charges.error.early")
		return s.render(w, r, http.StatusUnprocessableEntity, "staff_charges", p)
	}
	if err != nil {
		return err
	}
	p.Result = res
	return s.render(w, r, http.StatusOK, "staff_charges", p)
}
