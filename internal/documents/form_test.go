package documents

import (
	"testing"

	"github.com/ebok/ebok/internal/access"
)

func TestApplicationFormPDF(t *testing.T) {
	r := newRenderer(t)
	for portal, title := range map[access.Portal]string{
		access.EBOK: "Formularz zgłoszeniowy e-BOK",
		access.IKCS: "Oświadczenie – Internetowe Konto Członka Spółdzielni (IKCS)",
	} {
		reg := &access.Regulation{Portal: portal, Version: 2, Title: "Regulamin 2027"}
		f, err := r.ApplicationFormPDF(testCoop(), portal, reg)
		if err != nil {
			t.Fatal(err)
		}
		if want := "formularz-" + string(portal) + ".pdf"; f.Name != want {
			t.Errorf("name %q, want %q", f.Name, want)
		}
		mustContain(t, pdfText(t, f), title, "Regulamin 2027", "Spółdzielnia Mieszkaniowa „Na Skraju”")
	}
}
