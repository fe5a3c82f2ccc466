package web

import (
	"net/http"
	"strings"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/documents"
	"github.com/ebok/ebok/internal/register"
)

// registerPage is the correspondence register of a period.
type registerPage struct {
	Page
	From, To civil.Date
	Entries  []register.Entry
	Pager    pager
	// Errors are the dates typed that are not dates, by the field's id.
	Errors []fieldError
}

// registerPeriod reads the period from the query string (default: the
// current month up to today), and names the fields whose text is not a
// date (those keep the default).
func (s *Server) registerPeriod(r *http.Request) (from, to civil.Date, bad []string) {
	today := s.today()
	from, _ = civil.NewDate(today.Year, today.Month, 1)
	to = today
	for _, f := range []struct {
		name string
		d    *civil.Date
	}{{"from", &from}, {"to", &to}} {
		v := strings.TrimSpace(r.URL.Query().Get(f.name))
		if v == "" {
			continue
		}
		d, err := civil.Parse(v)
		if err != nil {
			bad = append(bad, f.name)
			continue
		}
		*f.d = d
	}
	if to.Before(from) {
		to = from
	}
	return from, to, bad
}

// registerOf loads the register of the request's period.
func (s *Server) registerOf(r *http.Request) (documents.Register, error) {
	from, to, _ := s.registerPeriod(r)
	g := documents.Register{Coop: stateOf(r).coop, From: from, To: to, Zone: s.Config.TimeZone}
	var err error
	g.Entries, err = s.Register.List(r.Context(), g.Coop.ID, from, to)
	return g, err
}

// staffRegister shows the correspondence register of a period.
func (s *Server) staffRegister(w http.ResponseWriter, r *http.Request) error {
	from, to, bad := s.registerPeriod(r)
	p := registerPage{Page: s.page(r, "register.title"), From: from, To: to}
	for _, f := range bad {
		p.Errors = append(p.Errors, fieldError{Field: f, Message: p.L.T("register.bad_date."+f, r.URL.Query().Get(f))})
	}
	p.Section = "register"
	p.Pager = pager{L: p.L, Path: "/staff/register", Query: r.URL.Query(), Page: pageNumber(r.URL.Query()), Size: register.PageSize}
	var err error
	if p.Entries, err = loadPage(&p.Pager, func(page int) ([]register.Entry, int, error) {
		return s.Register.Page(r.Context(), p.Coop.ID, from, to, page)
	}); err != nil {
		return err
	}
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
