package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/ebok/ebok/internal/access"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/pdf"
)

func pdfCoop(c *coop.Cooperative) pdf.Coop {
	return pdf.Coop{Name: c.Name, Street: c.Street, PostalCode: c.PostalCode, City: c.City,
		Phone: c.Phone, Email: c.Email, Website: c.Website}
}

// sendPDF writes a rendered PDF as a download.
func (s *Server) sendPDF(w http.ResponseWriter, r *http.Request, name string, buf *bytes.Buffer) {
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
	s.write(w, r, buf)
}

// applicationFormPDF is the blank form to print, sign and bring in or scan.
func (s *Server) applicationFormPDF(w http.ResponseWriter, r *http.Request) {
	portal, ok := portalOf(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	st := stateOf(r)
	reg, err := s.Access.CurrentRegulation(r.Context(), st.coop.ID, portal)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	err = s.PDF.ApplicationForm(&buf, pdfCoop(st.coop), pdf.Service(portal), pdf.FormData{
		RegulationTitle: reg.Title, RegulationVersion: reg.Version,
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=600")
	s.sendPDF(w, r, "formularz-"+string(portal)+".pdf", &buf)
}

// credentialsPrintout renders the start-password printout. The password
// comes back from the page that showed it once; it is printed only if it
// is still the login's current, unused start password.
func (s *Server) credentialsPrintout(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	st := stateOf(r)
	u, expires, err := s.Auth.VerifyStartPassword(r.Context(), st.coop.ID, r.PostFormValue("login"), r.PostFormValue("password"))
	if errors.Is(err, auth.ErrInvalidCredentials) {
		s.renderError(w, r, http.StatusUnprocessableEntity, "credentials.error.mismatch")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	portal := access.EBOK
	if u.Kind == auth.Member {
		portal = access.IKCS
	}
	var buf bytes.Buffer
	err = s.PDF.StartPassword(&buf, pdfCoop(st.coop), pdf.StartPasswordData{
		Service: pdf.Service(portal), PersonName: u.DisplayName, Login: u.Login, Password: r.PostFormValue("password"),
		ExpiresOn: dateIn(expires, s.Config.TimeZone), IssuedOn: dateIn(s.Now(), s.Config.TimeZone),
		IssuedBy: st.user().DisplayName, LoginURL: s.Config.BaseURL + "/#" + string(portal),
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.sendPDF(w, r, fmt.Sprintf("dane-logowania-%s-%s.pdf", u.Login, time.Now().Format("20060102")), &buf)
}
