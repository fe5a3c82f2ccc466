package web

import (
	"fmt"
	"net/http"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/messages"
	"github.com/ebok/ebok/internal/uploads"
)

// threadPage is one thread with its messages and the form of the next
// message (for the resident) or of staff's actions.
type threadPage struct {
	Page
	Thread messages.ThreadView
	Today  civil.Date
	// Sent is the resident's message just filed: the page shows its
	// register number.
	Sent     int64
	Body     string
	Errors   []fieldError
	Base     string // "/ebok/messages" or "/staff/messages"
	Desk     bool   // staff's view: notes and actions
	Staff    []messages.Assignee
	Statuses []messages.Status
	Done     string
}

// Err is the problem of a field, "" when none.
func (p threadPage) Err(field string) string { return fieldErr(p.Errors, field) }

// refuse shows the reply's problem at its field.
func (p *threadPage) refuse(fes []fieldError) { p.Errors = fes }

// SentRegister is the register number of the message just filed.
func (p threadPage) SentRegister() string {
	for _, m := range p.Thread.Messages {
		if m.ID == p.Sent {
			return m.Register
		}
	}
	return ""
}

// Overdue reports whether the thread's reply is late today.
func (p threadPage) Overdue() bool { return p.Thread.OverdueOn(p.Today) }

// residentThreadPage loads one of the resident's threads.
func (s *Server) residentThreadPage(r *http.Request) (threadPage, error) {
	u := stateOf(r).user()
	id, err := pathID(r, "id")
	if err != nil {
		return threadPage{}, err
	}
	p := threadPage{Page: s.page(r, "messages.thread.title"), Today: s.today(), Base: "/ebok/messages"}
	p.Section = "messages"
	p.Thread, err = s.Messages.MyThread(r.Context(), u.CoopID, u.PersonID, id)
	return p, err
}

// residentThread shows one of the resident's threads.
func (s *Server) residentThread(w http.ResponseWriter, r *http.Request) error {
	p, err := s.residentThreadPage(r)
	if err != nil {
		return err
	}
	p.Sent, _ = queryID(r, "sent")
	return s.render(w, r, http.StatusOK, "message_thread", p)
}

// residentFollow adds the resident's message to their thread.
func (s *Server) residentFollow(w http.ResponseWriter, r *http.Request) error {
	p, err := s.residentThreadPage(r)
	if err != nil {
		return err
	}
	read := func() { p.Body = r.PostFormValue("body") }
	send := func(files []uploads.File) (string, error) {
		u := stateOf(r).user()
		filed, err := s.Messages.Follow(r.Context(), actorOf(r), u.PersonID, p.Thread.ID, u.DisplayName, p.Body, files)
		return fmt.Sprintf("/ebok/messages/%d?sent=%d#m-%d", filed.ThreadID, filed.MessageID, filed.MessageID), err
	}
	return s.postMessage(w, r, "message_thread", &p, read, send)
}

// residentMessageFile sends a file of one of the resident's threads.
func (s *Server) residentMessageFile(w http.ResponseWriter, r *http.Request) error {
	u := stateOf(r).user()
	id, fileID, err := pathIDs(r, "id", "file")
	if err != nil {
		return err
	}
	f, err := s.Messages.MyFile(r.Context(), u.CoopID, u.PersonID, id, fileID)
	if err != nil {
		return err
	}
	s.sendAttachment(w, r, f.ContentType, f.Filename, f.Data)
	return nil
}

// sendAttachment sends an uploaded file (of a message or an application)
// as a download nothing runs in.
func (s *Server) sendAttachment(w http.ResponseWriter, r *http.Request, contentType, filename string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", filename))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "no-store")
	if _, err := w.Write(data); err != nil {
		s.Logger.Debug("write attachment", "request_id", stateOf(r).requestID, "err", err)
	}
}
