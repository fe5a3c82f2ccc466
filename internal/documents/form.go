package documents

import (
	"io"

	"github.com/ebok/ebok/internal/access"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/pdf"
)

// ApplicationFormPDF is the blank application form for a portal (e-BOK or
// IKCS) as a PDF, naming the regulations the applicant accepts.
func (r *Renderer) ApplicationFormPDF(c *coop.Cooperative, portal access.Portal, reg *access.Regulation) (File, error) {
	data := pdf.FormData{RegulationTitle: reg.Title, RegulationVersion: reg.Version}
	return pdfFile("formularz-"+string(portal)+".pdf", func(w io.Writer) error {
		return r.pdf.ApplicationForm(w, pdfCoop(c), pdf.Service(portal), data)
	})
}
