package web

import (
	"errors"
	"net/http"
	"slices"

	"github.com/ebok/ebok/internal/access"
	"github.com/ebok/ebok/internal/fault"
)

// regulationsEditPage lets staff publish a new version of the regulations.
type regulationsEditPage struct {
	Page
	Portal     access.Portal
	Current    *access.Regulation
	DraftTitle string
	Body       string
	Error      string
	Portals    []access.Portal
}

func (s *Server) staffRegulations(w http.ResponseWriter, r *http.Request) error {
	p, err := s.regulationsForm(r)
	if err != nil {
		return err
	}
	p.Section = "regulations"
	return s.render(w, r, http.StatusOK, "staff_regulations", p)
}

// regulationsForm is the form of new regulations of the path's portal
// beside the version in force, which the draft starts from.
func (s *Server) regulationsForm(r *http.Request) (regulationsEditPage, error) {
	portal, err := s.staffPortal(r)
	if err != nil {
		return regulationsEditPage{}, err
	}
	cur, err := s.Access.CurrentRegulation(r.Context(), stateOf(r).coop.ID, portal)
	if err != nil {
		return regulationsEditPage{}, err
	}
	return regulationsEditPage{Page: s.page(r, "regedit.title"), Portal: portal, Current: cur, DraftTitle: cur.Title, Body: cur.Body,
		Portals: portalsOf(accessView(stateOf(r).user()))}, nil
}

func (s *Server) staffRegulationsPublish(w http.ResponseWriter, r *http.Request) error {
	portal, err := s.staffPortal(r)
	if err != nil {
		return err
	}
	title, body := r.PostFormValue("title"), r.PostFormValue("body")
	_, err = s.Access.PublishRegulation(r.Context(), actorOf(r), portal, title, body)
	if errors.Is(err, access.ErrEmptyRegulation) {
		p, ferr := s.regulationsForm(r)
		if ferr != nil {
			return ferr
		}
		p.DraftTitle, p.Body = title, body
		p.Error = p.L.T("regedit.error.empty")
		return s.render(w, r, http.StatusUnprocessableEntity, "staff_regulations", p)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/staff/regulations/"+string(portal), http.StatusSeeOther)
	return nil
}

// staffPortal reads the portal from the path and checks the staff member's
// department may edit it.
func (s *Server) staffPortal(r *http.Request) (access.Portal, error) {
	portal, ok := portalOf(r)
	if !ok {
		return "", fault.ErrNotFound
	}
	if !slices.Contains(portalsOf(accessView(stateOf(r).user())), portal) {
		return "", errForbidden
	}
	return portal, nil
}
