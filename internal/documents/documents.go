// Package documents turns domain data into the files ebok hands out: the
// statement of a premises' ledger (PDF, CSV, XLSX), the payment slip, the
// utility settlement, the application form and the start-password printout.
//
// Every document comes back as a File (bytes, content type and the file
// name the browser suggests); sending it is the caller's business. Words on
// the documents come from the message catalogue (internal/i18n) or, for the
// PDFs, from internal/pdf.
package documents

import (
	"bytes"
	"io"
	"strings"

	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/pdf"
)

// File is a document ready to send.
type File struct {
	Name        string // the file name to suggest, e.g. blankiet-12.pdf
	ContentType string
	Data        []byte
}

// Content types of the documents.
const (
	ContentTypePDF  = "application/pdf"
	ContentTypeCSV  = "text/csv; charset=utf-8"
	ContentTypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// Renderer builds the documents. It holds the PDF fonts, parsed once, and
// is safe for concurrent use: build one per process.
type Renderer struct {
	pdf *pdf.Renderer
}

// NewRenderer loads and checks the fonts the PDFs are set in.
func NewRenderer() (*Renderer, error) {
	p, err := pdf.NewRenderer()
	if err != nil {
		return nil, err
	}
	return &Renderer{pdf: p}, nil
}

// pdfFile renders a PDF into memory and names it.
func pdfFile(name string, render func(w io.Writer) error) (File, error) {
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return File{}, err
	}
	return File{Name: name, ContentType: ContentTypePDF, Data: buf.Bytes()}, nil
}

// pdfCoop is the cooperative as the PDFs print it in their header.
func pdfCoop(c *coop.Cooperative) pdf.Coop {
	return pdf.Coop{Name: c.Name, Street: c.Street, PostalCode: c.PostalCode, City: c.City,
		Phone: c.Phone, Email: c.Email, Website: c.Website}
}

// premisesLine names a premises with its kind and full address:
// "Mieszkanie: ul. Mickiewicza 5/12, 00-950 Warszawa".
func premisesLine(l *i18n.Localizer, h *coop.Holding) string {
	return l.T("premises.kind."+string(h.Kind)) + ": " + fullAddress(h)
}

// fullAddress is the premises' address with the postal code and city.
func fullAddress(h *coop.Holding) string {
	return h.Address() + ", " + h.PostalCode + " " + h.City
}

// entryRefText names an entry in words: "naliczenie z 01.10.2026: Opłaty
// za 10.2026". (The ledger pages in internal/web word it the same way.)
func entryRefText(l *i18n.Localizer, r ledger.EntryRef) string {
	return l.T("ledger.ref", strings.ToLower(l.T("ledger.kind."+r.Kind)), r.BookedOn.Format(), r.Description)
}
