package web

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/library"
)

// maxLibraryBody bounds a library upload: a 50 MB PDF and its form.
const maxLibraryBody = 51 << 20

// libraryRefusals are the publication forms' known refusals.
var libraryRefusals = refusalsOf("library")

// staffLibraryList is the staff's library: every document, the search and
// the publication form.
func (s *Server) staffLibraryList(w http.ResponseWriter, r *http.Request) error {
	q := libraryQuery(r)
	v, err := s.Library.StaffFind(r.Context(), readerOf(r), q)
	if err != nil {
		return err
	}
	p := s.newLibraryPage(r, q, v.Hits)
	p.Estates, p.Columns = v.Estates, strings.Join(library.BulkColumns, ";")
	return s.render(w, r, http.StatusOK, "library", p)
}

// refused turns a known refusal into a 422 page with its message.
func refused(err error) error {
	return libraryRefusals.page422(err)
}

// libraryUpload reads the form's PDF (the policy checks it in the service).
func libraryUpload(r *http.Request, anonymised bool) (library.Upload, error) {
	name, data, err := formPDF(r, "library.error.pdf")
	if err != nil {
		return library.Upload{}, err
	}
	return library.Upload{Filename: name, Data: data, Anonymised: anonymised}, nil
}

// formPDF reads the form's "file", a PDF of the library or of a meeting,
// up to maxLibraryBody bytes, for the service's upload policy to check; a
// form without it is a 422 page with the message missing.
func formPDF(r *http.Request, missing string) (filename string, data []byte, err error) {
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return "", nil, httpError(http.StatusUnprocessableEntity, missing)
	}
	defer f.Close()
	data, err = io.ReadAll(io.LimitReader(f, maxLibraryBody))
	if err != nil {
		return "", nil, err
	}
	return hdr.Filename, data, nil
}

// libraryDraft reads the publication form; a date that cannot be read is
// refused rather than dropped.
func (s *Server) libraryDraft(r *http.Request) (library.Draft, error) {
	d := library.Draft{Category: library.Category(r.PostFormValue("category")), Body: library.Body(r.PostFormValue("body")),
		Number: r.PostFormValue("number"), Title: r.PostFormValue("title"),
		Visibility: library.Visibility(r.PostFormValue("visibility")), PersonalData: r.PostFormValue("personal_data") == "1",
		NotifyMembers: r.PostFormValue("notify_members") == "1"}
	if v := r.PostFormValue("estate_id"); v != "" {
		est, err := strconv.ParseInt(v, 10, 64)
		if err != nil || est < 0 {
			return d, httpError(http.StatusUnprocessableEntity, "library.error.invalid")
		}
		d.EstateID = est
	}
	bad := httpError(http.StatusUnprocessableEntity, "library.error.date")
	for _, f := range []struct {
		name string
		to   *civil.Date
	}{{"adopted_on", &d.AdoptedOn}, {"effective_on", &d.EffectiveOn}} {
		if v := r.PostFormValue(f.name); v != "" {
			day, err := civil.Parse(v)
			if err != nil {
				return d, bad
			}
			*f.to = day
		}
	}
	if v := r.PostFormValue("publish_at"); v != "" {
		at, err := time.ParseInLocation("2006-01-02T15:04", v, s.Config.TimeZone)
		if err != nil {
			return d, bad
		}
		d.PublishAt = at
	}
	return d, nil
}

// staffLibraryPublish publishes a new document with its first PDF.
func (s *Server) staffLibraryPublish(w http.ResponseWriter, r *http.Request) error {
	if _, err := parseMultipart(r, 1<<20); err != nil {
		return err
	}
	defer s.dropForm(r)
	d, err := s.libraryDraft(r)
	if err != nil {
		return err
	}
	up, err := libraryUpload(r, false)
	if err != nil {
		return err
	}
	id, err := s.Library.Publish(r.Context(), actorOf(r), d, up)
	if err != nil {
		return refused(err)
	}
	http.Redirect(w, r, documentURL(r, id), http.StatusSeeOther)
	return nil
}

// documentAction is a staff form on the document of the path: act reads
// it and asks the service, and the document's page shows after.
func documentAction(act func(r *http.Request, id int64) error) handlerFunc {
	return recordAction(libraryRefusals, act, documentURL)
}

// documentURL is the staff's page of a document.
func documentURL(_ *http.Request, id int64) string {
	return "/staff/library/" + strconv.FormatInt(id, 10)
}

// staffLibraryUpdate changes a document's metadata and publication time
// (documentAction).
func (s *Server) staffLibraryUpdate(r *http.Request, id int64) error {
	d, err := s.libraryDraft(r)
	if err != nil {
		return err
	}
	return s.Library.Update(r.Context(), actorOf(r), id, d)
}

// staffLibraryAddFile attaches a new version (or the anonymised one)
// (documentAction).
func (s *Server) staffLibraryAddFile(r *http.Request, id int64) error {
	if _, err := parseMultipart(r, 1<<20); err != nil {
		return err
	}
	defer s.dropForm(r)
	up, err := libraryUpload(r, r.PostFormValue("anonymised") == "1")
	if err != nil {
		return err
	}
	return s.Library.AddFile(r.Context(), actorOf(r), id, up)
}

// staffLibraryStatus puts a document in force, archives or repeals it
// (documentAction).
func (s *Server) staffLibraryStatus(r *http.Request, id int64) error {
	return s.Library.SetStatus(r.Context(), actorOf(r), id, library.Status(r.PostFormValue("status")))
}

// staffLibrarySupersede records the document that replaced this one
// (documentAction).
func (s *Server) staffLibrarySupersede(r *http.Request, id int64) error {
	by, err := strconv.ParseInt(r.PostFormValue("by"), 10, 64)
	if err != nil || by <= 0 {
		return httpError(http.StatusUnprocessableEntity, "library.error.supersede")
	}
	return s.Library.Supersede(r.Context(), actorOf(r), id, by)
}

// maxBulkBody bounds a bulk upload: the PDFs and their CSV.
const maxBulkBody = 200 << 20

// Problem words one bad line of a bulk upload.
func (p libraryPage) Problem(lp library.LineProblem) string {
	what := p.L.T(lp.Problem, lp.Value)
	if lp.Line == 0 {
		return what
	}
	return p.L.T("library.bulk.line", lp.Line, what)
}

// staffLibraryBulk publishes the PDFs of a bulk upload with their CSV, or
// shows every bad line with nothing published.
func (s *Server) staffLibraryBulk(w http.ResponseWriter, r *http.Request) error {
	if _, err := parseMultipart(r, 8<<20); err != nil {
		return err
	}
	defer s.dropForm(r)
	read := func(fh *multipart.FileHeader) ([]byte, error) {
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return io.ReadAll(io.LimitReader(f, maxLibraryBody))
	}
	metas := r.MultipartForm.File["metadata"]
	if len(metas) != 1 {
		return httpError(http.StatusUnprocessableEntity, "library.bulk.no_csv")
	}
	meta, err := read(metas[0])
	if err != nil {
		return err
	}
	files := map[string][]byte{}
	for _, fh := range r.MultipartForm.File["files"] {
		data, err := read(fh)
		if err != nil {
			return err
		}
		files[filepath.Base(fh.Filename)] = data
	}
	ids, err := s.Library.BulkPublish(r.Context(), actorOf(r), meta, files)
	var be *library.BulkError
	if err != nil && !errors.As(err, &be) {
		return refused(err)
	}
	q := library.Query{}
	v, ferr := s.Library.StaffFind(r.Context(), readerOf(r), q)
	if ferr != nil {
		return ferr
	}
	p := s.newLibraryPage(r, q, v.Hits)
	p.Published, p.Columns = len(ids), strings.Join(library.BulkColumns, ";")
	p.Estates = v.Estates
	status := http.StatusOK
	if be != nil {
		p.Problems, status = be.Problems, http.StatusUnprocessableEntity
	}
	return s.render(w, r, status, "library", p)
}
