package web

import (
	"errors"
	"net/http"
	"slices"

	"github.com/ebok/ebok/internal/access"
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

func (s *Server) staffRegulations(w http.ResponseWriter, r *http.Request) {
	portal, ok := s.staffPortal(w, r)
	if !ok {
		return
	}
	cur, err := s.Access.CurrentRegulation(r.Context(), stateOf(r).coop.ID, portal)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := regulationsEditPage{Page: s.page(r, "regedit.title"), Portal: portal, Current: cur, DraftTitle: cur.Title, Body: cur.Body,
		Portals: portalsOf(accessView(stateOf(r).user()))}
	p.Section = "regulations"
	s.render(w, r, http.StatusOK, "staff_regulations", p)
}

func (s *Server) staffRegulationsPublish(w http.ResponseWriter, r *http.Request) {
	portal, ok := s.staffPortal(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 200<<10)
	title, body := r.PostFormValue("title"), r.PostFormValue("body")
	_, err := s.Access.PublishRegulation(r.Context(), actorOf(r), portal, title, body)
	if errors.Is(err, access.ErrEmptyRegulation) {
		cur, cerr := s.Access.CurrentRegulation(r.Context(), stateOf(r).coop.ID, portal)
		if cerr != nil {
			s.fail(w, r, cerr)
			return
		}
		p := regulationsEditPage{Page: s.page(r, "regedit.title"), Portal: portal, Current: cur, DraftTitle: title, Body: body,
			Portals: portalsOf(accessView(stateOf(r).user()))}
		p.Error = p.L.T("regedit.error.empty")
		s.render(w, r, http.StatusUnprocessableEntity, "staff_regulations", p)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/staff/regulations/"+string(portal), http.StatusSeeOther)
}

// staffPortal reads the portal from the path and checks the staff member's
// department may edit it.
func (s *Server) staffPortal(w http.ResponseWriter, r *http.Request) (access.Portal, bool) {
	portal, ok := portalOf(r)
	if !ok {
		s.notFound(w, r)
		return "", false
	}
	if !slices.Contains(portalsOf(accessView(stateOf(r).user())), portal) {
		s.renderError(w, r, http.StatusForbidden, "error.forbidden")
		return "", false
	}
	return portal, true
}
