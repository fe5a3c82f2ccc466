package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/documents"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/ledger"
)

// statementPeriod reads from/to (dd.mm.yyyy or yyyy-mm-dd); by default the
// year so far. It refuses an inverted or over-long period.
func (s *Server) statementPeriod(r *http.Request) (from, to civil.Date, ok bool) {
	today := s.today()
	from, to = civil.Date{Year: today.Year, Month: time.January, Day: 1}, today
	q := r.URL.Query()
	var err error
	if v := strings.TrimSpace(q.Get("from")); v != "" {
		if from, err = civil.Parse(v); err != nil {
			return from, to, false
		}
	}
	if v := strings.TrimSpace(q.Get("to")); v != "" {
		if to, err = civil.Parse(v); err != nil {
			return from, to, false
		}
	}
	return from, to, !to.Before(from) && to.DaysSince(from) <= 366*15
}

// statementFor reads the premises and period of a statement request and
// loads the entries; on a problem it has answered and returns false.
func (s *Server) statementFor(w http.ResponseWriter, r *http.Request) (*coop.Holding, civil.Date, civil.Date, *ledger.View, bool) {
	h, ok := s.holdingFor(w, r)
	if !ok {
		return nil, civil.Date{}, civil.Date{}, nil, false
	}
	from, to, ok := s.statementPeriod(r)
	if !ok {
		s.renderError(w, r, http.StatusBadRequest, "statement.error.period")
		return nil, from, to, nil, false
	}
	// A resident's statement starts no earlier than their holding: what
	// came before is a former holder's, and shows as the opening balance.
	if from.Before(h.VisibleFrom) {
		from = h.VisibleFrom
	}
	if to.Before(from) {
		to = from
	}
	v, err := s.Ledger.Statement(r.Context(), stateOf(r).coop.ID, h.AccountID, from, to, h.VisibleFrom)
	if err != nil {
		s.fail(w, r, err)
		return nil, from, to, nil, false
	}
	return h, from, to, v, true
}

// sendStatement sends the premises' ledger for a period as the document
// build makes of it.
func (s *Server) sendStatement(w http.ResponseWriter, r *http.Request, build func(*i18n.Localizer, documents.Statement) (documents.File, error)) {
	h, from, to, v, ok := s.statementFor(w, r)
	if !ok {
		return
	}
	st := stateOf(r)
	f, err := build(s.Catalogue.For(st.lang), documents.Statement{Coop: st.coop, Holding: h, From: from, To: to, Ledger: v, MadeOn: s.today()})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sendFile(w, r, f)
}

// statementCSV sends the premises' ledger for a period as CSV.
func (s *Server) statementCSV(w http.ResponseWriter, r *http.Request) {
	s.sendStatement(w, r, documents.StatementCSV)
}

// statementPDF sends the premises' ledger for a period as a PDF.
func (s *Server) statementPDF(w http.ResponseWriter, r *http.Request) {
	s.sendStatement(w, r, s.Documents.StatementPDF)
}

// statementXLSX sends the premises' ledger for a period as a spreadsheet.
func (s *Server) statementXLSX(w http.ResponseWriter, r *http.Request) {
	s.sendStatement(w, r, documents.StatementXLSX)
}
