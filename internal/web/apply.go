package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/ebok/ebok/internal/access"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/fault"
	"github.com/ebok/ebok/internal/uploads"
)

// fieldError is one problem of a form, for the error summary and the field.
type fieldError struct {
	Field   string
	Message string
}

// applyPage is the online application form of one portal.
type applyPage struct {
	Page
	Portal     access.Portal
	Form       access.Form
	Regulation *access.Regulation
	Errors     []fieldError
	// Staff marks the desk variant: staff enter a paper form.
	Staff bool
}

// Err returns the message for a field, or "".
func (p applyPage) Err(field string) string { return fieldErr(p.Errors, field) }

// Action is where the form posts.
func (p applyPage) Action() string {
	if p.Staff {
		return "/staff/applications"
	}
	return "/apply/" + string(p.Portal)
}

// RODO is the information clause with the cooperative's name and address.
func (p applyPage) RODO() string {
	return p.L.T("apply.rodo.text", p.Coop.Name, p.Coop.Street+", "+p.Coop.PostalCode+" "+p.Coop.City)
}

func portalOf(r *http.Request) (access.Portal, bool) {
	p := access.Portal(r.PathValue("portal"))
	return p, access.ValidPortal(p)
}

// portalRegulation reads the portal of the path and loads its regulations
// in force.
func (s *Server) portalRegulation(r *http.Request) (access.Portal, *access.Regulation, error) {
	portal, ok := portalOf(r)
	if !ok {
		return "", nil, fault.ErrNotFound
	}
	reg, err := s.Access.CurrentRegulation(r.Context(), stateOf(r).coop.ID, portal)
	return portal, reg, err
}

// pathApplyPage starts the application form of the path's portal.
func (s *Server) pathApplyPage(r *http.Request) (applyPage, error) {
	portal, ok := portalOf(r)
	if !ok {
		return applyPage{}, fault.ErrNotFound
	}
	return s.newApplyPage(r, portal)
}

// newApplyPage starts the application form of a portal.
func (s *Server) newApplyPage(r *http.Request, portal access.Portal) (applyPage, error) {
	reg, err := s.Access.CurrentRegulation(r.Context(), stateOf(r).coop.ID, portal)
	if err != nil {
		return applyPage{}, err
	}
	p := applyPage{Page: s.page(r, "apply.title."+string(portal)), Portal: portal, Regulation: reg}
	p.Form.Portal = portal
	p.Form.RegulationID = reg.ID
	if portal == access.IKCS {
		p.Form.Role = access.RoleMember
	}
	return p, nil
}

// readForm fills an access.Form from a posted form.
func readForm(r *http.Request, portal access.Portal) access.Form {
	v := func(k string) string { return r.PostFormValue(k) }
	f := access.Form{
		Portal: portal, FirstName: v("first_name"), LastName: v("last_name"), Street: v("street"),
		PostalCode: v("postal_code"), City: v("city"), Email: v("email"), Phone: v("phone"),
		PremisesStreet: v("premises_street"), PremisesHouse: v("premises_house"), PremisesNumber: v("premises_number"),
		Role: access.Role(v("role")), RegisterNumber: v("register_number"),
		AcceptRules: v("accept_rules") == "yes", EKorespondencja: v("ekorespondencja") == "yes",
	}
	if portal != access.IKCS {
		f.RegisterNumber = ""
	}
	f.Normalize()
	return f
}

// fieldErrors orders a form's problems as the page shows its fields.
func (s *Server) fieldErrors(r *http.Request, errs access.FieldErrors) []fieldError {
	l := s.Catalogue.For(stateOf(r).lang)
	var out []fieldError
	for _, f := range access.Fields {
		if key, ok := errs[f]; ok {
			out = append(out, fieldError{Field: f, Message: l.T(key)})
		}
	}
	return out
}

// maxApplicationBody bounds the whole multipart request: as many files as
// an application may carry, each at its largest, and 1 MB for the rest.
var maxApplicationBody = int64(uploads.Applications.MaxFiles)*uploads.Applications.MaxBytes + 1<<20

func (s *Server) applySubmit(w http.ResponseWriter, r *http.Request) error {
	p, err := s.pathApplyPage(r)
	if err != nil {
		return err
	}
	l := p.L
	tooBig, err := parseMultipart(r, 1<<20)
	if tooBig {
		p.Errors = []fieldError{{Field: "files", Message: l.T("apply.error.too_big")}}
		return s.render(w, r, http.StatusRequestEntityTooLarge, "apply", p)
	}
	if err != nil {
		return err
	}
	defer s.dropForm(r)
	p.Form = readForm(r, p.Portal)
	p.Form.RegulationID = p.Regulation.ID
	p.Errors = s.fieldErrors(r, p.Form.Validate())
	uploads, fileErr := readUploads(r, l)
	if fileErr != "" {
		p.Errors = append(p.Errors, fieldError{Field: "files", Message: fileErr})
	}
	if len(p.Errors) > 0 {
		return s.render(w, r, http.StatusUnprocessableEntity, "apply", p)
	}
	_, err = s.Access.SubmitOnline(r.Context(), applicantOf(r), p.Form, uploads)
	for _, c := range applyRefusals {
		if errors.Is(err, c.err) {
			p.Errors = []fieldError{{Field: c.field, Message: l.T(c.key)}}
			if c.err == access.ErrStaleRules {
				p.Form.AcceptRules = false // changed rules are read and accepted again
			}
			return s.render(w, r, c.status, "apply", p)
		}
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/apply/sent", http.StatusSeeOther)
	return nil
}

// readUploads checks every attached file by its content. It returns the
// message for the first bad file; nothing is stored when any is bad.
func readUploads(r *http.Request, l interface{ T(string, ...any) string }) ([]uploads.File, string) {
	files := r.MultipartForm.File["files"]
	var named []string
	for _, fh := range files {
		if fh.Filename != "" || fh.Size > 0 {
			named = append(named, fh.Filename)
		}
	}
	if len(named) == 0 {
		return nil, l.T("apply.error.files.required")
	}
	policy := uploads.Applications
	if policy.CheckCount(len(named)) != nil {
		return nil, l.T("apply.error.files.count")
	}
	var out []uploads.File
	for _, fh := range files {
		if fh.Filename == "" && fh.Size == 0 {
			continue
		}
		u, err := checkUpload(fh, policy)
		if err != nil {
			return nil, l.T("apply.error.files."+uploadProblem(err), fh.Filename)
		}
		out = append(out, u)
	}
	return out, ""
}

// applyRefusals are the service's refusals of an application: the field
// each concerns, its message and the answer's status.
var applyRefusals = []struct {
	err        error
	field, key string
	status     int
}{
	{access.ErrDuplicate, "premises_street", "apply.error.duplicate", http.StatusConflict},
	{access.ErrAddressLimit, "email", "apply.error.limit.address", http.StatusTooManyRequests},
	{access.ErrEmailLimit, "email", "apply.error.limit.email", http.StatusTooManyRequests},
	{access.ErrPendingFull, "files", "apply.error.limit.pending", http.StatusTooManyRequests},
	{access.ErrStaleRules, "accept_rules", "apply.error.stale_rules", http.StatusConflict},
}

// messagePage is a page of a heading and a few sentences.
type messagePage struct {
	Page
	Lines []string
	// Form, when set, is a one-button form (method POST).
	FormAction string
	FormToken  string
	FormButton string
	Back       string
	BackText   string
}

// notice is a message page of one sentence, in catalogue keys: its title,
// its text with the text's args, and the link back with its words (none
// when Back is "").
type notice struct {
	Title, Text    string
	Args           []any
	Back, BackText string
}

// showNotice renders a message page of one sentence.
func (s *Server) showNotice(w http.ResponseWriter, r *http.Request, status int, n notice) error {
	p := messagePage{Page: s.page(r, n.Title)}
	p.Lines = []string{p.L.T(n.Text, n.Args...)}
	if n.Back != "" {
		p.Back, p.BackText = n.Back, p.L.T(n.BackText)
	}
	return s.render(w, r, status, "message", p)
}

func (s *Server) applySent(w http.ResponseWriter, r *http.Request) error {
	return s.showNotice(w, r, http.StatusOK, notice{Title: "apply.sent.title", Text: "apply.sent.text",
		Args: []any{int(access.ConfirmValidity.Hours() / 24)}, Back: "/", BackText: "error.home"})
}

// applyConfirmForm shows a button rather than confirming on GET, so that
// mail scanners opening links confirm nothing.
func (s *Server) applyConfirmForm(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("token")
	if token == "" || len(token) > 100 {
		return s.showNotice(w, r, http.StatusNotFound, notice{Title: "apply.confirm.title", Text: "apply.confirm.invalid"})
	}
	p := messagePage{Page: s.page(r, "apply.confirm.title")}
	p.Lines = []string{p.L.T("apply.confirm.text")}
	p.FormAction, p.FormToken, p.FormButton = "/apply/confirm", token, p.L.T("apply.confirm.submit")
	w.Header().Set("Referrer-Policy", "no-referrer")
	return s.render(w, r, http.StatusOK, "message", p)
}

func (s *Server) applyConfirm(w http.ResponseWriter, r *http.Request) error {
	st := stateOf(r)
	id, err := s.Access.Confirm(r.Context(), st.coop.ID, r.PostFormValue("token"), clientIP(r))
	if errors.Is(err, access.ErrTokenInvalid) {
		return s.showNotice(w, r, http.StatusNotFound, notice{Title: "apply.confirm.title", Text: "apply.confirm.invalid"})
	}
	if err != nil {
		return err
	}
	a, err := s.Access.Get(r.Context(), access.View{CoopID: st.coop.ID}, id)
	if err != nil {
		return err
	}
	return s.showNotice(w, r, http.StatusOK, notice{Title: "apply.confirmed.title", Text: "apply.confirmed.text",
		Args: []any{id, a.DueOn.Format()}, Back: "/", BackText: "error.home"})
}

// regulationsPage shows one version of a portal's regulations.
type regulationsPage struct {
	Page
	Regulation *access.Regulation
	Since      civil.Date
}

func (s *Server) regulations(w http.ResponseWriter, r *http.Request) error {
	st := stateOf(r)
	portal, reg, err := s.portalRegulation(r)
	if v := r.URL.Query().Get("version"); v != "" && err == nil {
		n, perr := strconv.Atoi(v)
		if perr != nil || n < 1 {
			return fault.ErrNotFound
		}
		reg, err = s.Access.Regulation(r.Context(), st.coop.ID, portal, n)
	}
	if err != nil {
		return err
	}
	p := regulationsPage{Page: s.page(r, "regulations.title"), Regulation: reg, Since: civil.DateOf(reg.PublishedAt.In(s.Config.TimeZone))}
	p.Title = reg.Title
	return s.render(w, r, http.StatusOK, "regulations", p)
}

// fieldView is one text field for the field partial.
type fieldView struct {
	Name, Label, Hint, Value, Error, Autocomplete, Type, Width string
}

// Field describes a text field of the form by its name.
// KeyPrefix is where the form's wording comes from: "apply" speaks to the
// applicant, "desk" to staff filling the form in for them.
func (p applyPage) KeyPrefix() string {
	if p.Staff {
		return "desk"
	}
	return "apply"
}

func (p applyPage) Field(name, autocomplete, typ, width string) fieldView {
	f := p.Form
	values := map[string]string{
		"first_name": f.FirstName, "last_name": f.LastName, "street": f.Street, "postal_code": f.PostalCode,
		"city": f.City, "email": f.Email, "phone": f.Phone, "premises_street": f.PremisesStreet,
		"premises_house": f.PremisesHouse, "premises_number": f.PremisesNumber, "register_number": f.RegisterNumber,
	}
	hint := ""
	if key := "apply." + name + ".hint"; p.L.T(key) != "["+key+"]" {
		hint = p.L.T(key)
	}
	// At the desk the hints speak to staff about the applicant.
	if key := "desk." + name + ".hint"; p.Staff && p.L.T(key) != "["+key+"]" {
		hint = p.L.T(key)
	}
	return fieldView{Name: name, Label: p.L.T("apply." + name), Hint: hint, Value: values[name],
		Error: p.Err(name), Autocomplete: autocomplete, Type: typ, Width: width}
}
