package documents

import (
	"fmt"
	"io"
	"strings"

	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/money"
	"github.com/ebok/ebok/internal/payqr"
	"github.com/ebok/ebok/internal/pdf"
)

// Slip is a payment slip for a premises' fees, to the premises' account.
type Slip struct {
	Coop    *coop.Cooperative // the recipient
	Holding *coop.Holding
	// Amount is what to pay; 0 leaves the amount for the payer to write.
	Amount money.Amount
	// QR is the payment's QR code text (payqr.Encode), printed as a code
	// beside the bank's part; QRAmountOmitted says it carries no amount.
	QR              string
	QRAmountOmitted bool
	Payer           string // the payer's name; empty leaves it to write
}

// SlipPDF is the payment slip as a PDF, with the QR code on it.
func (r *Renderer) SlipPDF(l *i18n.Localizer, s Slip) (File, error) {
	png, err := payqr.PNG(s.QR, payqr.RecommendedSize)
	if err != nil {
		return File{}, err
	}
	c, h := s.Coop, s.Holding
	data := pdf.SlipData{RecipientName: c.Name, RecipientAddress: c.Street + ", " + c.PostalCode + " " + c.City,
		Account: string(h.NRB), Title: PaymentTitle(l, h.Premises), QRPNG: png,
		QRAmountOmitted: s.QRAmountOmitted, PayerName: s.Payer}
	if s.Amount > 0 {
		data.Amount = strings.ReplaceAll(s.Amount.FormatNumber(), "\u00a0", " ")
	}
	return pdfFile(fmt.Sprintf("blankiet-%d.pdf", h.ID), func(w io.Writer) error { return r.pdf.PaymentSlip(w, pdfCoop(c), data) })
}
