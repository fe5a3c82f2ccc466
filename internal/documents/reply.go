package documents

import (
	"fmt"
	"io"
	"time"

	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/pdf"
)

// Reply is the cooperative's reply to a resident's message.
type Reply struct {
	Coop *coop.Cooperative
	// Resident and Address name the addressee and the premises.
	Resident, Address string
	// Subject is the thread's; Register the register number of the
	// resident's first message ("" when none).
	Subject, Register string
	ThreadID          int64
	At                time.Time
	Zone              *time.Location
	Author, Body      string
}

// ReplyPDF is a reply to a resident's message as a PDF letter, e-mailed
// with the reply under e-Korespondencja.
func (r *Renderer) ReplyPDF(l *i18n.Localizer, p Reply) (File, error) {
	facts := [][2]string{
		{l.T("reply.pdf.to"), p.Resident},
		{l.T("reply.pdf.premises"), p.Address},
		{l.T("reply.pdf.subject"), p.Subject},
	}
	if p.Register != "" {
		facts = append(facts, [2]string{l.T("reply.pdf.register"), p.Register})
	}
	facts = append(facts, [2]string{l.T("reply.pdf.date"), p.At.In(p.Zone).Format("02.01.2006")},
		[2]string{l.T("reply.pdf.author"), p.Author})
	data := pdf.ReplyData{Title: l.T("reply.pdf.title"), Facts: facts, Body: p.Body}
	name := fmt.Sprintf("odpowiedz-%d-%s.pdf", p.ThreadID, p.At.In(p.Zone).Format("20060102-1504"))
	return pdfFile(name, func(w io.Writer) error { return r.pdf.MessageReply(w, pdfCoop(p.Coop), data) })
}
