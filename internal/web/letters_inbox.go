package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/ebok/ebok/internal/letters"
)

// inboxPage is a resident's letters (Korespondencja).
type inboxPage struct {
	Page
	Items    []letters.Item
	Archived bool
}

// Nth numbers an attachment from 1, as its address does.
func (p inboxPage) Nth(i int) int { return i + 1 }

// residentLetters lists the resident's letters, or their archive.
func (s *Server) residentLetters(w http.ResponseWriter, r *http.Request) error {
	u := stateOf(r).user()
	p := inboxPage{Page: s.page(r, "letters.inbox.title"), Archived: r.URL.Query().Get("archive") != ""}
	p.Section = "letters-inbox"
	var err error
	if p.Items, err = s.Letters.Inbox(r.Context(), u.CoopID, u.PersonID, p.Archived); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "ebok_letters", p)
}

// residentLetter opens a letter's PDF in the browser, recording the first
// opening.
func (s *Server) residentLetter(download bool) handlerFunc {
	return withLetter(func(w http.ResponseWriter, r *http.Request, id int64) error {
		u := stateOf(r).user()
		if download {
			return s.sendFile(w, r)(s.Letters.Download(r.Context(), u.CoopID, u.PersonID, id))
		}
		f, err := s.Letters.Open(r.Context(), u.CoopID, u.PersonID, id)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", f.ContentType)
		w.Header().Set("Content-Disposition", fmt.Sprintf("inline; filename=%q", f.Name))
		w.Header().Set("Cache-Control", "private, no-store")
		_, err = w.Write(f.Data)
		return err
	})
}

// residentAttachment is the n-th file sent with a resident's letter.
func (s *Server) residentAttachment(w http.ResponseWriter, r *http.Request, id int64) error {
	u := stateOf(r).user()
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		return httpError(http.StatusNotFound, "error.not_found")
	}
	return s.sendFile(w, r)(s.Letters.Attachment(r.Context(), u.CoopID, u.PersonID, id, n))
}

// residentArchive moves a letter to the archive or back.
func (s *Server) residentArchive(w http.ResponseWriter, r *http.Request, id int64) error {
	u := stateOf(r).user()
	archive := r.PostFormValue("archive") == "1"
	if err := s.Letters.Archive(r.Context(), u.CoopID, u.PersonID, id, archive); err != nil {
		return err
	}
	http.Redirect(w, r, "/ebok/letters", http.StatusSeeOther)
	return nil
}
