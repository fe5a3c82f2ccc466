package web

import (
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/ledger"
)

// ledgerPage is one premises' ledger for a year.
type ledgerPage struct {
	premisesPage
	View    *ledger.View
	Kind    string
	Kinds   []string
	Posting postingForm
	// Accrual is the form posting the interest accrued (staff only).
	Accrual accrualForm
	// Rows and MonthRows are the tables as text, prepared here, and
	// RowsHTML and MonthRowsHTML the same written as HTML (see
	// ledgerRowsHTML): the page lists up to a year of entries, and
	// writing them in Go rather than through template reflection and
	// escapers is most of its rendering time.
	Rows          []ledgerRow
	MonthRows     []monthRow
	RowsHTML      template.HTML
	MonthRowsHTML template.HTML
	// BalanceChart draws the balance at the end of each of the last 24
	// months (since the holding began, for a resident); BalanceRows are
	// its figures.
	BalanceChart    template.HTML
	BalanceRows     []monthRow
	BalanceRowsHTML template.HTML
}

// ledgerRow is one ledger entry as the table shows it.
type ledgerRow struct {
	Kind, Date, What, Due, Debit, Credit, Balance string
	// Settles names the charge staff allocated a payment to; Allocate,
	// for staff who may allocate it, says which payment the link is for.
	Settles, Allocate string
	ID                int64
	// Bank is, for staff, what the bank statement said of a payment.
	Bank string
}

// monthRow is one month's subtotal as the table shows it.
type monthRow struct {
	Month, Debits, Credits, Closing string
}

// OpeningText says what the ledger opens with: the balance at the start
// of the year, or, for a resident whose holding began during it, on the
// day it began.
func (p ledgerPage) OpeningText() string {
	v := p.View
	if v.OpeningOn == (civil.Date{Year: v.Year, Month: time.January, Day: 1}) {
		return p.L.T("ledger.opening", v.Year, v.Opening.Format())
	}
	return p.L.T("ledger.opening_on", v.OpeningOn.Format(), v.Opening.Format())
}

// fillRows formats the view's entries and months for the tables.
func (p *ledgerPage) fillRows() {
	labels := map[string]string{}
	for _, k := range ledger.Kinds {
		labels[k] = p.L.T("ledger.kind." + k)
	}
	allocates := p.Staff && p.CanPost()
	p.Rows = make([]ledgerRow, 0, len(p.View.Entries))
	for _, e := range p.View.Entries {
		row := ledgerRow{Kind: e.Kind, Date: e.BookedOn.Format(), What: entryWhat(labels[e.Kind], e.Description), Balance: e.Balance.FormatNumber(), ID: e.ID}
		if !e.DueOn.IsZero() {
			row.Due = p.L.T("ledger.due", e.DueOn.Format())
		}
		if d := e.Debit(); d != 0 {
			row.Debit = d.FormatNumber()
		}
		if c := e.Credit(); c != 0 {
			row.Credit = c.FormatNumber()
			if allocates && e.Kind != ledger.KindInterest {
				row.Allocate = p.L.T("ledger.allocate.which", row.Date, c.Format())
			}
		}
		if !e.Settles.IsZero() {
			row.Settles = p.L.T("ledger.settles", entryRefText(p.L, e.Settles))
		}
		if b := e.Bank; p.Staff && !b.BookedOn.IsZero() {
			row.Bank = p.L.T("ledger.bank.details", b.BookedOn.Format(), dash(nrbText(b.PayerAccount)), dash(b.Reference), dash(b.Statement))
		}
		p.Rows = append(p.Rows, row)
	}
	p.MonthRows = make([]monthRow, 0, len(p.View.Months))
	for _, m := range p.View.Months {
		p.MonthRows = append(p.MonthRows, monthRow{Month: m.Month.Format(), Debits: m.Debits.FormatNumber(),
			Credits: m.Credits.FormatNumber(), Closing: m.Closing.FormatNumber()})
	}
	p.RowsHTML = ledgerRowsHTML(p.Rows, p.Base, p.L.T("ledger.allocate"), p.L.T("ledger.none"))
	p.MonthRowsHTML = monthRowsHTML(p.MonthRows, false)
}

// postingForm is the staff form for a manual posting, as typed.
type postingForm struct {
	Kind, BookedOn, DueOn, Amount, Direction, Component, Reason string
	Errors                                                      []fieldError
}

func (s *Server) premisesLedger(w http.ResponseWriter, r *http.Request) error {
	h, err := s.holdingFor(r)
	if err != nil {
		return err
	}
	f := ledger.Filter{Kind: r.URL.Query().Get("kind")}
	if !slices.Contains(ledger.Kinds, f.Kind) {
		f.Kind = ""
	}
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil {
		f.Year = y
	}
	// The version is read before the ledger: a posting in between is shown
	// now and kept under the older version, so the next request renders
	// again.
	version, err := s.Ledger.Version(r.Context(), h.AccountID)
	if err != nil {
		return err
	}
	key := s.ledgerPageKey(stateOf(r), h, f, version)
	// A page with a one-time message is rendered for this request only.
	flashed := stateOf(r).flash != nil
	if page, ok := s.pageCache.get(key); ok && !flashed {
		s.sendHTML(w, r, http.StatusOK, page)
		return nil
	}
	p, err := s.newLedgerPage(r, h, f)
	if err != nil {
		return err
	}
	t, err := s.template(p.L, "premises_ledger")
	if err != nil {
		return err
	}
	buf, err := renderPage(t, p)
	if err != nil {
		return fmt.Errorf("web: render premises_ledger: %w", err)
	}
	page := buf.Bytes()
	if !flashed {
		s.pageCache.put(key, page)
	}
	s.sendHTML(w, r, http.StatusOK, page)
	return nil
}

// newLedgerPage builds a premises' ledger page for the filter.
func (s *Server) newLedgerPage(r *http.Request, h *coop.Holding, f ledger.Filter) (ledgerPage, error) {
	f.From = h.VisibleFrom // a resident sees their own holding (zero for staff)
	f.Until = h.VisibleUntil
	p := ledgerPage{premisesPage: s.newPremisesPage(r, "ledger.title", h, "ledger"), Kind: f.Kind, Kinds: ledger.Kinds}
	p.Posting.BookedOn = s.today().Format()
	v, err := s.Ledger.Ledger(r.Context(), stateOf(r).coop.ID, h.AccountID, f)
	if err != nil {
		return p, err
	}
	p.View, p.PostedAt = v, v.PostedAt
	through := civil.MonthOf(s.today())
	from := through.AddMonths(1 - balanceMonths)
	if vf := civil.MonthOf(h.VisibleFrom); !h.VisibleFrom.IsZero() && from.Before(vf) {
		from = vf
	}
	hist, err := s.Ledger.BalanceHistory(r.Context(), stateOf(r).coop.ID, h.AccountID, from, through, h.VisibleUntil)
	if err != nil {
		return p, err
	}
	p.BalanceChart = balanceChart(p.L, hist)
	for i := len(hist) - 1; i >= 0; i-- {
		p.BalanceRows = append(p.BalanceRows, monthRow{Month: hist[i].Month.Format(), Closing: hist[i].Closing.FormatNumber()})
	}
	p.BalanceRowsHTML = monthRowsHTML(p.BalanceRows, true)
	p.fillRows()
	if p.Staff {
		if err := s.addAccrual(r, &p); err != nil {
			return p, err
		}
	}
	return p, nil
}
