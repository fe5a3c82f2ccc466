package documents

import (
	"fmt"
	"io"

	"github.com/ebok/ebok/internal/civil"
	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/i18n"
	"github.com/ebok/ebok/internal/ledger"
	"github.com/ebok/ebok/internal/pdf"
)

// Settlement is a premises' utility settlement (water or heating) as its
// PDF shows it.
type Settlement struct {
	Coop    *coop.Cooperative
	Holding *coop.Holding
	Figures *ledger.Settlement
	Holder  string // the holder's name; left out when empty
	// IssuedOn is the day the PDF says it was issued.
	IssuedOn civil.Date
}

// units spells a settlement's unit as the PDF prints it.
var units = map[string]string{"m3": "m³", "GJ": "GJ"}

// SettlementPDF is the utility settlement as a PDF: the consumption, the
// cost, the advances paid and what is left to pay or refunded.
func (r *Renderer) SettlementPDF(l *i18n.Localizer, s Settlement) (File, error) {
	set, h := s.Figures, s.Holding
	data := pdf.SettlementData{Heating: set.Kind == "heating", Premises: premisesLine(l, h), Holder: s.Holder,
		Period: set.From.Format() + " – " + set.To.Format(), Consumption: set.ConsumptionText() + " " + units[set.Unit],
		Cost: set.Cost.Format(), Advances: set.Advances.Format(), Result: set.Result().Abs().Format(),
		ToPay: set.Result() > 0, Refund: set.Result() < 0, Account: h.NRB.Format(), IssuedOn: s.IssuedOn.Format()}
	name := fmt.Sprintf("rozliczenie-%s-%s.pdf", set.Kind, set.To)
	return pdfFile(name, func(w io.Writer) error { return r.pdf.Settlement(w, pdfCoop(s.Coop), data) })
}
