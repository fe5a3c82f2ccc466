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
	s.render(w, r, http.StatusOK, "staff_charges", p)
	return nil
}

func (s *Server) staffChargesRun(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<10)
	st := stateOf(r)
	p := chargesPage{Page: s.page(r, "charges.title"), Month: strings.TrimSpace(r.PostFormValue("month"))}
	p.Section = "charges"
	month, err := civil.ParseMonth(p.Month)
	if err != nil {
		p.Error = p.L.T("charges.error.month")
		s.render(w, r, http.StatusUnprocessableEntity, "staff_charges", p)
		return nil
	}
	res, err := s.Ledger.RunCharges(r.Context(), actorOf(r), month, st.coop.FeeDueDay, s.today())
	if errors.Is(err, ledger.ErrRunTooEarly) {
		p.Error = p.L.T("charges.error.early")
		s.render(w, r, http.StatusUnprocessableEntity, "staff_charges", p)
		return nil
	}
	if err != nil {
		return err
	}
	p.Result = res
	s.render(w, r, http.StatusOK, "staff_charges", p)
	return nil
}
