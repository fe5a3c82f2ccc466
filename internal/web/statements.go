package web

import (
	"errors"
	"fmt"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/documents"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/ratelimit"
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
	return from, to, !to.Before(from) && !to.After(from.AddMonths(15*12))
}

// errPeriod: the statement's period is inverted, too long or not a date.
var errPeriod = httpError(http.StatusBadRequest, "statement.error.period")

// statementFor reads the premises and period of a statement request and
// loads the entries.
func (s *Server) statementFor(r *http.Request) (documents.Statement, error) {
	h, err := s.holdingFor(r)
	if err != nil {
		return documents.Statement{}, err
	}
	from, to, ok := s.statementPeriod(r)
	if !ok {
		return documents.Statement{}, errPeriod
	}
	// A resident's statement starts no earlier than their holding: what
	// came before is a former holder's, and shows as the opening balance.
	if from.Before(h.VisibleFrom) {
		from = h.VisibleFrom
	}
	// A former holder's statement ends on the day the title ended, and
	// one asked for a later period is that day's: what came after is the
	// buyer's, in the balances too.
	if !h.VisibleUntil.IsZero() && h.VisibleUntil.Before(to) {
		to = h.VisibleUntil
	}
	if !h.VisibleUntil.IsZero() && h.VisibleUntil.Before(from) {
		from = h.VisibleUntil
	}
	if to.Before(from) {
		to = from
	}
	st := stateOf(r)
	v, err := s.Ledger.Statement(r.Context(), st.coop.ID, h.AccountID, from, to, h.VisibleFrom)
	if err != nil {
		return documents.Statement{}, err
	}
	return documents.Statement{Coop: st.coop, Holding: h, From: from, To: to, Ledger: v, MadeOn: s.today()}, nil
}

// sendStatement sends the premises' ledger for a period as the document
// build makes of it.
func (s *Server) sendStatement(w http.ResponseWriter, r *http.Request, build func(*i18n.Localizer, documents.Statement) (documents.File, error)) error {
	doc, err := s.statementFor(r)
	if errors.Is(err, errPeriod) {
		// Back to the form on the ledger page, which says what was typed
		// and why no file came.
		q := r.URL.Query()
		return s.flashRedirect(w, r, path.Dir(r.URL.Path)+"/ledger#stmt-title", "flash.statement_period",
			typed(q.Get("from")), typed(q.Get("to")))
	}
	if err != nil {
		return err
	}
	return s.sendFile(w, r)(build(s.Catalogue.For(stateOf(r).lang), doc))
}

// typed is what a user typed into a short field, as a message repeats it:
// trimmed, at most 20 characters.
func typed(v string) string {
	v = strings.TrimSpace(v)
	if r := []rune(v); len(r) > 20 {
		v = string(r[:20]) + "…"
	}
	return v
}

// statementCSV sends the premises' ledger for a period as CSV.
func (s *Server) statementCSV(w http.ResponseWriter, r *http.Request) error {
	return s.sendStatement(w, r, documents.StatementCSV)
}

// heavyDownloads: a user may download 20 statement PDFs or spreadsheets
// (up to 15 years each) in any 10 minutes, on all nodes together.
var heavyDownloads = ratelimit.Rule{Scope: "download.statement", Max: 20, Window: 10 * time.Minute}

// errDownloadLimit: too many heavy downloads lately.
var errDownloadLimit = httpError(http.StatusTooManyRequests, "download.error.limit")

// heavyDownload counts a heavy download against the logged-in user.
func (s *Server) heavyDownload(r *http.Request) error {
	slot, _, err := s.Limits.Take(r.Context(), heavyDownloads, fmt.Sprint(stateOf(r).user().ID), s.Now())
	if err != nil {
		return err
	}
	if slot == 0 {
		return errDownloadLimit
	}
	return nil
}

// statementPDF sends the premises' ledger for a period as a PDF.
func (s *Server) statementPDF(w http.ResponseWriter, r *http.Request) error {
	if err := s.heavyDownload(r); err != nil {
		return err
	}
	return s.sendStatement(w, r, s.Documents.StatementPDF)
}

// statementXLSX sends the premises' ledger for a period as a spreadsheet.
func (s *Server) statementXLSX(w http.ResponseWriter, r *http.Request) error {
	if err := s.heavyDownload(r); err != nil {
		return err
	}
	return s.sendStatement(w, r, documents.StatementXLSX)
}
