package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/money"
)

// entryRefText names an entry in words: "naliczenie z 01.10.2026: Opłaty
// za 10.2026".
func entryRefText(l *i18n.Localizer, r ledger.EntryRef) string {
	return l.T("ledger.ref", strings.ToLower(l.T("ledger.kind."+r.Kind)), r.BookedOn.Format(), r.Description)
}

// accrualForm is the staff form that posts the interest accrued and not
// yet posted.
type accrualForm struct {
	Reason string
	// Shown is the unposted amount the page showed (plain, "3.64"): the
	// posting is refused if the amount has changed since.
	Shown  string
	Errors []fieldError
}

// Err returns the message for a field of the form, or "".
func (f accrualForm) Err(field string) string { return fieldErr(f.Errors, field) }

// addAccrual puts on a staff ledger page the interest accrued on the
// premises up to today and the form that posts what is not posted yet.
func (s *Server) addAccrual(r *http.Request, p *ledgerPage) error {
	a, err := s.Ledger.Interest(r.Context(), stateOf(r).coop.ID, p.Holding.AccountID, s.today())
	if err != nil {
		return err
	}
	p.Interest = a
	p.Accrual = accrualForm{Reason: p.L.T("accrual.reason.default", a.AsOf.Format()), Shown: a.Unposted().Plain()}
	return nil
}

// staffPostInterest posts the interest accrued on a premises up to today
// and not yet posted. The amount is computed when posting; the form only
// says what the page showed.
func (s *Server) staffPostInterest(w http.ResponseWriter, r *http.Request) error {
	h, err := s.holdingFor(r)
	if err != nil {
		return err
	}
	l := s.Catalogue.For(stateOf(r).lang)
	f := accrualForm{Reason: r.PostFormValue("reason")}
	shown, err := money.ParsePlain(strings.TrimSpace(r.PostFormValue("shown")))
	if err != nil {
		shown = -1 // never an unposted amount: refused as changed
	}
	today := s.today()
	_, amount, err := s.Ledger.PostInterest(r.Context(), actorOf(r), h.AccountID, today, shown, f.Reason)
	switch {
	case err == nil:
		http.Redirect(w, r, fmt.Sprintf("/staff/premises/%d/ledger?year=%d", h.ID, today.Year), http.StatusSeeOther)
		return nil
	case errors.Is(err, ledger.ErrReasonRequired):
		f.Errors = append(f.Errors, fieldError{Field: "reason", Message: l.T("accrual.error.reason")})
	case errors.Is(err, ledger.ErrNoInterest):
		f.Errors = append(f.Errors, fieldError{Field: "amount", Message: l.T("accrual.none")})
	case errors.Is(err, ledger.ErrInterestChanged):
		f.Errors = append(f.Errors, fieldError{Field: "amount", Message: l.T("accrual.error.changed", amount.Format())})
	default:
		return err
	}
	p, err := s.newLedgerPage(r, h, ledger.Filter{})
	if err != nil {
		return err
	}
	f.Shown = p.Accrual.Shown
	p.Accrual = f
	return s.render(w, r, http.StatusUnprocessableEntity, "premises_ledger", p)
}

// paymentPage is one payment of a premises as staff allocate it to the
// charge it settles.
type paymentPage struct {
	premisesPage
	Detail  *ledger.PaymentDetail
	Year    int
	Years   []int
	Options []targetOption
	Form    allocationForm
}

// EntryWhat describes the payment as the ledger does.
func (p paymentPage) EntryWhat() string {
	return entryWhat(p.L.T("ledger.kind."+p.Detail.Entry.Kind), p.Detail.Entry.Description)
}

// targetOption is one choice of the allocation's select.
type targetOption struct {
	ID       int64
	Label    string
	Selected bool
}

// allocationForm is the staff form allocating a payment, as sent.
type allocationForm struct {
	Target, Reason string
	Errors         []fieldError
}

// Err returns the message for a field of the form, or "".
func (f allocationForm) Err(field string) string { return fieldErr(f.Errors, field) }

// Ref names an entry in words.
func (p paymentPage) Ref(r ledger.EntryRef) string { return entryRefText(p.L, r) }

// staffPayment shows a payment, what it settles and its allocations, with
// the form that allocates it.
func (s *Server) staffPayment(w http.ResponseWriter, r *http.Request) error {
	h, err := s.holdingFor(r)
	if err != nil {
		return err
	}
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	return s.renderPayment(w, r, h, http.StatusOK, year, allocationForm{})
}

// staffAllocate allocates a payment to the charge it settles, or sends it
// back to the oldest debts first.
func (s *Server) staffAllocate(w http.ResponseWriter, r *http.Request) error {
	h, entry, err := s.holdingItem(r, "entry")
	if err != nil {
		return err
	}
	l := s.Catalogue.For(stateOf(r).lang)
	f := allocationForm{Target: r.PostFormValue("target"), Reason: r.PostFormValue("reason")}
	bad := func(field, key string) { f.Errors = append(f.Errors, fieldError{Field: field, Message: l.T(key)}) }
	target, err := strconv.ParseInt(f.Target, 10, 64)
	if err != nil || target < 0 {
		bad("target", "allocation.error.target")
	}
	if len(f.Errors) == 0 {
		err := s.Ledger.SetTarget(r.Context(), actorOf(r), h.AccountID, entry, target, f.Reason)
		switch {
		case err == nil:
			http.Redirect(w, r, fmt.Sprintf("/staff/premises/%d/payments/%d", h.ID, entry), http.StatusSeeOther)
			return nil
		case errors.Is(err, ledger.ErrReasonRequired):
			bad("reason", "allocation.error.reason")
		case errors.Is(err, ledger.ErrBadTarget):
			bad("target", "allocation.error.target")
		case errors.Is(err, ledger.ErrUnchanged):
			bad("target", "allocation.error.same")
		default:
			return err
		}
	}
	year, _ := strconv.Atoi(r.PostFormValue("year"))
	return s.renderPayment(w, r, h, http.StatusUnprocessableEntity, year, f)
}

// renderPayment shows the payment page with the charges of a year to
// choose from (0: the payment's year) and the form as given (empty: the
// current allocation).
func (s *Server) renderPayment(w http.ResponseWriter, r *http.Request, h *coop.Holding, status, year int, f allocationForm) error {
	entry, err := pathID(r, "entry")
	if err != nil {
		return err
	}
	st := stateOf(r)
	d, err := s.Ledger.Payment(r.Context(), st.coop.ID, h.AccountID, entry, s.today())
	if err != nil {
		return err
	}
	p := paymentPage{premisesPage: s.newPremisesPage(r, "allocation.title", h, "ledger"), Detail: d, Form: f}
	if p.Interest, err = s.Ledger.Interest(r.Context(), st.coop.ID, h.AccountID, s.today()); err != nil {
		return err
	}
	if len(f.Errors) == 0 && f.Target == "" {
		p.Form.Target = strconv.FormatInt(d.Target.ID, 10)
	}
	for _, debt := range d.Debts {
		if y := debt.BookedOn.Year; !slices.Contains(p.Years, y) {
			p.Years = append(p.Years, y)
		}
	}
	slices.Reverse(p.Years)
	p.Year = year
	if !slices.Contains(p.Years, p.Year) {
		p.Year = d.Entry.BookedOn.Year
	}
	option := func(id int64, label string) {
		p.Options = append(p.Options, targetOption{ID: id, Label: label, Selected: strconv.FormatInt(id, 10) == p.Form.Target})
	}
	option(0, p.L.T("allocation.target.oldest"))
	if i := slices.IndexFunc(d.Debts, func(x ledger.DebtState) bool { return x.ID == d.Target.ID }); i >= 0 && d.Debts[i].BookedOn.Year != p.Year {
		option(d.Debts[i].ID, p.targetLabel(d.Debts[i]))
	}
	for _, debt := range d.Debts {
		if debt.BookedOn.Year == p.Year {
			option(debt.ID, p.targetLabel(debt))
		}
	}
	return s.render(w, r, status, "staff_payment", p)
}

// targetLabel describes a charge in the select: what, how much, and what
// is left to pay of it.
func (p paymentPage) targetLabel(d ledger.DebtState) string {
	return p.L.T("allocation.target.option", entryRefText(p.L, d.EntryRef), d.Amount.Format(), d.Outstanding.Format())
}
