package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"

	"github.com/ebok/ebok/internal/access"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/documents"
)

// sendFile returns the function that writes a document as a download, or
// returns the error of the renderer that made it: handlers end with
// `return s.sendFile(w, r)(s.Documents.Something(…))`.
func (s *Server) sendFile(w http.ResponseWriter, r *http.Request) func(documents.File, error) error {
	return func(f documents.File, err error) error {
		if err != nil {
			return err
		}
		h := w.Header()
		h.Set("Content-Type", f.ContentType)
		h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", f.Name))
		s.write(w, r, bytes.NewBuffer(f.Data))
		return nil
	}
}

// applicationFormPDF is the blank form to print, sign and bring in or scan.
func (s *Server) applicationFormPDF(w http.ResponseWriter, r *http.Request) error {
	st := stateOf(r)
	portal, reg, err := s.portalRegulation(r)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "public, max-age=600")
	return s.sendFile(w, r)(s.Documents.ApplicationFormPDF(st.coop, portal, reg))
}

// credentialsPrintout renders the start-password printout. The password
// comes back from the page that showed it once; it is printed only if it
// is still the login's current, unused start password.
func (s *Server) credentialsPrintout(w http.ResponseWriter, r *http.Request) error {
	st := stateOf(r)
	u, expires, err := s.Access.CheckStartPassword(r.Context(), actorOf(r), r.PostFormValue("login"), r.PostFormValue("password"))
	if errors.Is(err, auth.ErrInvalidCredentials) {
		return httpError(http.StatusUnprocessableEntity, "credentials.error.mismatch")
	}
	if errors.Is(err, access.ErrCheckLimit) {
		return httpError(http.StatusTooManyRequests, "credentials.error.limit")
	}
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.sendFile(w, r)(s.Documents.StartPasswordPDF(documents.StartPassword{
		Coop: st.coop, User: u, Password: r.PostFormValue("password"),
		ExpiresOn: civil.DateOf(expires.In(s.Config.TimeZone)), IssuedOn: s.today(),
		IssuedBy: st.user().DisplayName, BaseURL: s.Config.BaseURL,
	}))
}

// paymentSlip sends the payment slip PDF for the amount due, with the QR
// code on it.
func (s *Server) paymentSlip(w http.ResponseWriter, r *http.Request) error {
	h, err := s.holdingFor(r)
	if err != nil {
		return err
	}
	st := stateOf(r)
	l := s.Catalogue.For(st.lang)
	due, err := s.slipDue(r, h)
	if err != nil {
		return err
	}
	amount := due.Amount
	if r.URL.Query().Get("pay") == "full" && !former(h, s.today()) {
		accrued, err := s.Ledger.Interest(r.Context(), st.coop.ID, h.AccountID, s.today())
		if err != nil {
			return err
		}
		amount = max(due.Balance+due.Fee+accrued.Unposted(), 0)
	}
	text, omitted, err := s.paymentQR(st.coop, h, amount, documents.QRTitle(l, h.Premises))
	if err != nil {
		return err
	}
	slip := documents.Slip{Coop: st.coop, Holding: h, Amount: amount, QR: text, QRAmountOmitted: omitted}
	if u := st.user(); u != nil && u.Kind != auth.Staff {
		slip.Payer = u.DisplayName
	}
	return s.sendFile(w, r)(s.Documents.SlipPDF(l, slip))
}
