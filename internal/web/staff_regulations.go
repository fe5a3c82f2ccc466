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
	portal, err := s.staffPortal(r)
	if err != nil {
		return err
	}
	cur, err := s.Access.CurrentRegulation(r.Context(), stateOf(r).coop.ID, portal)
	if err != nil {
		return err
	}
	p := regulationsEditPage{Page: s.page(r, "regedit.title"), Portal: portal, Current: cur, DraftTitle: cur.Title, Body: cur.Body,
		Portals: portalsOf(accessView(stateOf(r).user()))}
	p.Section = "regulations"
	return s.render(w, r, http.StatusOK, "staff_regulations", p)
}

func (s *Server) staffRegulationsPublish(w http.ResponseWriter, r *http.Request) error {
	portal, err := s.staffPortal(r)
	if err != nil {
		return err
	}
	title, body := r.PostFormValue("title"), r.PostFormValue("body")
	_, err = s.Access.PublishRegulation(r.Context(), actorOf(r), portal, title, body)
	if errors.Is(err, access.ErrEmptyRegulation) {
		cur, cerr := s.Access.CurrentRegulation(r.Context(), stateOf(r).coop.ID, portal)
		if cerr != nil {
			return cerr
		}
		p := regulationsEditPage{Page: s.page(r, "regedit.title"), Portal: portal, Current: cur, DraftTitle: title, Body: body,
			Portals: portalsOf(accessView(stateOf(r).user()))}
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
