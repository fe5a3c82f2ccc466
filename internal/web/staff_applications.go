package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/ebok/ebok/internal/access"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/fault"
)

// accessView is what a staff member sees of the applications: IKCS goes to
// the membership department, E-BOK to settlements and finance, an estate
// administration sees E-BOK applications for its estate; the board and
// administrators see everything.
func accessView(u *auth.User) access.View {
	v := access.View{CoopID: u.CoopID}
	switch u.Role {
	case auth.RoleMembership:
		v.Portals = []access.Portal{access.IKCS}
	case auth.RoleSettlements, auth.RoleFinance:
		v.Portals = []access.Portal{access.EBOK}
	case auth.RoleEstate:
		v.Portals, v.EstateID = []access.Portal{access.EBOK}, u.EstateID
	}
	return v
}

// queuePage is the verification queue.
type queuePage struct {
	Page
	Items  []access.QueueItem
	Status access.Status
	Portal access.Portal
	Counts access.Counts
	// Portals the staff member may enter desk applications for.
	Portals []access.Portal
}

func (s *Server) staffQueue(w http.ResponseWriter, r *http.Request) error {
	u := stateOf(r).user()
	v := accessView(u)
	q := r.URL.Query()
	f := access.QueueFilter{Status: access.Status(q.Get("status")), Portal: access.Portal(q.Get("portal"))}
	if !statusFilterOK(f.Status) || (f.Portal != "" && !access.ValidPortal(f.Portal)) {
		f = access.QueueFilter{}
	}
	today := s.today()
	items, err := s.Access.Queue(r.Context(), v, f, today)
	if err != nil {
		return err
	}
	counts, err := s.Access.Count(r.Context(), v, today)
	if err != nil {
		return err
	}
	p := queuePage{Page: s.page(r, "queue.title"), Items: items, Status: f.Status, Portal: f.Portal, Counts: counts, Portals: portalsOf(v)}
	p.Section = "applications"
	return s.render(w, r, http.StatusOK, "staff_queue", p)
}

func statusFilterOK(s access.Status) bool {
	switch s {
	case "", access.Unconfirmed, access.Filed, access.InVerification, access.Accepted, access.Rejected:
		return true
	}
	return false
}

func portalsOf(v access.View) []access.Portal {
	if len(v.Portals) == 0 {
		return []access.Portal{access.EBOK, access.IKCS}
	}
	return v.Portals
}

// applicationPage shows one application with its checklist and actions.
type applicationPage struct {
	Page
	App       *access.Application
	Checklist access.Checklist
	Overdue   bool
	Error     string
	Reason    string
	Outcome   string
}

// CheckNote renders a checklist note in the page's language; arguments
// that are message keys (title kinds) are translated too.
func (p applicationPage) CheckNote(c access.Check) string {
	args := make([]any, len(c.Args))
	for i, a := range c.Args {
		if s, ok := a.(string); ok && strings.HasPrefix(s, "title.") {
			a = p.L.T(s)
		}
		args[i] = a
	}
	return p.L.T(c.Note, args...)
}

// loadApplication loads the application of the path as the staff member's
// department may see it.
func (s *Server) loadApplication(r *http.Request) (*access.Application, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.Access.Get(r.Context(), accessView(stateOf(r).user()), id)
}

func (s *Server) staffApplication(w http.ResponseWriter, r *http.Request) error {
	a, err := s.loadApplication(r)
	if err != nil {
		return err
	}
	return s.showApplication(w, r, a, http.StatusOK, "", "", "")
}

func (s *Server) showApplication(w http.ResponseWriter, r *http.Request, a *access.Application, status int, errKey, reason, outcome string) error {
	today := s.today()
	cl, err := s.Access.Checklist(r.Context(), a, today)
	if err != nil {
		return err
	}
	p := applicationPage{Page: s.page(r, "queue.application"), App: a, Checklist: cl, Overdue: a.Overdue(today), Reason: reason, Outcome: outcome}
	p.Section = "applications"
	p.Title = p.L.T("queue.application.title", a.ID, a.Form.FirstName+" "+a.Form.LastName)
	if errKey != "" {
		p.Error = p.L.T(errKey)
	}
	return s.render(w, r, status, "staff_application", p)
}

// staffStep runs one checklist action and goes back to the application.
func (s *Server) staffStep(w http.ResponseWriter, r *http.Request) error {
	a, err := s.loadApplication(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	v, by := accessView(stateOf(r).user()), actorOf(r)
	switch r.PathValue("step") {
	case "verify":
		err = s.Access.StartVerification(r.Context(), by, v, a.ID)
	case "signature":
		sig := r.PostFormValue("signature")
		if sig != "present" && sig != "missing" {
			return s.showApplication(w, r, a, http.StatusUnprocessableEntity, "queue.error.signature", "", "")
		}
		err = s.Access.RecordSignature(r.Context(), by, v, a.ID, sig == "present")
	case "phone":
		err = s.Access.RecordPhone(r.Context(), by, v, a.ID, r.PostFormValue("outcome"))
	case "reject":
		err = s.Access.Reject(r.Context(), by, v, a.ID, r.PostFormValue("reason"))
	default:
		return fault.ErrNotFound
	}
	if key := stepRefusals.key(err); key != "" {
		return s.showApplication(w, r, a, http.StatusUnprocessableEntity, key, r.PostFormValue("reason"), r.PostFormValue("outcome"))
	}
	if err != nil {
		return err
	}
	step := r.PathValue("step")
	if step == "signature" {
		step += "." + r.PostFormValue("signature")
	}
	return s.flashRedirect(w, r, fmt.Sprintf("/staff/applications/%d", a.ID), "flash.step."+step, strconv.FormatInt(a.ID, 10))
}

// stepRefusals are the verification steps' refusals and their messages.
var stepRefusals = refusalsOf("queue")

// credentialsPage shows credentials just issued, once.
type credentialsPage struct {
	Page
	Cred    *access.Credentials
	Expires string
	AppID   int64
}

func (s *Server) staffAccept(w http.ResponseWriter, r *http.Request) error {
	a, err := s.loadApplication(r)
	if err != nil {
		return err
	}
	d := access.Delivery(r.PostFormValue("delivery"))
	if d != access.Print && d != access.Email {
		d = access.Email
	}
	cred, err := s.Access.Accept(r.Context(), actorOf(r), accessView(stateOf(r).user()), a.ID, d, s.today())
	if key := stepRefusals.key(err); key != "" {
		return s.showApplication(w, r, a, http.StatusUnprocessableEntity, key, "", "")
	}
	if err != nil {
		return err
	}
	return s.showCredentials(w, r, cred, a.ID)
}

func (s *Server) showCredentials(w http.ResponseWriter, r *http.Request, cred *access.Credentials, appID int64) error {
	p := credentialsPage{Page: s.page(r, "credentials.title"), Cred: cred, AppID: appID,
		Expires: dateIn(cred.Expires, s.Config.TimeZone)}
	p.Section = "applications"
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, http.StatusOK, "staff_credentials", p)
}

func (s *Server) staffAttachment(w http.ResponseWriter, r *http.Request) error {
	appID, id, err := pathIDs(r, "id", "file")
	if err != nil {
		return err
	}
	u, err := s.Access.Attachment(r.Context(), accessView(stateOf(r).user()), appID, id)
	if err != nil {
		return err
	}
	s.sendAttachment(w, r, u.ContentType, u.Filename, u.Data)
	return nil
}
