package web

import (
	"net/http"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/messages"
)

// announcementsPage is staff's announcements: those in force or to come,
// and the form of a new one.
type announcementsPage struct {
	Page
	Desk   messages.AnnouncementDesk
	Form   announcementForm
	Errors []fieldError
	Done   bool
	// Estate is the staff member's estate (0: the whole cooperative): an
	// estate administration withdraws its estate's announcements only.
	Estate int64
}

// CanWithdraw reports whether the staff member may withdraw a.
func (p announcementsPage) CanWithdraw(a messages.Announcement) bool {
	return p.Estate == 0 || a.Estate == p.Estate
}

// announcementForm is a new announcement as staff typed it.
type announcementForm struct {
	Audience              string
	Estate, Building      int64
	Title, Body, From, To string
	Email                 bool
}

// Err is the problem of a field, "" when none.
func (p announcementsPage) Err(field string) string { return fieldErr(p.Errors, field) }

// refuse shows the form's problem at its field.
func (p *announcementsPage) refuse(fes []fieldError) { p.Errors = fes }

// staffAnnouncementsPage loads the page.
func (s *Server) staffAnnouncementsPage(r *http.Request) (announcementsPage, error) {
	u := stateOf(r).user()
	p := announcementsPage{Page: s.page(r, "announcements.title"), Estate: u.EstateID}
	p.Section = "announcements"
	today := s.today().Format()
	p.Form = announcementForm{Audience: "all", From: today, To: today}
	var err error
	p.Desk, err = s.Messages.AnnouncementDesk(r.Context(), u.CoopID, u.EstateID)
	return p, err
}

// staffAnnouncements shows staff's announcements.
func (s *Server) staffAnnouncements(w http.ResponseWriter, r *http.Request) error {
	p, err := s.staffAnnouncementsPage(r)
	if err != nil {
		return err
	}
	p.Done = r.URL.Query().Get("posted") == "1"
	return s.render(w, r, http.StatusOK, "staff_announcements", p)
}

// staffAnnounce posts an announcement.
func (s *Server) staffAnnounce(w http.ResponseWriter, r *http.Request) error {
	p, err := s.staffAnnouncementsPage(r)
	if err != nil {
		return err
	}
	v := r.PostFormValue
	f := announcementForm{Audience: v("audience"), Title: v("title"), Body: v("body"), From: v("from"), To: v("to"),
		Email: v("email") == "yes"}
	f.Estate, _ = parseID(v("estate"))
	f.Building, _ = parseID(v("building"))
	p.Form = f
	a := messages.Announcement{Audience: messages.Audience(f.Audience), Title: f.Title, Body: f.Body, Email: f.Email}
	switch a.Audience {
	case messages.ToEstate:
		a.EstateID = f.Estate
	case messages.ToBuilding:
		a.Building = f.Building
	}
	a.From, _ = civil.Parse(f.From)
	a.To, _ = civil.Parse(f.To)
	_, err = s.Messages.Announce(r.Context(), actorOf(r), a)
	return s.answerForm(w, r, "staff_announcements", &p, announcementRefusals, err, "/staff/announcements?posted=1")
}

// announcementRefusals are the service's refusals of an announcement, at
// the field they concern.
var announcementRefusals = fieldRefusals{
	{messages.ErrAudience, "audience", "announcements.error.audience"},
	{messages.ErrValidity, "from", "announcements.error.validity"},
	{messages.ErrSubject, "title", "announcements.error.title"},
	{messages.ErrBody, "body", "announcements.error.body"},
}

// staffWithdrawAnnouncement withdraws an announcement and shows the page
// saying so.
func (s *Server) staffWithdrawAnnouncement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	title, err := s.Messages.Withdraw(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	return s.flashRedirect(w, r, "/staff/announcements", "flash.announcement.withdrawn", title)
}
