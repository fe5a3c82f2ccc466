package documents

import (
	"fmt"
	"io"
	"time"

	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/pdf"
)

// DraftReceipt is the receipt of a draft resolution a member filed in IKCS
// for a general meeting.
type DraftReceipt struct {
	Coop *coop.Cooperative
	// Meeting is its title; FirstPart and Deadline Polish dates.
	Meeting, FirstPart, Deadline string
	DraftID                      int64
	Member, Title, Body          string
	FiledAt                      time.Time
	Zone                         *time.Location
}

// DraftReceiptPDF is the receipt as a PDF: the meeting, the member, when
// the draft was filed (to the second) and its full text.
func (r *Renderer) DraftReceiptPDF(l *i18n.Localizer, d DraftReceipt) (File, error) {
	facts := [][2]string{
		{l.T("meeting.receipt.number"), fmt.Sprintf("%d", d.DraftID)},
		{l.T("meeting.receipt.meeting"), d.Meeting},
		{l.T("meeting.receipt.first_part"), d.FirstPart},
		{l.T("meeting.receipt.deadline"), d.Deadline},
		{l.T("meeting.receipt.member"), d.Member},
		{l.T("meeting.receipt.filed_at"), d.FiledAt.In(d.Zone).Format("02.01.2006 15:04:05")},
		{l.T("meeting.receipt.title_of"), d.Title},
	}
	data := pdf.ReplyData{Title: l.T("meeting.receipt.title"), Facts: facts, Body: d.Body}
	name := fmt.Sprintf("potwierdzenie-projektu-%d.pdf", d.DraftID)
	return pdfFile(name, func(w io.Writer) error { return r.pdf.MessageReply(w, pdfCoop(d.Coop), data) })
}
