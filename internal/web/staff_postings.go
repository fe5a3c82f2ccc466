package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/ledgercsv"
	"github.com/ebok/ebok/internal/money"
)

// CanPost reports whether the staff member may post by hand.
func (p Page) CanPost() bool { return postingStaff.allows(p.User) }

// Err returns the message for a posting field, or "".
func (f postingForm) Err(field string) string { return fieldErr(f.Errors, field) }

// staffPost books a manual charge, payment or correction with its reason.
func (s *Server) staffPost(w http.ResponseWriter, r *http.Request) error {
	h, err := s.holdingFor(r)
	if err != nil {
		return err
	}
	l := s.Catalogue.For(stateOf(r).lang)
	f := postingForm{Kind: r.PostFormValue("kind"), BookedOn: strings.TrimSpace(r.PostFormValue("booked_on")),
		DueOn: strings.TrimSpace(r.PostFormValue("due_on")), Amount: strings.TrimSpace(r.PostFormValue("amount")),
		Direction: r.PostFormValue("direction"), Component: strings.TrimSpace(r.PostFormValue("component")),
		Reason: r.PostFormValue("reason")}
	p := f.posting(l, h.AccountID)
	if len(f.Errors) == 0 {
		_, err = s.Ledger.Post(r.Context(), actorOf(r), p, s.today())
		switch {
		case errors.Is(err, ledger.ErrReasonRequired):
			f.bad(l, "reason", "posting.error.reason")
		case errors.Is(err, ledger.ErrBadKind):
			f.bad(l, "kind", "posting.error.kind")
		case errors.Is(err, ledger.ErrBadAmount):
			f.bad(l, "amount", "posting.error.amount")
		case errors.Is(err, ledger.ErrAmountTooLarge):
			f.bad(l, "amount", "posting.error.too_large", ledgercsv.MaxAmount.Format())
		case errors.Is(err, ledger.ErrBadDate):
			f.bad(l, "booked_on", "posting.error.future")
		case err != nil:
			return err
		}
	}
	if len(f.Errors) > 0 {
		pg, err := s.newLedgerPage(r, h, ledger.Filter{})
		if err != nil {
			return err
		}
		pg.Posting = f
		return s.render(w, r, http.StatusUnprocessableEntity, "premises_ledger", pg)
	}
	return s.flashRedirect(w, r, fmt.Sprintf("/staff/premises/%d/ledger?year=%d", h.ID, p.BookedOn.Year), "flash.posted."+p.Kind, p.Amount.Abs().Format(), h.Address())
}

// bad records a problem with a field of the form.
func (f *postingForm) bad(l *i18n.Localizer, field, key string, args ...any) {
	f.Errors = append(f.Errors, fieldError{Field: field, Message: l.T(key, args...)})
}

// posting reads the form as a posting to an account, recording every
// field it cannot read. People type amounts as positive numbers; the kind
// (and for a correction, its direction) gives the sign.
func (f *postingForm) posting(l *i18n.Localizer, accountID int64) ledger.Posting {
	p := ledger.Posting{AccountID: accountID, Kind: f.Kind, Component: f.Component, Reason: f.Reason}
	var err error
	if p.BookedOn, err = civil.Parse(f.BookedOn); err != nil {
		f.bad(l, "booked_on", "posting.error.date")
	}
	if f.DueOn != "" {
		if p.DueOn, err = civil.Parse(f.DueOn); err != nil {
			f.bad(l, "due_on", "posting.error.date")
		}
	}
	amount, err := money.Parse(f.Amount)
	switch {
	case errors.Is(err, money.ErrAmbiguous):
		f.bad(l, "amount", "posting.error.amount_ambiguous")
	case err != nil || amount <= 0:
		f.bad(l, "amount", "posting.error.amount")
	}
	p.Amount = amount
	if f.Kind == ledger.KindPayment || f.Kind == ledger.KindCorrection && f.Direction == "credit" {
		p.Amount = -amount
	}
	return p
}
