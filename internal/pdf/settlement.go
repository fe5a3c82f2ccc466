package pdf

import "io"

// Settlement document text (Polish: the documents are Polish).
const (
	plSettleWater   = "Rozliczenie kosztów wody i odprowadzania ścieków"
	plSettleHeating = "Rozliczenie kosztów centralnego ogrzewania"
	plSettleHolder  = "Dla"
	plSettlePeriod  = "Okres rozliczeniowy"
	plSettleUse     = "Zużycie"
	plSettleCost    = "Koszt"
	plSettleAdv     = "Wniesione zaliczki"
	plSettlePay     = "Do dopłaty"
	plSettleRefund  = "Nadpłata do zwrotu lub zaliczenia na poczet opłat"
	plSettleZero    = "Wynik rozliczenia"
	plSettleNote    = "Wynik rozliczenia został zaksięgowany na koncie lokalu. Dopłatę prosimy wpłacić na indywidualny numer konta lokalu w ciągu 14 dni."
)

// SettlementData is a utility settlement, already formatted.
type SettlementData struct {
	Heating     bool // else water
	Premises    string
	Holder      string
	Period      string
	Consumption string // with its unit, e.g. "42,315 m³"
	Cost        string
	Advances    string
	Result      string // formatted absolute amount
	ToPay       bool
	Refund      bool
	Account     string
	IssuedOn    string
}

// Settlement renders a utility settlement for the resident.
func (r *Renderer) Settlement(w io.Writer, c Coop, s SettlementData) error {
	title := plSettleWater
	if s.Heating {
		title = plSettleHeating
	}
	d, err := r.newPremisesDoc(c, "settlement", title, s.Premises, s.Period)
	if err != nil {
		return err
	}
	if s.Holder != "" {
		d.fields(field{label: plSettleHolder, value: s.Holder, w: contentW})
	}
	d.fields(field{label: plSettlePeriod, value: s.Period, w: contentW * 0.5}, field{label: plSettleUse, value: s.Consumption, w: contentW * 0.5})
	d.fields(field{label: plSettleCost, value: s.Cost, w: contentW * 0.5}, field{label: plSettleAdv, value: s.Advances, w: contentW * 0.5})
	label := plSettleZero
	switch {
	case s.ToPay:
		label = plSettlePay
	case s.Refund:
		label = plSettleRefund
	}
	d.fields(field{label: label, value: s.Result, w: contentW})
	d.f.Ln(3)
	d.block(sizeBody, 2, run{text: plSettleNote})
	if s.Account != "" {
		d.block(sizeBody, 2, run{style: "B", text: s.Account})
	}
	if s.IssuedOn != "" {
		d.block(sizeBody, 0, run{text: s.IssuedOn})
	}
	return d.output(w)
}
