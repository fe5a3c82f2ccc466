package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/ebok/ebok/internal/access"
	"github.com/ebok/ebok/internal/messages"
)

// triageListPage is the mail from unknown senders waiting for staff.
type triageListPage struct {
	Page
	Mail  []messages.Triaged
	Pager pager
}

// triagePage is one mail of the triage list with the form that turns it
// into an application (the fields of the application form).
type triagePage struct {
	applyPage
	Mail messages.Triaged
}

// staffTriage lists the open mails of the triage list.
func (s *Server) staffTriage(w http.ResponseWriter, r *http.Request) error {
	p := triageListPage{Page: s.page(r, "triage.title")}
	p.Section = "triage"
	p.Pager = pager{L: p.L, Path: "/staff/mail", Query: r.URL.Query(), Page: pageNumber(r.URL.Query()), Size: messages.TriagePageSize}
	var err error
	if p.Mail, err = loadPage(&p.Pager, func(page int) ([]messages.Triaged, int, error) {
		return s.Messages.TriagePage(r.Context(), stateOf(r).user().CoopID, page)
	}); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "staff_triage", p)
}

// triageMailPage loads one mail of the triage list.
func (s *Server) triageMailPage(r *http.Request) (triagePage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return triagePage{}, err
	}
	portal := access.Portal(r.FormValue("portal"))
	if portal != access.IKCS {
		portal = access.EBOK
	}
	p := triagePage{applyPage: applyPage{Page: s.page(r, "triage.mail.title"), Portal: portal, Staff: true}}
	p.Section = "triage"
	p.Mail, err = s.Messages.TriageMail(r.Context(), stateOf(r).user().CoopID, id)
	p.Form.Email, p.Form.Portal = p.Mail.From, portal
	return p, err
}

// staffTriageApplication turns the mail into an application of the
// verification queue and opens it.
func (s *Server) staffTriageApplication(w http.ResponseWriter, r *http.Request) error {
	p, err := s.triageMailPage(r)
	if err != nil {
		return err
	}
	p.Form = readForm(r, p.Portal)
	p.Form.Email = p.Mail.From
	appID, err := s.Messages.FileApplication(r.Context(), actorOf(r), p.Mail.ID, p.Form)
	var fe *access.FormError
	switch {
	case errors.As(err, &fe):
		p.Errors = s.fieldErrors(r, fe.Fields)
		return s.render(w, r, http.StatusUnprocessableEntity, "staff_triage_mail", p)
	case errors.Is(err, access.ErrDuplicate):
		p.Errors = []fieldError{{Field: "premises_street", Message: p.L.T("apply.error.duplicate")}}
		return s.render(w, r, http.StatusConflict, "staff_triage_mail", p)
	case err != nil:
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/staff/applications/%d", appID), http.StatusSeeOther)
	return nil
}

// staffTriageDismiss takes a mail off the triage list and says so.
func (s *Server) staffTriageDismiss(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.Messages.TriageMail(r.Context(), stateOf(r).user().CoopID, id)
	if err != nil {
		return err
	}
	if err := s.Messages.Dismiss(r.Context(), actorOf(r), id); err != nil {
		return err
	}
	subject := m.Subject
	if subject == "" {
		subject = s.Catalogue.For(stateOf(r).lang).T("messages.no_subject")
	}
	return s.flashRedirect(w, r, "/staff/mail", "flash.mail.dismissed", subject, m.From)
}

// staffTriageFile sends a file of a mail of the triage list.
func (s *Server) staffTriageFile(w http.ResponseWriter, r *http.Request) error {
	id, fileID, err := pathIDs(r, "id", "file")
	if err != nil {
		return err
	}
	f, err := s.Messages.TriageFile(r.Context(), stateOf(r).user().CoopID, id, fileID)
	if err != nil {
		return err
	}
	s.sendAttachment(w, r, f.ContentType, f.Filename, f.Data)
	return nil
}
