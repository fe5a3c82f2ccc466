package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/library"
	"github.com/ebok/ebok/internal/money"
)

// copiesPage is a member's requests for copies with the form, or the
// staff's queue with the fee.
type copiesPage struct {
	Page
	Requests   []library.CopyRequest
	Fee        money.Amount
	Categories []library.Category
	Statuses   []library.CopyStatus
	// DocumentID and DocTitle preselect a library document (?document=).
	DocumentID int64
	DocTitle   string
	Done       bool
}

// Free reports whether copies of a category are free.
func (p copiesPage) Free(c library.Category) bool { return library.FreeCopy(c) }

// Stamp shows an instant as a Polish date and time.
func (p copiesPage) Stamp(r library.CopyRequest) string {
	return r.FiledAt.Format("02.01.2006 15:04")
}

// memberCopies lists the member's requests for copies with the form; with
// ?document= the form asks for that library document.
func (s *Server) memberCopies(w http.ResponseWriter, r *http.Request) error {
	rd := readerOf(r)
	reqs, err := s.Library.MyCopies(r.Context(), rd)
	if err != nil {
		return err
	}
	fee, err := s.Library.CopyFee(r.Context(), rd.CoopID)
	if err != nil {
		return err
	}
	p := copiesPage{Page: s.page(r, "copies.title"), Requests: reqs, Fee: fee, Categories: library.Categories(),
		Done: r.URL.Query().Get("done") != ""}
	p.Section = "ikcs"
	if v := r.URL.Query().Get("document"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err == nil && id > 0 {
			if d, err := s.Library.Get(r.Context(), rd, id); err == nil {
				p.DocumentID, p.DocTitle = d.ID, d.Title
			}
		}
	}
	return s.render(w, r, http.StatusOK, "copies", p)
}

// memberCopyRequest files a member's request for a copy.
func (s *Server) memberCopyRequest(w http.ResponseWriter, r *http.Request) error {
	ask := library.CopyAsk{Category: library.Category(r.PostFormValue("category")), Description: r.PostFormValue("description")}
	if v := strings.TrimSpace(r.PostFormValue("document")); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return httpError(http.StatusUnprocessableEntity, "copies.error.invalid")
		}
		ask.DocumentID = id
	}
	if _, err := s.Library.RequestCopy(r.Context(), readerOf(r), ask); err != nil {
		return copyRefused(err)
	}
	http.Redirect(w, r, "/ikcs/copies?done=1", http.StatusSeeOther)
	return nil
}

// copyRefusals are the copy forms' refusals and their messages.
var copyRefusals = refusalsOf("copies")

// copyRefused maps the copies' refusals to their messages.
func copyRefused(err error) error {
	return copyRefusals.page422(err)
}

// staffCopies is the queue of requests for copies, with the fee form.
func (s *Server) staffCopies(w http.ResponseWriter, r *http.Request) error {
	coopID := actorOf(r).CoopID
	reqs, err := s.Library.CopyQueue(r.Context(), coopID)
	if err != nil {
		return err
	}
	fee, err := s.Library.CopyFee(r.Context(), coopID)
	if err != nil {
		return err
	}
	p := copiesPage{Page: s.page(r, "copies.staff_title"), Requests: reqs, Fee: fee, Statuses: library.CopyStatuses(),
		Done: r.URL.Query().Get("done") != ""}
	p.Section = "staff_copies"
	return s.render(w, r, http.StatusOK, "staff_copies", p)
}

// staffCopyStatus moves a request on, with its note.
func (s *Server) staffCopyStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Library.SetCopyStatus(r.Context(), actorOf(r), id, library.CopyStatus(r.PostFormValue("status")),
		r.PostFormValue("note")); err != nil {
		return copyRefused(err)
	}
	http.Redirect(w, r, "/staff/copies?done=1", http.StatusSeeOther)
	return nil
}

// staffCopyFee sets the fee for copies other than the statute and
// regulations.
func (s *Server) staffCopyFee(w http.ResponseWriter, r *http.Request) error {
	fee, err := money.Parse(r.PostFormValue("fee"))
	if err != nil {
		return httpError(http.StatusUnprocessableEntity, "copies.error.fee")
	}
	if err := s.Library.SetCopyFee(r.Context(), actorOf(r), fee); err != nil {
		return copyRefused(err)
	}
	http.Redirect(w, r, "/staff/copies?done=1", http.StatusSeeOther)
	return nil
}
