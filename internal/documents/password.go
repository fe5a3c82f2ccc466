package documents

import (
	"fmt"
	"io"
	"time"

	"github.com/ebok/ebok/internal/access"
	"github.com/ebok/ebok/internal/auth"
	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/pdf"
)

// StartPassword is a login's start password, printed to hand over at the
// desk.
type StartPassword struct {
	Coop     *coop.Cooperative
	User     *auth.User // the login; a member's is for IKCS, others' for e-BOK
	Password string     // the start password, in clear
	// ExpiresOn is the password's last day; IssuedOn the day it is handed
	// over, by IssuedBy (the staff member's name).
	ExpiresOn, IssuedOn civil.Date
	IssuedBy            string
	BaseURL             string // the portal's address, e.g. https://ebok.example.pl
}

// StartPasswordPDF is the start-password printout as a PDF; its file name
// carries the day it was issued.
func (r *Renderer) StartPasswordPDF(p StartPassword) (File, error) {
	portal := access.EBOK
	if p.User.Kind == auth.Member {
		portal = access.IKCS
	}
	data := pdf.StartPasswordData{
		Service: pdf.Service(portal), PersonName: p.User.DisplayName, Login: p.User.Login, Password: p.Password,
		ExpiresOn: p.ExpiresOn.Format(), IssuedOn: p.IssuedOn.Format(),
		IssuedBy: p.IssuedBy, LoginURL: p.BaseURL + "/#" + string(portal),
	}
	name := fmt.Sprintf("dane-logowania-%s-%s.pdf", p.User.Login, p.IssuedOn.In(time.UTC).Format("20060102"))
	return pdfFile(name, func(w io.Writer) error { return r.pdf.StartPassword(w, pdfCoop(p.Coop), data) })
}
