package documents

import (
	"strings"

	"github.com/ebok/ebok/internal/coop"
	"github.com/ebok/ebok/internal/i18n"
)

// PaymentTitle is the transfer title that names a premises exactly, as the
// slip and the overview print it: a flat or commercial premises by its
// address and number ("Opłaty za lokal ul. Mickiewicza 5/12"), a garage or
// a parking space by its own number and the building ("Opłaty za garaż nr
// G3, ul. Mickiewicza 5"), whose address alone names no single premises.
func PaymentTitle(l *i18n.Localizer, p coop.Premises) string {
	switch p.Kind {
	case coop.Garage, coop.Parking:
		return l.T("pay.title."+string(p.Kind), p.Number, p.Street+" "+p.House)
	case coop.Commercial:
		return l.T("pay.title.commercial", p.Address())
	}
	return l.T("pay.title.flat", p.Address())
}

// QRTitle is the transfer title in the payment QR code, which holds 32
// characters: the premises' own number comes first and the street goes
// without "ul.", so that what tells the premises apart survives when the
// code cuts the title short.
func QRTitle(l *i18n.Localizer, p coop.Premises) string {
	street := strings.TrimPrefix(p.Street, "ul. ")
	switch p.Kind {
	case coop.Garage, coop.Parking:
		return l.T("pay.qr."+string(p.Kind), p.Number, street+" "+p.House)
	}
	return l.T("pay.qr.flat", street+" "+p.House+"/"+p.Number)
}
