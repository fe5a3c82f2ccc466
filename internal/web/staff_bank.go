package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/ebok/ebok/internal/bankstmt"
	"github.com/ebok/ebok/internal/ledger"
)

// bankPage is the bank statement upload and the queue of credits that
// named no premises.
type bankPage struct {
	Page
	Result   *ledger.BankResult
	Problems []bankstmt.Problem
	Error    string
	Queue    []ledger.UnmatchedCredit
	// Failed is the credit whose assignment failed, and its message.
	Failed     int64
	FailedText string
	Typed      string
}

func (s *Server) showBank(w http.ResponseWriter, r *http.Request, status int, p bankPage) error {
	var err error
	if p.Queue, err = s.Ledger.Unmatched(r.Context(), stateOf(r).coop.ID); err != nil {
		return err
	}
	p.Section = "bank"
	return s.render(w, r, status, "staff_bank", p)
}

func (s *Server) staffBank(w http.ResponseWriter, r *http.Request) error {
	return s.showBank(w, r, http.StatusOK, bankPage{Page: s.page(r, "bank.title")})
}

// staffBankUpload posts a statement file.
func (s *Server) staffBankUpload(w http.ResponseWriter, r *http.Request) error {
	p := bankPage{Page: s.page(r, "bank.title")}
	file, hdr, err := r.FormFile("statement")
	if err != nil {
		p.Error = p.L.T("bank.error.file")
		return s.showBank(w, r, http.StatusUnprocessableEntity, p)
	}
	defer file.Close()
	res, err := s.Ledger.ImportBank(r.Context(), actorOf(r), hdr.Filename, file)
	var pe *bankstmt.ParseError
	switch {
	case errors.As(err, &pe):
		p.Error, p.Problems = p.L.T("bank.error.parse"), pe.Problems
		return s.showBank(w, r, http.StatusUnprocessableEntity, p)
	case errors.Is(err, ledger.ErrBankFileTooLarge):
		p.Error = p.L.T("bank.error.size")
		return s.showBank(w, r, http.StatusUnprocessableEntity, p)
	case err != nil:
		return err
	}
	p.Result = res
	return s.showBank(w, r, http.StatusOK, p)
}

// staffBankAssign posts a queued credit to the premises staff name by
// address or account number.
func (s *Server) staffBankAssign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	st := stateOf(r)
	p := bankPage{Page: s.page(r, "bank.title"), Failed: id, Typed: strings.TrimSpace(r.PostFormValue("premises"))}
	found, err := s.Coops.Search(r.Context(), st.coop.ID, 0, p.Typed, 2)
	if err != nil {
		return err
	}
	if len(found.Premises) != 1 {
		p.FailedText = p.L.T("bank.error.premises")
		return s.showBank(w, r, http.StatusUnprocessableEntity, p)
	}
	err = s.Ledger.AssignCredit(r.Context(), actorOf(r), id, found.Premises[0].AccountID)
	switch {
	case errors.Is(err, ledger.ErrAlreadyDecided):
		p.FailedText = p.L.T("bank.error.decided")
		return s.showBank(w, r, http.StatusConflict, p)
	case err != nil:
		return err
	}
	s.setFlash(w, r, "flash.bank.assigned", found.Premises[0].Address())
	http.Redirect(w, r, fmt.Sprintf("/staff/bank?assigned=%d", id), http.StatusSeeOther)
	return nil
}
