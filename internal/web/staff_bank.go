package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/bankstmt"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/store"
)

// bankStaff bring bank statements in and assign credits.
var bankStaff = StaffRoles(auth.RoleSettlements, auth.RoleFinance)

// CanBank reports whether the navigation offers bank statements.
func (p Page) CanBank() bool { return bankStaff.allows(p.User) }

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

func (s *Server) showBank(w http.ResponseWriter, r *http.Request, status int, p bankPage) {
	var err error
	if p.Queue, err = s.Ledger.Unmatched(r.Context(), stateOf(r).coop.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	p.Section = "bank"
	s.render(w, r, status, "staff_bank", p)
}

func (s *Server) staffBank(w http.ResponseWriter, r *http.Request) {
	s.showBank(w, r, http.StatusOK, bankPage{Page: s.page(r, "bank.title")})
}

// staffBankUpload posts a statement file.
func (s *Server) staffBankUpload(w http.ResponseWriter, r *http.Request) {
	p := bankPage{Page: s.page(r, "bank.title")}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<20)
	file, hdr, err := r.FormFile("statement")
	if err != nil {
		p.Error = p.L.T("bank.error.file")
		s.showBank(w, r, http.StatusUnprocessableEntity, p)
		return
	}
	defer file.Close()
	res, err := s.Ledger.ImportBank(r.Context(), actorOf(r), hdr.Filename, file)
	var pe *bankstmt.ParseError
	switch {
	case errors.As(err, &pe):
		p.Error, p.Problems = p.L.T("bank.error.parse"), pe.Problems
		s.showBank(w, r, http.StatusUnprocessableEntity, p)
		return
	case errors.Is(err, ledger.ErrBankFileTooLarge):
		p.Error = p.L.T("bank.error.size")
		s.showBank(w, r, http.StatusUnprocessableEntity, p)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	p.Result = res
	s.showBank(w, r, http.StatusOK, p)
}

// staffBankAssign posts a queued credit to the premises staff name by
// address or account number.
func (s *Server) staffBankAssign(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	st := stateOf(r)
	p := bankPage{Page: s.page(r, "bank.title"), Failed: id, Typed: strings.TrimSpace(r.PostFormValue("premises"))}
	found, err := s.Coops.Search(r.Context(), st.coop.ID, 0, p.Typed, 2)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(found.Premises) != 1 {
		p.FailedText = p.L.T("bank.error.premises")
		s.showBank(w, r, http.StatusUnprocessableEntity, p)
		return
	}
	err = s.Ledger.AssignCredit(r.Context(), actorOf(r), id, found.Premises[0].AccountID)
	switch {
	case errors.Is(err, ledger.ErrAlreadyDecided):
		p.FailedText = p.L.T("bank.error.decided")
		s.showBank(w, r, http.StatusConflict, p)
		return
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/staff/bank?assigned=%d", id), http.StatusSeeOther)
}
