package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/bankstmt"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/nrb"
)

// bankPage is the bank statement upload and the queue of credits that
// named no premises.
type bankPage struct {
	Page
	Result   *ledger.BankResult
	Problems []bankProblem
	Error    string
	Queue    []ledger.UnmatchedCredit
	// Failed is the credit whose assignment failed, and its message.
	Failed     int64
	FailedText string
	Typed      string
	// Assigned is set after a credit was assigned.
	Assigned bool
}

// bankProblem is a refused statement's problem in the page's language.
type bankProblem struct {
	Line int
	Text string
}

// bankProblems puts a statement's problems into words of the catalogue.
func bankProblems(l *i18n.Localizer, ps []bankstmt.Problem) []bankProblem {
	out := make([]bankProblem, len(ps))
	for i, p := range ps {
		out[i] = bankProblem{Line: p.Line, Text: BankProblemText(l, p)}
	}
	return out
}

// BankProblemText is one problem of a bank statement in l's language.
func BankProblemText(l *i18n.Localizer, p bankstmt.Problem) string {
	args := make([]any, len(p.Args))
	for i, a := range p.Args {
		args[i] = a
	}
	return l.T("bankstmt."+p.Key, args...)
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
	p := bankPage{Page: s.page(r, "bank.title"), Assigned: r.URL.Query().Get("assigned") != ""}
	return s.showBank(w, r, http.StatusOK, p)
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
		p.Error, p.Problems = p.L.T("bank.error.parse"), bankProblems(p.L, pe.Problems)
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
// address or account number, or to a suggested premises they accepted.
func (s *Server) staffBankAssign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	st := stateOf(r)
	p := bankPage{Page: s.page(r, "bank.title"), Failed: id, Typed: strings.TrimSpace(r.PostFormValue("premises"))}
	var account int64
	flashKey, flashArgs := "flash.bank.assigned_suggested", []string(nil)
	if v := r.PostFormValue("account"); v != "" {
		// A suggestion accepted with one click; AssignCredit checks the
		// account is this cooperative's.
		if account, err = strconv.ParseInt(v, 10, 64); err != nil || account <= 0 {
			return errBadRequest
		}
	} else {
		found, err := s.Coops.Search(r.Context(), st.coop.ID, 0, p.Typed, 2)
		if err != nil {
			return err
		}
		if len(found.Premises) != 1 {
			p.FailedText = p.L.T("bank.error.premises")
			return s.showBank(w, r, http.StatusUnprocessableEntity, p)
		}
		account = found.Premises[0].AccountID
		flashKey, flashArgs = "flash.bank.assigned", []string{found.Premises[0].Address()}
	}
	err = s.Ledger.AssignCredit(r.Context(), actorOf(r), id, account)
	switch {
	case errors.Is(err, ledger.ErrAlreadyDecided):
		p.FailedText = p.L.T("bank.error.decided")
		return s.showBank(w, r, http.StatusConflict, p)
	case err != nil:
		return err
	}
	return s.flashRedirect(w, r, fmt.Sprintf("/staff/bank?assigned=%d", id), flashKey, flashArgs...)
}

// bankAccountsPage lists and adds the cooperative's declared accounts.
type bankAccountsPage struct {
	Page
	Main     string
	Accounts []ledger.BankAccount
	Error    string
	Added    bool
	Form     bankAccountForm
}

type bankAccountForm struct {
	NRB, Purpose, Currency, Note string
}

func (s *Server) showBankAccounts(w http.ResponseWriter, r *http.Request, status int, p bankAccountsPage) error {
	st := stateOf(r)
	var err error
	if p.Accounts, err = s.Ledger.BankAccounts(r.Context(), st.coop.ID); err != nil {
		return err
	}
	if n, err := nrb.Parse(st.coop.BankAccount); err == nil {
		p.Main = n.Format()
	}
	p.Section = "bank"
	return s.render(w, r, status, "staff_bank_accounts", p)
}

func (s *Server) staffBankAccounts(w http.ResponseWriter, r *http.Request) error {
	p := bankAccountsPage{Page: s.page(r, "bank.accounts.title"), Added: r.URL.Query().Get("added") != "",
		Form: bankAccountForm{Purpose: ledger.PurposeOther, Currency: "PLN"}}
	return s.showBankAccounts(w, r, http.StatusOK, p)
}

// staffBankAccountAdd declares one of the cooperative's accounts.
func (s *Server) staffBankAccountAdd(w http.ResponseWriter, r *http.Request) error {
	p := bankAccountsPage{Page: s.page(r, "bank.accounts.title"), Form: bankAccountForm{
		NRB: strings.TrimSpace(r.PostFormValue("nrb")), Purpose: r.PostFormValue("purpose"),
		Currency: strings.TrimSpace(r.PostFormValue("currency")), Note: strings.TrimSpace(r.PostFormValue("note"))}}
	n, err := nrb.Parse(p.Form.NRB)
	if err != nil {
		p.Error = p.L.T("bank.accounts.error.nrb")
		return s.showBankAccounts(w, r, http.StatusUnprocessableEntity, p)
	}
	_, err = s.Ledger.AddBankAccount(r.Context(), actorOf(r), ledger.BankAccount{NRB: n, Purpose: p.Form.Purpose, Currency: p.Form.Currency, Note: p.Form.Note})
	switch {
	case errors.Is(err, ledger.ErrBankAccountExists):
		p.Error = p.L.T("bank.accounts.error.exists")
	case errors.Is(err, ledger.ErrBankAccountCurrency):
		p.Error = p.L.T("bank.accounts.error.currency")
	case errors.Is(err, ledger.ErrBankAccountPurpose):
		return errBadRequest
	case err != nil:
		return err
	default:
		http.Redirect(w, r, "/staff/bank/accounts?added=1", http.StatusSeeOther)
		return nil
	}
	return s.showBankAccounts(w, r, http.StatusUnprocessableEntity, p)
}
