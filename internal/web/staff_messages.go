package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/messages"
)

// messageDeskPage is a staff desk's threads with the filters applied.
type messageDeskPage struct {
	Page
	Threads     []messages.Thread
	Pager       pager
	Filter      messages.Filter
	Departments []messages.Department
	Statuses    []messages.Status
	Today       civil.Date
	// Me is the staff member, for the "mine" filter.
	Me int64
}

// deskScope is the desk of the staff member of the request.
func deskScope(r *http.Request) messages.Scope {
	u := stateOf(r).user()
	return messages.ScopeOf(u.Role, u.EstateID)
}

// inboxFilter reads the inbox's filters from the query string; with none,
// the desk shows every thread that is not closed.
func inboxFilter(r *http.Request) messages.Filter {
	q := r.URL.Query()
	f := messages.Filter{Department: messages.Department(q.Get("department")), Status: messages.Status(q.Get("status")),
		Overdue: q.Get("overdue") == "1"}
	switch a := q.Get("assigned"); a {
	case "none":
		f.Assigned = -1
	case "me":
		f.Assigned = stateOf(r).user().ID
	}
	f.Open = f.Status == ""
	if q.Get("status") == "all" {
		f.Status, f.Open = "", false
	}
	return f
}

// staffInbox lists the threads of the staff member's desk.
func (s *Server) staffInbox(w http.ResponseWriter, r *http.Request) error {
	u := stateOf(r).user()
	p := messageDeskPage{Page: s.page(r, "messages.inbox.title"), Filter: inboxFilter(r), Statuses: messages.Statuses,
		Today: s.today(), Me: u.ID}
	p.Section = "inbox"
	sc := deskScope(r)
	for _, d := range messages.Departments {
		if sc.Has(d) {
			p.Departments = append(p.Departments, d)
		}
	}
	p.Pager = pager{L: p.L, Path: "/staff/messages", Query: r.URL.Query(), Page: pageNumber(r.URL.Query()), Size: messages.InboxPageSize}
	var err error
	if p.Threads, err = loadPage(&p.Pager, func(page int) ([]messages.Thread, int, error) {
		return s.Messages.InboxPage(r.Context(), u.CoopID, sc, p.Filter, page)
	}); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "staff_inbox", p)
}

// staffThreadPage loads a thread of the desk with who may take it.
func (s *Server) staffThreadPage(r *http.Request) (threadPage, error) {
	u := stateOf(r).user()
	id, err := pathID(r, "id")
	if err != nil {
		return threadPage{}, err
	}
	p := threadPage{Page: s.page(r, "messages.thread.title"), Today: s.today(),
		Base: "/staff/messages", Desk: true, Statuses: messages.Statuses}
	p.Section = "inbox"
	if p.Thread, err = s.Messages.StaffThread(r.Context(), u.CoopID, deskScope(r), id); err != nil {
		return p, err
	}
	p.Staff, err = s.Messages.Assignees(r.Context(), u.CoopID, p.Thread.Thread)
	return p, err
}

// staffThread shows a thread of the desk.
func (s *Server) staffThread(w http.ResponseWriter, r *http.Request) error {
	p, err := s.staffThreadPage(r)
	if err != nil {
		return err
	}
	switch done := r.URL.Query().Get("done"); done {
	case "reply", "note", "assign", "status":
		p.Done = p.L.T("messages.done." + done)
	}
	return s.render(w, r, http.StatusOK, "message_thread", p)
}

// staffMessageFile sends a file of a thread of the desk.
func (s *Server) staffMessageFile(w http.ResponseWriter, r *http.Request) error {
	id, fileID, err := pathIDs(r, "id", "file")
	if err != nil {
		return err
	}
	f, err := s.Messages.StaffFile(r.Context(), stateOf(r).user().CoopID, deskScope(r), id, fileID)
	if err != nil {
		return err
	}
	s.sendAttachment(w, r, f.ContentType, f.Filename, f.Data)
	return nil
}

// staffThreadAction runs one staff action on a thread and shows the thread
// again; a refusal is shown beside the form.
func (s *Server) staffThreadAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u := stateOf(r).user()
	by, sc, ctx := actorOf(r), deskScope(r), r.Context()
	action := r.PathValue("action")
	switch action {
	case "reply":
		err = s.Messages.Reply(ctx, by, sc, id, messages.Reply{Author: u.DisplayName, Body: r.PostFormValue("body"),
			Next: messages.Status(r.PostFormValue("next"))})
	case "note":
		err = s.Messages.Note(ctx, by, sc, id, u.DisplayName, r.PostFormValue("body"))
	case "assign":
		to, _ := parseID(r.PostFormValue("user"))
		err = s.Messages.Assign(ctx, by, sc, id, to)
	case "status":
		err = s.Messages.SetStatus(ctx, by, sc, id, messages.Status(r.PostFormValue("status")))
	default:
		return errBadRequest
	}
	if fe, ok := s.deskFieldError(r, err); ok {
		p, perr := s.staffThreadPage(r)
		if perr != nil {
			return perr
		}
		p.Errors, p.Body = []fieldError{fe}, r.PostFormValue("body")
		return s.render(w, r, http.StatusUnprocessableEntity, "message_thread", p)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/staff/messages/%d?done=%s", id, action), http.StatusSeeOther)
	return nil
}

// deskFieldError maps a refused staff action to the message beside its form.
func (s *Server) deskFieldError(r *http.Request, err error) (fieldError, bool) {
	l := s.Catalogue.For(stateOf(r).lang)
	switch {
	case err == nil:
		return fieldError{}, false
	case errors.Is(err, messages.ErrBody):
		return fieldError{Field: r.PathValue("action"), Message: l.T("messages.error.body")}, true
	case errors.Is(err, messages.ErrStatus):
		return fieldError{Field: r.PathValue("action"), Message: l.T("messages.error.status")}, true
	case errors.Is(err, messages.ErrAssignee):
		return fieldError{Field: "assign", Message: l.T("messages.error.assignee")}, true
	}
	return fieldError{}, false
}
