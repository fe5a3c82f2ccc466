package web

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/library"
)

// readerOf is the request's user as the library sees them.
func readerOf(r *http.Request) library.Reader {
	rd := library.Reader{Actor: actorOf(r)}
	if rd.Name == "" {
		rd.Name = "anonymous"
	}
	if u := stateOf(r).user(); u != nil {
		rd.PersonID = u.PersonID
		switch u.Kind {
		case auth.Staff:
			rd.Kind = library.Staff
		case auth.Member:
			rd.Kind = library.Member
		case auth.Resident:
			rd.Kind = library.Resident
		}
	}
	return rd
}

// libraryBase is where the library lives for the request's address: the
// member area, the staff desk or the cooperative's public site.
func libraryBase(r *http.Request) string {
	for _, b := range []string{"/ikcs/library", "/staff/library"} {
		if strings.HasPrefix(r.URL.Path, b) {
			return b
		}
	}
	return "/library"
}

// libraryQuery reads the search form; unknown values are ignored.
func libraryQuery(r *http.Request) library.Query {
	v := r.URL.Query()
	q := library.Query{Text: strings.TrimSpace(v.Get("q"))}
	if len(q.Text) > 200 {
		q.Text = q.Text[:200]
	}
	if c := library.Category(v.Get("category")); slices.Contains(library.Categories(), c) {
		q.Category = c
	}
	if b := library.Body(v.Get("body")); slices.Contains(library.Bodies(), b) {
		q.Body = b
	}
	if st := library.Status(v.Get("status")); slices.Contains(library.Statuses(), st) {
		q.Status = st
	}
	if y, err := strconv.Atoi(v.Get("year")); err == nil && y > 1900 && y < 3000 {
		q.Year = y
	}
	return q
}

// libraryPage lists and searches the library.
type libraryPage struct {
	Page
	Base  string
	Query library.Query
	Hits  []library.Hit
	// Lead is the catalogue key of the text under the title.
	Lead       string
	Categories []library.Category
	Bodies     []library.Body
	Statuses   []library.Status
	// Searched is set when the form was used (the count is shown then).
	Searched bool
	// Estates and Error belong to the staff's publication form.
	Estates []library.Estate
	Error   string
	// Problems are a bulk upload's bad lines (nothing published), Published
	// how many documents a good one published, Columns the CSV's columns.
	Problems  []library.LineProblem
	Published int
	Columns   string
}

// newLibraryPage is the library page of the request's base address.
func (s *Server) newLibraryPage(r *http.Request, q library.Query, hits []library.Hit) libraryPage {
	base := libraryBase(r)
	p := libraryPage{Page: s.page(r, "library.title"), Base: base, Query: q, Hits: hits, Lead: "library.member_lead",
		Categories: library.Categories(), Bodies: library.Bodies(), Statuses: library.Statuses(), Searched: r.URL.RawQuery != ""}
	switch base {
	case "/ikcs/library":
		p.Section = "library"
	case "/staff/library":
		p.Section, p.Title = "staff_library", p.L.T("library.staff.title")
	default:
		p.Lead = "library.public_lead"
	}
	return p
}

// libraryList is the library's page: the documents the reader may open,
// filtered and searched, the new ones since the last visit marked.
func (s *Server) libraryList(w http.ResponseWriter, r *http.Request) error {
	q := libraryQuery(r)
	hits, err := s.Library.Browse(r.Context(), readerOf(r), q)
	if err != nil {
		return err
	}
	p := s.newLibraryPage(r, q, hits)
	return s.render(w, r, http.StatusOK, "library", p)
}

// libraryDocPage is one document with its files and links.
type libraryDocPage struct {
	Page
	Base string
	Doc  library.Details
	// OnText is the day typed for "the version in force on".
	OnText string
	// Zone is the cooperative's time zone (publication times).
	Zone *time.Location
}

// PublishLocal is the publication time for a datetime-local field.
func (p libraryDocPage) PublishLocal() string {
	return p.Doc.PublishAt.In(p.Zone).Format("2006-01-02T15:04")
}

// NotifiedStamp is when the e-mail to members about the document went,
// as a Polish date and time in the cooperative's zone.
func (p libraryDocPage) NotifiedStamp() string {
	return p.Doc.MembersNotifiedAt.In(p.Zone).Format("02.01.2006 15:04")
}

// Categories lists the categories for the staff form.
func (p libraryDocPage) Categories() []library.Category { return library.Categories() }

// Bodies lists the bodies for the staff form.
func (p libraryDocPage) Bodies() []library.Body { return library.Bodies() }

// Visibilities lists the visibilities for the staff form.
func (p libraryDocPage) Visibilities() []library.Visibility { return library.Visibilities() }

// libraryDocument shows a document the reader may open (any other is
// "not found"), and with ?on= the version in force on that day.
func (s *Server) libraryDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	on, _ := civil.Parse(r.URL.Query().Get("on"))
	det, err := s.Library.GetOn(r.Context(), readerOf(r), id, on)
	if err != nil {
		return err
	}
	p := libraryDocPage{Page: s.page(r, "library.title"), Base: libraryBase(r), Doc: det, OnText: r.URL.Query().Get("on"),
		Zone: s.Config.TimeZone}
	p.Title = det.Title
	p.Section = s.newLibraryPage(r, library.Query{}, nil).Section
	return s.render(w, r, http.StatusOK, "library_document", p)
}

// libraryDownload sends a file of a document the reader may open; the
// service logs downloads of members' documents.
func (s *Server) libraryDownload(w http.ResponseWriter, r *http.Request) error {
	id, fid, err := pathIDs(r, "id", "file")
	if err != nil {
		return err
	}
	dl, err := s.Library.Download(r.Context(), readerOf(r), id, fid)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", dl.Filename))
	h.Set("Cache-Control", "private, no-store")
	s.write(w, r, bytes.NewBuffer(dl.Data))
	return nil
}

// libraryHistoryPage is a member's own download history.
type libraryHistoryPage struct {
	Page
	Entries []library.DownloadEntry
	Zone    *time.Location
}

// Stamp shows an instant as a Polish date and time in the cooperative's zone.
func (p libraryHistoryPage) Stamp(e library.DownloadEntry) string {
	return e.At.In(p.Zone).Format("02.01.2006 15:04")
}

// libraryHistory lists the member's downloads of members' documents.
func (s *Server) libraryHistory(w http.ResponseWriter, r *http.Request) error {
	entries, err := s.Library.Downloads(r.Context(), readerOf(r))
	if err != nil {
		return err
	}
	p := libraryHistoryPage{Page: s.page(r, "library.history"), Entries: entries, Zone: s.Config.TimeZone}
	p.Section = "library"
	return s.render(w, r, http.StatusOK, "library_history", p)
}

// libraryComparePage shows the differences between two files' text.
type libraryComparePage struct {
	Page
	Base  string
	DocID int64
	Diff  library.Diff
	// Changed is set when some line differs.
	Changed bool
}

// libraryCompare compares two files the reader may see (?from=&to=).
func (s *Server) libraryCompare(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	from, err1 := strconv.ParseInt(r.URL.Query().Get("from"), 10, 64)
	to, err2 := strconv.ParseInt(r.URL.Query().Get("to"), 10, 64)
	if err1 != nil || err2 != nil || from <= 0 || to <= 0 {
		return httpError(http.StatusUnprocessableEntity, "library.compare.invalid")
	}
	d, err := s.Library.Compare(r.Context(), readerOf(r), from, to)
	if err != nil {
		return err
	}
	p := libraryComparePage{Page: s.page(r, "library.compare.title"), Base: libraryBase(r), DocID: id, Diff: d}
	for _, l := range d.Lines {
		if l.Op != library.Same {
			p.Changed = true
			break
		}
	}
	p.Section = s.newLibraryPage(r, library.Query{}, nil).Section
	return s.render(w, r, http.StatusOK, "library_compare", p)
}
