package web

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ebok/ebok/internal/access"
	"github.com/ebok/ebok/internal/civil"
)

// idDocumentKinds are the identity documents staff may record as shown.
var idDocumentKinds = []string{"id_card", "passport", "residence_card", "mobile_id"}

var last3 = regexp.MustCompile(`^[A-Z0-9]{3}$`)

// deskPage is the application form as staff fill it in at the desk.
type deskPage struct {
	applyPage
	DocKinds   []string
	DocKind    string
	DocLast3   string
	IssueNow   bool
	Delivery   access.Delivery
	AllPortals []access.Portal
}

func (s *Server) staffDeskForm(w http.ResponseWriter, r *http.Request) error {
	portal := access.Portal(r.URL.Query().Get("portal"))
	v := accessView(stateOf(r).user())
	if !slices.Contains(portalsOf(v), portal) {
		portal = portalsOf(v)[0]
	}
	p, err := s.newDeskPage(r, portal)
	if err != nil {
		return err
	}
	p.IssueNow, p.Delivery = true, access.Print
	return s.render(w, r, http.StatusOK, "staff_desk", p)
}

func (s *Server) newDeskPage(r *http.Request, portal access.Portal) (deskPage, error) {
	ap, err := s.newApplyPage(r, portal)
	if err != nil {
		return deskPage{}, err
	}
	ap.Staff = true
	ap.Title = ap.L.T("desk.title." + string(portal))
	ap.Section = "applications"
	return deskPage{applyPage: ap, DocKinds: idDocumentKinds, AllPortals: portalsOf(accessView(stateOf(r).user()))}, nil
}

func (s *Server) staffDeskSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseAnyForm(r, 64<<10); err != nil {
		return err
	}
	portal := access.Portal(r.PostFormValue("portal"))
	v := accessView(stateOf(r).user())
	if !slices.Contains(portalsOf(v), portal) {
		return errForbidden
	}
	p, err := s.newDeskPage(r, portal)
	if err != nil {
		return err
	}
	l := p.L
	p.Form = readForm(r, portal)
	p.Form.RegulationID = p.Regulation.ID
	p.DocKind = r.PostFormValue("doc_kind")
	p.DocLast3 = strings.ToUpper(strings.TrimSpace(r.PostFormValue("doc_last3")))
	p.IssueNow = r.PostFormValue("issue_now") == "yes"
	p.Delivery = access.Delivery(r.PostFormValue("delivery"))
	if p.Delivery != access.Email {
		p.Delivery = access.Print
	}
	p.Errors = s.fieldErrors(r, p.Form.Validate())
	if !slices.Contains(idDocumentKinds, p.DocKind) {
		p.Errors = append(p.Errors, fieldError{Field: "doc_kind", Message: l.T("desk.error.doc_kind")})
	}
	if !last3.MatchString(p.DocLast3) {
		p.Errors = append(p.Errors, fieldError{Field: "doc_last3", Message: l.T("desk.error.doc_last3")})
	}
	if len(p.Errors) > 0 {
		return s.render(w, r, http.StatusUnprocessableEntity, "staff_desk", p)
	}
	by := actorOf(r)
	id, err := s.Access.SubmitDesk(r.Context(), by, p.Form, p.DocKind, p.DocLast3)
	if errors.Is(err, access.ErrDuplicate) {
		p.Errors = []fieldError{{Field: "premises_street", Message: l.T("desk.error.duplicate")}}
		return s.render(w, r, http.StatusConflict, "staff_desk", p)
	}
	if err != nil {
		return err
	}
	if !p.IssueNow {
		return s.flashRedirect(w, r, fmt.Sprintf("/staff/applications/%d", id), "flash.desk.filed", strconv.FormatInt(id, 10))
	}
	cred, err := s.Access.Accept(r.Context(), by, v, id, p.Delivery, s.today())
	if key := stepRefusals.key(err); key != "" {
		a, gerr := s.Access.Get(r.Context(), v, id)
		if gerr != nil {
			return gerr
		}
		return s.showApplication(w, r, a, http.StatusUnprocessableEntity, key, "", "")
	}
	if err != nil {
		return err
	}
	return s.showCredentials(w, r, cred, id)
}

// dateIn formats an instant as a Polish date in the zone.
func dateIn(t time.Time, loc *time.Location) string {
	return civil.DateOf(t.In(loc)).Format()
}
