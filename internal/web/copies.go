package web

import (
	"net/http"
	"slices"
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
	// Error is why the member's request was refused; Category and
	// Description are what was sent, shown again with it.
	Error       string
	Category    library.Category
	Description string
}

// Free reports whether copies of a category are free.
func (p copiesPage) Free(c library.Category) bool { return library.FreeCopy(c) }

// Stamp shows an instant as a Polish date and time.
func (p copiesPage) Stamp(r library.CopyRequest) string {
	return p.Page.Stamp(r.FiledAt)
}

// memberCopies lists the member's requests for copies with the form; with
// ?document= the form asks for that library document.
func (s *Server) memberCopies(w http.ResponseWriter, r *http.Request) error {
	p, err := s.memberCopiesPage(r, r.URL.Query().Get("document"))
	if err != nil {
		return err
	}
	p.Done = r.URL.Query().Get("done") != ""
	return s.render(w, r, http.StatusOK, "copies", p)
}

// memberCopiesPage is the member's copies page, its form asking for the
// library document numbered document, if any.
func (s *Server) memberCopiesPage(r *http.Request, document string) (copiesPage, error) {
	rd := readerOf(r)
	reqs, err := s.Library.MyCopies(r.Context(), rd)
	if err != nil {
		return copiesPage{}, err
	}
	fee, err := s.Library.CopyFee(r.Context(), rd.CoopID)
	if err != nil {
		return copiesPage{}, err
	}
	p := copiesPage{Page: s.page(r, "copies.title"), Requests: reqs, Fee: fee, Categories: library.Categories(), Category: "contracts"}
	p.Section = "ikcs"
	if document != "" {
		id, err := strconv.ParseInt(document, 10, 64)
		if err == nil && id > 0 {
			if d, err := s.Library.Get(r.Context(), rd, id); err == nil {
				p.DocumentID, p.DocTitle = d.ID, d.Title
			}
		}
	}
	return p, nil
}

// memberCopyRequest files a member's request for a copy; a refused one
// comes back on the form, with what was typed and why.
func (s *Server) memberCopyRequest(w http.ResponseWriter, r *http.Request) error {
	ask := library.CopyAsk{Category: library.Category(r.PostFormValue("category")), Description: r.PostFormValue("description")}
	document := strings.TrimSpace(r.PostFormValue("document"))
	var err error
	if document != "" {
		ask.DocumentID, err = strconv.ParseInt(document, 10, 64)
		if err != nil || ask.DocumentID <= 0 {
			err = library.ErrCopy
		}
	}
	if err == nil {
		_, err = s.Library.RequestCopy(r.Context(), readerOf(r), ask)
	}
	if err == nil {
		http.Redirect(w, r, "/ikcs/copies?done=1", http.StatusSeeOther)
		return nil
	}
	key, err := copyRefusals.explain(err)
	if err != nil {
		return err
	}
	p, err := s.memberCopiesPage(r, document)
	if err != nil {
		return err
	}
	p.Error, p.Description = p.L.T("copies.error.ask"), ask.Description
	if key != "copies.error.invalid" {
		p.Error = p.L.T(key)
	}
	if slices.Contains(p.Categories, ask.Category) {
		p.Category = ask.Category
	}
	return s.render(w, r, http.StatusUnprocessableEntity, "copies", p)
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
