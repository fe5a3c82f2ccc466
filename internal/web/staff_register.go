package web

import (
	"net/http"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/documents"
	"github.com/ebok/ebok/internal/register"
)

// registerPage is the correspondence register of a period.
type registerPage struct {
	Page
	From, To civil.Date
	Entries  []register.Entry
}

// registerPeriod reads the period from the query string (default: the
// current month up to today).
func (s *Server) registerPeriod(r *http.Request) (from, to civil.Date) {
	today := s.today()
	from, _ = civil.NewDate(today.Year, today.Month, 1)
	to = today
	if d, err := civil.Parse(r.URL.Query().Get("from")); err == nil {
		from = d
	}
	if d, err := civil.Parse(r.URL.Query().Get("to")); err == nil {
		to = d
	}
	if to.Before(from) {
		to = from
	}
	return from, to
}

// registerOf loads the register of the request's period.
func (s *Server) registerOf(r *http.Request) (documents.Register, error) {
	from, to := s.registerPeriod(r)
	g := documents.Register{Coop: stateOf(r).coop, From: from, To: to, Zone: s.Config.TimeZone}
	var err error
	g.Entries, err = s.Register.List(r.Context(), g.Coop.ID, from, to)
	return g, err
}

// staffRegister shows the correspondence register of a period.
func (s *Server) staffRegister(w http.ResponseWriter, r *http.Request) error {
	g, err := s.registerOf(r)
	if err != nil {
		return err
	}
	p := registerPage{Page: s.page(r, "register.title"), From: g.From, To: g.To, Entries: g.Entries}
	p.Section = "register"
	return s.render(w, r, http.StatusOK, "staff_register", p)
}

// staffRegisterPDF sends the register of a period as a PDF to print.
func (s *Server) staffRegisterPDF(w http.ResponseWriter, r *http.Request) error {
	g, err := s.registerOf(r)
	if err != nil {
		return err
	}
	return s.sendFile(w, r)(s.Documents.RegisterPDF(s.page(r, "register.title").L, g))
}

// staffRegisterXLSX sends the register of a period as a spreadsheet.
func (s *Server) staffRegisterXLSX(w http.ResponseWriter, r *http.Request) error {
	g, err := s.registerOf(r)
	if err != nil {
		return err
	}
	return s.sendFile(w, r)(documents.RegisterXLSX(s.page(r, "register.title").L, g))
}
