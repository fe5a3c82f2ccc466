package documents

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/letters/markup"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/nrb"
	"github.com/ebok/ebok/internal/payqr"
	"github.com/ebok/ebok/internal/pdf"
)

// Letter is one letter out (e-Korespondencja) to one recipient, its merge
// fields already filled.
type Letter struct {
	Coop  *coop.Cooperative // the sender, on the letterhead
	Place string            // where it is written; the cooperative's city when empty
	Date  civil.Date
	// CaseNo is the case number (znak sprawy) and RegisterNo the
	// correspondence register's number, "12/2026"; either may be empty.
	CaseNo, RegisterNo string
	// Address are the recipient's name and correspondence address lines.
	Address []string
	// Registered marks a letter sent for a signed receipt ("Polecony").
	Registered bool
	Subject    string
	Body       string // in markup (internal/letters/markup)
	// EffectiveOn, when set, is the day the new fees of a fee notice apply
	// from, stated under the body.
	EffectiveOn civil.Date
	// NRB, when set, closes the letter with the payment QR code for the
	// account and Amount (0 or above the code's limit: for the payer to type).
	NRB     nrb.Number
	Amount  money.Amount
	PayFor  string // the payment's title
	FileTag string // names the file, e.g. the recipient's id
}

// LetterPDF renders one letter.
func (r *Renderer) LetterPDF(l *i18n.Localizer, x Letter) (File, error) {
	data, err := letterData(l, x)
	if err != nil {
		return File{}, err
	}
	return pdfFile("pismo-"+x.FileTag+".pdf", func(w io.Writer) error { return r.pdf.Letter(w, pdfCoop(x.Coop), data) })
}

// LettersPDF renders letters into one file ready to print on both sides,
// each letter starting on a new sheet with the address in the window.
func (r *Renderer) LettersPDF(l *i18n.Localizer, name string, xs []Letter) (File, error) {
	if len(xs) == 0 {
		return File{}, errors.New("documents: no letters to print")
	}
	data := make([]pdf.LetterData, len(xs))
	for i, x := range xs {
		var err error
		if data[i], err = letterData(l, x); err != nil {
			return File{}, err
		}
	}
	return pdfFile(name, func(w io.Writer) error { return r.pdf.Letters(w, pdfCoop(xs[0].Coop), data, true) })
}

// letterData lays a letter out in words.
func letterData(l *i18n.Localizer, x Letter) (pdf.LetterData, error) {
	place := x.Place
	if place == "" {
		place = x.Coop.City
	}
	d := pdf.LetterData{PlaceDate: place + ", " + x.Date.Format(), Address: x.Address, Subject: x.Subject,
		Body: markup.Parse(x.Body)}
	if x.CaseNo != "" {
		d.Info = append(d.Info, l.T("letters.pdf.case_no", x.CaseNo))
	}
	if x.RegisterNo != "" {
		d.Info = append(d.Info, l.T("letters.pdf.register", x.RegisterNo))
	}
	if x.Registered {
		d.Remark = l.T("letters.pdf.registered")
	}
	if !x.EffectiveOn.IsZero() {
		d.Body = append(d.Body, markup.Block{Kind: markup.Para,
			Lines: [][]markup.Span{{{Text: l.T("letters.pdf.effective", x.EffectiveOn.Format()), Bold: true}}}})
	}
	if x.NRB != "" {
		if err := payment(l, x, &d); err != nil {
			return d, err
		}
	}
	return d, nil
}

// payment adds the account and the payment QR code.
func payment(l *i18n.Localizer, x Letter, d *pdf.LetterData) error {
	p := payqr.Payment{RecipientNIP: x.Coop.NIP, Account: x.NRB, Amount: x.Amount, RecipientName: x.Coop.ShortName, Title: x.PayFor}
	text, omitted, err := payqr.Encode(p)
	if errors.Is(err, payqr.ErrNIP) {
		p.RecipientNIP = ""
		text, omitted, err = payqr.Encode(p)
	}
	if err != nil {
		return fmt.Errorf("documents: letter payment: %w", err)
	}
	if d.QRPNG, err = payqr.PNG(text, payqr.RecommendedSize); err != nil {
		return err
	}
	d.PayLines = []string{l.T("letters.pdf.pay", x.NRB.Format())}
	if x.Amount > 0 {
		d.PayLines = append(d.PayLines, l.T("letters.pdf.amount", strings.ReplaceAll(x.Amount.Format(), "\u00a0", " ")))
	}
	d.QRCaption = l.T("letters.pdf.pay_qr")
	if omitted {
		d.QRCaption = l.T("letters.pdf.pay_qr_no_amount")
	}
	return nil
}
